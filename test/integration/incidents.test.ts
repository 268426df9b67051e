import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { PROVINCE_CODE } from '@/lib/domain/region';
import { distanceM } from '@/lib/geo/measure';
import type { IncidentRule } from '@/lib/alerts/incident-rule';
import { afterAlertsRaised, settleAlerts } from '@/lib/alerts/raise';
import { retractAlerts } from '@/lib/alerts/retract';
import { engineName, openTestDatabase } from '@/test/support/database';

// Incidents are a function of the stored, non-retracted field alerts: whatever order, batches,
// concurrency and retractions they came with, the groups equal those of a plain reference that
// reads all the alerts at once in time order. A group's span is bounded, it keeps its name when
// an earlier alert joins late, and a retraction splits what it held together.

let database: Database;
const RULE: IncidentRule = { radiusM: 500, gapMinutes: 15, maxSpanMinutes: 30 };

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

// A quiet corner of the province, on days long ago, so demo data never joins a test's incidents.
const ORIGIN = { lon: 107.8, lat: 21.35 };
const LONG_AGO = Date.parse('2023-01-01T00:00:00Z');
// Points on a 300 m grid and times on a 4-minute grid: no pair sits on an edge of the rule.
const STEP_LAT = 300 / 111_320;
const STEP_LON = 300 / (111_320 * Math.cos((ORIGIN.lat * Math.PI) / 180));

interface Point {
  key: string;
  lon: number;
  lat: number;
  at: number;
}

/** The reference: every alert read at once in time order, each joining the earliest-begun incident open to it. */
function referenceIncidents(points: (Point & { id: string })[], rule: IncidentRule): string[][] {
  const sorted = [...points].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const incidents: (Point & { id: string })[][] = [];
  for (const p of sorted) {
    const home = incidents.find(
      (members) =>
        p.at - members[0]!.at <= rule.maxSpanMinutes * 60_000 &&
        members.some((m) => p.at - m.at <= rule.gapMinutes * 60_000 && distanceM([p.lon, p.lat], [m.lon, m.lat]) <= rule.radiusM),
    );
    if (home) home.push(p);
    else incidents.push([p]);
  }
  return incidents.map((i) => i.map((p) => p.key).sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
}

async function raise(p: Point): Promise<string> {
  return database.db.transaction(async (tx) => {
    const res = await tx.execute(sql`
      INSERT INTO alerts (kind, severity, occurred_at, created_at, geom, message, province_code)
      VALUES ('tip', 'critical', ${new Date(p.at)}, now(), ST_SetSRID(ST_MakePoint(${p.lon}::float8, ${p.lat}::float8), 4326), 'test', ${PROVINCE_CODE})
      RETURNING id`);
    const id = (res as unknown as { rows: { id: string }[] }).rows[0]!.id;
    await afterAlertsRaised(tx, [id], RULE);
    return id;
  });
}

async function retract(id: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const retracted = await retractAlerts(tx, { ids: [id], provinceCodes: [PROVINCE_CODE] }, 'test: the cause was withdrawn');
    await settleAlerts(tx, { retracted }, RULE);
  });
}

async function storedIncidents(ids: Map<string, string>): Promise<{ groups: string[][]; rows: { id: string; g: string; incident_id: string | null; status: string; version: number }[] }> {
  const byId = new Map([...ids].map(([k, id]) => [id, k]));
  const rows = await database.rows<{ id: string; g: string; incident_id: string | null; status: string; version: number }>(sql`
    SELECT id, coalesce(incident_id, id) AS g, incident_id, status, version FROM alerts WHERE id = ANY(${`{${[...ids.values()].join(',')}}`}::uuid[])`);
  const groups = new Map<string, string[]>();
  for (const r of rows.filter((x) => x.status !== 'retracted')) groups.set(r.g, [...(groups.get(r.g) ?? []), byId.get(r.id)!]);
  return { groups: [...groups.values()].map((g) => g.sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1)), rows };
}

let day = 0;
const nextDay = () => LONG_AGO + ++day * 86_400_000;

