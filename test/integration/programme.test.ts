import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import type { FacilityStatus } from '@/lib/domain/facilities';
import { listFacilityOutages, getFacilityUptime, getProgramme, listFacilities } from '@/db/queries/programme';
import { AppError } from '@/lib/api/errors';
import { scopeFor } from '@/lib/auth/permissions';
import { addContact, createFacility, recordStep, updateFacility, type ProgrammeActor, type WriteContext } from '@/lib/programme/facilities';
import { computeFigures } from '@/lib/programme/figures';
import { getFacilityPage } from '@/lib/programme/read';
import { reconcileFacilities } from '@/lib/programme/reconcile';
import { canReadScope, generateReport, reportScope } from '@/lib/programme/reports';
import { contactSchema, facilityCreateSchema, planSchema, surveySchema } from '@/lib/programme/schemas';
import { canonicalJson, contentHash } from '@/lib/reports/canonical';
import { addDays, localDateOf, localInstant } from '@/lib/domain/local-time';
import { engineName, openTestDatabase } from '@/test/support/database';

// The camera programme on both engines: a facility's status follows its cameras (and nothing
// else), its "facility down" alert is raised once per outage and closes itself, uptime is
// counted per local day across midnight, daily reports are made once and never change, and
// every user sees and touches only their own facilities. One database for the whole file.

let database: Database;
let dic: WriteContext;
let mic: WriteContext;
let telecom: WriteContext;
let viewer: WriteContext;
/** A position inside Quang Ninh (VN-13), taken from a seeded facility. */
let inQuangNinh: { longitude: number; latitude: number };
/** The scratch database's name on the server engine (to break a deadlock from outside its pool). */
let databaseName: string;

async function contextOf(username: string): Promise<WriteContext> {
  const [actor] = await database.rows<ProgrammeActor>(sql`
    SELECT u.id, u.display_name AS "displayName", u.role::text AS role, u.province_code AS "provinceCode", u.agency_id AS "agencyId", a.kind::text AS "agencyKind"
    FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = ${username}`);
  if (!actor) throw new Error(`no demo user ${username}`);
  return { actor, ip: '127.0.0.1' };
}

beforeAll(async () => {
  database = await openTestDatabase();
  [dic, mic, telecom, viewer] = await Promise.all([contextOf('dic'), contextOf('mic'), contextOf('telecom'), contextOf('viewer')]);
  const [p] = await database.rows<{ longitude: number; latitude: number }>(sql`
    SELECT ST_X(geom) AS longitude, ST_Y(geom) AS latitude FROM quarantine_facilities WHERE code = 'QF-DEMO-1'`);
  inQuangNinh = p!;
  databaseName = (await one<{ name: string }>(sql`SELECT current_database() AS name`)).name;
});
afterAll(async () => database?.close());

/** The refusal a promise ends in (it must end in one). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const one = async <T,>(query: ReturnType<typeof sql>): Promise<T> => (await database.rows<T>(query))[0]!;
const countOf = async (query: ReturnType<typeof sql>) => (await one<{ n: number }>(query)).n;

async function newFacility(name: string): Promise<string> {
  const input = facilityCreateSchema.parse({ name, address: 'Test address', position: inQuangNinh, managingAuthority: 'Test authority', capacity: 100, occupancy: 10 });
  return (await createFacility(database, dic, input)).id;
}

async function addCamera(facilityId: string, withStream = true): Promise<string> {
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO cameras (code, name, province_code, agency_id, kind, bearing_deg, fov_deg, range_m, stream_url, facility_id, geom)
    VALUES (${`T-${randomUUID()}`}, 'facility test camera', 'VN-13', 'syt-qn', 'fixed', 0, 90, 60, ${withStream ? 'demo://test/live.m3u8' : null}, ${facilityId},
      ST_SetSRID(ST_MakePoint(${inQuangNinh.longitude}, ${inQuangNinh.latitude}), 4326))
    RETURNING id`);
  return row!.id;
}

type CameraStatus = 'unknown' | 'live' | 'offline' | 'stalled' | 'unsupported';

/**
 * What the health monitor does when cameras change: their status and history, then the
 * facility's reconciliation, in one transaction (lib/video/health applyState).
 */
async function monitor(facilityId: string, changes: Record<string, CameraStatus>, at = new Date()) {
  return database.db.transaction(async (tx) => {
    for (const [id, status] of Object.entries(changes)) {
      await tx.execute(sql`UPDATE cameras SET status = ${status}::camera_status, status_since = ${at} WHERE id = ${id}`);
      await tx.execute(sql`INSERT INTO camera_status_changes (camera_id, status, at) VALUES (${id}, ${status}::camera_status, ${at})`);
    }
    return reconcileFacilities(tx, [facilityId], { now: at });
  });
}

