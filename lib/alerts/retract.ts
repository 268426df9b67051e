import 'server-only';
import type { Db } from '@/db/client';
import { retractAlertRows } from '@/db/queries/alert-changes';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { lockProvinceAlerts } from '@/lib/alerts/incidents';

/**
 * Alerts whose cause stopped being true (a crossing split by a late point): an open one is
 * retracted; one already closed by a person keeps how it was closed (people acted on it), and
 * its history says why it was withdrawn. Takes the provinces' alert lock; returns the ids
 * retracted, for settleAlerts to take them out of their incidents.
 */
export async function retractAlerts(tx: Db, targets: { ids: readonly string[]; provinceCodes: readonly string[] }, reason: string): Promise<string[]> {
  if (targets.ids.length === 0) return [];
  await lockProvinceAlerts(tx, targets.provinceCodes);
  const alerts = await retractAlertRows(tx, targets.ids, reason);
  await recordTransitions(
    tx,
    alerts.map((a) => ({ alertId: a.id, action: 'retract', fromStatus: a.status, toStatus: a.open ? 'retracted' : a.status, details: { reason } })),
  );
  await publishAlertChanges(tx, alerts.map((a) => a.id), 'retracted');
  return alerts.filter((a) => a.open).map((a) => a.id);
}
