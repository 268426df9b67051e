import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { getEventDetail } from '@/db/queries/detections';
import type { Device } from '@/lib/detections/device-keys';
import { ingestEvents } from '@/lib/detections/ingest';
import { sweepDetections } from '@/lib/detections/retention';
import { listDetectionMonths, makeDetectionPartitions } from '@/db/queries/detection-retention';
import { checkDataDisk, measureDataDisk } from '@/lib/storage/data-disk';
import { besideBorder } from '@/test/support/border-points';
import { engineName, openTestDatabase } from '@/test/support/database';
import { demoCameraDevice } from '@/test/support/devices';

// How the data's growth is held: retention deletes what it may and nothing else, whatever the
// batch size and however many sweeps run at once beside new traffic — checked against a reference
// computed from the points sent (older than the cutoff and on a track that never crossed → gone,
// with its snapshot; everything else → still there), and the rollups, crossings and an alert's
// evidence unchanged. And the data disk raises its alert before it is full, measured as df does.

const DAY = 86_400_000;
const RETENTION_DAYS = 30;

let database: Database;
let device: Device;
let cameraId: string;
let positions: { vn: { lat: number; lon: number }; cn: { lat: number; lon: number } };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]).toString('base64');

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  ({ cameraId, device } = await demoCameraDevice(database, 'CAM-Z2-1', 'retention box'));
  const beside = besideBorder(database);
  positions = { vn: await beside(120), cn: await beside(-120) };
});
afterAll(() => database?.close());

interface Point {
  id: string;
  track: string | null;
  /** Minutes from the cutoff (negative: older than the retention period). */
  minute: number;
  side: 'vn' | 'cn';
  snapshot: boolean;
}

function toEvent(p: Point, cutoff: number) {
  return {
    id: p.id,
    cameraId,
    ...(p.track ? { trackId: p.track } : {}),
    observedAt: new Date(cutoff + p.minute * 60_000).toISOString(),
    class: 'person' as const,
    confidence: 0.9,
    count: 1,
    position: positions[p.side],
    ...(p.snapshot ? { snapshot: JPEG } : {}),
  };
}

