import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { getAlertGroup, listAlertGroups } from '@/db/queries/alerts';
import { escalateOverdueAlerts } from '@/lib/alerts/escalation';
import { escalationPolicySchema, getEscalationPolicies, updateEscalationPolicies } from '@/lib/alerts/escalation-policy';
import { afterAlertsRaised } from '@/lib/alerts/raise';
import { transitionAlertGroup, type TransitionActor } from '@/lib/alerts/transition';
import { AppError } from '@/lib/api/errors';
import { PROVINCE_CODE } from '@/lib/domain/region';
import { engineName, openTestDatabase } from '@/test/support/database';

// Escalation as a policy per kind and severity, and handling an open group beyond its status:
// snooze, assign and hand over, priority — each attributed in the history, each changing the
// group's version, none overdue while snoozed.

let database: Database;
let operator: TransitionActor;
let admin: TransitionActor;
const national = { provinceCode: null, agencyId: null };

async function actor(username: string): Promise<TransitionActor> {
  const [u] = await database.rows<TransitionActor>(sql`
    SELECT id, display_name AS "displayName", role::text AS role, province_code AS "provinceCode", agency_id AS "agencyId" FROM users WHERE username = ${username}`);
  return u!;
}

/** A field alert raised `minutesAgo` minutes ago, somewhere quiet so it groups with nothing else. */
async function raise(kind: 'tip' | 'hotspot_crossing', severity: string, minutesAgo: number, lonOffset: number): Promise<string> {
  return database.db.transaction(async (tx) => {
    const at = new Date(Date.now() - minutesAgo * 60_000);
    const res = await tx.execute(sql`
      INSERT INTO alerts (kind, severity, occurred_at, created_at, geom, message, province_code)
      VALUES (${kind}, ${severity}, ${at}, ${at}, ST_SetSRID(ST_MakePoint(${107.9 + lonOffset}::float8, 21.45::float8), 4326), 'test', ${PROVINCE_CODE})
      RETURNING id`);
    const id = (res as unknown as { rows: { id: string }[] }).rows[0]!.id;
    await afterAlertsRaised(tx, [id]);
    return id;
  });
}

const group = async (id: string) => (await getAlertGroup(database, national, id))!.group;

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  operator = await actor('operator');
  admin = await actor('admin');
});
afterAll(() => database?.close());

