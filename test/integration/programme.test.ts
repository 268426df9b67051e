import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFacilityOutages, getFacilityUptime, listFacilities } from '@/db/queries/programme';
import { scopeFor } from '@/lib/auth/permissions';
import { addContact, createFacility, recordStep } from '@/lib/programme/facilities';
import { getFacilityPage } from '@/lib/programme/read';
import { reconcileFacilities } from '@/lib/programme/reconcile';
import { canReadScope, reportScope } from '@/lib/programme/reports';
import { contactSchema, facilityCreateSchema } from '@/lib/programme/schemas';
import { localInstant } from '@/lib/domain/local-time';
import { engineName } from '@/test/support/database';
import { addCamera, CameraStatus, countOf, database, dic, downAlerts, facilityBeingConnected, facilityRow, mic, monitor, newFacility, one, openProgrammeDatabase, plan, refusal, statusHistory, survey, telecom, viewer } from '@/test/support/programme-fixture';

// The camera programme on both engines: a facility's status follows its cameras (and nothing
// else), its "facility down" alert is raised once per outage and closes itself, uptime is
// counted per local day across midnight, and every user sees and touches only their own
// facilities. Daily reports: programme-reports.test.ts.

beforeAll(openProgrammeDatabase);
afterAll(async () => database?.close());

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