describe(`incidents (${engineName})`, () => {
  it('equal the reference whatever the order, concurrency and retractions (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 4 }), y: fc.integer({ min: 0, max: 4 }), t: fc.integer({ min: 0, max: 20 }), retract: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) }), { minLength: 2, maxLength: 16 }),
        fc.integer({ min: 1, max: 4 }),
        fc.infiniteStream(fc.nat()),
        async (cells, senders, order) => {
          const base = nextDay();
          const points = cells.map((c, i) => ({ key: `p${String(i).padStart(2, '0')}`, lon: ORIGIN.lon + c.x * STEP_LON, lat: ORIGIN.lat + c.y * STEP_LAT, at: base + c.t * 4 * 60_000, retract: c.retract }));
          // Raises in a shuffled order; each retraction somewhere after its alert's raise.
          type Op = { kind: 'raise' | 'retract'; p: (typeof points)[number] };
          const ops: Op[] = points.map((p) => ({ kind: 'raise', p }));
          ops.sort(() => ((order.next().value as number) % 3) - 1);
          for (const p of points.filter((x) => x.retract)) {
            const at = ops.findIndex((o) => o.p === p) + 1 + ((order.next().value as number) % (ops.length + 1));
            ops.splice(Math.min(at, ops.length), 0, { kind: 'retract', p });
          }
          const ids = new Map<string, string>();
          const raised = new Map<string, Promise<string>>();
          const done = new Map<string, () => void>();
          for (const p of points) raised.set(p.key, new Promise((resolve) => done.set(p.key, () => resolve(ids.get(p.key)!))));
          let next = 0;
          await Promise.all(
            Array.from({ length: senders }, async () => {
              while (next < ops.length) {
                const op = ops[next++]!;
                if (op.kind === 'raise') {
                  ids.set(op.p.key, await raise(op.p));
                  done.get(op.p.key)!();
                } else {
                  await retract(await raised.get(op.p.key)!);
                }
              }
            }),
          );
          const { groups, rows } = await storedIncidents(ids);
          const kept = points.filter((p) => !p.retract).map((p) => ({ ...p, id: ids.get(p.key)! }));
          expect(groups).toEqual(referenceIncidents(kept, RULE));
          // Every incident is named by one of its own members; retracted alerts stand alone.
          for (const r of rows) {
            if (r.status === 'retracted') expect(r.incident_id).toBeNull();
            else expect(rows.some((m) => m.id === r.g && m.status !== 'retracted' && m.g === r.g)).toBe(true);
          }
        },
      ),
      { numRuns: engineName === 'postgres' ? 30 : 15 },
    );
  });

  it('bounds an incident’s span: a hotspot busy all evening makes several incidents', async () => {
    const base = nextDay();
    // A crossing every 10 minutes for 3 hours at one place.
    const points = Array.from({ length: 19 }, (_, i) => ({ key: `e${String(i).padStart(2, '0')}`, lon: ORIGIN.lon, lat: ORIGIN.lat, at: base + i * 10 * 60_000 }));
    const ids = new Map<string, string>();
    for (const p of points) ids.set(p.key, await raise(p));
    const { groups } = await storedIncidents(ids);
    // 0–30, 40–70, 80–110, 120–150, 160–180 minutes: none longer than the 30-minute span.
    expect(groups.map((g) => g.length)).toEqual([4, 4, 4, 4, 3]);
    expect(groups).toEqual(referenceIncidents([...points].map((p) => ({ ...p, id: ids.get(p.key)! })), RULE));
  });

  it('keeps its name when an earlier alert joins late, touching no other member', async () => {
    const base = nextDay();
    const a = await raise({ key: 'a', lon: ORIGIN.lon, lat: ORIGIN.lat, at: base + 10 * 60_000 });
    const b = await raise({ key: 'b', lon: ORIGIN.lon, lat: ORIGIN.lat, at: base + 14 * 60_000 });
    const before = await database.rows<{ id: string; version: number; updated_at: string; g: string }>(sql`SELECT id, version, updated_at, coalesce(incident_id, id) AS g FROM alerts WHERE id IN (${a}, ${b}) ORDER BY occurred_at`);
    expect(before.map((r) => r.g)).toEqual([a, a]);
    const early = await raise({ key: 'early', lon: ORIGIN.lon, lat: ORIGIN.lat, at: base });
    const after = await database.rows<{ id: string; version: number; updated_at: string; g: string }>(sql`SELECT id, version, updated_at, coalesce(incident_id, id) AS g FROM alerts WHERE id IN (${a}, ${b}, ${early}) ORDER BY occurred_at`);
    expect(after.map((r) => r.g)).toEqual([a, a, a]);
    // a and b were not rewritten.
    expect(after.slice(1)).toEqual(before);
  });

  it('splits what a retracted alert held together, and renames an incident whose namesake left', async () => {
    const base = nextDay();
    const step = 400 / 111_320;
    // a — b — c in a line 400 m apart: a and c are 800 m apart, joined only through b.
    const a = await raise({ key: 'a', lon: ORIGIN.lon, lat: ORIGIN.lat, at: base });
    const b = await raise({ key: 'b', lon: ORIGIN.lon, lat: ORIGIN.lat + step, at: base + 4 * 60_000 });
    const c = await raise({ key: 'c', lon: ORIGIN.lon, lat: ORIGIN.lat + 2 * step, at: base + 8 * 60_000 });
    const ids = new Map([['a', a], ['b', b], ['c', c]]);
    expect((await storedIncidents(ids)).groups).toEqual([['a', 'b', 'c']]);
    await retract(b);
    expect((await storedIncidents(ids)).groups).toEqual([['a'], ['c']]);
    // Retract the namesake of a two-member incident: the other member carries it on under its own name.
    const d = await raise({ key: 'd', lon: ORIGIN.lon, lat: ORIGIN.lat, at: base + 6 * 60_000 });
    expect((await storedIncidents(new Map([['a', a], ['d', d]]))).groups).toEqual([['a', 'd']]);
    await retract(a);
    const rows = await database.rows<{ id: string; g: string }>(sql`SELECT id, coalesce(incident_id, id) AS g FROM alerts WHERE id IN (${a}, ${d})`);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.g]))).toEqual({ [a]: a, [d]: d });
  });
});