const facilityRow = (id: string) =>
  one<{ stage: string; status: FacilityStatus; first_connected_at: string | null; version: number; required_cameras: number | null }>(
    sql`SELECT stage, status, first_connected_at, version, required_cameras FROM quarantine_facilities WHERE id = ${id}`,
  );
const statusHistory = (id: string) =>
  database.rows<{ from_status: string | null; to_status: string; at: string }>(
    sql`SELECT from_status, to_status, at FROM facility_events WHERE facility_id = ${id} AND to_status IS NOT NULL ORDER BY at, id`,
  );
const downAlerts = (id: string) =>
  database.rows<{ id: string; status: string; outcome: string | null }>(
    sql`SELECT id, status, outcome FROM alerts WHERE kind = 'facility_down' AND facility_id = ${id} ORDER BY created_at, id`,
  );

const today = () => localDateOf(new Date());
const survey = () => surveySchema.parse({ surveyedOn: today(), surveyors: 'DIC and VNPT', existingCameras: [], areas: [{ area: 'entrance', label: 'Gate', covered: false }], camerasNeeded: 2 });
const plan = (camerasToConnect: number) =>
  planSchema.parse({ agreedOn: today(), telecomAgencyId: 'vnpt-qn', camerasToConnect, method: 'fibre to the provincial centre', targetDate: addDays(today(), 7) });

/** A facility through survey → plan → connect, with its two planned cameras (not yet checked). */
async function facilityBeingConnected(name: string): Promise<{ id: string; cams: [string, string] }> {
  const id = await newFacility(name);
  await recordStep(database, dic, id, 'survey', survey());
  await recordStep(database, dic, id, 'plan', plan(2));
  await recordStep(database, dic, id, 'connect', {});
  return { id, cams: [await addCamera(id), await addCamera(id)] };
}

