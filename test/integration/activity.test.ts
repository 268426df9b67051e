import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { heatmap, POINTS_LIMIT, listActivity, getEventDetail, type Scope } from '@/db/queries/detections';
import { seedDemoTraffic } from '@/lib/demo/traffic';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, startExport, type ExportPresentation } from '@/lib/detections/export';
import { formatsFor } from '@/lib/format';
import en from '@/messages/en.json';
import vi from '@/messages/vi.json';
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
});
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
      const page = await listActivity(database, everyone, f, 'detections', { cursor, limit: 100 });
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
    const page = await listActivity(database, health, filter(), 'detections', { limit: 100 });
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
    // Both sides; a point within a metre of the line has no side (null), as simulated tracks may have.
    expect(new Set(detail!.track.map((p) => p.side).filter((side) => side !== null))).toEqual(new Set(['vn', 'cn']));
  });

  it('streams an export of exactly the filtered rows and audits it first', async () => {
    const [admin] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`);
    const f = filter({ class: 'vehicle' });
    const { total, stream } = await startExport(database, database, { id: admin!.id, username: 'admin', ip: '10.0.0.9' }, everyone, f, 'detections', 'csv', presentation('vi'));
    const [audit] = await database.rows<{ details: { rows: number; format: string } }>(
      sql`SELECT details FROM audit_log WHERE action = 'activity.export' AND actor_id = ${admin!.id} ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.details).toMatchObject({ rows: total, format: 'csv' });
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    // UTF-8 with a byte order mark, so Excel reads Vietnamese correctly.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split('\n');
    expect(csvCells(lines[0]!)).toEqual(EXPORT_COLUMNS.map((c) => vi.export.columns[c]));
    expect(csvCells(lines[0]!)).toContain('Thời gian (giờ Việt Nam, UTC+7)');
    expect(lines).toHaveLength(total + 1);
    const classCol = EXPORT_COLUMNS.indexOf('class');
    const timeCol = EXPORT_COLUMNS.indexOf('localTime');
    const isoCol = EXPORT_COLUMNS.indexOf('at');
    const first = csvCells(lines[1]!);
    expect(lines.slice(1).every((l) => csvCells(l)[classCol] === 'Phương tiện')).toBe(true);
    // The local wall time and the same moment with its offset.
    expect(first[timeCol]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(first[isoCol]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(first[isoCol]!.replace('T', ' ').slice(0, 19)).toBe(first[timeCol]);

    // Codes instead of labels, for machines.
    const codes = await startExport(database, database, { id: admin!.id, username: 'admin', ip: null }, everyone, f, 'detections', 'csv', { ...presentation('en'), codes: true });
    const codeLines = (await new Response(codes.stream).text()).replace(/^\uFEFF/, '').trim().split('\n');
    expect(codeLines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(csvCells(codeLines[1]!)[classCol]).toBe('vehicle');

    // XLSX: the same rows, typed.
    const xlsx = await startExport(database, database, { id: admin!.id, username: 'admin', ip: null }, everyone, f, 'detections', 'xlsx', presentation('en'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Response(xlsx.stream).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(total + 1);
    expect(sheet.getRow(1).getCell(classCol + 1).value).toBe('Object');
    const row = sheet.getRow(2);
    expect(row.getCell(classCol + 1).value).toBe('Vehicle');
    expect(row.getCell(timeCol + 1).value).toBeInstanceOf(Date);
    expect(typeof row.getCell(EXPORT_COLUMNS.indexOf('lat') + 1).value).toBe('number');
    expect(typeof row.getCell(EXPORT_COLUMNS.indexOf('count') + 1).value).toBe('number');

    const geo = await startExport(database, database, { id: admin!.id, username: 'admin', ip: null }, everyone, f, 'detections', 'geojson', presentation('vi'));
    const fc = JSON.parse(await new Response(geo.stream).text()) as { features: { geometry: { coordinates: number[] } }[] };
    expect(fc.features).toHaveLength(total);
  });
});

/** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
function csvCells(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!));
}

/** What the export route builds from the message catalogues. */
function presentation(locale: 'vi' | 'en'): ExportPresentation {
  const m = locale === 'vi' ? vi : en;
  return {
    formats: formatsFor(locale),
    codes: false,
    headers: m.export.columns,
    label: (column, value) =>
      column === 'kind'
        ? m.export.kind[value as 'detections']
        : column === 'class'
          ? m.activity.classes[value as 'person']
          : column === 'side'
            ? m.activity.side[value as 'vn']
            : column === 'alerted'
              ? value === 'true' ? m.export.yes : m.export.no
              : m.activity[value as 'into_vn'],
  };
}

// Each point where the map is zoomed in: GeoJSON for a view (both engines) and vector tiles
// (server engine), both checked against the raw rows placed on the pixel grid here in plain
// JavaScript (Web Mercator by its formula, not PostGIS).
describe(`each point of a period, as GeoJSON and vector tiles (${engineName})`, () => {
  const Z = 14;
  const worldPx = (z: number) => 512 * 2 ** z;
  const mercatorPx = (lon: number, lat: number, z: number) => {
    const phi = (lat * Math.PI) / 180;
    return { x: ((lon + 180) / 360) * worldPx(z), y: ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * worldPx(z) };
  };
  /** The busiest camera of the day and a 0.08° view around it. */
  const busiest = async () => {
    const [c] = await database.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat FROM detections d JOIN cameras c ON c.id = d.camera_id
      WHERE d.observed_at >= ${new Date(now - 2 * 86_400_000)} GROUP BY c.id, c.geom ORDER BY count(*) DESC LIMIT 1`);
    return { lon: Number(c!.lon), lat: Number(c!.lat), bbox: [c!.lon - 0.04, c!.lat - 0.04, c!.lon + 0.04, c!.lat + 0.04].map(Number) as [number, number, number, number] };
  };
  const rawPoints = async (f: ReturnType<typeof filter>, box: [number, number, number, number]) =>
    (
      await database.rows<{ lon: number; lat: number; class: string }>(sql`
        SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, class::text AS class FROM detections
        WHERE observed_at >= ${f.from} AND observed_at < ${f.to} AND ST_X(geom) BETWEEN ${box[0]} AND ${box[2]} AND ST_Y(geom) BETWEEN ${box[1]} AND ${box[3]}
          ${f.class ? sql`AND class::text = ${f.class[0]}` : sql``}`)
    ).map((p) => ({ lon: Number(p.lon), lat: Number(p.lat), class: p.class }));
  const countBy = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

  it('counts every point of a view once, on its pixel and class, with the filter applied', async () => {
    const { listActivityPoints } = await import('@/db/queries/activity-points');
    const { bbox } = await busiest();
    for (const f of [filter(), filter({ class: 'person' })]) {
      const points = await listActivityPoints(database, everyone, f, 'detections', { bbox, zoom: Z });
      const raw = await rawPoints(f, bbox);
      expect(raw.length).toBeGreaterThan(50);
      expect(points.truncated).toBe(false);
      // PostGIS's && compares float4 boxes rounded outward, so a point a hair (~1e-5°) outside the
      // view may be read too: compare the pixels whose centre is well inside the view (a pixel is
      // 4.3e-5° wide at this zoom), and ask that nothing lies farther out.
      const edge = 2e-4;
      const inside = ([lon, lat]: [number, number], d: number) => lon > bbox[0] + d && lon < bbox[2] - d && lat > bbox[1] + d && lat < bbox[3] - d;
      const pixelCentre = (key: string): [number, number] => {
        const [x, y] = key.split(',').map(Number) as [number, number];
        return [((x + 0.5) / worldPx(Z)) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 0.5)) / worldPx(Z)))) * 180) / Math.PI];
      };
      const clear = (m: Map<string, number>) => new Map([...m].filter(([key]) => inside(pixelCentre(key), edge)));
      expect(points.features.every((ft) => inside(ft.geometry.coordinates, -edge))).toBe(true);
      const expected = clear(countBy(raw.map((p) => { const m = mercatorPx(p.lon, p.lat, Z); return `${Math.floor(m.x)},${Math.floor(m.y)},${p.class}`; })));
      // Each feature sits in its pixel's centre: put back on the grid, it names the same pixel.
      const got = clear(new Map(points.features.map((ft) => { const m = mercatorPx(ft.geometry.coordinates[0], ft.geometry.coordinates[1], Z); return [`${Math.floor(m.x)},${Math.floor(m.y)},${ft.properties.class}`, ft.properties.n]; })));
      expect(expected.size).toBeGreaterThan(20);
      expect(got).toEqual(expected);
      if (f.class) expect(new Set(points.features.map((ft) => ft.properties.class))).toEqual(new Set(['person']));
    }
  });

  it('keeps other agencies’ points out and says when a view holds more than it shows', async () => {
    const { listActivityPoints } = await import('@/db/queries/activity-points');
    const { bbox } = await busiest();
    const health: Scope = { provinceCode: 'VN-13', agencyId: 'syt-qn' };
    expect((await listActivityPoints(database, health, filter(), 'detections', { bbox, zoom: Z })).features).toEqual([]);
    const cut = await listActivityPoints(database, everyone, filter(), 'detections', { bbox, zoom: Z }, { rows: 20, features: 5 });
    expect(cut.truncated).toBe(true);
    expect(cut.features.length).toBeLessThanOrEqual(5);
  });

  it.runIf(engineName === 'postgres')('makes vector tiles whose features are the raw points on the tile’s pixel grid', async () => {
    const { getActivityTile } = await import('@/db/queries/activity-points');
    const { VectorTile } = await import('@mapbox/vector-tile');
    const { PbfReader } = await import('pbf');
    // vector-tile's types name pbf 4's class; pbf 5's reader has the same reading methods.
    const tileOf = (bytes: Buffer) => new VectorTile(new PbfReader(bytes) as unknown as ConstructorParameters<typeof VectorTile>[0]);
    const { lon, lat } = await busiest();
    const centre = mercatorPx(lon, lat, Z);
    const f = filter();
    let checked = 0;
    // The camera's tile and its eight neighbours: points near an edge appear in both tiles' buffers.
    for (const dx of [-1, 0, 1]) {
      for (const dy of [-1, 0, 1]) {
        const tile = { z: Z, x: Math.floor(centre.x / 512) + dx, y: Math.floor(centre.y / 512) + dy };
        const body = await getActivityTile(database, everyone, f, 'detections', tile);
        const [w, n] = [(tile.x * 360) / 2 ** Z - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * tile.y) / 2 ** Z))) * 180) / Math.PI];
        const [e, s] = [((tile.x + 1) * 360) / 2 ** Z - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * (tile.y + 1)) / 2 ** Z))) * 180) / Math.PI];
        const margin = 0.02;
        const raw = (await rawPoints(f, [w - margin, s - margin, e + margin, n + margin]))
          .map((p) => ({ ...p, m: mercatorPx(p.lon, p.lat, Z) }))
          .map((p) => ({ ...p, tx: p.m.x - tile.x * 512, ty: p.m.y - tile.y * 512 }))
          .filter((p) => p.tx >= -8 && p.tx <= 520 && p.ty >= -8 && p.ty <= 520);
        // Pixels on the buffer's very edge depend on rounding in the last bit: compared inside it.
        const inner = (x: number, y: number) => x > -8 && x < 520 && y > -8 && y < 520;
        if (raw.length === 0) {
          expect(body).toBeNull();
          continue;
        }
        const layer = tileOf(body!).layers.activity!;
        expect(layer.extent).toBe(512);
        const got = new Map<string, number>();
        for (let i = 0; i < layer.length; i++) {
          const feature = layer.feature(i);
          const [point] = feature.loadGeometry()[0]!;
          if (inner(point!.x, point!.y)) got.set(`${point!.x},${point!.y},${String(feature.properties.class)}`, Number(feature.properties.n));
          expect(typeof feature.id).toBe('number');
        }
        expect(got).toEqual(countBy(raw.filter((p) => inner(Math.round(p.tx), Math.round(p.ty))).map((p) => `${Math.round(p.tx)},${Math.round(p.ty)},${p.class}`)));
        expect(tileOf(body!).layers.cut).toBeUndefined();
        // And PostGIS's own projection and tile geometry (ST_Transform, ST_AsMVTGeom) put the same points on the same pixels.
        const postgis = await database.rows<{ x: number; y: number; class: string }>(sql`
          SELECT ST_X(g) AS x, ST_Y(g) AS y, class FROM (
            SELECT ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int), 512, 8, true) AS g, class::text AS class
            FROM detections WHERE observed_at >= ${f.from} AND observed_at < ${f.to}) q
          WHERE g IS NOT NULL`);
        expect(got).toEqual(countBy(postgis.filter((p) => inner(Number(p.x), Number(p.y))).map((p) => `${Number(p.x)},${Number(p.y)},${p.class}`)));
        checked += raw.length;
      }
    }
    expect(checked).toBeGreaterThan(50);
    // A tile that holds more than it may show says so in its `cut` layer.
    const tile = { z: Z, x: Math.floor(centre.x / 512), y: Math.floor(centre.y / 512) };
    const cut = await getActivityTile(database, everyone, f, 'detections', tile, { rows: 10, features: 3 });
    const decoded = tileOf(cut!);
    expect(decoded.layers.activity!.length).toBeLessThanOrEqual(3);
    expect(decoded.layers.cut!.length).toBe(1);
    // Another agency's scope gets an empty tile.
    expect(await getActivityTile(database, { provinceCode: 'VN-13', agencyId: 'syt-qn' }, f, 'detections', tile)).toBeNull();
  });
});
