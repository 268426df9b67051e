import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { authenticateDevice, createDeviceKey, revokeDeviceKey, type Device } from '@/lib/detections/device-keys';
import { ingestEvents, type DetectionEvent } from '@/lib/detections/ingest';
import { besideBorder } from '@/test/support/border-points';
import { engineName, openTestDatabase } from '@/test/support/database';
import { demoCameraDevice } from '@/test/support/devices';

let database: Database;
let device: Device;
let cameraId: string;
/** Points beside the border near the Mong Cai gate, `metres` into Viet Nam (positive) or China (negative). */
let beside: (metres: number, alongM?: number) => Promise<{ lat: number; lon: number }>;

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  ({ cameraId, device } = await demoCameraDevice(database, 'CAM-Z2-1', 'edge box Z2'));
  beside = besideBorder(database);
});
afterAll(() => database?.close());

const t0 = Date.now() - 3_600_000;
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
const event = (trackId: string, s: number, position: { lat: number; lon: number } | { bearingDeg: number; rangeM: number }, extra: Partial<DetectionEvent> = {}) => ({
  id: randomUUID(),
  cameraId,
  observedAt: at(s),
  class: 'person',
  confidence: 0.9,
  count: 2,
  trackId,
  position,
  ...extra,
});
const crossingsOf = (trackId: string) =>
  database.rows<{ direction: string; crossed_at: string; dist_m: number; a: string; b: string }>(sql`
    SELECT c.direction::text, c.crossed_at, ST_Distance(c.geom::geography, ST_ClosestPoint(l.geom, c.geom)::geography) AS dist_m,
           a.observed_at AS a, b.observed_at AS b
    FROM crossings c JOIN detections a ON a.id = c.from_detection_id JOIN detections b ON b.id = c.to_detection_id, border_side_line l
    WHERE c.track_id = ${trackId} ORDER BY c.crossed_at`);