describe(`facility status follows its cameras (${engineName})`, () => {
  let facility: string;
  let cams: [string, string];

  it('is connecting after the steps, and stays so until the planned cameras are live', async () => {
    facility = await newFacility('Status test facility');
    expect((await facilityRow(facility)).status).toBe('not_surveyed');
    expect((await recordStep(database, dic, facility, 'survey', survey())).status).toBe('surveyed');
    expect((await recordStep(database, dic, facility, 'plan', plan(2))).status).toBe('plan_agreed');
    // Recording the connection ticks a box: with no camera live that is "connecting", not "connected".
    expect((await recordStep(database, dic, facility, 'connect', {})).status).toBe('connecting');
    expect(await facilityRow(facility)).toMatchObject({ stage: 'connecting', status: 'connecting', first_connected_at: null, required_cameras: 2 });

    cams = [await addCamera(facility), await addCamera(facility)];
    // A camera without a stream is no camera of the programme's: it never counts as live.
    const noStream = await addCamera(facility, false);
    await database.db.execute(sql`UPDATE cameras SET status = 'live' WHERE id = ${noStream}`);
    await monitor(facility, { [cams[0]]: 'live' });
    expect((await facilityRow(facility)).status).toBe('connecting');
    await monitor(facility, { [cams[1]]: 'offline' });
    expect((await facilityRow(facility)).status).toBe('connecting');
  });

  it('is connected once the planned number are live, with the moment and a history row', async () => {
    const at = new Date();
    const result = await monitor(facility, { [cams[1]]: 'live' }, at);
    expect(result.changed).toBe(1);
    const row = await facilityRow(facility);
    expect(row.status).toBe('connected');
    expect(new Date(row.first_connected_at!).getTime()).toBe(at.getTime());
    const last = (await statusHistory(facility)).at(-1)!;
    expect(last).toMatchObject({ from_status: 'connecting', to_status: 'connected' });
    expect(new Date(last.at).getTime()).toBe(at.getTime());
    // Nothing changed since: reconciling again writes nothing.
    expect((await monitor(facility, {})).changed).toBe(0);
    expect((await statusHistory(facility)).at(-1)).toEqual(last);
  });

  it('is degraded when a camera goes, and raises one alert when all are down', async () => {
    const firstConnected = (await facilityRow(facility)).first_connected_at;
    await monitor(facility, { [cams[0]]: 'offline' });
    expect((await facilityRow(facility)).status).toBe('degraded');
    expect(await downAlerts(facility)).toEqual([]);

    const result = await monitor(facility, { [cams[1]]: 'stalled' });
    expect(result.raised).toBe(1);
    expect((await facilityRow(facility)).status).toBe('degraded');
    // The periodic round and another look at the same outage raise nothing more.
    await monitor(facility, {});
    await database.db.transaction((tx) => reconcileFacilities(tx, null));
    const alerts = await downAlerts(facility);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.status).toBe('new');
    // Degrading does not move the moment it was first connected.
    expect((await facilityRow(facility)).first_connected_at).toEqual(firstConnected);
  });

  it('resolves the alert by itself when a camera is back, and raises a new one for the next outage', async () => {
    const result = await monitor(facility, { [cams[0]]: 'live' });
    expect(result.restored).toBe(1);
    const [alert] = await downAlerts(facility);
    expect(alert).toMatchObject({ status: 'resolved', outcome: 'restored' });
    expect((await facilityRow(facility)).status).toBe('degraded');

    await monitor(facility, { [cams[0]]: 'offline' });
    const alerts = await downAlerts(facility);
    expect(alerts.map((a) => a.status)).toEqual(['resolved', 'new']);
    await monitor(facility, { [cams[0]]: 'live', [cams[1]]: 'live' });
    expect((await facilityRow(facility)).status).toBe('connected');
    expect((await downAlerts(facility)).map((a) => a.status)).toEqual(['resolved', 'resolved']);
  });

  it('keeps a history where every row starts from the status before it', async () => {
    const history = await statusHistory(facility);
    expect(history[0]).toMatchObject({ from_status: null, to_status: 'not_surveyed' });
    for (let i = 1; i < history.length; i++) expect(history[i]!.from_status, `row ${i}`).toBe(history[i - 1]!.to_status);
    expect(history.at(-1)!.to_status).toBe((await facilityRow(facility)).status);
    expect(history.map((h) => h.to_status)).toEqual(['not_surveyed', 'surveyed', 'plan_agreed', 'connecting', 'connected', 'degraded', 'connected']);
  });

  it('holds a connected status while cameras are unchecked (a restart), and reports nothing down', async () => {
    await monitor(facility, { [cams[0]]: 'unknown', [cams[1]]: 'unknown' });
    expect((await facilityRow(facility)).status).toBe('connected');
    expect((await downAlerts(facility)).filter((a) => a.status === 'new')).toEqual([]);
  });

  // An unchecked camera is not a camera back: the outage's alert stays open until one is live.
  it('keeps the outage alert open when a camera not yet checked joins a facility that is down', async () => {
    const { id, cams: [a, b] } = await facilityBeingConnected('Outage with a new camera');
    await monitor(id, { [a]: 'live', [b]: 'live' });
    await monitor(id, { [a]: 'offline', [b]: 'offline' });
    expect((await downAlerts(id)).map((x) => x.status)).toEqual(['new']);
    // A third camera is installed during the outage; the periodic round sees it unchecked, then its first check fails.
    const added = await addCamera(id);
    await database.db.transaction((tx) => reconcileFacilities(tx, null));
    await monitor(id, { [added]: 'offline' });
    expect(await one(sql`SELECT count(*) FILTER (WHERE status = 'live')::int AS live FROM cameras WHERE facility_id = ${id}`)).toEqual({ live: 0 });
    expect((await downAlerts(id)).filter((x) => x.status === 'new')).toHaveLength(1);
  });

  it('refuses a step out of order with 409, and writes nothing', async () => {
    const fresh = await newFacility('Out of order facility');
    const counts = () =>
      one<{ events: number; audit: number; plans: number; version: number }>(sql`
        SELECT (SELECT count(*)::int FROM facility_events WHERE facility_id = ${fresh}) AS events,
          (SELECT count(*)::int FROM audit_log WHERE target_id = ${fresh}) AS audit,
          (SELECT count(*)::int FROM facility_plans WHERE facility_id = ${fresh}) AS plans,
          (SELECT version FROM quarantine_facilities WHERE id = ${fresh}) AS version`);
    const before = await counts();
    const connect = await refusal(recordStep(database, dic, fresh, 'connect', {}));
    expect(connect.status).toBe(409);
    expect(connect.details).toMatchObject({ code: 'out_of_order', stage: 'not_surveyed' });
    const early = await refusal(recordStep(database, dic, fresh, 'plan', plan(2)));
    expect(early.status).toBe(409);
    expect(await counts()).toEqual(before);
    expect((await facilityRow(fresh)).status).toBe('not_surveyed');

    // Connected facilities cannot be planned again or connected twice.
    for (const step of ['plan', 'connect', 'survey'] as const) {
      const again = await refusal(recordStep(database, dic, facility, step, step === 'plan' ? plan(1) : step === 'survey' ? survey() : {}));
      expect(again.status, step).toBe(409);
    }
    expect(await facilityRow(facility)).toMatchObject({ status: 'connected', required_cameras: 2 });
  });
});

