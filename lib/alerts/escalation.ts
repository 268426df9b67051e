import 'server-only';
import type { Database } from '@/db/client';
import { markOverdueAlerts, provincesWithOverdueAlerts } from '@/db/queries/escalation';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { lockProvinceAlerts } from '@/lib/alerts/incidents';

/**
 * Alerts still new past their acknowledgement time — their kind and severity's escalation
 * policy, counted from when they were raised, or from the end of a snooze — are escalated:
 * marked, recorded, and sent out live so leadership's screens raise them. Each alert escalates
 * once; one UPDATE claims them, so two instances running this at once never escalate the same
 * alert twice. Escalation does not change the version: an operator acknowledging at that moment
 * still wins.
 */
export async function escalateOverdueAlerts(database: Database): Promise<number> {
  return database.db.transaction(async (tx) => {
    const provinces = await provincesWithOverdueAlerts(tx);
    if (provinces.length === 0) return 0;
    // Alert rows change under the provinces' alert lock, in the order grouping takes them (no deadlock).
    await lockProvinceAlerts(tx, provinces);
    const overdue = await markOverdueAlerts(tx);
    if (overdue.length === 0) return 0;
    await recordTransitions(
      tx,
      overdue.map((o) => ({ alertId: o.id, action: 'escalate', fromStatus: 'new', toStatus: 'new', details: { afterMinutes: o.minutes } })),
    );
    await publishAlertChanges(tx, overdue.map((o) => o.id), 'escalated');
    return overdue.length;
  });
}