describe(`detections: enrichment and crossings (${engineName})`, () => {
  it('enriches each detection with its side, distance to the border and zones', async () => {
    const track = `enrich-${randomUUID()}`;
    const result = await ingestEvents(database, device, [event(track, 0, await beside(150)), event(track, 10, await beside(-150))]);
    expect(result).toMatchObject({ accepted: 2, rejected: [] });
    const rows = await database.rows<{ side: string; d: number; zones: string[] | null }>(
      sql`SELECT side::text, border_distance_m AS d, zone_ids AS zones FROM detections WHERE track_id = ${track} ORDER BY observed_at`,
    );
    expect(rows.map((r) => r.side)).toEqual(['vn', 'cn']);
    for (const r of rows) expect(r.d).toBeGreaterThan(120);
    for (const r of rows) expect(r.d).toBeLessThan(180);
    // 150 m into Viet Nam here lies in hotspot Z2 (Ka Long) or Z1: a band 800 m wide.
    expect(rows[0]!.zones?.length ?? 0).toBeGreaterThan(0);
  });

  it('records a track that crosses as one crossing, on the line, between the two times', async () => {
    const track = `cross-${randomUUID()}`;
    const result = await ingestEvents(database, device, [event(track, 0, await beside(120)), event(track, 20, await beside(-120))]);
    expect(result.crossings).toBe(1);
    const [c] = await crossingsOf(track);
    expect(c!.direction).toBe('out_of_vn');
    expect(c!.dist_m).toBeLessThan(5);
    const when = Date.parse(c!.crossed_at);
    expect(when).toBeGreaterThan(Date.parse(c!.a));
    expect(when).toBeLessThan(Date.parse(c!.b));
    // This stretch of border is a hotspot: the crossing raised one critical alert.
    const alerts = await database.rows<{ kind: string; severity: string; message: string }>(sql`
      SELECT a.kind, a.severity, a.message FROM alerts a JOIN crossings x ON x.id = a.crossing_id WHERE x.track_id = ${track}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'hotspot_crossing', severity: 'critical' });
    expect(alerts[0]!.message).toMatch(/out of Viet Nam at Điểm nóng/);
  });

  it('raises no alert for a crossing away from any hotspot', async () => {
    const track = `quiet-${randomUUID()}`;
    // 30 km upstream (west) of the test point: far from the three hotspots.
    await ingestEvents(database, device, [event(track, 0, await beside(100, -30_000)), event(track, 10, await beside(-100, -30_000))]);
    expect(await crossingsOf(track)).toHaveLength(1);
    const [n] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM alerts a JOIN crossings x ON x.id = a.crossing_id WHERE x.track_id = ${track}`);
    expect(n!.n).toBe(0);
  });

  it('does not count a track that touches the line and turns back', async () => {
    const track = `touch-${randomUUID()}`;
    await ingestEvents(database, device, [event(track, 0, await beside(100)), event(track, 10, await beside(0.2)), event(track, 20, await beside(100, 30))]);
    expect(await crossingsOf(track)).toEqual([]);
  });

  it('does not count a track that runs along the line', async () => {
    const points = await Promise.all([0, 50, 100, 150].map((m) => beside(40, m)));
    const track2 = `along2-${randomUUID()}`;
    await ingestEvents(database, device, points.map((p, i) => event(track2, i * 10, p)));
    expect(await crossingsOf(track2)).toEqual([]);
  });

  it('records both crossings of a track that crosses and comes back', async () => {
    const track = `recross-${randomUUID()}`;
    await ingestEvents(database, device, [event(track, 0, await beside(100)), event(track, 10, await beside(-100)), event(track, 20, await beside(100, 20))]);
    expect((await crossingsOf(track)).map((c) => c.direction)).toEqual(['out_of_vn', 'into_vn']);
  });

  it('finds a crossing when the earlier point arrives late', async () => {
    const track = `late-${randomUUID()}`;
    await ingestEvents(database, device, [event(track, 30, await beside(-100))]);
    const result = await ingestEvents(database, device, [event(track, 0, await beside(100))]);
    expect(result.crossings).toBe(1);
    expect((await crossingsOf(track)).map((c) => c.direction)).toEqual(['out_of_vn']);
  });

  it('accepts positions as bearing and range from the camera', async () => {
    const track = `bearing-${randomUUID()}`;
    const result = await ingestEvents(database, device, [event(track, 0, { bearingDeg: 0, rangeM: 100 })]);
    expect(result.accepted).toBe(1);
    const [d] = await database.rows<{ m: number }>(sql`
      SELECT ST_Distance(d.geom::geography, c.geom::geography) AS m FROM detections d JOIN cameras c ON c.id = d.camera_id WHERE d.track_id = ${track}`);
    expect(d!.m).toBeCloseTo(100, 0);
  });

  it('never duplicates a retried batch', async () => {
    const track = `retry-${randomUUID()}`;
    const batch = [event(track, 0, await beside(100)), event(track, 10, await beside(-100))];
    const first = await ingestEvents(database, device, batch);
    const again = await ingestEvents(database, device, batch);
    expect(first).toMatchObject({ accepted: 2, duplicates: 0, crossings: 1 });
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, crossings: 0 });
    expect(await crossingsOf(track)).toHaveLength(1);
  });

  it('keeps one row per event id, even when the id comes again at another time', async () => {
    const track = `same-id-${randomUUID()}`;
    const first = event(track, 0, await beside(100));
    const moved = { ...first, observedAt: at(40) };
    // The same id twice in one batch, then again later at a third time: only the first is stored.
    const once = await ingestEvents(database, device, [first, { ...first, observedAt: at(20) }]);
    const later = await ingestEvents(database, device, [moved]);
    expect(once).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(later).toMatchObject({ accepted: 0, duplicates: 1 });
    const rows = await database.rows<{ at: string }>(sql`SELECT observed_at AS at FROM detections WHERE event_id = ${first.id}`);
    expect(rows.map((r) => new Date(r.at).toISOString())).toEqual([first.observedAt]);
  });

  it('rejects bad events one by one, with reasons, and stores the good ones', async () => {
    const track = `reject-${randomUUID()}`;
    const good = event(track, 0, await beside(100));
    const result = await ingestEvents(database, device, [
      good,
      { ...event(track, 1, await beside(100)), class: 'ufo' },
      { ...event(track, 2, await beside(100)), position: { lat: 95, lon: 107.9 } },
      { ...event(track, 3, await beside(100)), confidence: 'NaN' },
      { ...event(track, 4, await beside(100)), observedAt: new Date(Date.now() + 3_600_000).toISOString() },
      { ...event(track, 5, await beside(100)), cameraId: randomUUID() },
      'not an object',
      { ...event(track, 6, await beside(100)), extra: 1 },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(result.rejected[0]!.reason).toMatch(/class/);
    expect(result.rejected[1]!.reason).toMatch(/lat/);
    expect(result.rejected[2]!.reason).toMatch(/confidence/);
    expect(result.rejected[3]!.reason).toMatch(/future/);
    expect(result.rejected[4]!.reason).toMatch(/scope/);
    const [n] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM detections WHERE track_id = ${track}`);
    expect(n!.n).toBe(1);
  });

  it('refuses what PostgreSQL would refuse at validation, so the rest of the batch is stored', async () => {
    const track = `poison-${randomUUID()}`;
    const p = await beside(100);
    const result = await ingestEvents(database, device, [
      event(track, 0, p),
      { ...event(track, 1, p), id: `nul-\u0000-${randomUUID()}` },
      { ...event(track, 2, p), trackId: 'lone-\uD800-surrogate' },
      { ...event(track, 3, p), id: `ctl-\u0007-${randomUUID()}` },
      // Underflows a PostgreSQL real: stored as 0, not refused by the database.
      event(track, 4, p, { confidence: 1e-50 }),
      // The same camera, its id in capitals.
      { ...event(track, 5, p), cameraId: cameraId.toUpperCase() },
    ]);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(result.rejected[0]!.reason).toMatch(/NUL/);
    expect(result.rejected[1]!.reason).toMatch(/surrogate/);
    expect(result.rejected[2]!.reason).toMatch(/control/);
    expect(result.accepted).toBe(3);
    const rows = await database.rows<{ confidence: number; camera_id: string }>(sql`SELECT confidence, camera_id FROM detections WHERE track_id = ${track} ORDER BY observed_at`);
    expect(rows.map((r) => Number(r.confidence))).toEqual([0.9, 0, 0.9]);
    expect(rows.every((r) => r.camera_id === cameraId)).toBe(true);
  });

  it('isolates an event the database refuses and stores the rest of its batch', async () => {
    // A real refusal by PostgreSQL that validation cannot know about: a constraint added here.
    const poison = `refused-${randomUUID()}`;
    await database.rows(sql.raw(`ALTER TABLE detections ADD CONSTRAINT test_refuse_one CHECK (event_id <> '${poison}') NOT VALID`));
    try {
      const track = `isolate-${randomUUID()}`;
      const batch = await Promise.all([0, 1, 2, 3, 4].map(async (i) => event(track, i, await beside(i % 2 ? -100 : 100))));
      batch[3] = { ...batch[3]!, id: poison };
      const result = await ingestEvents(database, device, batch);
      expect(result.accepted).toBe(4);
      expect(result.rejected).toEqual([{ index: 3, id: poison, reason: expect.stringMatching(/refused by the database/) }]);
      // Crossings are those of the points stored, in order, however the batch was split.
      expect((await crossingsOf(track)).length).toBe(2);
    } finally {
      await database.rows(sql`ALTER TABLE detections DROP CONSTRAINT test_refuse_one`);
    }
  });

  it('keeps the hourly cell counts in step with the detections, once per event', async () => {
    const track = `rollup-${randomUUID()}`;
    const p = await beside(300);
    const sums = async () => {
      const [r] = await database.rows<{ n0: number; n7: number; n9: number }>(sql`
        SELECT coalesce(sum(n0), 0)::int AS n0, coalesce(sum(n7), 0)::int AS n7, coalesce(sum(n9), 0)::int AS n9
        FROM detection_cells WHERE camera_id = ${cameraId} AND hour = date_trunc('hour', ${at(0)}::timestamptz)`);
      return r!;
    };
    const before = await sums();
    const batch = [0.65, 0.7, 0.95].map((confidence, i) => event(track, i, p, { confidence }));
    await ingestEvents(database, device, batch);
    await ingestEvents(database, device, batch);
    const after = await sums();
    // 0.7 is stored as float4 0.69999…: it must still count as ≥ 0.7.
    expect({ n0: after.n0 - before.n0, n7: after.n7 - before.n7, n9: after.n9 - before.n9 }).toEqual({ n0: 3, n7: 2, n9: 1 });
    // Folding the pending counts into the hourly table moves them without changing any total.
    const { foldPendingCells } = await import('@/db/queries/detection-cells');
    expect(await foldPendingCells(database)).toBeGreaterThan(0);
    expect(await sums()).toEqual(after);
    const [pending] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM detection_cells_pending`);
    expect(pending!.n).toBe(0);
    await ingestEvents(database, device, [event(track, 5, p, { confidence: 0.99 })]);
    await foldPendingCells(database);
    expect((await sums()).n9).toBe(after.n9 + 1);
  });

  it('stores JPEG snapshots apart from the detection and refuses anything else', async () => {
    const track = `snap-${randomUUID()}`;
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const p = await beside(200);
    const result = await ingestEvents(database, device, [
      { ...event(track, 0, p), snapshot: jpeg.toString('base64') },
      { ...event(track, 1, p), snapshot: png.toString('base64') },
      { ...event(track, 2, p), snapshot: Buffer.alloc(300 * 1024, 0xff).toString('base64') },
      { ...event(track, 3, p), snapshot: 'not base64!' },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/JPEG/), expect.stringMatching(/snapshot/), expect.stringMatching(/snapshot/)]);
    const [stored] = await database.rows<{ bytes: number; head: string }>(sql`
      SELECT s.bytes, encode(substring(s.jpeg from 1 for 4), 'hex') AS head
      FROM detection_snapshots s JOIN detections d ON d.id = s.detection_id WHERE d.track_id = ${track}`);
    expect(stored).toEqual({ bytes: jpeg.length, head: 'ffd8ffe0' });
  });

  it('publishes new detections and crossings as numbered live events that can be replayed', async () => {
    const { eventsAfter, journalBounds } = await import('@/lib/events/bus');
    const lastId = (await journalBounds(database)).newest ?? 0;
    const track = `live-${randomUUID()}`;
    const batch = [event(track, 0, await beside(120)), event(track, 10, await beside(-120))];
    await ingestEvents(database, device, batch);
    await ingestEvents(database, device, batch);
    const replay = await eventsAfter(database, lastId);
    const topics = replay.map((r) => r.event.topic);
    expect(topics.filter((t) => t === 'detections')).toHaveLength(1);
    expect(topics.filter((t) => t === 'crossing')).toHaveLength(1);
    const ids = replay.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const detections = replay.find((r) => r.event.topic === 'detections')!.event;
    expect(detections.topic === 'detections' && detections.items.map((i) => i.trackId)).toEqual([track, track]);
    expect(await eventsAfter(database, ids.at(-1)!)).toEqual([]);
  });

  it('refuses missing, malformed and revoked keys', async () => {
    await expect(authenticateDevice(database, null)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(authenticateDevice(database, 'Bearer nope')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(authenticateDevice(database, `Bearer vk_${'x'.repeat(43)}`)).rejects.toMatchObject({ code: 'unauthorized' });
    const [admin] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`);
    const other = await createDeviceKey(database, { name: 'to revoke', cameraIds: [cameraId], createdBy: admin!.id, createdByName: 'admin' });
    await expect(authenticateDevice(database, `Bearer ${other.key}`)).resolves.toMatchObject({ name: 'to revoke' });
    await revokeDeviceKey(database, other.id, { id: admin!.id, username: 'admin' });
    await expect(authenticateDevice(database, `Bearer ${other.key}`)).rejects.toMatchObject({ code: 'unauthorized' });
    const [stored] = await database.rows<{ h: string }>(sql`SELECT key_hash AS h FROM devices WHERE id = ${other.id}`);
    expect(stored!.h).not.toContain(other.key.slice(3));
  });
});
