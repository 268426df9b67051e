import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import { publishAlertChanges, recordTransitions, type TransitionRecord } from '@/lib/alerts/announce';
import { applyGroupAction, getGroupVersion, setAlertHandling } from '@/db/queries/alert-changes';
import { findActiveActor } from '@/db/queries/users';
import { lockProvinceAlerts } from '@/lib/alerts/incidents';
import type { TransitionInput } from '@/lib/alerts/schemas';
import { type AlertStatus } from '@/lib/domain/alerts';
import { allowedActions, isOpenStatus, nextStatus } from '@/lib/alerts/workflow';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can, type Actor } from '@/lib/auth/permissions';
import { HANDLING_ACTIONS, type HandlingAction } from '@/lib/domain/alerts';

export interface TransitionActor extends Actor {
  displayName: string;
}

interface MemberRow {
  id: string;
  kind: string;
  status: AlertStatus;
  version: number;
  province_code: string;
  agency_id: string | null;
  occurred_at: string;
}

/**
 * Moves a group of alerts (an incident, or one alert) by a person's action. The caller sends
 * the group version it saw: if anyone changed the group since (another operator, a new alert
 * joining it, a retraction), nothing happens and the 409 says who did what, so two operators
 * acting at once never both win. Every member moved is recorded in its history, audited, and
 * sent out live, in one transaction.
 */
export async function transitionAlertGroup(
  database: Database,
  actor: TransitionActor,
  alertId: string,
  input: TransitionInput,
  ip: string | null,
): Promise<{ groupId: string; moved: string[] }> {
  return database.db.transaction(async (tx) => {
    const [first] = rowsOf<{ province_code: string; agency_id: string | null; group_id: string }>(
      await tx.execute(sql`SELECT province_code, agency_id, coalesce(incident_id, id) AS group_id FROM alerts WHERE id = ${alertId}`),
    );
    // Outside the actor's scope, an alert does not exist for them.
    if (!first || !can(actor, 'alert:handle', { provinceCode: first.province_code, agencyId: first.agency_id })) {
      throw new AppError('not_found', 'No such alert');
    }
    // The group cannot change under us: grouping takes the same lock.
    await lockProvinceAlerts(tx, [first.province_code]);
    const [{ group_id: groupId } = first] = rowsOf<{ group_id: string }>(
      await tx.execute(sql`SELECT coalesce(incident_id, id) AS group_id FROM alerts WHERE id = ${alertId}`),
    );
    const members = rowsOf<MemberRow>(
      await tx.execute(sql`
        SELECT id, kind, status, version, province_code, agency_id, occurred_at FROM alerts
        WHERE coalesce(incident_id, id) = ${groupId} ORDER BY occurred_at, id FOR UPDATE`),
    );
    const current = await getGroupVersion(tx, groupId);
    if (current !== input.version) throw await conflict(tx, members, current);
    const lead = members[0]!;
    const statuses = members.map((m) => m.status);
    const open = members.filter((m) => isOpenStatus(m.status));
    if (isHandling(input)) {
      if (open.length === 0) throw new AppError('conflict', 'This alert is closed', undefined, { reason: 'not_allowed', version: current, statuses });
      return handleGroup(tx, actor, groupId, open, input, ip);
    }
    if (!allowedActions(lead.kind, statuses).includes(input.action)) {
      throw new AppError('conflict', `This alert cannot be ${pastTense(input.action)} in its present state`, undefined, { reason: 'not_allowed', version: current, statuses });
    }
    const teams = input.action === 'dispatch' ? await teamsToSend(tx, actor, input.teamIds, groupId) : [];
    const details: Record<string, unknown> = { groupId };
    if (input.note) details.note = input.note;
    if (input.action === 'resolve') Object.assign(details, { outcome: input.outcome, interceptedCount: input.interceptedCount ?? null });
    if (input.action === 'dismiss') details.reason = input.reason;
    if (teams.length) details.teams = teams.map((t) => ({ id: t.id, name: t.name }));

    const records: TransitionRecord[] = [];
    // The number intercepted belongs to the incident, not to each of its alerts: it is kept on
    // one member (the first open one) so sums over alerts count it once.
    const countHolder = open[0]?.id;
    // One statement for the whole group, however large the incident: each open member moves
    // as the workflow says (lib/alerts/workflow nextStatus), the rest keep their status.
    const moves = open.map((m) => ({ id: m.id, to: nextStatus(input.action, m.status) ?? m.status }));
    await applyGroupAction(tx, {
      moves,
      action: input.action,
      actorId: actor.id,
      outcome: input.action === 'resolve' ? input.outcome : null,
      interceptedCount: input.action === 'resolve' ? (input.interceptedCount ?? null) : null,
      countHolder: countHolder ?? null,
      note: input.action === 'resolve' ? (input.note ?? null) : null,
      reason: input.action === 'dismiss' ? input.reason : null,
    });
    for (const m of open) {
      const to = moves.find((x) => x.id === m.id)!.to;
      records.push({ alertId: m.id, action: input.action, fromStatus: m.status, toStatus: to, actorId: actor.id, actorName: actor.displayName, details });
    }
    for (const team of teams) {
      await tx.execute(sql`
        INSERT INTO dispatches (alert_id, team_id, checkpoint_id, distance_m, dispatched_by, province_code)
        SELECT ${groupId}, ${team.id}, ${team.checkpointId}, ST_Distance(p.geom::geography, a.geom::geography), ${actor.id}, a.province_code
        FROM alerts a, checkpoints p WHERE a.id = ${groupId} AND p.id = ${team.checkpointId}`);
    }
    await recordTransitions(tx, records);
    await writeAudit(tx, {
      action: `alert.${input.action}`,
      actorId: actor.id,
      actorName: actor.displayName,
      targetType: 'alert',
      targetId: groupId,
      ip,
      details: { ...details, members: open.map((m) => m.id) },
    });
    await publishAlertChanges(tx, open.map((m) => m.id), 'transition');
    return { groupId, moved: open.map((m) => m.id) };
  });
}

