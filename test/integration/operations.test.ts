import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { getAlertGroup, listAlertGroups } from '@/db/queries/alerts';
import { listCamerasCovering } from '@/db/queries/camera-coverage';
import { countEvents } from '@/db/queries/detections';
import { getPeriodFigures } from '@/db/queries/overview';
import { getStaffingAt, getDispatchSuggestion } from '@/db/queries/roster';
import { transitionSchema } from '@/lib/alerts/schemas';
import { afterAlertsRaised } from '@/lib/alerts/raise';
import { transitionAlertGroup } from '@/lib/alerts/transition';
import { AppError } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/permissions';
import { eventFilterSchema } from '@/lib/detections/filters';
import { distanceM } from '@/lib/geo/measure';
import { coversPoint } from '@/lib/geo/sector';
import { PROVINCE_CODE } from '@/lib/domain/region';
import { openReport, getSituationReport, signReport, updateReport } from '@/lib/reports/situation';
import { applyRosterChanges, createTeam } from '@/lib/roster/manage';
import { DEFAULT_SHIFT_STARTS, parseShiftStarts, shiftAt } from '@/lib/domain/shifts';
import { addDays, localDateOf, localInstant } from '@/lib/domain/local-time';
import { engineName, openTestDatabase } from '@/test/support/database';

// The operations center on both engines: the alert workflow and its version check, incidents
// against a reference grouping, the cameras that see a place against the sector geometry,
// dispatch ranking, roster gaps across midnight, signed reports that cannot change, and the
// overview's figures against the events page and the inbox.

let database: Database;
const SHIFTS = parseShiftStarts(DEFAULT_SHIFT_STARTS);
interface TestActor extends Actor {
  username: string;
  displayName: string;
}
let operator: TestActor;
let operator2: TestActor;
let planner: TestActor;
const national = { provinceCode: null, agencyId: null };

async function actor(username: string): Promise<TestActor> {
  const [u] = await database.rows<TestActor>(sql`
    SELECT id, username, display_name AS "displayName", role::text AS role, province_code AS "provinceCode", agency_id AS "agencyId" FROM users WHERE username = ${username}`);
  return u!;
}

/** A field alert raised the way crossings and tips raise them (history, grouping, live event). */
async function raise(lon: number, lat: number, at: Date, kind = 'tip'): Promise<string> {
  return database.db.transaction(async (tx) => {
    const res = await tx.execute(sql`
      INSERT INTO alerts (kind, severity, occurred_at, created_at, geom, message, province_code)
      VALUES (${kind}, 'critical', ${at}, now(), ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326), 'test', ${PROVINCE_CODE})
      RETURNING id`);
    const id = (res as unknown as { rows: { id: string }[] }).rows[0]!.id;
    await afterAlertsRaised(tx, [id]);
    return id;
  });
}

async function getGroupVersion(id: string): Promise<number> {
  const detail = await getAlertGroup(database, national, (await database.rows<{ g: string }>(sql`SELECT coalesce(incident_id, id) AS g FROM alerts WHERE id = ${id}`))[0]!.g);
  return detail!.group.version;
}

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  operator = await actor('operator');
  operator2 = { ...operator, id: operator.id, displayName: 'Trực ban 2' };
  planner = await actor('planner');
});
afterAll(() => database?.close());

// A quiet corner of the province and a day long ago, so the demo data never groups with tests.
const ORIGIN = { lon: 107.6, lat: 21.3 };
const LONG_AGO = Date.parse('2024-03-01T00:00:00Z');

