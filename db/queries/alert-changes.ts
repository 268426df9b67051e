import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { GROUP_VERSION_SQL, OPEN } from '@/db/queries/alerts';
import type { AlertStatus } from '@/lib/domain/alerts';

// Changes to alerts, each inside the transaction the workflow (lib/alerts/) runs: people's actions
// on a group, handling (snooze, assignee, priority), retraction, and what those need to read
// under the same locks. The inbox's reads are in db/queries/alerts.ts.

/** When alerts were raised, where, and the group each is in now (inside a transaction). */
export async function alertsRaisedAt(tx: Db, alertIds: readonly string[]): Promise<{ id: string; createdAt: string; provinceCode: string; groupId: string }[]> {
  if (alertIds.length === 0) return [];
  const rows = rowsOf<{ id: string; created_at: string | Date; province_code: string; group_id: string }>(
    await tx.execute(sql`
      SELECT id, created_at, province_code, coalesce(incident_id, id) AS group_id FROM alerts
      WHERE id = ANY(${`{${alertIds.join(',')}}`}::uuid[]) ORDER BY created_at, id`),
  );
  return rows.map((r) => ({ id: r.id, createdAt: new Date(r.created_at).toISOString(), provinceCode: r.province_code, groupId: r.group_id }));
}

/**
 * Retracts alerts (the open ones; closed ones keep how people closed them), locking each row;
 * returns every alert targeted with its status before and whether it was retracted now.
 */
export async function retractAlertRows(tx: Db, alertIds: readonly string[], reason: string): Promise<{ id: string; status: AlertStatus; open: boolean }[]> {
  return rowsOf<{ id: string; status: AlertStatus; open: boolean }>(
    await tx.execute(sql`
      WITH target AS (SELECT id, status FROM alerts WHERE id = ANY(${`{${alertIds.join(',')}}`}::uuid[]) AND status <> 'retracted' ORDER BY id FOR UPDATE),
      changed AS (
        UPDATE alerts a SET status = 'retracted', retracted_at = now(), retraction_reason = ${reason}, version = a.version + 1, updated_at = now()
        FROM target t WHERE a.id = t.id AND t.status IN (${OPEN})
        RETURNING a.id)
      SELECT t.id, t.status, t.id IN (SELECT id FROM changed) AS open FROM target t`),
  );
}

/** Alerts raised by these crossings (ids), with their provinces. */
export async function alertsOfCrossings(tx: Db, crossingIds: readonly (string | number)[]): Promise<{ id: string; provinceCode: string }[]> {
  if (crossingIds.length === 0) return [];
  return rowsOf<{ id: string; provinceCode: string }>(
    await tx.execute(sql`SELECT id, province_code AS "provinceCode" FROM alerts WHERE crossing_id = ANY(${`{${crossingIds.join(',')}}`}::bigint[])`),
  );
}

/**
 * A person's action on a group's open members in one statement: each moves to its `to` status
 * (the workflow decided it), with who and when for the action. The number intercepted is kept on
 * one member (`countHolder`) so sums over alerts count it once.
 */
export async function applyGroupAction(
  tx: Db,
  a: {
    moves: { id: string; to: AlertStatus }[];
    action: 'acknowledge' | 'dispatch' | 'resolve' | 'dismiss';
    actorId: string;
    outcome: string | null;
    interceptedCount: number | null;
    countHolder: string | null;
    note: string | null;
    reason: string | null;
  },
): Promise<void> {
  if (a.moves.length === 0) return;
  const is = (action: typeof a.action) => a.action === action;
  await tx.execute(sql`
    UPDATE alerts t SET
      status = m.to, version = t.version + 1, updated_at = now(),
      acknowledged_at = CASE WHEN ${is('acknowledge')} THEN now() ELSE acknowledged_at END,
      acknowledged_by = CASE WHEN ${is('acknowledge')} THEN ${a.actorId}::uuid ELSE acknowledged_by END,
      dispatched_at = CASE WHEN ${is('dispatch')} THEN coalesce(dispatched_at, now()) ELSE dispatched_at END,
      dispatched_by = CASE WHEN ${is('dispatch')} THEN coalesce(dispatched_by, ${a.actorId}::uuid) ELSE dispatched_by END,
      resolved_at = CASE WHEN ${is('resolve')} THEN now() ELSE resolved_at END,
      resolved_by = CASE WHEN ${is('resolve')} THEN ${a.actorId}::uuid ELSE resolved_by END,
      outcome = CASE WHEN ${is('resolve')} THEN ${a.outcome} ELSE outcome END,
      intercepted_count = CASE WHEN ${is('resolve')} AND t.id = ${a.countHolder}::uuid THEN ${a.interceptedCount}::int ELSE intercepted_count END,
      resolution_note = CASE WHEN ${is('resolve')} THEN ${a.note} ELSE resolution_note END,
      dismissed_at = CASE WHEN ${is('dismiss')} THEN now() ELSE dismissed_at END,
      dismissed_by = CASE WHEN ${is('dismiss')} THEN ${a.actorId}::uuid ELSE dismissed_by END,
      dismissal_reason = CASE WHEN ${is('dismiss')} THEN ${a.reason} ELSE dismissal_reason END
    FROM jsonb_to_recordset(${JSON.stringify(a.moves)}::jsonb) AS m(id uuid, "to" text)
    WHERE t.id = m.id`);
}

/**
 * Changes how alerts are handled (snooze, assignee, priority) — not their status — bumping their
 * version so operators holding an older view of the group are told it changed.
 */
export async function setAlertHandling(
  tx: Db,
  alertIds: readonly string[],
  change: { snoozedUntil?: Date | null; snoozeReason?: string | null; assignedTo?: string | null; priority?: number },
): Promise<void> {
  const set: SQL[] = [sql`version = version + 1`, sql`updated_at = now()`];
  if (change.snoozedUntil !== undefined) set.push(sql`snoozed_until = ${change.snoozedUntil}`);
  if (change.snoozeReason !== undefined) set.push(sql`snooze_reason = ${change.snoozeReason}`);
  if (change.assignedTo !== undefined) set.push(sql`assigned_to = ${change.assignedTo}::uuid`, sql`assigned_at = now()`);
  if (change.priority !== undefined) set.push(sql`priority = ${change.priority}`);
  await tx.execute(sql`UPDATE alerts SET ${sql.join(set, sql`, `)} WHERE id = ANY(${`{${alertIds.join(',')}}`}::uuid[])`);
}

/** The version of a group now (see GROUP_VERSION_SQL), inside the transaction that acts on it. */
export async function getGroupVersion(tx: Db, groupId: string): Promise<number> {
  const [row] = rowsOf<{ version: string | number }>(
    await tx.execute(sql`SELECT ${GROUP_VERSION_SQL('a')} AS version FROM alerts a WHERE coalesce(a.incident_id, a.id) = ${groupId}::uuid`),
  );
  return Number(row?.version ?? 0);
}
