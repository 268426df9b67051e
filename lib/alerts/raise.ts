import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { groupNewAlerts, lockIncidents, type GroupingOptions } from '@/lib/alerts/incidents';
import { isFieldKind } from '@/lib/alerts/workflow';

/**
 * What follows the INSERT of new alerts, wherever they come from (hotspot crossings, cameras
 * down, tips): their history starts, they join their incident, and they go out live, all in
 * the caller's transaction.
 */
export async function afterAlertsRaised(tx: Db, alertIds: readonly string[], grouping?: GroupingOptions): Promise<void> {
  if (alertIds.length === 0) return;
  const raised = rowsOf<{ id: string; kind: string; province_code: string; located: boolean; created_at: string }>(
    await tx.execute(sql`SELECT id, kind, province_code, geom IS NOT NULL AS located, created_at FROM alerts WHERE id = ANY(${`{${alertIds.join(',')}}`}::uuid[])`),
  );
  await recordTransitions(
    tx,
    raised.map((r) => ({ alertId: r.id, action: 'raised', fromStatus: null, toStatus: 'new', at: new Date(r.created_at).toISOString() })),
  );
  // Only field alerts with a place form incidents; equipment alerts need not wait for the lock.
  const groupable = raised.filter((r) => isFieldKind(r.kind) && r.located);
  await lockIncidents(tx, groupable.map((r) => r.province_code));
  const regrouped = await groupNewAlerts(tx, groupable.map((r) => r.id), grouping);
  if (regrouped.length > 0) {
    const groups = rowsOf<{ id: string; incident_id: string }>(
      await tx.execute(sql`SELECT id, incident_id FROM alerts WHERE id = ANY(${`{${regrouped.join(',')}}`}::uuid[])`),
    );
    await recordTransitions(
      tx,
      groups.map((g) => ({ alertId: g.id, action: 'group', fromStatus: null, toStatus: null, details: { incidentId: g.incident_id } })),
    );
  }
  const fresh = new Set(alertIds);
  await publishAlertChanges(tx, alertIds, 'raised');
  await publishAlertChanges(tx, regrouped.filter((id) => !fresh.has(id)), 'grouped');
}
