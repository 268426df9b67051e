import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@/db/client';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { lockProvinceAlerts } from '@/lib/alerts/incidents';

/**
 * Alerts still new `minutes` after they were raised are escalated: marked, recorded, and sent
 * out live so leadership's screens raise them. Each alert escalates once; one UPDATE claims
 * them, so two instances running this at once never escalate the same alert twice.
 * Escalation does not change the version: an operator acknowledging at that moment still wins.
 */
export async function escalateOverdueAlerts(database: Database, minutes: number): Promise<number> {
  return database.db.transaction(async (tx) => {
    const due = rowsOf<{ province_code: string }>(
      await tx.execute(sql`
        SELECT DISTINCT province_code FROM alerts
        WHERE status = 'new' AND escalated_at IS NULL AND created_at <= now() - make_interval(secs => ${minutes * 60})`),
    );
    if (due.length === 0) return 0;
    // Alert rows change under the incident lock, in the order grouping takes them (no deadlock).
    await lockProvinceAlerts(tx, due.map((d) => d.province_code));
    const ids = rowsOf<{ id: string }>(
      await tx.execute(sql`
        UPDATE alerts SET escalated_at = now()
        WHERE status = 'new' AND escalated_at IS NULL AND created_at <= now() - make_interval(secs => ${minutes * 60})
        RETURNING id`),
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    await recordTransitions(
      tx,
      ids.map((id) => ({ alertId: id, action: 'escalate', fromStatus: 'new', toStatus: 'new', details: { afterMinutes: minutes } })),
    );
    await publishAlertChanges(tx, ids, 'escalated');
    return ids.length;
  });
}
