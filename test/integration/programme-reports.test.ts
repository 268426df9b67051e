import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacilityStatus } from '@/lib/domain/facilities';
import { getProgramme } from '@/db/queries/programme';
import { updateFacility } from '@/lib/programme/facilities';
import { computeFigures } from '@/lib/programme/figures';
import { generateReport, reportScope } from '@/lib/programme/reports';
import { contactSchema, planSchema, surveySchema } from '@/lib/programme/schemas';
import { canonicalJson, contentHash } from '@/lib/reports/canonical';
import { addDays, localDateOf, localInstant } from '@/lib/domain/local-time';
import { engineName } from '@/test/support/database';
import { countOf, database, databaseName, dic, facilityBeingConnected, facilityRow, monitor, one, openProgrammeDatabase, refusal, today } from '@/test/support/programme-fixture';

// The camera programme's daily reports on both engines: made once per scope and day and never
// changed, read only within the reader's scope; and what a review of the programme found.

beforeAll(openProgrammeDatabase);
afterAll(async () => database?.close());

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
