import 'server-only';
import { z } from 'zod';
import { DETECTION_CLASSES } from '@/lib/events/types';
import { parseAddressList } from '@/lib/net/address-list';
import { DEFAULT_SHIFT_STARTS, parseShiftStarts } from '@/lib/domain/shifts';
import { MAX_LATE_DAYS, MIN_RETENTION_DAYS } from '@/lib/domain/detections';

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
  /**
   * The Ed25519 private key that signs situation and programme reports (PEM, PKCS#8). Kept out of
   * the database on purpose: whoever can write the database must not be able to sign. Unset:
   * `<DATA_DIR>/signing-key.pem`, created (mode 600) on first use. With several instances every
   * instance must read the same file (a shared volume or the same secret mounted on each);
   * otherwise each would make its own key and the others' reports would verify as unknown key.
   */
  SIGNING_KEY_FILE: z.string().min(1).optional(),
  /**
   * Earlier public keys still trusted (a PEM bundle of Ed25519 public keys): after the key is
   * replaced, put the old public key here so the reports it signed still verify.
   */
  SIGNING_TRUSTED_KEYS_FILE: z.string().min(1).optional(),
  /**
   * The database owner, used only to apply migrations and seed; the app itself then connects as
   * DATABASE_URL's role, which is granted what it needs and may only append to the audit log.
   * Unset: one role does both (the embedded default, and small installations).
   */
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** A session ends this many hours after sign-in, whatever the activity. */
  SESSION_MAX_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  /** A session with no request for this many minutes ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().min(1).max(24 * 60).default(30),
  /** Failed sign-ins for one account within the window that lock it until the window passes. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(3).max(1000).default(10),
  /** Failed sign-ins from one client address within the window that lock that address out. */
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(3).max(10_000).default(30),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().min(1).max(24 * 60).default(15),
  /** From the third failure on, each attempt waits this long, doubling per failure (up to 16×). */
  SIGN_IN_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). Empty: the
   * client address is the connection's own, and X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: list(z.string()).default([]).superRefine((entries, ctx) => {
    try {
      parseAddressList(entries);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  /**
   * Behind the reference nginx (deploy/nginx/vigil.conf): the key nginx sends in
   * X-Vigil-Accel-Key on every request. A request carrying it has its camera segments handed to
   * nginx to fetch (X-Accel-Redirect); any other request is served by Vigil itself. Unset: never.
   */
  VIDEO_ACCEL_KEY: z.string().min(32, 'must be at least 32 characters').max(512).optional(),
  /** Seed demo cameras, posts, facilities, zones and users on first start. */
  SEED_DEMO: booleanFlag.default(true),
  /** With the demo data: days of simulated AI-camera traffic ingested on first start (0: none). */
  DEMO_TRAFFIC_DAYS: z.coerce.number().int().min(0).max(31).default(3),
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
  /**
   * Days detections are kept (0: for ever). Older ones are deleted with their snapshots, except
   * the tracks that crossed the border; heatmaps and counts (the rollups) keep every day.
   */
  DETECTION_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(36_500)
    .default(0)
    .refine((days) => days === 0 || days >= MIN_RETENTION_DAYS, `must be 0 (keep for ever) or at least ${MIN_RETENTION_DAYS}: devices may send points ${MAX_LATE_DAYS} days late`),
  /**
   * With DATABASE_URL pointing at PgBouncer in transaction mode: a URL straight to PostgreSQL
   * for LISTEN and the session locks (migrations, the camera-health round). docs/deployment.md.
   */
  DATABASE_DIRECT_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /**
   * A streaming replica of DATABASE_URL (server engine) for the heavy reads: heatmaps, search,
   * exports, the OGC API. Unset: every read goes to the primary.
   */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** A replica further behind than this (or down) is left alone: its reads go to the primary. */
  DATABASE_READ_MAX_LAG_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** The data disk raises a "data disk nearly full" alert at this percentage (and resolves it 5 points below). */
  DATA_DISK_WARN_PERCENT: z.coerce.number().min(50).max(99).default(90),
  /**
   * The size of the database's volume in GB: the database's size is checked against it. The
   * server engine's disk is not visible from Vigil's machine, so there it is needed for the disk
   * warning; unset on the embedded engine, the data folder's own file system is measured.
   */
  DATABASE_DISK_GB: z.coerce.number().positive().max(1_000_000).optional(),
  /** Whether this process may record (the lease still lets only one instance record at a time). */
  RECORDING: z.enum(['on', 'off']).default('on'),
  /** Where recorded video is kept. Unset: `<DATA_DIR>/recordings`. */
  RECORDINGS_DIR: z.string().min(1).optional(),
  /** How long recordings are kept, for cameras with no retention of their own. */
  RECORDING_RETENTION_HOURS: z.coerce.number().min(1).max(24 * 366).default(72),
  /** The most recordings may take on disk, in GB (0: no budget; retention and the floor decide). */
  RECORDING_DISK_BUDGET_GB: z.coerce.number().min(0).max(1_000_000).default(0),
  /** Below this much free space (GB) the recorder stops writing instead of filling the disk. */
  RECORDING_MIN_FREE_GB: z.coerce.number().min(0).max(100_000).default(2),
  /** An alert's clip: this many seconds before its time ... */
  RECORDING_PRE_ROLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** ... and this many after, kept while the alert is open or marked as evidence. */
  RECORDING_POST_ROLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Classes whose crossings at a hotspot raise an alert (animals and unknown objects do not). */
  HOTSPOT_ALERT_CLASSES: list(z.enum(DETECTION_CLASSES)).default(['person', 'vehicle', 'boat']),
  /**
   * Networks camera upstreams may be on (comma-separated addresses and CIDR ranges, e.g. the
   * camera VLAN and the restreamer). Empty: any address, as in the demo.
   */
  CAMERA_NETWORKS: list(z.string()).default([]).superRefine((entries, ctx) => {
    try {
      parseAddressList(entries);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  /** Alerts within this distance (m) and time of each other are one incident, handled together. */
  INCIDENT_RADIUS_M: z.coerce.number().min(0).max(20_000).default(500),
  INCIDENT_WINDOW_MINUTES: z.coerce.number().min(0).max(24 * 60).default(15),
  /** An incident lasts at most this long from its first alert; later alerts begin the next one. */
  INCIDENT_MAX_SPAN_MINUTES: z.coerce.number().min(1).max(24 * 60).default(60),
  /** Local start times of the duty shifts, e.g. `06:00,14:00,22:00` (the last one runs past midnight). */
  SHIFT_STARTS: list(z.string())
    .default(DEFAULT_SHIFT_STARTS)
    .transform((values, ctx) => {
      try {
        return parseShiftStarts(values);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
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
