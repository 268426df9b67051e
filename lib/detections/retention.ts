import 'server-only';
import type { Database } from '@/db/client';
import { deleteDetectionBatch, dropDetectionMonths, listDetectionMonths, type RetentionCursor } from '@/db/queries/detection-retention';
import { MIN_RETENTION_DAYS } from '@/lib/domain/detections';

const DAY_MS = 86_400_000;

export interface DetectionSweepOptions {
  retentionDays: number;
  now?: number;
  /** Rows per transaction: small, so ingest and people's requests never wait long behind one. */
  batch?: number;
  /** A round stops after this long; the next round goes on from the oldest rows again. */
  maxMs?: number;
}

export interface DetectionSweepResult {
  /** Months dropped whole (their first days). */
  monthsDropped: string[];
  deleted: number;
  snapshotsDeleted: number;
  /** Old points kept because their track crossed the border. */
  keptAsEvidence: number;
  /** Everything older than the cutoff was looked at (false: the round ran out of time or another process was sweeping). */
  complete: boolean;
}

/**
 * Deletes detections older than the retention period, with their snapshots, keeping every
 * point of a track that crossed the border (its crossings and the alerts they raised show that
 * track as evidence): months wholly past it are dropped as partitions, the rest of the period
 * deleted in batches. Rollups are other tables: heatmaps and counts of the deleted days stay.
 */
export async function sweepDetections(database: Database, options: DetectionSweepOptions): Promise<DetectionSweepResult> {
  if (options.retentionDays < MIN_RETENTION_DAYS) throw new Error(`retention must be at least ${MIN_RETENTION_DAYS} days`);
  const now = options.now ?? Date.now();
  const cutoff = new Date(now - options.retentionDays * DAY_MS);
  const batch = options.batch ?? 2_000;
  const until = Date.now() + (options.maxMs ?? 60_000);
  const dropped = await dropDetectionMonths(database, cutoff);
  const result: DetectionSweepResult = { monthsDropped: dropped ?? [], deleted: 0, snapshotsDeleted: 0, keptAsEvidence: 0, complete: false };
  if (dropped === null) return result;
  const oldest = (await listDetectionMonths(database))[0];
  const from = oldest ? new Date(`${oldest}T00:00:00Z`) : null;
  let cursor: RetentionCursor | null = null;
  for (;;) {
    const step = await deleteDetectionBatch(database, cutoff, cursor, batch, from);
    if (step.busy) return result;
    result.deleted += step.deleted;
    result.snapshotsDeleted += step.snapshotsDeleted;
    result.keptAsEvidence += step.scanned - step.deleted;
    if (!step.next) return { ...result, complete: true };
    cursor = step.next;
    if (Date.now() >= until) return result;
  }
}