describe(`escalation policy (${engineName})`, () => {
  it('escalates each alert after its own kind and severity’s time, and not while it is snoozed', async () => {
    const crossing = await raise('hotspot_crossing', 'critical', 6, 0.001);
    const tip = await raise('tip', 'critical', 6, 0.02);
    const snoozed = await raise('hotspot_crossing', 'critical', 6, 0.04);
    await transitionAlertGroup(database, operator, snoozed, { action: 'snooze', version: (await group(snoozed)).version, minutes: 15, reason: 'a patrol is already there' }, null);
    // Due: the crossing 5 min after it was raised, the tip 10, the snoozed crossing when its snooze ends.
    expect(Date.parse((await group(crossing)).dueAt!)).toBeLessThan(Date.now());
    expect(Date.parse((await group(tip)).dueAt!)).toBeGreaterThan(Date.now());
    expect(Date.parse((await group(snoozed)).dueAt!)).toBeGreaterThan(Date.now() + 14 * 60_000);
    await escalateOverdueAlerts(database);
    const escalated = await database.rows<{ id: string }>(sql`SELECT id FROM alerts WHERE id IN (${crossing}, ${tip}, ${snoozed}) AND escalated_at IS NOT NULL`);
    expect(escalated.map((r) => r.id)).toEqual([crossing]);
    const [history] = await database.rows<{ details: { afterMinutes: number } }>(sql`SELECT details FROM alert_transitions WHERE alert_id = ${crossing} AND action = 'escalate'`);
    expect(history!.details.afterMinutes).toBe(5);
  });

  it('is changed by administrators, audited, and refuses what makes no sense', async () => {
    const before = await getEscalationPolicies(database);
    expect(before.find((p) => p.kind === 'camera_down' && p.severity === 'warning')!.acknowledgeMinutes).toBe(30);
    const after = await updateEscalationPolicies(database, admin, { policies: [{ kind: 'camera_down', severity: 'warning', acknowledgeMinutes: 45 }] }, '10.0.0.9');
    expect(after.find((p) => p.kind === 'camera_down' && p.severity === 'warning')).toMatchObject({ acknowledgeMinutes: 45, updatedByName: admin.displayName });
    const [audit] = await database.rows<{ details: { changed: { from: number; to: number }[] } }>(sql`SELECT details FROM audit_log WHERE action = 'alert.escalation_policy' ORDER BY id DESC LIMIT 1`);
    expect(audit!.details.changed).toEqual([{ kind: 'camera_down', severity: 'warning', from: 30, to: 45 }]);
    for (const bad of [
      { policies: [{ kind: 'camera_down', severity: 'warning', acknowledgeMinutes: 0 }] },
      { policies: [{ kind: 'ufo', severity: 'warning', acknowledgeMinutes: 5 }] },
      { policies: [{ kind: 'tip', severity: 'info', acknowledgeMinutes: 5 }, { kind: 'tip', severity: 'info', acknowledgeMinutes: 6 }] },
      { policies: [] },
    ]) {
      expect(escalationPolicySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe(`handling an open alert (${engineName})`, () => {
  it('snoozes with a reason, assigns, hands over with a note and sets priority — each attributed, each a new version', async () => {
    const id = await raise('tip', 'warning', 1, 0.06);
    const v0 = (await group(id)).version;
    await transitionAlertGroup(database, operator, id, { action: 'snooze', version: v0, minutes: 30, reason: 'waiting for the patrol' }, null);
    const snoozed = await group(id);
    expect(snoozed.snoozedUntil).not.toBeNull();
    expect(snoozed.snoozeReason).toBe('waiting for the patrol');
    expect(snoozed.version).not.toBe(v0);
    // A stale view is refused, naming who acted.
    await expect(transitionAlertGroup(database, operator, id, { action: 'prioritize', version: v0, priority: 2 }, null)).rejects.toMatchObject({ code: 'conflict' });

    const colleague = await actor('operator');
    await transitionAlertGroup(database, operator, id, { action: 'assign', version: snoozed.version, userId: colleague.id, note: 'shift change: the patrol calls back at 14:00' }, null);
    const handed = await group(id);
    expect(handed.assigneeName).toBe(colleague.displayName);
    await transitionAlertGroup(database, operator, id, { action: 'prioritize', version: handed.version, priority: 2 }, null);
    expect((await group(id)).priority).toBe(2);
    await transitionAlertGroup(database, operator, id, { action: 'unsnooze', version: (await group(id)).version }, null);
    expect((await group(id)).snoozedUntil).toBeNull();

    const history = await database.rows<{ action: string; actor_name: string; details: Record<string, unknown> }>(sql`
      SELECT action, actor_name, details FROM alert_transitions WHERE alert_id = ${id} AND action <> 'raised' ORDER BY id`);
    expect(history.map((h) => h.action)).toEqual(['snooze', 'handover', 'prioritize', 'unsnooze']);
    expect(history.every((h) => h.actor_name === operator.displayName)).toBe(true);
    expect(history[1]!.details).toMatchObject({ assigneeName: colleague.displayName, note: 'shift change: the patrol calls back at 14:00' });
    // Someone who does not handle alerts cannot be given one.
    const planner = await actor('planner');
    const err = await transitionAlertGroup(database, operator, id, { action: 'assign', version: (await group(id)).version, userId: planner.id }, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_request');
    await transitionAlertGroup(database, operator, id, { action: 'dismiss', version: (await group(id)).version, reason: 'test done' }, null);
  });

  it('lists urgent groups first and snoozed ones last, and marks new activity on a group being handled', async () => {
    const a = await raise('hotspot_crossing', 'critical', 2, 0.08);
    await transitionAlertGroup(database, operator, a, { action: 'acknowledge', version: (await group(a)).version }, null);
    // A second crossing beside it joins the incident already acknowledged: new activity.
    const b = await raise('hotspot_crossing', 'critical', 1, 0.0801);
    const g = await group(a);
    expect(g.id).toBe(a);
    expect(g.count).toBe(2);
    expect(g.crossings).toBe(2);
    expect(g.newActivity).toBe(true);
    expect(g.status).toBe('new');
    expect((await database.rows<{ g: string }>(sql`SELECT coalesce(incident_id, id) AS g FROM alerts WHERE id = ${b}`))[0]!.g).toBe(a);

    const urgent = await raise('tip', 'info', 1, 0.1);
    await transitionAlertGroup(database, operator, urgent, { action: 'prioritize', version: (await group(urgent)).version, priority: 2 }, null);
    const quiet = await raise('hotspot_crossing', 'critical', 1, 0.12);
    await transitionAlertGroup(database, operator, quiet, { action: 'snooze', version: (await group(quiet)).version, minutes: 5, reason: 'known fisherman' }, null);
    const list = await listAlertGroups(database, national, { state: 'open', sort: 'attention', limit: 500 });
    const rank = (id: string) => list.findIndex((x) => x.id === id);
    // Urgent first; snoozed after everything that is not.
    expect(list.slice(0, rank(urgent)).every((x) => x.priority === 2)).toBe(true);
    expect(list.slice(rank(quiet)).every((x) => x.snoozedUntil !== null)).toBe(true);
    expect(list.slice(0, rank(quiet)).filter((x) => x.snoozedUntil === null).length).toBe(list.filter((x) => x.snoozedUntil === null).length);
  });
});
