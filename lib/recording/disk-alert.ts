import 'server-only';
import type { Database } from '@/db/client';
import { RECORDING_CAMERAS } from '@/db/queries/recordings';
import { raiseInstallationAlert, resolveInstallationAlert } from '@/lib/alerts/installation';

// The free-space floor as an alert, not only a log line: while the recorder is stopped, the duty
// officers of every province whose cameras record see it in their inbox (critical: video that is
// not kept cannot be reviewed or handed over), and it resolves itself when space is back.

export async function reportRecordingPaused(database: Database, freeBytes: number, minFreeBytes: number): Promise<void> {
  const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  await raiseInstallationAlert(database, 'recording_paused', `Recording stopped: ${gb(freeBytes)} GB free, below the floor of ${gb(minFreeBytes)} GB`, RECORDING_CAMERAS);
}

export async function reportRecordingResumed(database: Database): Promise<void> {
  await resolveInstallationAlert(database, 'recording_paused');
}