/** The reference: a point stays when it is not older than the cutoff or its track has two neighbours on opposite sides. */
function expectedKept(points: Point[]): string[] {
  const crossed = new Set<string>();
  const byTrack = new Map<string, Point[]>();
  for (const p of points) if (p.track) byTrack.set(p.track, [...(byTrack.get(p.track) ?? []), p]);
  for (const [track, list] of byTrack) {
    list.sort((a, b) => a.minute - b.minute || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (list.some((p, i) => i > 0 && p.side !== list[i - 1]!.side)) crossed.add(track);
  }
  return points.filter((p) => p.minute >= 0 || (p.track !== null && crossed.has(p.track))).map((p) => p.id).sort();
}

const stored = async (run: string) =>
  database.rows<{ id: string; snapshot: boolean }>(sql`
    SELECT d.event_id AS id, s.detection_id IS NOT NULL AS snapshot FROM detections d LEFT JOIN detection_snapshots s ON s.detection_id = d.id
    WHERE d.device_id = ${device.id}::uuid AND d.event_id LIKE ${`${run}-%`} ORDER BY d.event_id`);

/** What heatmaps and counts read: the camera's rollups (hourly and pending) and crossings. */
const derived = async () => {
  const [row] = await database.rows<{ cells: string; crossings: string }>(sql`
    SELECT (SELECT coalesce(sum(n0), 0) FROM detection_cells WHERE camera_id = ${cameraId}::uuid)::text AS cells,
           (SELECT string_agg(from_detection_id || '>' || to_detection_id, ',' ORDER BY id) FROM crossings WHERE camera_id = ${cameraId}::uuid) AS crossings`);
  return row;
};

const pointArb = fc.record({
  track: fc.option(fc.nat(4), { nil: null, freq: 5 }),
  minute: fc.integer({ min: -180, max: 120 }),
  side: fc.constantFrom('vn' as const, 'cn' as const),
  snapshot: fc.boolean(),
});

describe(`detection retention (${engineName})`, () => {
  it('deletes exactly the old points of tracks that never crossed, with their snapshots, under concurrent sweeps and traffic', async () => {
    // One clock for every run: with each run's own, a point at the edge of one run's period
    // would fall out of the next run's, seconds later.
    const now = Date.now();
    const cutoff = now - RETENTION_DAYS * DAY;
    await fc.assert(
      fc.asyncProperty(fc.array(pointArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 3 }), async (raw, batch, sweeps) => {
        const run = randomUUID().slice(0, 8);
        const points: Point[] = raw.map((p, i) => ({ ...p, id: `${run}-${String(i).padStart(2, '0')}`, track: p.track === null ? null : `${run}-t${p.track}` }));
        // Sent as a device would have sent them then: the ingest clock just after the last point.
        const sent = await ingestEvents(database, device, points.map((p) => toEvent(p, cutoff)), { now: cutoff + 121 * 60_000 });
        expect(sent.rejected).toEqual([]);
        const before = await derived();
        const live = [0, 1].map((k) => ({ id: `${run}-live-${k}`, track: null, minute: RETENTION_DAYS * 24 * 60 - 1, side: 'vn' as const, snapshot: true }));

        const results = await Promise.all([
          ...Array.from({ length: sweeps }, () => sweepDetections(database, { retentionDays: RETENTION_DAYS, now, batch })),
          ingestEvents(database, device, live.map((p) => toEvent(p, cutoff)), { now }),
        ]);

        const kept = expectedKept(points);
        const rows = await stored(run);
        expect(rows.map((r) => r.id)).toEqual([...kept, ...live.map((p) => p.id)].sort());
        const wanted = new Set([...points, ...live].filter((p) => p.snapshot).map((p) => p.id));
        for (const r of rows) expect(r.snapshot, r.id).toBe(wanted.has(r.id));
        // Each deleted point counted once, whichever sweep deleted it.
        const sweepResults = results.slice(0, sweeps) as Awaited<ReturnType<typeof sweepDetections>>[];
        expect(sweepResults.reduce((n, r) => n + r.deleted, 0)).toBe(points.length - kept.length);
        expect(sweepResults.reduce((n, r) => n + r.snapshotsDeleted, 0)).toBe(points.filter((p) => p.snapshot && !kept.includes(p.id)).length);
        expect(sweepResults.some((r) => r.complete)).toBe(true);
        // Nothing people read from changed but the deleted rows: crossings and rollups as before
        // (the live points add their own two counts).
        const after = await derived();
        expect(after!.crossings).toBe(before!.crossings);
        expect(BigInt(after!.cells)).toBe(BigInt(before!.cells) + 2n);
      }),
      { numRuns: engineName === 'postgres' ? 20 : 12 },
    );
    // Whatever ran before: nothing older than the cutoff is left outside a track that crossed.
    const [left] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM detections d
      WHERE d.observed_at < ${new Date(cutoff).toISOString()}::timestamptz
        AND NOT (d.track_id IS NOT NULL AND EXISTS (SELECT 1 FROM crossings c WHERE c.camera_id = d.camera_id AND c.track_id = d.track_id))`);
    expect(left!.n).toBe(0);
  });

  it('keeps an old alert’s evidence whole: its crossing, every point of its track and their snapshots', async () => {
    const run = `ev-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const cutoff = now - RETENTION_DAYS * DAY;
    const track = `${run}-t`;
    const points: Point[] = [
      { id: `${run}-a`, track, minute: -90, side: 'vn', snapshot: true },
      { id: `${run}-b`, track, minute: -80, side: 'vn', snapshot: false },
      { id: `${run}-c`, track, minute: -70, side: 'cn', snapshot: true },
      { id: `${run}-d`, track: `${run}-other`, minute: -60, side: 'vn', snapshot: true },
    ];
    const sent = await ingestEvents(database, device, points.map((p) => toEvent(p, cutoff)), { now: cutoff });
    expect(sent.crossings).toBe(1);
    const [alert] = await database.rows<{ crossing_id: string }>(sql`
      SELECT a.crossing_id::text FROM alerts a JOIN crossings c ON c.id = a.crossing_id WHERE c.track_id = ${track}`);
    expect(alert).toBeDefined();
    const scope = { provinceCode: null, agencyId: null };
    const evidence = await getEventDetail(database, scope, 'crossings', Number(alert!.crossing_id));
    expect(evidence!.track).toHaveLength(3);

    const result = await sweepDetections(database, { retentionDays: RETENTION_DAYS, now, batch: 2 });
    expect(result.complete).toBe(true);
    expect(result.keptAsEvidence).toBeGreaterThanOrEqual(3);
    expect(await getEventDetail(database, scope, 'crossings', Number(alert!.crossing_id))).toEqual(evidence);
    expect((await stored(run)).map((r) => `${r.id}:${r.snapshot}`)).toEqual([`${run}-a:true`, `${run}-b:false`, `${run}-c:true`]);
  });

  it('refuses a retention shorter than the late-point window', async () => {
    await expect(sweepDetections(database, { retentionDays: 7 })).rejects.toThrow(/at least 8 days/);
  });
});

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const monthStart = (ms: number, add = 0) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1);
};
/** Which partition holds each of a run's points. */
const partitions = async (run: string) =>
  database.rows<{ id: string; part: string }>(sql`
    SELECT event_id AS id, tableoid::regclass::text AS part FROM detections WHERE event_id LIKE ${`${run}-%`} ORDER BY event_id`);

