import 'server-only';
import type { Database } from '@/db/client';
import { deleteGapsBefore, deleteSegments, listExpiredSegments, listOldestUnpinned, getStoredBytes, type SegmentToDelete } from '@/db/queries/recordings';
import { getLogger } from '@/lib/logger';
import type { RecordingStore } from '@/lib/recording/store';

export interface RetentionOptions {
  /** Hours kept for a camera with no retention of its own. */
  retentionHours: number;
  /** The most the recordings may take (bytes); 0: no budget, retention alone decides. */
  budgetBytes: number;
  /** Below this much free space the recorder stops writing (and says so) rather than fill the disk. */
  minFreeBytes: number;
}

export interface SweepResult {
  deleted: number;
  freedBytes: number;
  storedBytes: number;
  freeBytes: number;
  /** Free space is below the floor: nothing is recorded until it is back above it. */
  paused: boolean;
}

const BATCH = 500;

/** Rows first, then files: a failure in between leaves an unreferenced file, never a row without its video. */
async function remove(database: Database, store: RecordingStore, segments: SegmentToDelete[]): Promise<number> {
  await deleteSegments(database, segments.map((s) => s.id));
  for (const s of segments) await store.remove(s.storageKey).catch((err: unknown) => getLogger().warn({ key: s.storageKey, err: (err as Error).message }, 'recorded segment not deleted'));
  return segments.reduce((sum, s) => sum + s.bytes, 0);
}

/**
 * Deletes what retention lets go (past each camera's retention, then the oldest beyond the
 * disk budget), never a pinned segment, and tells whether free space is below the floor.
 * Pinned video (an open alert's clip, evidence) is kept even when that overruns the budget.
 */
export async function sweepRecordings(database: Database, store: RecordingStore, options: RetentionOptions): Promise<SweepResult> {
  let deleted = 0;
  let freedBytes = 0;
  for (;;) {
    const expired = await listExpiredSegments(database, options.retentionHours, BATCH);
    if (expired.length === 0) break;
    freedBytes += await remove(database, store, expired);
    deleted += expired.length;
    if (expired.length < BATCH) break;
  }
  let storedBytes = await getStoredBytes(database);
  if (options.budgetBytes > 0 && storedBytes > options.budgetBytes) {
    const over = await listOldestUnpinned(database, storedBytes - options.budgetBytes, 100_000);
    const freed = await remove(database, store, over);
    freedBytes += freed;
    storedBytes -= freed;
    deleted += over.length;
  }
  await deleteGapsBefore(database, Date.now() - options.retentionHours * 3_600_000 * 4);
  const freeBytes = await store.freeBytes();
  const paused = freeBytes < options.minFreeBytes;
  return { deleted, freedBytes, storedBytes, freeBytes, paused };
}