describe(`uptime by local day (${engineName})`, () => {
  let facility: string;
  let cams: string[];

  beforeAll(async () => {
    facility = await newFacility('Uptime test facility');
    cams = [await addCamera(facility), await addCamera(facility), await addCamera(facility)];
  });

  const insertChanges = async (changes: { camera: string; status: CameraStatus; at: Date }[]) => {
    await database.db.execute(sql`DELETE FROM camera_status_changes WHERE camera_id = ANY(${`{${cams.join(',')}}`}::uuid[])`);
    if (changes.length === 0) return;
    await database.db.execute(sql`
      INSERT INTO camera_status_changes (camera_id, status, at)
      SELECT x.camera, x.status::camera_status, x.at
      FROM jsonb_to_recordset(${JSON.stringify(changes.map((c, i) => ({ ...c, at: c.at.toISOString(), i })))}::jsonb) AS x(camera uuid, status text, at timestamptz, i int)
      ORDER BY x.i`);
  };
  const uptime = async (from: Date, to: Date) => (await getFacilityUptime(database, reportScope('VN-13'), from, to, facility))[0];

  it('splits an outage across local midnight between the two days (days start at 17:00 UTC)', async () => {
    // 3 May 2021 in Viet Nam (UTC+7): unchecked from 21:00, live from 22:00, offline 23:30, live again 00:40 on 4 May.
    const iso = (s: string) => new Date(s);
    await insertChanges([
      { camera: cams[0]!, status: 'unknown', at: iso('2021-05-03T14:00:00Z') },
      { camera: cams[0]!, status: 'live', at: iso('2021-05-03T15:00:00Z') },
      { camera: cams[0]!, status: 'offline', at: iso('2021-05-03T16:30:00Z') },
      { camera: cams[0]!, status: 'live', at: iso('2021-05-03T17:40:00Z') },
    ]);
    const may3 = localInstant('2021-05-03');
    const may4 = localInstant('2021-05-04');
    const may5 = localInstant('2021-05-05');
    expect(may3.toISOString()).toBe('2021-05-02T17:00:00.000Z');
    expect(may4.toISOString()).toBe('2021-05-03T17:00:00.000Z');

    const h = 3_600;
    const first = await uptime(may3, may4);
    // Live 22:00–23:30, offline 23:30–24:00; the hour before 22:00 was not known and does not count.
    expect(first).toMatchObject({ liveSeconds: 1.5 * h, knownSeconds: 2 * h });
    expect(first!.uptimePct).toBeCloseTo(75, 9);
    const second = await uptime(may4, may5);
    // Offline 00:00–00:40, then live for the rest of the day.
    expect(second).toMatchObject({ liveSeconds: 24 * h - 40 * 60, knownSeconds: 24 * h });

    const outages = await listFacilityOutages(database, reportScope('VN-13'), may4, may5, facility);
    expect(outages.map((o) => ({ seconds: o.seconds, start: new Date(o.start).toISOString(), end: o.end && new Date(o.end).toISOString() }))).toEqual([
      { seconds: 40 * 60, start: '2021-05-03T16:30:00.000Z', end: '2021-05-03T17:40:00.000Z' },
    ]);
    // Before anything was known there is no uptime at all (not 0 %).
    expect((await uptime(localInstant('2021-05-01'), may3))?.uptimePct ?? null).toBeNull();
  });

  it('agrees with a plain reference computation over random histories and windows', async () => {
    const base = Date.UTC(2021, 4, 10);
    const statuses: CameraStatus[] = ['unknown', 'live', 'offline', 'stalled', 'unsupported'];
    const change = fc.record({ camera: fc.integer({ min: 0, max: 2 }), status: fc.constantFrom(...statuses), minute: fc.integer({ min: 0, max: 3 * 1440 }) });
    const window = fc.tuple(fc.integer({ min: -600, max: 3 * 1440 + 600 }), fc.integer({ min: 1, max: 2 * 1440 })).map(([start, length]) => [start, start + length] as const);

    /** Each camera's status lasts until its next change (or the window's end); live / known, clipped to the window. */
    const reference = (changes: { camera: number; status: CameraStatus; minute: number }[], from: number, to: number) => {
      let live = 0;
      let known = 0;
      for (const camera of [0, 1, 2]) {
        // Same-minute changes keep the order they were written in (a stable sort).
        const own = changes.filter((c) => c.camera === camera).sort((a, b) => a.minute - b.minute);
        own.forEach((c, i) => {
          const end = i + 1 < own.length ? own[i + 1]!.minute : Infinity;
          const seconds = Math.max(0, Math.min(end, to) - Math.max(c.minute, from)) * 60;
          if (c.status === 'live') live += seconds;
          if (c.status !== 'live' && c.status !== 'unknown') known += seconds;
        });
      }
      return { live, known: live + known };
    };

    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 0, maxLength: 12 }), window, async (changes, [from, to]) => {
        const at = (minute: number) => new Date(base + minute * 60_000);
        await insertChanges(changes.map((c) => ({ camera: cams[c.camera]!, status: c.status, at: at(c.minute) })));
        const got = await uptime(at(from), at(to));
        const want = reference(changes, from, to);
        expect(Math.abs((got?.liveSeconds ?? 0) - want.live)).toBeLessThanOrEqual(1e-6);
        expect(Math.abs((got?.knownSeconds ?? 0) - want.known)).toBeLessThanOrEqual(1e-6);
        const pct = want.known > 0 ? (100 * want.live) / want.known : null;
        if (pct === null) expect(got?.uptimePct ?? null).toBeNull();
        else expect(Math.abs(got!.uptimePct! - pct)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 80 },
    );
  });
});

