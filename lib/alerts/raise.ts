import 'server-only';
import type { Db } from '@/db/client';
import { alertsRaisedAt } from '@/db/queries/alert-changes';
import { pinFieldAlertClips } from '@/db/queries/recordings';
import { getSettings } from '@/lib/settings';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { regroupIncidents } from '@/lib/alerts/incidents';
import type { IncidentRule } from '@/lib/alerts/incident-rule';

/**
 * What follows the INSERT of new alerts (and the retraction of others), wherever they come from
 * (hotspot crossings, cameras down, tips): their history starts, incidents are worked out
 * again, and every change goes out live, all in the caller's transaction. Regrouping takes the
 * provinces' alert lock, so callers run this as their last step: the lock is then held only
 * until their commit.
 */
export async function settleAlerts(tx: Db, changes: { raised?: readonly string[]; retracted?: readonly string[] }, rule?: IncidentRule): Promise<void> {
  const raisedIds = changes.raised ?? [];
  const retractedIds = changes.retracted ?? [];
  if (raisedIds.length === 0 && retractedIds.length === 0) return;
  const facts = await alertsRaisedAt(tx, [...raisedIds, ...retractedIds]);
  // Each new alert keeps its cameras' video around its moment (kept while open or evidence).
  const { RECORDING_PRE_ROLL_SECONDS: pre, RECORDING_POST_ROLL_SECONDS: post } = getSettings();
  await pinFieldAlertClips(tx, raisedIds, pre, post);
  const fresh = new Set(raisedIds);
  await recordTransitions(
    tx,
    facts.filter((r) => fresh.has(r.id)).map((r) => ({ alertId: r.id, action: 'raised', fromStatus: null, toStatus: 'new', at: r.createdAt })),
  );
  const regrouped = await regroupIncidents(tx, changes, rule);
  const told = new Set([...raisedIds, ...retractedIds]);
  const moved = regrouped.filter((id) => !told.has(id));
  if (moved.length > 0) {
    const keys = await alertsRaisedAt(tx, moved);
    await recordTransitions(
      tx,
      keys.map((g) => ({ alertId: g.id, action: 'group', fromStatus: null, toStatus: null, details: { incidentId: g.groupId } })),
    );
  }
  await publishAlertChanges(tx, raisedIds, 'raised');
  await publishAlertChanges(tx, moved, 'grouped');
}

/** New alerts (ids) settle in: history, incidents, live events. */
export function afterAlertsRaised(tx: Db, alertIds: readonly string[], rule?: IncidentRule): Promise<void> {
  return settleAlerts(tx, { raised: alertIds }, rule);
}