describe(`alert workflow (${engineName})`, () => {
  it('moves new → acknowledged → dispatched → resolved with an outcome, each step attributed and recorded', async () => {
    const id = await raise(ORIGIN.lon, ORIGIN.lat, new Date(LONG_AGO));
    await transitionAlertGroup(database, operator, id, transitionSchema.parse({ action: 'acknowledge', version: await getGroupVersion(id) }), null);
    const [post] = await database.rows<{ id: string }>(sql`SELECT id FROM checkpoints ORDER BY code LIMIT 1`);
    const team = await createTeam(database, planner, { checkpointId: post!.id, name: 'Tổ thử', officerCount: 6 }, null);
    await transitionAlertGroup(database, operator, id, transitionSchema.parse({ action: 'dispatch', version: await getGroupVersion(id), teamIds: [team.id] }), null);
    // An interception needs its number of people; the schema refuses it without.
    expect(transitionSchema.safeParse({ action: 'resolve', version: 1, outcome: 'intercepted' }).success).toBe(false);
    expect(transitionSchema.safeParse({ action: 'dismiss', version: 1, reason: ' ' }).success).toBe(false);
    await transitionAlertGroup(database, operator, id, transitionSchema.parse({ action: 'resolve', version: await getGroupVersion(id), outcome: 'intercepted', interceptedCount: 4 }), null);
    const detail = (await getAlertGroup(database, national, id))!;
    expect(detail.group.status).toBe('resolved');
    expect(detail.group.outcome).toBe('intercepted');
    expect(detail.group.interceptedCount).toBe(4);
    expect(detail.history.map((h) => h.action)).toEqual(['raised', 'acknowledge', 'dispatch', 'resolve']);
    expect(detail.history.slice(1).every((h) => h.actorName === operator.displayName && h.at)).toBe(true);
    expect(detail.dispatches.map((d) => d.teamId)).toEqual([team.id]);
    const audit = await database.rows<{ action: string }>(sql`SELECT action FROM audit_log WHERE target_id = ${id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['alert.acknowledge', 'alert.dispatch', 'alert.resolve']);
    // A closed alert takes no more actions.
    await expect(transitionAlertGroup(database, operator, id, { action: 'dismiss', version: await getGroupVersion(id), reason: 'late' }, null)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lets exactly one of many simultaneous actions win; the others learn who did what', async () => {
    const id = await raise(ORIGIN.lon + 0.05, ORIGIN.lat, new Date(LONG_AGO));
    const version = await getGroupVersion(id);
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        transitionAlertGroup(database, i % 2 ? operator2 : operator, id, i % 3 === 0 ? { action: 'dismiss', version, reason: `duplicate ${i}` } : { action: 'acknowledge', version }, null),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(AppError);
      expect((l.reason as AppError).code).toBe('conflict');
      expect(JSON.stringify((l.reason as AppError).details)).toMatch(/Trực ban/);
    }
    const history = await database.rows<{ action: string }>(sql`SELECT action FROM alert_transitions WHERE alert_id = ${id} AND action <> 'raised'`);
    expect(history).toHaveLength(1);
  });
});

describe(`cameras that see a place (${engineName})`, () => {
  it('agrees with the sector geometry for points around the cameras', async () => {
    const cameras = await database.rows<{ id: string; lon: number; lat: number; bearing: number; fov: number; range: number }>(sql`
      SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, bearing_deg AS bearing, fov_deg AS fov, range_m AS range FROM cameras WHERE retired_at IS NULL`);
    expect(cameras.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: cameras.length - 1 }), fc.double({ min: 0, max: 359.9, noNaN: true }), fc.double({ min: 0.05, max: 1.6, noNaN: true }), async (i, bearing, reach) => {
        const c = cameras[i]!;
        const d = reach * Number(c.range);
        const lat = Number(c.lat) + ((d * Math.cos((bearing * Math.PI) / 180)) / 111_320);
        const lon = Number(c.lon) + ((d * Math.sin((bearing * Math.PI) / 180)) / (111_320 * Math.cos((Number(c.lat) * Math.PI) / 180)));
        const near = (x: (typeof cameras)[number]) => {
          // Points within 1% of a camera's range or 0.5° of its field's edge are left out: both sides round there.
          const dist = distanceM([Number(x.lon), Number(x.lat)], [lon, lat]);
          return Math.abs(dist - Number(x.range)) < Number(x.range) * 0.01;
        };
        fc.pre(!cameras.some(near));
        const expected = cameras.filter((x) => coversPoint([Number(x.lon), Number(x.lat)], Number(x.bearing), Number(x.fov), Number(x.range), [lon, lat])).map((x) => x.id).sort();
        const edge = cameras.some((x) => {
          const wide = coversPoint([Number(x.lon), Number(x.lat)], Number(x.bearing), Number(x.fov) + 1, Number(x.range), [lon, lat]);
          const narrow = coversPoint([Number(x.lon), Number(x.lat)], Number(x.bearing), Math.max(0, Number(x.fov) - 1), Number(x.range), [lon, lat]);
          return wide !== narrow;
        });
        fc.pre(!edge);
        const stored = (await listCamerasCovering(database, national, lon, lat)).map((x) => x.id).sort();
        expect(stored).toEqual(expected);
      }),
      { numRuns: 120 },
    );
  });
});

describe(`roster and dispatch (${engineName})`, () => {
  it('knows who holds a post in the night shift across midnight, and the gap after it', async () => {
    const [post] = await database.rows<{ id: string }>(sql`SELECT id FROM checkpoints ORDER BY code DESC LIMIT 1`);
    const team = await createTeam(database, planner, { checkpointId: post!.id, name: 'Tổ đêm', officerCount: 5 }, null);
    const day = addDays(localDateOf(new Date()), 3);
    await database.rows(sql`DELETE FROM roster_assignments WHERE checkpoint_id = ${post!.id} AND shift_date BETWEEN ${day}::date AND ${addDays(day, 1)}::date`);
    await applyRosterChanges(database, planner, { changes: [{ checkpointId: post!.id, shiftDate: day, shiftIndex: 2, teamId: team.id }] }, SHIFTS, null);
    const at = (date: string, hhmm: number) => localInstant(date, hhmm);
    const holder = async (when: Date) => (await getStaffingAt(database, national, when, SHIFTS)).posts.find((p) => p.id === post!.id)!;
    // 23:30 and 05:59 the next morning are the same night shift (it began at 22:00 on `day`).
    expect(shiftAt(at(addDays(day, 1), 5 * 60 + 59), SHIFTS)).toMatchObject({ date: day, index: 2 });
    expect((await holder(at(day, 23 * 60 + 30))).current?.teamId).toBe(team.id);
    const early = await holder(at(addDays(day, 1), 5 * 60 + 59));
    expect(early.current?.teamId).toBe(team.id);
    expect(early.next).toBeNull();
    expect((await holder(at(addDays(day, 1), 6 * 60))).current).toBeNull();
    expect((await holder(at(day, 21 * 60 + 59))).current).toBeNull();
    expect((await holder(at(day, 21 * 60 + 59))).next?.teamId).toBe(team.id);
  });

  it('suggests the nearest posts with a team on duty now, nearest first', async () => {
    const id = await raise(107.97, 21.53, new Date(), 'tip');
    const now = new Date();
    const suggestions = await getDispatchSuggestion(database, national, id, now, 5);
    const staffed = (await getStaffingAt(database, national, now, SHIFTS)).posts.filter((p) => p.current);
    expect(suggestions.length).toBeGreaterThan(0);
    const distances = suggestions.map((s) => s.distanceM);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    for (const s of suggestions) expect(staffed.some((p) => p.id === s.checkpointId && p.current!.teamId === s.teamId)).toBe(true);
    // No staffed post is nearer than the farthest suggestion without being suggested.
    const farthest = distances.at(-1)!;
    const nearer = staffed.filter((p) => distanceM([p.lon, p.lat], [107.97, 21.53]) < farthest * 0.995).map((p) => p.id);
    for (const p of nearer) expect(suggestions.map((s) => s.checkpointId)).toContain(p);
  });
});

describe(`situation reports (${engineName})`, () => {
  it('freezes a signed report: no edit through the application or in the database; corrections are new linked reports', async () => {
    const { id } = await openReport(database, operator, {}, SHIFTS, null);
    let report = (await getSituationReport(database.db, operator, id))!;
    report = await updateReport(database, operator, id, { version: report.version, narrative: 'Biên giới ổn định. Không có vụ việc đặc biệt.' }, SHIFTS, null);
    const signed = await signReport(database, operator, id, report.version, null);
    expect(signed.status).toBe('signed');
    expect(signed.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.hashValid).toBe(true);
    await expect(updateReport(database, operator, id, { version: signed.version, narrative: 'sửa' }, SHIFTS, null)).rejects.toMatchObject({ code: 'conflict' });
    await expect(database.rows(sql`UPDATE situation_reports SET narrative = 'sửa lén' WHERE id = ${id}`)).rejects.toThrow();
    await expect(database.rows(sql`DELETE FROM situation_reports WHERE id = ${id}`)).rejects.toThrow();
    const correction = await openReport(database, operator, { correctsId: id }, SHIFTS, null);
    expect(correction.created).toBe(true);
    const fresh = (await getSituationReport(database.db, operator, id))!;
    expect(fresh.correctedBy).toEqual([correction.id]);
    expect(fresh.narrative).toBe('Biên giới ổn định. Không có vụ việc đặc biệt.');
    expect((await getSituationReport(database.db, operator, correction.id))!.correctsId).toBe(id);
  });
});

describe(`overview figures (${engineName})`, () => {
  it('counts crossings as the events page does and open alerts as the inbox does', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 3 * 86_400_000);
    const figures = await getPeriodFigures(database, national, from, to);
    const filter = (direction: 'into_vn' | 'out_of_vn') => eventFilterSchema.parse({ from: from.toISOString(), to: to.toISOString(), direction });
    expect(figures.crossings.into).toBe(await countEvents(database, national, filter('into_vn'), 'crossings', 1_000_000));
    expect(figures.crossings.out).toBe(await countEvents(database, national, filter('out_of_vn'), 'crossings', 1_000_000));
    const open = await listAlertGroups(database, national, { state: 'open', sort: 'attention', limit: 10_000 });
    const [summary] = await database.rows<{ n: number }>(sql`
      SELECT count(DISTINCT coalesce(incident_id, id))::int AS n FROM alerts WHERE status IN ('new', 'acknowledged', 'dispatched')`);
    expect(open.length).toBe(Number(summary!.n));
  });
});
