import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideKeys } from '@/lib/alerts/incidents';
import type { IncidentRule } from '@/lib/alerts/incident-rule';
import { distanceM } from '@/lib/geo/measure';

// The incremental rule (start from the earliest change, stop once the open incidents read as
// stored) against a plain reference that reads everything at once, over thousands of random
// arrival orders, batches and retractions — in memory, so many more cases than the database test.

const RULE: IncidentRule = { radiusM: 500, gapMinutes: 15, maxSpanMinutes: 30 };
const STEP_LAT = 300 / 111_320;
const STEP_LON = 300 / (111_320 * Math.cos((21.35 * Math.PI) / 180));

interface A {
  id: string;
  at: number;
  lon: number;
  lat: number;
}

function reference(alerts: A[]): string[][] {
  const sorted = [...alerts].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const incidents: A[][] = [];
  for (const p of sorted) {
    const home = incidents.find(
      (m) => p.at - m[0]!.at <= RULE.maxSpanMinutes * 60_000 && m.some((x) => p.at - x.at <= RULE.gapMinutes * 60_000 && distanceM([p.lon, p.lat], [x.lon, x.lat]) <= RULE.radiusM),
    );
    if (home) home.push(p);
    else incidents.push([p]);
  }
  return incidents.map((i) => i.map((a) => a.id).sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
}

function partition(keys: Map<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [id, key] of keys) groups.set(key, [...(groups.get(key) ?? []), id]);
  return [...groups.values()].map((g) => g.sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
}

describe('incident rule, incrementally', () => {
  it('equals the reference whatever the arrival order, batches and retractions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 3 }), y: fc.integer({ min: 0, max: 3 }), t: fc.integer({ min: 0, max: 60 }), gone: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 20 }),
        fc.infiniteStream(fc.nat()),
        (cells, batchSizes, order) => {
          const alerts: (A & { gone: boolean })[] = cells.map((c, i) => ({ id: `a${String(i).padStart(3, '0')}`, at: c.t * 4 * 60_000, lon: 107.8 + c.x * STEP_LON, lat: 21.35 + c.y * STEP_LAT, gone: c.gone === 0 }));
          const arrival = [...alerts].sort(() => ((order.next().value as number) % 3) - 1);
          const present = new Map<string, A>();
          const keys = new Map<string, string>();
          const apply = (since: number, until: number) => {
            const rows = [...present.values()].map((a) => ({ ...a, key: keys.get(a.id) ?? a.id }));
            for (const { id, key } of decideKeys(rows, since, RULE, until)) keys.set(id, key);
          };
          let b = 0;
          for (let i = 0; i < arrival.length; ) {
            const batch = arrival.slice(i, i + batchSizes[b++ % batchSizes.length]!);
            i += batch.length;
            for (const a of batch) {
              present.set(a.id, a);
              keys.set(a.id, a.id);
            }
            apply(Math.min(...batch.map((a) => a.at)), Math.max(...batch.map((a) => a.at)));
            // Retractions come after their alert, at random points.
            for (const a of batch.filter((x) => x.gone)) {
              present.delete(a.id);
              keys.delete(a.id);
              apply(a.at, a.at);
            }
          }
          const kept = alerts.filter((a) => !a.gone);
          expect(partition(keys)).toEqual(reference(kept));
          // Every incident is named by one of its members.
          for (const [id, key] of keys) expect(keys.get(key), `${id} → ${key}`).toBe(key);
        },
      ),
      { numRuns: 10_000 },
    );
  });
  it('keeps one name for an incident the reading stops inside (found by the property above)', () => {
    // Seven alerts at 0 min, one at 32 and two at 36 (one place): two incidents, the second read
    // as stored from 32 on. The last alert at 0 arrives last; the second incident keeps one name.
    const at = (minutes: number) => minutes * 60_000;
    const alerts = [0, 36, 36, 0, 0, 0, 0, 0, 0, 32].map((m, i) => ({ id: `a${String(i).padStart(3, '0')}`, at: at(m), lon: 107.8, lat: 21.35 }));
    const order = ['a000', 'a001', 'a002', 'a005', 'a003', 'a009', 'a004', 'a007', 'a006', 'a008'];
    const keys = new Map<string, string>();
    const present: A[] = [];
    for (const id of order) {
      const alert = alerts.find((a) => a.id === id)!;
      present.push(alert);
      keys.set(id, id);
      for (const change of decideKeys(present.map((a) => ({ ...a, key: keys.get(a.id)! })), alert.at, RULE, alert.at)) keys.set(change.id, change.key);
    }
    expect(partition(keys)).toEqual(reference(alerts));
  });
  it('joins a late alert to an incident just begun before it, though the reading could stop (found by the property above)', () => {
    // Six alerts at 0 min, one at 36, one 600 m away at 32, then one at 24 in the same place as
    // the one at 36: the alert at 24 begins an incident the alert at 36 must join, though the
    // alert at 36 was stored alone before the one at 24 arrived.
    const at = (minutes: number) => minutes * 60_000;
    const place = (minutes: number, far = false) => ({ at: at(minutes), lon: 107.8, lat: 21.35 + (far ? 2 * STEP_LAT : 0) });
    const alerts: A[] = [
      { id: 'a000', ...place(0) },
      { id: 'a001', ...place(0) },
      { id: 'a002', ...place(0) },
      { id: 'a003', ...place(36) },
      { id: 'a004', ...place(0) },
      { id: 'a005', ...place(24) },
      { id: 'a006', ...place(0) },
      { id: 'a007', ...place(0) },
      { id: 'a008', ...place(32, true) },
    ];
    const batches = [['a000', 'a003', 'a001', 'a002', 'a008'], ['a004', 'a005', 'a007', 'a006']];
    const keys = new Map<string, string>();
    const present: A[] = [];
    for (const batch of batches) {
      const arrived = batch.map((id) => alerts.find((a) => a.id === id)!);
      for (const a of arrived) {
        present.push(a);
        keys.set(a.id, a.id);
      }
      const times = arrived.map((a) => a.at);
      for (const change of decideKeys(present.map((a) => ({ ...a, key: keys.get(a.id)! })), Math.min(...times), RULE, Math.max(...times))) keys.set(change.id, change.key);
    }
    expect(partition(keys)).toEqual(reference(alerts));
    expect(keys.get('a003')).toBe(keys.get('a005'));
  });
});
