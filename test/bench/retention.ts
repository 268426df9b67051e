// Detection retention, on each engine in a database of its own: how fast the sweep deletes rows
// in batches (snapshots included) and drops a whole month, keeping the tracks that crossed, and
// what a stored detection takes on disk with its indexes: the figures docs/deployment.md uses.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { createDeviceKey } from '@/lib/detections/device-keys';
import { sweepDetections } from '@/lib/detections/retention';
import { openTestDatabase } from '@/test/support/database';

const DAY = 86_400_000;
/** Points per simulated track, and one track in this many crosses the border (its points are kept). */
const TRACK_POINTS = 20;
const CROSSING_EVERY = 50;
/**
 * One detection in this many has a snapshot of this size (what an AI camera typically sends).
 * Not measured for disk: these bytes compress, a JPEG does not (a snapshot takes its size).
 */
const SNAPSHOT_EVERY = 10;
const SNAPSHOT_BYTES = 24 * 1024;

/** Seconds between two points: 200,000 of them span 18.5 days, inside one month. */
const STEP_S = 8;

async function fill(database: Database, rows: number, startMs: number, prefix: string): Promise<void> {
  const [camera] = await database.rows<{ id: string; province: string }>(sql`SELECT id, province_code AS province FROM cameras WHERE code = 'CAM-Z2-1'`);
  const [admin] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`);
  const name = `retention bench ${prefix}`;
  await createDeviceKey(database, { name, cameraIds: [camera!.id], createdBy: admin!.id, createdByName: 'admin' });
  const [device] = await database.rows<{ id: string }>(sql`SELECT id FROM devices WHERE name = ${name}`);
  const from = new Date(startMs).toISOString();
  // In chunks: the embedded engine builds each statement's rows in memory.
  for (let start = 0; start < rows; start += 50_000) {
    const end = Math.min(rows, start + 50_000) - 1;
    await database.rows(sql`
      INSERT INTO detections (device_id, event_id, camera_id, observed_at, class, confidence, count, track_id, side, border_distance_m, zone_ids, province_code, geom)
      SELECT ${device!.id}::uuid, 'bench-' || g, ${camera!.id}::uuid, ${from}::timestamptz + g * interval '${sql.raw(String(STEP_S))} seconds', 'person', 0.5 + (g % 50) / 100.0, 1,
             ${prefix} || '-' || (g / ${TRACK_POINTS}), CASE WHEN g % 2 = 0 THEN 'vn' ELSE 'cn' END::border_side, 40 + g % 400, '[]'::jsonb, ${camera!.province},
             ST_SetSRID(ST_MakePoint(107.95 + (g % 1000) / 100000.0, 21.54 + (g % 777) / 100000.0), 4326)
      FROM generate_series(${start}::int, ${end}::int) g`);
  }
  await database.rows(sql`
    INSERT INTO detection_snapshots (detection_id, observed_at, jpeg, bytes)
    SELECT id, observed_at, decode(repeat('ff', ${SNAPSHOT_BYTES}), 'hex'), ${SNAPSHOT_BYTES} FROM detections WHERE device_id = ${device!.id}::uuid AND id % ${SNAPSHOT_EVERY} = 0`);
  // A crossing on every CROSSING_EVERY-th track, between its first two points.
  await database.rows(sql`
    INSERT INTO crossings (from_detection_id, to_detection_id, camera_id, track_id, direction, crossed_at, class, count, province_code, geom)
    SELECT min(id), min(id) + 1, camera_id, track_id, 'into_vn', min(observed_at), 'person', 1, province_code, ST_SetSRID(ST_MakePoint(107.95, 21.54), 4326)
    FROM detections WHERE device_id = ${device!.id}::uuid AND (substr(track_id, ${prefix.length + 2}))::int % ${CROSSING_EVERY} = 0
    GROUP BY camera_id, track_id, province_code`);
  await database.rows(sql`ANALYZE detections`);
  await database.rows(sql`ANALYZE detection_snapshots`);
}

/** A partitioned table's size: its partitions', each with its indexes and TOAST. */
const bytesOf = async (database: Database, table: string) =>
  Number((await database.rows<{ b: string }>(sql`SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)::text AS b FROM pg_inherits WHERE inhparent = ${table}::regclass`))[0]!.b);

/**
 * Fills `rows` detections into the first weeks of the month two months back, twice: the first
 * time swept as if 30 days after them (the month not over: deleted in batches), the second
 * swept today with a 30-day retention (the month over: dropped whole).
 */
export async function benchRetention(engine: 'pglite' | 'postgres', rows: number) {
  const saved = process.env.DATABASE_URL;
  if (engine === 'pglite') delete process.env.DATABASE_URL;
  const database = await openTestDatabase();
  if (saved !== undefined) process.env.DATABASE_URL = saved;
  try {
    const now = new Date();
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1, 0, 0, 1);
    const end = start + rows * STEP_S * 1000;
    const before = await bytesOf(database, 'detections');
    const t0 = performance.now();
    await fill(database, rows, start, 'ba');
    const fillSeconds = (performance.now() - t0) / 1000;
    const [counts] = await database.rows<{ s: number }>(sql`SELECT count(*)::int AS s FROM detection_snapshots`);
    // The detections table with its indexes and TOAST: what a stored detection takes on disk.
    const detectionBytes = (await bytesOf(database, 'detections')) - before;
    const t1 = performance.now();
    const batches = await sweepDetections(database, { retentionDays: 30, now: end + 30 * DAY, maxMs: 3_600_000 });
    const batchSeconds = (performance.now() - t1) / 1000;
    await fill(database, rows, start, 'mo');
    const t2 = performance.now();
    const month = await sweepDetections(database, { retentionDays: 30, maxMs: 3_600_000 });
    const monthSeconds = (performance.now() - t2) / 1000;
    return {
      engine,
      rows,
      fill_s: +fillSeconds.toFixed(1),
      bytes_per_detection: Math.round(detectionBytes / rows),
      snapshots: counts!.s,
      batch_deleted: batches.deleted,
      batch_kept: batches.keptAsEvidence,
      batch_s: +batchSeconds.toFixed(1),
      batch_deleted_per_s: Math.round(batches.deleted / batchSeconds),
      month_dropped: month.monthsDropped.join(' '),
      month_s: +monthSeconds.toFixed(2),
    };
  } finally {
    await database.close();
  }
}
