import 'server-only';
import { z } from 'zod';
import { DETECTION_CLASSES } from '@/lib/events/types';
import { parseCameraNetworks } from '@/lib/video/camera-networks';

/** A comma-separated list, e.g. `person,vehicle,boat`. */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item));

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every setting Vigil reads from the environment. Parsed on first use (not at import) so a
 * build needs no secrets; a bad value stops start-up with a message naming the variable.
 */
const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Set: PostgreSQL + PostGIS server. Unset: embedded PGlite + PostGIS under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Signs session tokens. Unset: a random one is created once and kept in DATA_DIR. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Seed demo cameras, posts, facilities, zones and users on first start. */
  SEED_DEMO: booleanFlag.default(true),
  /** With the demo data: days of simulated AI-camera traffic ingested on first start (0: none). */
  DEMO_TRAFFIC_DAYS: z.coerce.number().int().min(0).max(7).default(3),
  /** A MapLibre style URL to use instead of the built-in offline basemap. */
  BASEMAP_STYLE_URL: z.string().url().optional(),
  /** A local .pmtiles file the app serves at /api/basemap/pmtiles for an external style to use. */
  BASEMAP_PMTILES_FILE: z.string().min(1).optional(),
  /** in-process: periodic jobs run inside the app (embedded default); off: a separate `npm run worker` runs them. */
  JOBS: z.enum(['in-process', 'off']).default('in-process'),
  HEALTH_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(5),
  /** A playlist whose media sequence stays still this many target durations is stalled. */
  STALL_TARGET_DURATIONS: z.coerce.number().min(1).max(100).default(3),
  /** How long a camera must stay offline or stalled before it raises an alert (short blips do not). */
  CAMERA_ALERT_GRACE_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
  /** Classes whose crossings at a hotspot raise an alert (animals and unknown objects do not). */
  HOTSPOT_ALERT_CLASSES: list(z.enum(DETECTION_CLASSES)).default(['person', 'vehicle', 'boat']),
  /**
   * Networks camera upstreams may be on (comma-separated addresses and CIDR ranges, e.g. the
   * camera VLAN and the restreamer). Empty: any address, as in the demo.
   */
  CAMERA_NETWORKS: list(z.string()).default([]).superRefine((entries, ctx) => {
    try {
      parseCameraNetworks(entries);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof settingsSchema>;

export class SettingsError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid settings:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Parses settings from an environment; exported for tests. Empty strings count as unset. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = settingsSchema.safeParse(cleaned);
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

let cached: Settings | undefined;

export function getSettings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}