type HandlingInput = Extract<TransitionInput, { action: HandlingAction }>;
type StatusInput = Exclude<TransitionInput, HandlingInput>;

function isHandling(input: TransitionInput): input is HandlingInput {
  return (HANDLING_ACTIONS as readonly string[]).includes(input.action);
}

/**
 * Snooze, assign (hand over, with a note), prioritize: the group's open members change how they
 * are handled, not their status. Recorded in each member's history, audited, sent out live.
 */
async function handleGroup(tx: Db, actor: TransitionActor, groupId: string, open: MemberRow[], input: HandlingInput, ip: string | null): Promise<{ groupId: string; moved: string[] }> {
  const ids = open.map((m) => m.id);
  const details: Record<string, unknown> = { groupId };
  if (input.action === 'snooze') {
    const until = new Date(Date.now() + input.minutes * 60_000);
    await setAlertHandling(tx, ids, { snoozedUntil: until, snoozeReason: input.reason });
    Object.assign(details, { until: until.toISOString(), minutes: input.minutes, reason: input.reason });
  } else if (input.action === 'unsnooze') {
    await setAlertHandling(tx, ids, { snoozedUntil: null, snoozeReason: null });
  } else if (input.action === 'assign') {
    let assignee: { id: string; displayName: string } | null = null;
    if (input.userId) {
      const candidate = await findActiveActor(tx, input.userId);
      // Only someone who may handle this alert can be given it.
      if (!candidate || !can(candidate, 'alert:handle', { provinceCode: open[0]!.province_code, agencyId: open[0]!.agency_id })) {
        throw new AppError('bad_request', 'That person cannot handle this alert', [{ path: 'body.userId', message: 'not someone who handles alerts here' }]);
      }
      assignee = { id: candidate.id, displayName: candidate.displayName };
    }
    await setAlertHandling(tx, ids, { assignedTo: assignee?.id ?? null });
    Object.assign(details, { assigneeId: assignee?.id ?? null, assigneeName: assignee?.displayName ?? null, ...(input.note ? { note: input.note } : {}) });
  } else {
    await setAlertHandling(tx, ids, { priority: input.priority });
    details.priority = input.priority;
  }
  const action = input.action === 'assign' && input.note ? 'handover' : input.action;
  await recordTransitions(
    tx,
    open.map((m) => ({ alertId: m.id, action, fromStatus: m.status, toStatus: m.status, actorId: actor.id, actorName: actor.displayName, details })),
  );
  await writeAudit(tx, { action: `alert.${action}`, actorId: actor.id, actorName: actor.displayName, targetType: 'alert', targetId: groupId, ip, details: { ...details, members: ids } });
  await publishAlertChanges(tx, ids, 'transition');
  return { groupId, moved: ids };
}

function pastTense(action: StatusInput['action']): string {
  return { acknowledge: 'acknowledged', dispatch: 'dispatched', resolve: 'resolved', dismiss: 'dismissed' }[action];
}

/** The 409 for a stale version: the latest change to the group, who made it and when. */
async function conflict(tx: Db, members: MemberRow[], version: number): Promise<AppError> {
  const [last] = rowsOf<{ actor_name: string | null; action: string; at: string; to_status: string | null }>(
    await tx.execute(sql`
      SELECT actor_name, action, at, to_status FROM alert_transitions
      WHERE alert_id = ANY(${`{${members.map((m) => m.id).join(',')}}`}::uuid[]) ORDER BY at DESC, id DESC LIMIT 1`),
  );
  const who = last?.actor_name ?? 'the system';
  return new AppError('conflict', `The alert changed since you opened it: ${who} (${last?.action ?? 'change'})`, undefined, {
    reason: 'stale_version',
    version,
    lastChange: last ? { actorName: last.actor_name, action: last.action, at: new Date(last.at).toISOString(), toStatus: last.to_status } : null,
  });
}

/** Teams that may be sent: existing, not stood down, in the actor's scope. */
async function teamsToSend(tx: Db, actor: Actor, teamIds: string[], groupId: string) {
  const unique = [...new Set(teamIds)];
  const teams = rowsOf<{ id: string; name: string; checkpoint_id: string; province_code: string; agency_id: string | null; retired: boolean; sent: boolean }>(
    await tx.execute(sql`
      SELECT t.id, t.name, t.checkpoint_id, t.province_code, t.agency_id, t.retired_at IS NOT NULL AS retired,
        EXISTS (SELECT 1 FROM dispatches d WHERE d.team_id = t.id AND d.alert_id = ${groupId}) AS sent
      FROM teams t WHERE t.id = ANY(${`{${unique.join(',')}}`}::uuid[])`),
  );
  const visible = teams.filter((t) => can(actor, 'roster:read', { provinceCode: t.province_code, agencyId: null }));
  const problems = unique
    .map((id) => {
      const t = visible.find((x) => x.id === id);
      if (!t) return { path: 'body.teamIds', message: `no team ${id}` };
      if (t.retired) return { path: 'body.teamIds', message: `team ${t.name} is stood down` };
      if (t.sent) return { path: 'body.teamIds', message: `team ${t.name} was already sent to this alert` };
      return null;
    })
    .filter((p): p is { path: string; message: string } => p !== null);
  if (problems.length) throw new AppError('bad_request', 'Some teams cannot be sent', problems);
  return visible.map((t) => ({ id: t.id, name: t.name, checkpointId: t.checkpoint_id }));
}
