import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { heatmap, POINTS_LIMIT, searchEvents, getEventDetail, type Scope } from '@/db/queries/detections';
import { seedDemoTraffic } from '@/db/seed-traffic';
import { startExport } from '@/lib/detections/export';
import { eventFilterSchema, withEventFilter } from '@/lib/detections/filters';
import { engineName, openTestDatabase } from '@/test/support/database';

let database: Database;
let accepted: number;
const everyone: Scope = { provinceCode: null, agencyId: null };
const now = Date.now();
const filter = (q: Record<string, string> = {}) => eventFilterSchema.parse({ from: new Date(now - 2 * 86_400_000).toISOString(), to: new Date(now).toISOString(), ...q });

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  accepted = await seedDemoTraffic(database, { days: 1, dataDir: mkdtempSync(path.join(tmpdir(), 'vigil-sim-')), now });
}, 120_000);
afterAll(() => database?.close());

describe(`simulated history, heatmaps, search and export (${engineName})`, () => {
  it('seeds a day of simulated traffic once, with crossings both ways', async () => {
    expect(accepted).toBeGreaterThan(3_000);
    expect(await seedDemoTraffic(database, { days: 1, dataDir: tmpdir(), now })).toBe(0);
    const dirs = await database.rows<{ direction: string; n: number }>(sql`SELECT direction::text, count(*)::int AS n FROM crossings GROUP BY 1`);
    expect(dirs.map((d) => d.direction).sort()).toEqual(['into_vn', 'out_of_vn']);
  });

  it('counts the same detections from the hourly cells as from the raw rows', async () => {
    const f = filter();
    const result = await heatmap(database, everyone, f, 'detections', 9);
    const [raw] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM detections WHERE observed_at >= ${f.from} AND observed_at < ${f.to}`);
    expect(result.total).toBe(raw!.n);
    expect(result.mode).toBe(result.total > POINTS_LIMIT ? 'cells' : 'points');
    expect(result.items.reduce((s, i) => s + i[3], 0)).toBe(raw!.n);
    expect(result.byBucket.reduce((s, b) => s + b.n, 0)).toBe(raw!.n);
    // Every hour of the period is a bucket, empty or not, so playback keeps time.
    expect(result.byBucket.length).toBeGreaterThanOrEqual(48);
  });

  it('reads a month from the daily counts (and the hours at its ends) with the same totals, before and after folding', async () => {
    const { foldPendingCells } = await import('@/db/queries/detection-cells');
    const month = eventFilterSchema.parse({ from: new Date(now - 30 * 86_400_000 + 5_000).toISOString(), to: new Date(now).toISOString() });
    const night = eventFilterSchema.parse({ from: month.from.toISOString(), to: month.to.toISOString(), daynight: 'night', class: 'person' });
    const raw = async (f: typeof month, extra = sql`true`) => {
      const [r] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM detections WHERE observed_at >= ${f.from} AND observed_at < ${f.to} AND ${extra}`);
      return r!.n;
    };
    const nightPeople = sql`class = 'person' AND extract(hour from observed_at AT TIME ZONE 'Asia/Ho_Chi_Minh') NOT BETWEEN 6 AND 17`;
    for (const round of ['pending', 'folded']) {
      if (round === 'folded') expect(await foldPendingCells(database)).toBeGreaterThan(0);
      const result = await heatmap(database, everyone, month, 'detections', 8);
      expect(result.bucket).toBe('day');
      expect(result.cellDeg).toBeGreaterThanOrEqual(0.01);
      expect(result.total).toBe(await raw(month));
      expect(result.byBucket.reduce((sum, b) => sum + b.n, 0)).toBe(result.total);
      expect(result.byZone.length).toBeGreaterThan(0);
      expect((await heatmap(database, everyone, night, 'detections', 8)).total).toBe(await raw(night, nightPeople));
    }
  });

  it('applies class, minimum confidence and night filters the same way to cells and points', async () => {
    const f = filter({ class: 'person', minConfidence: '0.7', daynight: 'night' });
    const cells = await heatmap(database, everyone, f, 'detections', 9);
    const [raw] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM detections
      WHERE observed_at >= ${f.from} AND observed_at < ${f.to} AND class = 'person' AND confidence >= 0.7 - 1e-6
        AND (extract(hour from observed_at AT TIME ZONE 'Asia/Ho_Chi_Minh') >= 18 OR extract(hour from observed_at AT TIME ZONE 'Asia/Ho_Chi_Minh') < 6)`);
    expect(cells.total).toBe(raw!.n);
    expect(cells.total).toBeGreaterThan(0);
  });

  it('sends points when few events match and reports where crossings concentrate', async () => {
    const result = await heatmap(database, everyone, filter(), 'crossings', 12);
    expect(result.mode).toBe('points');
    const [raw] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM crossings WHERE crossed_at >= ${filter().from}`);
    expect(result.items).toHaveLength(raw!.n);
    expect(result.byZone.some((z) => z.kind === 'hotspot')).toBe(true);
  });

  it('refuses filters it cannot apply exactly', () => {
    const q = withEventFilter({});
    expect(q.safeParse({ minConfidence: '0.55' }).success).toBe(false);
    expect(q.safeParse({ class: 'person,ufo' }).success).toBe(false);
    expect(q.safeParse({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success).toBe(false);
    expect(q.safeParse({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success).toBe(false);
    expect(q.safeParse({ sneaky: '1' }).success).toBe(false);
  });

  it('pages newest first by cursor without gaps or repeats', async () => {
    const f = filter({ class: 'boat' });
    const seen: number[] = [];
    let cursor: { at: Date; id: number } | null = null;
    let last = Infinity;
    for (let i = 0; i < 200; i++) {
      const page = await searchEvents(database, everyone, f, 'detections', { cursor, limit: 100 });
      for (const r of page.rows) {
        expect(Date.parse(r.at)).toBeLessThanOrEqual(last);
        last = Date.parse(r.at);
        seen.push(r.id);
      }
      const tail = page.rows.at(-1);
      if (!page.next || !tail) break;
      cursor = { at: new Date(tail.at), id: tail.id };
    }
    const [raw] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM detections WHERE class = 'boat' AND observed_at >= ${f.from} AND observed_at < ${f.to}`);
    expect(seen.length).toBe(raw!.n);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('keeps other agencies’ events out of an agency-scoped search', async () => {
    // The health department owns the facility cameras: give one of them a detection, so the
    // agency filter (not only the province) decides what the scoped search returns.
    const [facilityCamera] = await database.rows<{ id: string }>(sql`SELECT id FROM cameras WHERE agency_id = 'syt-qn' ORDER BY code LIMIT 1`);
    const [admin] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`);
    const { createDeviceKey, authenticateDevice } = await import('@/lib/detections/device-keys');
    const { ingestEvents } = await import('@/lib/detections/ingest');
    const { key } = await createDeviceKey(database, { name: 'facility box', cameraIds: [facilityCamera!.id], createdBy: admin!.id, createdByName: 'admin' });
    const device = await authenticateDevice(database, `Bearer ${key}`);
    const stored = await ingestEvents(database, device, [
      { id: 'facility-1', cameraId: facilityCamera!.id, observedAt: new Date(now - 3_600_000).toISOString(), class: 'person', confidence: 0.9, position: { bearingDeg: 0, rangeM: 20 } },
    ]);
    expect(stored.accepted).toBe(1);

    const health: Scope = { provinceCode: 'VN-13', agencyId: 'syt-qn' };
    const page = await searchEvents(database, health, filter(), 'detections', { limit: 100 });
    // Same province, so only the agency filter keeps the border cameras' thousands of rows out.
    expect(page.rows.map((r) => r.cameraId)).toEqual([facilityCamera!.id]);
    const [border] = await database.rows<{ id: number }>(sql`SELECT id FROM detections WHERE agency_id <> 'syt-qn' LIMIT 1`);
    expect(await getEventDetail(database, health, 'detections', Number(border!.id))).toBeNull();
    expect(await getEventDetail(database, health, 'detections', page.rows[0]!.id)).not.toBeNull();
    expect(await getEventDetail(database, everyone, 'detections', Number(border!.id))).not.toBeNull();
  });

  it('returns a crossing with its whole track', async () => {
    const [c] = await database.rows<{ id: number }>(sql`SELECT id FROM crossings ORDER BY id LIMIT 1`);
    const detail = await getEventDetail(database, everyone, 'crossings', Number(c!.id));
    expect(detail!.track.length).toBeGreaterThanOrEqual(6);
    expect(detail!.crossings.map((x) => x.id)).toContain(Number(c!.id));
    expect(new Set(detail!.track.map((p) => p.side))).toEqual(new Set(['vn', 'cn']));
  });

  it('streams an export of exactly the filtered rows and audits it first', async () => {
    const [admin] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`);
    const f = filter({ class: 'vehicle' });
    const { total, stream } = await startExport(database, { id: admin!.id, username: 'admin', ip: '10.0.0.9' }, everyone, f, 'detections', 'csv');
    const [audit] = await database.rows<{ details: { rows: number; format: string } }>(
      sql`SELECT details FROM audit_log WHERE action = 'activity.export' AND actor_id = ${admin!.id} ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.details).toMatchObject({ rows: total, format: 'csv' });
    const text = await new Response(stream).text();
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('id,kind,at,cameraId,cameraName,class,count,confidence,direction,alerted,side,borderDistanceM,zones,trackId,lat,lon');
    expect(lines).toHaveLength(total + 1);
    expect(lines.slice(1).every((l) => l.split(',')[5] === 'vehicle')).toBe(true);

    const geo = await startExport(database, { id: admin!.id, username: 'admin', ip: null }, everyone, f, 'detections', 'geojson');
    const fc = JSON.parse(await new Response(geo.stream).text()) as { features: { geometry: { coordinates: number[] } }[] };
    expect(fc.features).toHaveLength(total);
  });
});