describe(`who sees and touches which facility (${engineName})`, () => {
  const openIds = async (where: ReturnType<typeof sql>) =>
    (await database.rows<{ id: string }>(sql`SELECT id FROM quarantine_facilities WHERE closed_at IS NULL AND ${where} ORDER BY id`)).map((r) => r.id);

  it("lists a telecom company's staff only their company's facilities", async () => {
    const rows = await listFacilities(database, scopeFor(telecom.actor, 'facility:read')!);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.telecomAgencyId))).toEqual(new Set(['vnpt-qn']));
    expect(rows.map((r) => r.id).sort()).toEqual(await openIds(sql`telecom_agency_id = 'vnpt-qn'`));
    // There are other companies' facilities in the same province to be hidden.
    expect((await openIds(sql`province_code = 'VN-13' AND telecom_agency_id = 'viettel-qn'`)).length).toBeGreaterThan(0);
  });

  it("refuses a telecom company's staff a step on another company's facility as if it did not exist", async () => {
    const [other] = await openIds(sql`province_code = 'VN-13' AND telecom_agency_id = 'viettel-qn' AND stage = 'plan_agreed'`);
    const before = await facilityRow(other!);
    const refused = await refusal(recordStep(database, telecom, other!, 'connect', {}));
    expect(refused.status).toBe(404);
    expect(await facilityRow(other!)).toEqual(before);
    // Reading it is refused the same way, and that attempt is on record.
    const readsDenied = () =>
      countOf(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'facility.denied' AND target_id = ${other!} AND details->>'attempted' = 'facility:read'`);
    const readsBefore = await readsDenied();
    expect((await refusal(getFacilityPage(database, telecom, scopeFor(telecom.actor, 'facility:read')!, other!))).status).toBe(404);
    expect(await readsDenied()).toBe(readsBefore + 1);
    // Their own company's facility, the same step: allowed.
    const [own] = await openIds(sql`province_code = 'VN-13' AND telecom_agency_id = 'vnpt-qn' AND stage = 'plan_agreed'`);
    expect((await recordStep(database, telecom, own!, 'connect', {})).status).not.toBe('plan_agreed');
    // Editing is the department's, not the company's: visible, so 403 rather than 404.
    expect((await refusal(addContact(database, telecom, own!, contactSchema.parse({ name: 'X', phone: '0912 345 678' })))).status).toBe(403);
  });

  // The entry is written after the refused change's transaction has rolled back.
  it('audits the attempt on a facility outside their scope as facility.denied', async () => {
    const [other] = await openIds(sql`province_code = 'VN-13' AND telecom_agency_id = 'viettel-qn'`);
    const denied = () => countOf(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'facility.denied' AND target_id = ${other!} AND actor_id = ${telecom.actor.id}`);
    const before = await denied();
    await refusal(recordStep(database, telecom, other!, 'survey', survey()));
    expect(await denied()).toBe(before + 1);
  });

  it("lists a health department's viewer only their department's facilities", async () => {
    const rows = await listFacilities(database, scopeFor(viewer.actor, 'facility:read')!);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.agencyId))).toEqual(new Set(['syt-qn']));
    expect(rows.map((r) => r.id).sort()).toEqual(await openIds(sql`agency_id = 'syt-qn' AND province_code = 'VN-13'`));
  });

  it("keeps a provincial department to its province: no facility elsewhere, no other province's report", async () => {
    const before = await countOf(sql`SELECT count(*)::int AS n FROM quarantine_facilities`);
    const input = facilityCreateSchema.parse({
      name: 'Elsewhere',
      address: 'Lang Son',
      position: { longitude: 106.76, latitude: 21.85 },
      managingAuthority: 'Lang Son',
      capacity: 10,
      occupancy: 0,
      provinceCode: 'VN-09',
    });
    const refused = await refusal(createFacility(database, dic, input));
    expect(refused.status).toBe(422);
    expect(refused.details).toMatchObject({ code: 'outside_your_province' });
    expect(await countOf(sql`SELECT count(*)::int AS n FROM quarantine_facilities`)).toBe(before);

    expect(canReadScope(dic.actor, 'VN-13')).toBe(true);
    expect(canReadScope(dic.actor, 'VN-09')).toBe(false);
    expect(canReadScope(dic.actor, 'national')).toBe(false);
    expect(canReadScope(mic.actor, 'VN-09')).toBe(true);
    expect(canReadScope(mic.actor, 'national')).toBe(true);
    // Those who see part of a province do not read the whole province's report.
    expect(canReadScope(telecom.actor, 'VN-13')).toBe(false);
    expect(canReadScope(viewer.actor, 'VN-13')).toBe(false);
  });

  it('checks contacts before they are stored, with the reason', async () => {
    const bad = contactSchema.safeParse({ name: 'Nguyễn Văn A', phone: '0912-abc-678', email: 'not an address' });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    expect(new Set(issues.map((i) => i.path))).toEqual(new Set(['email', 'phone']));
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
    // Well formed but too short to be a number.
    const short = contactSchema.safeParse({ name: 'Nguyễn Văn A', phone: '0912 34' });
    expect(short.error?.issues.map((i) => i.path.join('.'))).toEqual(['phone']);
    expect(short.error?.issues[0]?.message).toMatch(/digits/);

    const good = contactSchema.parse({ name: 'Nguyễn Văn A', phone: ' +84 912 345 678 ', email: 'a@example.vn' });
    expect(good.phone).toBe('+84 912 345 678');
    const facility = await newFacility('Contact test facility');
    const { id } = await addContact(database, dic, facility, good);
    expect(await one(sql`SELECT phone, email, is_primary AS "isPrimary" FROM facility_contacts WHERE id = ${id}`)).toEqual({ phone: '+84 912 345 678', email: 'a@example.vn', isPrimary: true });
  });
});