describe(`monthly partitions (${engineName})`, () => {
  it('exist from this month to three ahead, are made once, and take in rows that landed in the default partition', async () => {
    const now = Date.now();
    const months = await listDetectionMonths(database);
    for (let k = 0; k <= 3; k++) expect(months).toContain(`${monthOf(monthStart(now, k))}-01`);
    expect(await makeDetectionPartitions(database, 3)).toBe(0);
    // A row for a month with no partition yet (as if the worker had been stopped for months).
    const far = monthStart(now, 6) + 3 * DAY;
    const [row] = await database.rows<{ id: string; part: string }>(sql`
      INSERT INTO detections (device_id, event_id, camera_id, observed_at, class, confidence, count, province_code, geom)
      SELECT ${device.id}::uuid, 'far-' || gen_random_uuid(), ${cameraId}::uuid, ${new Date(far).toISOString()}::timestamptz, 'person', 0.5, 1, province_code, geom
      FROM cameras WHERE id = ${cameraId}::uuid
      RETURNING id::text, tableoid::regclass::text AS part`);
    expect(row!.part).toBe('detections_kept');
    await database.rows(sql`INSERT INTO detection_snapshots (detection_id, observed_at, jpeg, bytes) VALUES (${row!.id}::bigint, ${new Date(far).toISOString()}::timestamptz, '\xffd8ff'::bytea, 3)`);
    expect(await makeDetectionPartitions(database, 6)).toBe(3);
    const suffix = monthOf(far).replace('-', '_');
    const [moved] = await database.rows<{ d: string; s: string }>(sql`
      SELECT (SELECT tableoid::regclass::text FROM detections WHERE id = ${row!.id}::bigint) AS d,
             (SELECT tableoid::regclass::text FROM detection_snapshots WHERE detection_id = ${row!.id}::bigint) AS s`);
    expect(moved).toEqual({ d: `detections_${suffix}`, s: `detection_snapshots_${suffix}` });
    await database.rows(sql`DELETE FROM detection_snapshots WHERE detection_id = ${row!.id}::bigint`);
    await database.rows(sql`DELETE FROM detections WHERE id = ${row!.id}::bigint`);
  });

  it('a period’s search reads only the partitions of its months', async () => {
    const now = Date.now();
    const from = new Date(now - 3 * DAY).toISOString();
    const to = new Date(now).toISOString();
    const [plan] = await database.rows<{ 'QUERY PLAN': unknown }>(sql.raw(`
      EXPLAIN (FORMAT JSON) SELECT d.id, d.observed_at FROM detections d
      WHERE d.observed_at >= '${from}' AND d.observed_at < '${to}' AND d.camera_id = '${cameraId}'
      ORDER BY d.observed_at DESC, d.id DESC LIMIT 50`));
    const text = JSON.stringify(plan!['QUERY PLAN']);
    const scanned = [...new Set([...text.matchAll(/"Relation Name":"([a-z_0-9]+)"/g)].map((m) => m[1]!))].sort();
    const expected = [...new Set([monthOf(now - 3 * DAY), monthOf(now)])].map((m) => `detections_${m.replace('-', '_')}`).sort();
    expect(scanned).toEqual(expected);
  });

  it('retention drops whole months, keeping their crossed tracks (and snapshots) in the default partition', async () => {
    const now = Date.now();
    // Two months back: a month that ends more than 10 days ago, whatever today's date.
    const old = monthStart(now, -2) + 5 * DAY;
    const run = `drop-${randomUUID().slice(0, 8)}`;
    // That month as the migration made it (an earlier test's retention may have dropped it).
    await makeDetectionPartitions(database, 0, new Date(old));
    const points: Point[] = [
      { id: `${run}-a`, track: `${run}-crossed`, minute: 0, side: 'vn', snapshot: true },
      { id: `${run}-b`, track: `${run}-crossed`, minute: 5, side: 'cn', snapshot: false },
      { id: `${run}-c`, track: `${run}-stayed`, minute: 1, side: 'vn', snapshot: true },
      { id: `${run}-d`, track: null, minute: 2, side: 'cn', snapshot: true },
    ];
    const sent = await ingestEvents(database, device, points.map((p) => toEvent(p, old)), { now: old + DAY });
    expect(sent).toMatchObject({ accepted: 4, crossings: 1 });
    const suffix = monthOf(old).replace('-', '_');
    expect(new Set((await partitions(run)).map((p) => p.part))).toEqual(new Set([`detections_${suffix}`]));

    const result = await sweepDetections(database, { retentionDays: 10, now });
    expect(result.monthsDropped).toContain(`${monthOf(old)}-01`);
    expect(await listDetectionMonths(database)).not.toContain(`${monthOf(old)}-01`);
    expect(await partitions(run)).toEqual([
      { id: `${run}-a`, part: 'detections_kept' },
      { id: `${run}-b`, part: 'detections_kept' },
    ]);
    expect((await stored(run)).map((r) => `${r.id}:${r.snapshot}`)).toEqual([`${run}-a:true`, `${run}-b:false`]);
    const [gone] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM pg_class WHERE relname IN (${`detections_${suffix}`}, ${`detection_snapshots_${suffix}`})`);
    expect(gone!.n).toBe(0);
    // Nothing older than the cutoff is left outside a crossed track, in any partition.
    const [left] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM detections d
      WHERE d.observed_at < ${new Date(now - 10 * DAY).toISOString()}::timestamptz
        AND NOT (d.track_id IS NOT NULL AND EXISTS (SELECT 1 FROM crossings c WHERE c.camera_id = d.camera_id AND c.track_id = d.track_id))`);
    expect(left!.n).toBe(0);
  });
});

