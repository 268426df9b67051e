import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import type { Device } from '@/lib/detections/device-keys';
import { ingestEvents } from '@/lib/detections/ingest';
import { SPLIT_REASON } from '@/lib/detections/crossings';
import { besideBorder } from '@/test/support/border-points';
import { engineName, openTestDatabase } from '@/test/support/database';
import { demoCameraDevice } from '@/test/support/devices';

// Crossings must be a function of the set of points: whatever order, batching and concurrency
// the points of a track arrive in, the crossings stored are the consecutive opposite-side pairs
// of the track's points sorted by (time, event id). Checked against that reference on random
// tracks sent in random batches by random numbers of concurrent clients.

let database: Database;
let device: Device;
let cameraId: string;
/** Positions whose side is known: a few in Viet Nam, a few in China, in a hotspot stretch. */
let positions: { vn: { lat: number; lon: number }[]; cn: { lat: number; lon: number }[] };

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  ({ cameraId, device } = await demoCameraDevice(database, 'CAM-Z2-1', 'property box'));
  const beside = besideBorder(database);
  positions = {
    vn: await Promise.all([0, 40, 80].map((along) => beside(120, along))),
    cn: await Promise.all([0, 40, 80].map((along) => beside(-120, along))),
  };
});
afterAll(() => database?.close());

interface Point {
  id: string;
  track: string;
  second: number;
  side: 'vn' | 'cn';
  place: number;
  cls: 'person' | 'animal';
}

const base = Date.now() - 2 * 3_600_000;

function toEvent(p: Point) {
  const place = positions[p.side][p.place % 3]!;
  return { id: p.id, cameraId, trackId: p.track, observedAt: new Date(base + p.second * 1000).toISOString(), class: p.cls, confidence: 0.8, count: 1, position: place };
}

/** The reference: per track, points sorted by (time, event id in byte order), consecutive pairs on opposite sides. */
function expectedPairs(points: Point[]): string[] {
  const byTrack = new Map<string, Point[]>();
  for (const p of points) byTrack.set(p.track, [...(byTrack.get(p.track) ?? []), p]);
  const pairs: string[] = [];
  for (const list of byTrack.values()) {
    list.sort((a, b) => a.second - b.second || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 1; i < list.length; i++) if (list[i - 1]!.side !== list[i]!.side) pairs.push(`${list[i - 1]!.id}>${list[i]!.id}`);
  }
  return pairs.sort();
}

async function storedPairs(tracks: string[]): Promise<string[]> {
  const rows = await database.rows<{ pair: string }>(sql`
    SELECT a.event_id || '>' || b.event_id AS pair FROM crossings c
    JOIN detections a ON a.id = c.from_detection_id JOIN detections b ON b.id = c.to_detection_id
    WHERE c.track_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(tracks)}::jsonb))`);
  return rows.map((r) => r.pair).sort();
}

/** Sends batches with `clients` concurrent senders, each taking the next batch when it is done. */
async function send(batches: Point[][], clients: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const result = await ingestEvents(database, device, batch.map(toEvent));
        expect(result.rejected).toEqual([]);
      }
    }),
  );
}

const trackArb = fc.record({
  // Few distinct seconds, so equal times (ordered by event id) happen often.
  points: fc.array(fc.record({ second: fc.integer({ min: 0, max: 6 }), side: fc.constantFrom('vn' as const, 'cn' as const), place: fc.nat(2), cls: fc.constantFrom('person' as const, 'animal' as const) }), { minLength: 1, maxLength: 8 }),
});