describe(`daily reports (${engineName})`, () => {
  const ctxActor = () => ({ ...dic.actor });

  it('makes a report once per scope and day, and never changes it', async () => {
    const date = today();
    const first = await generateReport(database, { scopeKey: 'VN-13', date, actor: ctxActor() });
    expect(first.created).toBe(true);
    expect(first.report.contentHash).toBe(contentHash(canonicalJson(first.report.figures)));
    const again = await generateReport(database, { scopeKey: 'VN-13', date, actor: ctxActor() });
    expect(again).toMatchObject({ created: false, report: { id: first.report.id, contentHash: first.report.contentHash } });

    // Facilities that existed at the cut-off change afterwards: more people at one, a camera down at another.
    const crowded = await one<{ id: string; occupancy: number; version: number }>(sql`SELECT id, occupancy, version FROM quarantine_facilities WHERE code = 'QF-DEMO-2'`);
    await updateFacility(database, dic, crowded.id, { baseVersion: crowded.version, occupancy: crowded.occupancy + 5 });
    // An editor who saw the version before that change is told who changed it first.
    const stale = await refusal(updateFacility(database, dic, crowded.id, { baseVersion: crowded.version, occupancy: 0 }));
    expect(stale.status).toBe(409);
    expect(stale.details).toMatchObject({ version: crowded.version + 1, by: dic.actor.displayName });
    const camera = await one<{ id: string; facility_id: string }>(sql`
      SELECT c.id, c.facility_id FROM cameras c JOIN quarantine_facilities f ON f.id = c.facility_id WHERE f.code = 'QF-DEMO-1' AND c.status = 'live' ORDER BY c.code LIMIT 1`);
    await monitor(camera.facility_id, { [camera.id]: 'offline' });

    const stored = await one<{ figures: unknown; content_hash: string }>(sql`SELECT figures, content_hash FROM programme_reports WHERE id = ${first.report.id}`);
    expect(stored.content_hash).toBe(first.report.contentHash);
    expect(stored.figures).toEqual(first.report.figures);
    expect(contentHash(canonicalJson(stored.figures))).toBe(stored.content_hash);
    // The same computation now says something else, so the equality above is the freezing at work.
    const { deadline } = await getProgramme(database);
    const recomputed = await computeFigures(database, reportScope('VN-13'), 'VN-13', date, new Date(first.report.cutoffAt), deadline);
    expect(recomputed.totals.occupancy).toBe(first.report.figures.totals.occupancy + 5);
    const later = await generateReport(database, { scopeKey: 'VN-13', date, actor: ctxActor() });
    expect(later).toMatchObject({ created: false, report: { id: first.report.id, contentHash: first.report.contentHash } });
    expect(later.report.figures).toEqual(first.report.figures);
  });

  it('refuses to change or delete a stored report', async () => {
    const [report] = await database.rows<{ id: string; content_hash: string }>(sql`SELECT id, content_hash FROM programme_reports LIMIT 1`);
    // The driver wraps the server's refusal; its reason is in the cause.
    const reason = (query: ReturnType<typeof sql>) =>
      database.db.execute(query).then(
        () => 'accepted',
        (err: Error) => String((err.cause as Error | undefined)?.message ?? err.message),
      );
    expect(await reason(sql`UPDATE programme_reports SET content_hash = 'forged' WHERE id = ${report!.id}`)).toMatch(/append-only: UPDATE refused/);
    expect(await reason(sql`DELETE FROM programme_reports WHERE id = ${report!.id}`)).toMatch(/append-only: DELETE refused/);
    expect(await one(sql`SELECT id, content_hash FROM programme_reports WHERE id = ${report!.id}`)).toEqual(report);
  });

  it("states a past day's statuses as its history had them at the cut-off", async () => {
    // A facility registered two days ago and connected only now: yesterday it was not connected.
    const { id: late, cams } = await facilityBeingConnected('Connected after the cut-off');
    await monitor(late, { [cams[0]]: 'live', [cams[1]]: 'live' });
    expect((await facilityRow(late)).status).toBe('connected');
    const yesterday = addDays(today(), -1);
    await database.db.execute(sql`UPDATE quarantine_facilities SET created_at = ${localInstant(addDays(today(), -2), 9 * 60)} WHERE id = ${late}`);

    const { report, created } = await generateReport(database, { scopeKey: 'VN-13', date: yesterday, actor: ctxActor() });
    expect(created).toBe(true);
    const cutoff = new Date(report.cutoffAt);
    const { reportMinute } = await getProgramme(database);
    expect(cutoff.getTime()).toBe(localInstant(yesterday, reportMinute).getTime());

    // Each facility's status at the cut-off, read off the raw history here.
    const facilities = await database.rows<{ id: string; created_at: string; closed_at: string | null }>(
      sql`SELECT id, created_at, closed_at FROM quarantine_facilities WHERE province_code = 'VN-13'`,
    );
    const events = await database.rows<{ facility_id: string; at: string; to_status: FacilityStatus }>(
      sql`SELECT e.facility_id, e.at, e.to_status FROM facility_events e JOIN quarantine_facilities f ON f.id = e.facility_id
          WHERE f.province_code = 'VN-13' AND e.to_status IS NOT NULL ORDER BY e.at, e.id`,
    );
    const expected = new Map<string, FacilityStatus>();
    for (const f of facilities) {
      if (new Date(f.created_at) > cutoff || (f.closed_at && new Date(f.closed_at) <= cutoff)) continue;
      expected.set(f.id, 'not_surveyed');
    }
    for (const e of events) if (expected.has(e.facility_id) && new Date(e.at) <= cutoff) expected.set(e.facility_id, e.to_status);

    const reported = new Map(report.figures.facilities.map((f) => [f.id, f.status]));
    expect(reported).toEqual(expected);
    expect(reported.get(late)).toBe('not_surveyed');
    const connected = [...expected.values()].filter((s) => s === 'connected').length;
    expect(connected).toBeGreaterThan(0);
    expect(report.figures.totals.byStatus.connected).toBe(connected);
    expect(report.figures.totals.total).toBe(expected.size);
    expect(report.figures.newlyConnected.map((n) => n.id)).not.toContain(late);
  });

  it('refuses a day that has not begun (422)', async () => {
    const tomorrow = addDays(today(), 1);
    const refused = await refusal(generateReport(database, { scopeKey: 'VN-13', date: tomorrow, actor: ctxActor() }));
    expect(refused.status).toBe(422);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM programme_reports WHERE report_date = ${tomorrow}`)).toBe(0);
  });

  /**
   * Cancels the statements of this test's database that wait for an advisory lock, from a
   * connection of its own (the application's pool may be the thing that is exhausted), so calls
   * stuck behind the lock fail instead of holding the file until its hooks time out. Cancelled,
   * not terminated: a pooled connection that dies while checked out is an uncaught error.
   */
  async function cancelLockWaits(): Promise<number> {
    if (engineName !== 'postgres') return 0;
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${databaseName}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rowCount } = await client.query(
        `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> pg_backend_pid()`,
      );
      return rowCount ?? 0;
    } finally {
      await client.end();
    }
  }

  // More callers than the pool has connections (4 in tests): each waits on the lock holding one,
  // so the holder must do all its work on its own connection, or nothing moves again.
  it('makes exactly one report when five ask at once', async () => {
    const date = addDays(today(), -2);
    const calls = Array.from({ length: 5 }, () => generateReport(database, { scopeKey: 'VN-09', date, actor: null }));
    // Well over what five reports take on either engine (~0.2 s), well under the test's timeout.
    const stuck = await Promise.race([
      Promise.allSettled(calls).then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5_000)),
    ]);
    if (stuck) {
      const cancelled = await cancelLockWaits();
      await Promise.allSettled(calls);
      throw new Error(`five concurrent reports made no progress in 5 s; ${cancelled} statements waiting for the report lock were cancelled`);
    }
    const results = await Promise.all(calls);
    expect(new Set(results.map((r) => r.report.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countOf(sql`SELECT count(*)::int AS n FROM programme_reports WHERE scope_key = 'VN-09' AND report_date = ${date}`)).toBe(1);
  });
});

describe(`what the review found (${engineName})`, () => {
  it('refuses names that would read other than they are (direction overrides, invisible characters)', () => {
    for (const name of ['Ali\u202Ecod.exe', '\u200B\u200B', 'Nguyễn\u2066Văn']) {
      const parsed = contactSchema.safeParse({ name, phone: '0912 345 678' });
      expect(parsed.success, JSON.stringify(name)).toBe(false);
    }
    expect(contactSchema.safeParse({ name: 'Nguyễn Văn Ánh', phone: '0912 345 678' }).success).toBe(true);
  });

  it('refuses a survey dated in the future or before the programme, and a plan due more than a year on', () => {
    const today = localDateOf(Date.now());
    const survey = (surveyedOn: string) => surveySchema.safeParse({ surveyedOn, surveyors: 'A', existingCameras: [], areas: [{ area: 'entrance', label: '', covered: false }], camerasNeeded: 1 }).success;
    expect([survey(today), survey(addDays(today, 1)), survey('1900-01-01')]).toEqual([true, false, false]);
    const plan = (targetDate: string) => planSchema.safeParse({ agreedOn: today, telecomAgencyId: 'vnpt-qn', camerasToConnect: 1, method: 'x', targetDate }).success;
    expect([plan(addDays(today, 30)), plan('9999-12-31')]).toEqual([true, false]);
  });

  it('counts in a past day’s report the cameras its history shows, even when their rows were added later', async () => {
    const date = addDays(localDateOf(Date.now()), -3);
    const { report } = await generateReport(database, { scopeKey: 'VN-HP', date, actor: null });
    // The demo's cameras were inserted at seeding with a week of history behind them.
    const [{ live } = { live: -1 }] = await database.rows<{ live: number }>(sql`
      SELECT count(*)::int AS live FROM cameras c JOIN quarantine_facilities f ON f.id = c.facility_id
      WHERE f.province_code = 'VN-HP' AND c.stream_url IS NOT NULL AND c.retired_at IS NULL
        AND (SELECT s.status FROM camera_status_changes s WHERE s.camera_id = c.id AND s.at <= ${report.figures.cutoffAt} ORDER BY s.at DESC, s.id DESC LIMIT 1) = 'live'`);
    expect(live).toBeGreaterThan(0);
    expect(report.figures.totals.camerasLive).toBe(live);
    expect(report.figures.totals.camerasTotal).toBeGreaterThanOrEqual(live);
  });
});
