import 'server-only';
import type { Database } from '@/db/client';
import { raiseRecordingPaused, resolveRecordingPaused } from '@/db/queries/recordings';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { afterAlertsRaised } from '@/lib/alerts/raise';
import { RESTORED_OUTCOME, type AlertStatus } from '@/lib/domain/alerts';

// The free-space floor as an alert, not only a log line: while the recorder is stopped, the duty
// officers of every province whose cameras record see it in their inbox (critical: video that is
// not kept cannot be reviewed or handed over), and it resolves itself when space is back.

export async function reportRecordingPaused(database: Database, freeBytes: number, minFreeBytes: number): Promise<void> {
  const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  await database.db.transaction(async (tx) => {
    const raised = await raiseRecordingPaused(tx, `Recording stopped: ${gb(freeBytes)} GB free, below the floor of ${gb(minFreeBytes)} GB`);
    if (raised.length) await afterAlertsRaised(tx, raised);
  });
}

export async function reportRecordingResumed(database: Database): Promise<void> {
  await database.db.transaction(async (tx) => {
    const resolved = await resolveRecordingPaused(tx, RESTORED_OUTCOME);
    await recordTransitions(tx, resolved.map((r) => ({ alertId: r.id, action: 'restore', fromStatus: r.status as AlertStatus, toStatus: 'resolved' })));
    await publishAlertChanges(tx, resolved.map((r) => r.id), 'restored');
  });
}