describe(`crossings under any arrival order (${engineName})`, () => {
  it('equal the crossings of each track’s sorted points, whatever the batches, order and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(trackArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.infiniteStream(fc.nat()),
        async (tracks, batchSize, clients, shuffleSeeds) => {
          const run = randomUUID().slice(0, 8);
          const points: Point[] = tracks.flatMap((t, ti) =>
            t.points.map((p, pi) => ({ ...p, track: `prop-${run}-${ti}`, id: `${run}-${ti}-${String.fromCharCode(97 + ((pi * 7) % 26))}${pi}` })),
          );
          // A random permutation, then cut into batches.
          const seeds = shuffleSeeds.take(points.length);
          const shuffled = points.map((p) => ({ p, k: seeds.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.p);
          const batches: Point[][] = [];
          for (let i = 0; i < shuffled.length; i += batchSize) batches.push(shuffled.slice(i, i + batchSize));
          await send(batches, clients);
          const trackIds = [...new Set(points.map((p) => p.track))];
          expect(await storedPairs(trackIds)).toEqual(expectedPairs(points));
          // Alerts follow their crossings: open for every true hotspot crossing by a person,
          // retracted (never deleted) for every crossing that was split, none for animals.
          const alerts = await database.rows<{ status: string; live: boolean; cls: string | null }>(sql`
            SELECT a.status::text AS status, c.id IS NOT NULL AS live, c.class::text AS cls FROM alerts a
            LEFT JOIN crossings c ON c.id = a.crossing_id
            LEFT JOIN crossings_retracted r ON r.id = a.crossing_id
            WHERE coalesce(c.track_id, r.track_id) IN (SELECT jsonb_array_elements_text(${JSON.stringify(trackIds)}::jsonb))`);
          for (const a of alerts) expect(a.status).toBe(a.live ? 'new' : 'retracted');
          expect(alerts.filter((a) => a.live).every((a) => a.cls === 'person')).toBe(true);
          const [live] = await database.rows<{ n: number }>(sql`
            SELECT count(*)::int AS n FROM crossings c WHERE c.class = 'person'
              AND c.track_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(trackIds)}::jsonb))`);
          expect(alerts.filter((a) => a.live).length).toBe(live!.n);
        },
      ),
      { numRuns: engineName === 'postgres' ? 25 : 15 },
    );
  });

  it('retracts the pair a late point splits, with its alert, and says so live', async () => {
    const { eventsAfter, journalBounds } = await import('@/lib/events/bus');
    const lastSeq = (await journalBounds(database)).newest ?? 0;
    const track = `split-${randomUUID()}`;
    const p = (id: string, second: number, side: 'vn' | 'cn'): Point => ({ id, track, second, side, place: 0, cls: 'person' });
    const first = await ingestEvents(database, device, [p('a', 0, 'vn'), p('c', 20, 'cn')].map(toEvent));
    expect(first.crossings).toBe(1);
    const [alert] = await database.rows<{ id: string; crossing_id: string }>(sql`SELECT a.id, a.crossing_id FROM alerts a JOIN crossings c ON c.id = a.crossing_id WHERE c.track_id = ${track}`);
    expect(alert).toBeDefined();
    // The point in between is on the far side already: the crossing happened before it.
    const late = await ingestEvents(database, device, [p('b', 10, 'cn')].map(toEvent));
    expect(late).toMatchObject({ accepted: 1, crossings: 1, retractedCrossings: 1 });
    expect(await storedPairs([track])).toEqual(['a>b']);
    const [retracted] = await database.rows<{ reason: string; status: string; retraction_reason: string }>(sql`
      SELECT r.reason, a.status::text AS status, a.retraction_reason FROM crossings_retracted r JOIN alerts a ON a.crossing_id = r.id WHERE r.id = ${alert!.crossing_id}`);
    expect(retracted).toEqual({ reason: SPLIT_REASON, status: 'retracted', retraction_reason: SPLIT_REASON });
    const events = (await eventsAfter(database, lastSeq)).map((e) => e.event);
    expect(events).toContainEqual(expect.objectContaining({ topic: 'crossing.retracted', crossingId: Number(alert!.crossing_id) }));
    expect(events).toContainEqual(expect.objectContaining({ topic: 'alert', alertId: alert!.id, status: 'retracted' }));
  });

  it('raises hotspot alerts for people, vehicles and boats, not for animals or unknown objects', async () => {
    const kinds = ['person', 'vehicle', 'boat', 'animal', 'unknown'] as const;
    const alerted: Record<string, number> = {};
    for (const cls of kinds) {
      const track = `cls-${cls}-${randomUUID()}`;
      const events = [
        { ...toEvent({ id: `${cls}-1`, track, second: 0, side: 'vn', place: 0, cls: 'person' }), class: cls },
        { ...toEvent({ id: `${cls}-2`, track, second: 5, side: 'cn', place: 0, cls: 'person' }), class: cls },
      ];
      const result = await ingestEvents(database, device, events);
      expect(result.crossings).toBe(1);
      const [n] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM alerts a JOIN crossings c ON c.id = a.crossing_id WHERE c.track_id = ${track}`);
      alerted[cls] = n!.n;
    }
    expect(alerted).toEqual({ person: 1, vehicle: 1, boat: 1, animal: 0, unknown: 0 });
  });
});
