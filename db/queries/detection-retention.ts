// Detections past their retention: deleted in small batches, with their snapshots, except the
// points of a track that crossed the border (a crossing's pair, and the track an alert shows as
// its evidence). The rollups heatmaps and counts read are separate tables and stay whole.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@/db/client';
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

/**
 * One batch: the next `limit` detections observed before `cutoff` (after the cursor, in
 * (observed_at, id) order, the order of detections_observed_id_idx), of which those that are no
 * crossing's evidence are deleted with their snapshots, in one transaction. A track with a
 * crossing is kept whole, so evidence never loses a point and no crossing loses its pair.
 */
export async function deleteDetectionBatch(database: Database, cutoff: Date, after: RetentionCursor | null, limit: number): Promise<RetentionBatch> {
  return database.bulk(() =>
    database.db.transaction(async (tx) => {
      const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${LOCK.detectionRetention}, 0) AS ok`));
      if (!lock?.ok) return { scanned: 0, deleted: 0, snapshotsDeleted: 0, next: after, busy: true };
      const from = after ? sql`AND (d.observed_at, d.id) > (${after.at}::timestamptz, ${after.id}::bigint)` : sql``;
      const [row] = rowsOf<{ scanned: number; deleted: number; snapshots: number; last_at: string | null; last_id: string | null }>(
        await tx.execute(sql`
          WITH batch AS (
            SELECT d.id, d.observed_at, d.camera_id, d.track_id FROM detections d
            WHERE d.observed_at < ${cutoff.toISOString()}::timestamptz ${from}
            ORDER BY d.observed_at, d.id LIMIT ${limit}
          ), doomed AS (
            SELECT b.id FROM batch b
            WHERE b.track_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM crossings c WHERE c.camera_id = b.camera_id AND c.track_id = b.track_id)
          ), gone_snapshots AS (
            DELETE FROM detection_snapshots s USING doomed WHERE s.detection_id = doomed.id RETURNING 1
          ), gone AS (
            DELETE FROM detections d USING doomed WHERE d.id = doomed.id RETURNING 1
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
