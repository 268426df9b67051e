import 'server-only';
import type { SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { raiseSystemAlert, resolveSystemAlert } from '@/db/queries/system-alerts';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { afterAlertsRaised } from '@/lib/alerts/raise';
import { RESTORED_OUTCOME, type AlertKind, type AlertStatus } from '@/lib/domain/alerts';

// Alerts about the installation itself (recording stopped, the data disk nearly full), raised
// and resolved the way every alert is: escalation, notification and the live stream included.

/** Raises `kind` in every province with a camera `cameras` selects that has none open. */
export async function raiseInstallationAlert(database: Database, kind: AlertKind, message: string, cameras?: SQL): Promise<number> {
  return database.db.transaction(async (tx) => {
    const raised = await raiseSystemAlert(tx, kind, message, cameras);
    if (raised.length) await afterAlertsRaised(tx, raised);
    return raised.length;
  });
}

/** Resolves every open `kind` alert: what caused it is gone. */
export async function resolveInstallationAlert(database: Database, kind: AlertKind): Promise<number> {
  return database.db.transaction(async (tx) => {
    const resolved = await resolveSystemAlert(tx, kind, RESTORED_OUTCOME);
    await recordTransitions(tx, resolved.map((r) => ({ alertId: r.id, action: 'restore', fromStatus: r.status as AlertStatus, toStatus: 'resolved' })));
    await publishAlertChanges(tx, resolved.map((r) => r.id), 'restored');
    return resolved.length;
  });
}
