// Detections past their retention: whole months dropped (their partitions, after their evidence
// moved to the default partition), the rest deleted in small batches, with their snapshots,
// except the points of a track that crossed the border (a crossing's pair, and the track an alert
// shows as its evidence). The rollups heatmaps and counts read are separate tables and stay whole.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import { LOCK } from '@/db/lock-keys';

/** Where a sweep has got to: the last (observed_at, id) it looked at. */
export interface RetentionCursor {
  /** PostgreSQL's own text of the time, so microseconds survive the round trip. */
  at: string;
  id: number;
}

export interface RetentionBatch {
  /** Rows looked at (deleted or kept as evidence). */
  scanned: number;
  deleted: number;
  snapshotsDeleted: number;
  /** Where the next batch starts; null when nothing older than the cutoff is left after `after`. */
  next: RetentionCursor | null;
  /** Another process holds the sweep: this one did nothing. */
  busy: boolean;
}

/** The sweep's lock for this transaction; false when another process holds it. */
async function tryRetentionLock(tx: Db): Promise<boolean> {
  const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${LOCK.detectionRetention}, 0) AS ok`));
  return lock?.ok === true;
}

/** Makes the monthly partitions from this month (or `from`'s) through `monthsAhead` months on (migration 0035); returns how many were new. */
export async function makeDetectionPartitions(database: Database, monthsAhead: number, from: Date = new Date()): Promise<number> {
  const [row] = await database.rows<{ made: number }>(sql`SELECT vigil_make_detection_partitions(${monthsAhead}::int, ${from.toISOString()}::timestamptz) AS made`);
  return Number(row?.made ?? 0);
}

/** The monthly partitions there are, oldest first, as their first days (YYYY-MM-01). */
export async function listDetectionMonths(database: Database): Promise<string[]> {
  const rows = await database.rows<{ month: string }>(sql`
    SELECT to_char(to_date(substr(c.relname, 12), 'YYYY_MM'), 'YYYY-MM-DD') AS month
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'detections'::regclass AND c.relname ~ '^detections_[0-9]{4}_[0-9]{2}$'
    ORDER BY 1`);
  return rows.map((r) => r.month);
}

/**
 * Drops every month that ends by `cutoff` (both tables), its evidence moved to the default
 * partitions first, in one transaction taken with the sweep's lock. Returns the months dropped.
 */
export async function dropDetectionMonths(database: Database, cutoff: Date): Promise<string[] | null> {
  return database.bulk(() =>
    database.db.transaction(async (tx) => {
      if (!(await tryRetentionLock(tx))) return null;
      const rows = rowsOf<{ month: string }>(await tx.execute(sql`SELECT to_char(m, 'YYYY-MM-DD') AS month FROM vigil_drop_detection_months(${cutoff.toISOString()}::timestamptz) m`));
      return rows.map((r) => r.month);
    }),
  );
}

/**
 * One batch: the next `limit` detections observed before `cutoff` (after the cursor, in
 * (observed_at, id) order, the order of detections_observed_id_idx), of which those that are no
 * crossing's evidence are deleted with their snapshots, in one transaction. A track with a
 * crossing is kept whole, so evidence never loses a point and no crossing loses its pair.
 */
export async function deleteDetectionBatch(database: Database, cutoff: Date, after: RetentionCursor | null, limit: number, from: Date | null = null): Promise<RetentionBatch> {
  return database.bulk(() =>
    database.db.transaction(async (tx) => {
      if (!(await tryRetentionLock(tx))) return { scanned: 0, deleted: 0, snapshotsDeleted: 0, next: after, busy: true };
      // `from`: the oldest month still whole; older rows are in the default partition, all evidence.
      const start = after
        ? sql`AND (d.observed_at, d.id) > (${after.at}::timestamptz, ${after.id}::bigint)`
        : from
          ? sql`AND d.observed_at >= ${from.toISOString()}::timestamptz`
          : sql``;
      const [row] = rowsOf<{ scanned: number; deleted: number; snapshots: number; last_at: string | null; last_id: string | null }>(
        await tx.execute(sql`
          WITH batch AS (
            SELECT d.id, d.observed_at, d.camera_id, d.track_id FROM detections d
            WHERE d.observed_at < ${cutoff.toISOString()}::timestamptz ${start}
            ORDER BY d.observed_at, d.id LIMIT ${limit}
          ), doomed AS (
            SELECT b.id, b.observed_at FROM batch b
            WHERE b.track_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM crossings c WHERE c.camera_id = b.camera_id AND c.track_id = b.track_id)
          ), gone_snapshots AS (
            DELETE FROM detection_snapshots s USING doomed WHERE s.detection_id = doomed.id AND s.observed_at = doomed.observed_at RETURNING 1
          ), gone AS (
            DELETE FROM detections d USING doomed WHERE d.id = doomed.id AND d.observed_at = doomed.observed_at RETURNING 1
          ), last AS (
            SELECT observed_at, id FROM batch ORDER BY observed_at DESC, id DESC LIMIT 1
          )
          SELECT (SELECT count(*) FROM batch)::int AS scanned, (SELECT count(*) FROM gone)::int AS deleted,
                 (SELECT count(*) FROM gone_snapshots)::int AS snapshots,
                 (SELECT observed_at::text FROM last) AS last_at, (SELECT id FROM last)::text AS last_id`),
      );
      const scanned = Number(row?.scanned ?? 0);
      const next = scanned > 0 && row?.last_at && row.last_id ? { at: row.last_at, id: Number(row.last_id) } : null;
      return { scanned, deleted: Number(row?.deleted ?? 0), snapshotsDeleted: Number(row?.snapshots ?? 0), next: scanned < limit ? null : next, busy: false };
    }),
  );
}