describe(`the data disk (${engineName})`, () => {
  const dataDir = process.env.DATA_DIR ?? '/tmp/vigil-test-secret';
  const openAlerts = () =>
    database.rows<{ province: string; status: string }>(sql`
      SELECT province_code AS province, status FROM alerts WHERE kind = 'storage_low' AND status IN ('new', 'acknowledged', 'dispatched') ORDER BY province_code`);
  const provincesWithCameras = async () =>
    (await database.rows<{ p: string }>(sql`SELECT DISTINCT province_code AS p FROM cameras WHERE retired_at IS NULL ORDER BY 1`)).map((r) => r.p);

  it('measures the database against its volume, and the embedded folder as df does', async () => {
    const [size] = await database.rows<{ bytes: string }>(sql`SELECT pg_database_size(current_database())::text AS bytes`);
    const percent = await measureDataDisk(database, { dataDir, databaseDiskGb: 10 });
    expect(percent).toBeCloseTo((100 * Number(size!.bytes)) / 10e9, 3);
    mkdirSync(dataDir, { recursive: true });
    const df = Number(execFileSync('df', ['--output=pcent', dataDir], { encoding: 'utf8' }).split('\n')[1]!.trim().replace('%', ''));
    const measured = await measureDataDisk(database, { dataDir });
    if (engineName === 'postgres') expect(measured).toBeNull();
    // df rounds up to a whole percent; other writers may move it a little between the two reads.
    else expect(Math.abs(measured! - df)).toBeLessThanOrEqual(1.5);
  });

  it('raises one alert per province with cameras when nearly full, and resolves them only well below the line', async () => {
    const size = Number((await database.rows<{ bytes: string }>(sql`SELECT pg_database_size(current_database())::text AS bytes`))[0]!.bytes);
    // A volume the database fills to ~95 %, then one it fills to ~87 % (under 90, above 85), then ~50 %.
    const volume = (percent: number) => size / 1e9 / (percent / 100);
    const full = await checkDataDisk(database, { dataDir, databaseDiskGb: volume(95), warnPercent: 90 });
    expect(full.usedPercent).toBeGreaterThanOrEqual(90);
    const provinces = await provincesWithCameras();
    expect(provinces.length).toBeGreaterThan(0);
    expect(full.raised).toBe(provinces.length);
    expect((await openAlerts()).map((a) => a.province)).toEqual(provinces);
    // Measured again, and by two instances at once: still one alert per province.
    const again = await Promise.all([0, 1].map(() => checkDataDisk(database, { dataDir, databaseDiskGb: volume(96), warnPercent: 90 })));
    expect(again.map((r) => r.raised)).toEqual([0, 0]);
    expect(await openAlerts()).toHaveLength(provinces.length);
    const hovering = await checkDataDisk(database, { dataDir, databaseDiskGb: volume(87), warnPercent: 90 });
    expect(hovering.resolved).toBe(0);
    expect(await openAlerts()).toHaveLength(provinces.length);
    const roomy = await checkDataDisk(database, { dataDir, databaseDiskGb: volume(50), warnPercent: 90 });
    expect(roomy.resolved).toBe(provinces.length);
    expect(await openAlerts()).toEqual([]);
    const [history] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM alerts WHERE kind = 'storage_low' AND status = 'resolved' AND outcome IS NOT NULL`);
    expect(history!.n).toBe(provinces.length);
  });
});
