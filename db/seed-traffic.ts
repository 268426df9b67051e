import 'server-only';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { authenticateDevice, createDeviceKey, type Device } from '@/lib/detections/device-keys';
import { ingestEvents } from '@/lib/detections/ingest';
import { getLogger } from '@/lib/logger';
import { simulateTracks, type SimCamera, type SimEvent } from '@/lib/simulation/traffic';

/** The demo simulator's key, readable by `npm run simulate` on this machine and nobody else. */
export const SIMULATOR_KEY_FILE = 'demo-device-key';
const DEVICE_NAME = 'Demo traffic simulator';
const BATCH = 2_000;

export async function demoCameras(database: Database): Promise<SimCamera[]> {
  return database.rows<SimCamera>(sql`
    SELECT id, code, kind::text AS kind, bearing_deg AS "bearingDeg", fov_deg AS "fovDeg", range_m AS "rangeM"
    FROM cameras WHERE is_demo AND retired_at IS NULL ORDER BY code`);
}

/**
 * The device the demo traffic is sent as. Its key exists in plain text only in DATA_DIR (mode
 * 0600), for the simulator; a missing or revoked key file gets a new device and key.
 */
export async function ensureSimulatorDevice(database: Database, dataDir: string): Promise<{ device: Device; key: string }> {
  const file = path.resolve(dataDir, SIMULATOR_KEY_FILE);
  const existing = await readFile(file, 'utf8').then((s) => s.trim(), () => null);
  if (existing) {
    const device = await authenticateDevice(database, `Bearer ${existing}`).catch(() => null);
    if (device) return { device, key: existing };
  }
  const [admin] = await database.rows<{ id: string; username: string }>(sql`SELECT id, username FROM users WHERE role = 'admin' ORDER BY is_demo DESC, created_at LIMIT 1`);
  if (!admin) throw new Error('no admin user to own the demo simulator device');
  const cameraIds = (await demoCameras(database)).map((c) => c.id);
  const { key } = await createDeviceKey(database, { name: DEVICE_NAME, cameraIds, createdBy: admin.id, createdByName: admin.username });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { device: await authenticateDevice(database, `Bearer ${key}`), key };
}

/**
 * A few days of simulated traffic behind the demo, ingested once through the same code path as
 * the API (enrichment, crossings, hotspot alerts), so heatmaps and searches have something to
 * show on a first start. Alerts older than an hour are marked handled, as a duty shift would have.
 */
export async function seedDemoTraffic(database: Database, options: { days: number; dataDir: string; now?: number }): Promise<number> {
  if (options.days <= 0) return 0;
  const claimed = await database.rows<{ key: string }>(sql`
    INSERT INTO app_meta (key, value) VALUES ('demo_traffic_seeded', to_jsonb(now()::text)) ON CONFLICT (key) DO NOTHING RETURNING key`);
  if (claimed.length === 0) return 0;
  const now = options.now ?? Date.now();
  const { device } = await ensureSimulatorDevice(database, options.dataDir);
  const cameras = (await demoCameras(database)).filter((c) => device.cameraIds.includes(c.id));
  let pending: SimEvent[] = [];
  let accepted = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const result = await ingestEvents(database, device, pending, { now });
    accepted += result.accepted;
    pending = [];
  };
  for (const track of simulateTracks(cameras, now - options.days * 86_400_000, now - 60_000)) {
    pending.push(...track.filter((e) => Date.parse(e.observedAt) < now));
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  await database.rows(sql`
    UPDATE alerts a SET status = 'resolved', created_at = c.crossed_at, resolved_at = c.crossed_at + interval '12 minutes'
    FROM crossings c
    WHERE c.id = a.crossing_id AND a.kind = 'hotspot_crossing' AND a.status <> 'resolved' AND c.crossed_at < ${new Date(now - 3_600_000)}`);
  getLogger().info({ days: options.days, detections: accepted }, 'demo traffic history ingested');
  return accepted;
}
