import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { getBorderDistance } from '@/db/queries/border-distance';
import { getKmAt } from '@/db/queries/border-km-markers';
import { besideBorder } from '@/test/support/border-points';
import { engineName, openTestDatabase } from '@/test/support/database';
import { rng } from '@/lib/simulation/traffic';

// The distance to the border and its side are measured on the ellipsoid (migration 0028). The
// oracle is PostGIS itself: ST_Distance from the point to the whole border line as geography,
// one call, nothing of the code under test. Random points from a seeded generator (the same set
// every run): near the land line, out at sea along the maritime line, and anywhere in the region.

const PROVINCE = 'VN-13';
/** In Lạng Sơn, west of where the stored (Quảng Ninh) line begins. */
const LANG_SON = { lon: 106.76, lat: 21.85 };


interface Spec {
  /** 'land': from a point of the land and river line; 'sea': from a point of the maritime line; 'box': lon/lat given. */
  kind: 'land' | 'sea' | 'box';
  /** Fraction along that part of the line (land, sea), or longitude (box). */
  u: number;
  /** Metres from the line point (land, sea), or latitude (box). */
  v: number;
  /** Direction from the line point, degrees. */
  az: number;
}

function randomSpecs(seed: number): Spec[] {
  const rnd = rng(seed);
  const specs: Spec[] = [];
  for (let i = 0; i < 160; i++) specs.push({ kind: 'land', u: rnd(), v: 2 + rnd() * 2000, az: rnd() * 360 });
  for (let i = 0; i < 100; i++) specs.push({ kind: 'sea', u: rnd(), v: 100 + rnd() * 60_000, az: rnd() * 360 });
  for (let i = 0; i < 80; i++) specs.push({ kind: 'box', u: 107.3 + rnd() * 1.1, v: 21.0 + rnd() * 0.75, az: 0 });
  return specs;
}

interface Sample {
  i: number;
  kind: Spec['kind'];
  lon: number;
  lat: number;
  /** border_side_at()'s answer. */
  distance_m: number;
  side: string | null;
  /** ST_Distance(p::geography, whole line::geography). */
  oracle_m: number;
  /** How much farther the nearer end of the line is than the line: 0 where an end is the nearest point. */
  beyond_m: number;
}

let database: Database;
let samples: Sample[];

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  // The line is border_side_line, the view the cached line and its segments are made from.
  samples = await database.rows<Sample>(sql`
    WITH spec AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(randomSpecs(20_261_224).map((s, i) => ({ ...s, i })))}::jsonb)
        AS x(i int, kind text, u float8, v float8, az float8)
    ), line AS (
      SELECT l.geom, t.geom AS trace, ST_Length(t.geom) / ST_Length(l.geom) AS land_f
      FROM border_side_line l JOIN border_trace t USING (province_code) WHERE l.province_code = ${PROVINCE}
    ), pts AS (
      SELECT s.i, s.kind, CASE s.kind
          WHEN 'box' THEN ST_SetSRID(ST_MakePoint(s.u, s.v), 4326)
          ELSE ST_Project(ST_LineInterpolatePoint(line.geom, CASE s.kind WHEN 'land' THEN s.u * line.land_f ELSE line.land_f + s.u * (1 - line.land_f) END)::geography,
                          s.v, radians(s.az))::geometry
        END AS p, line.geom AS line
      FROM spec s CROSS JOIN line
    )
    SELECT pts.i, pts.kind, ST_X(pts.p) AS lon, ST_Y(pts.p) AS lat, bs.distance_m, bs.side::text AS side,
           ST_Distance(pts.p::geography, pts.line::geography) AS oracle_m,
           least(ST_Distance(pts.p::geography, ST_StartPoint(pts.line)::geography), ST_Distance(pts.p::geography, ST_EndPoint(pts.line)::geography))
             - ST_Distance(pts.p::geography, pts.line::geography) AS beyond_m
    FROM pts LEFT JOIN LATERAL border_side_at(pts.p) bs ON true
    ORDER BY pts.i`);
});
afterAll(() => database?.close());

describe(`distance to the border on the ellipsoid (${engineName})`, () => {
  it('agrees with ST_Distance to the whole line as geography within 1 m, near the land line, at sea and anywhere', () => {
    expect(samples.length).toBeGreaterThanOrEqual(300);
    const errors = samples.map((s) => ({ ...s, error: Math.abs(Number(s.distance_m) - Number(s.oracle_m)) }));
    const worst = errors.reduce((a, b) => (b.error > a.error ? b : a));
    console.log(`border_side_at vs oracle (${engineName}): worst |error| ${worst.error.toFixed(3)} m at`, [worst.lon, worst.lat], `(${worst.kind}, ${Number(worst.oracle_m).toFixed(0)} m out)`);
    // The points really are where they were meant to be: within 2 km of the land line, and far out at sea.
    expect(errors.filter((s) => s.kind === 'land').every((s) => s.oracle_m <= 2001)).toBe(true);
    expect(errors.filter((s) => s.kind === 'sea' && s.oracle_m > 20_000).length).toBeGreaterThan(20);
    expect(errors.filter((s) => s.error > 1)).toEqual([]);
  });

  it('leaves the side unknown only within a metre of the line or beyond its ends, and never says cn there', () => {
    const beyond = samples.filter((s) => Number(s.beyond_m) < 0.001);
    expect(beyond.length).toBeGreaterThan(10);
    expect(beyond.filter((s) => s.side === 'cn')).toEqual([]);
    expect(samples.filter((s) => s.side === null && Number(s.distance_m) >= 1 && Number(s.beyond_m) >= 0.001)).toEqual([]);
    expect(samples.filter((s) => s.kind === 'land' && s.side !== null).length).toBeGreaterThan(150);
  });

  it('gives the nearest point of the line on the ellipsoid, consistent with the distance', async () => {
    for (const s of samples.filter((_, k) => k % 8 === 0)) {
      const d = await getBorderDistance(database, Number(s.lon), Number(s.lat));
      expect(Math.abs(d!.distanceM - Number(s.oracle_m))).toBeLessThanOrEqual(1);
      const [check] = await database.rows<{ to_point: number; to_line: number }>(sql`
        WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${d!.nearest[0]}::float8, ${d!.nearest[1]}::float8), 4326) AS n)
        SELECT ST_Distance(p.n::geography, ST_SetSRID(ST_MakePoint(${Number(s.lon)}::float8, ${Number(s.lat)}::float8), 4326)::geography) AS to_point,
               ST_Distance(p.n::geography, l.geom::geography) AS to_line
        FROM p, border_side_line l WHERE l.province_code = ${PROVINCE}`);
      // On the line, and as far from the point as the line is.
      expect(Number(check!.to_line)).toBeLessThan(0.05);
      expect(Math.abs(Number(check!.to_point) - Number(s.oracle_m))).toBeLessThanOrEqual(1);
    }
  });

  it('keeps the great-circle arcs of the segments within the bound the search relies on (5e-5°)', async () => {
    const [row] = await database.rows<{ dev: number }>(sql`
      SELECT max(ST_HausdorffDistance(geom, ST_Segmentize(geom::geography, 25)::geometry)) AS dev FROM border_side_segments`);
    expect(Number(row!.dev)).toBeLessThan(5e-5);
  });
});

describe(`side of the border (${engineName})`, () => {
  it('is vn in Lạng Sơn, west of where the stored line begins, never cn', async () => {
    const [where] = await database.rows<{ west_end_lon: number; nearest_is_end: number; in_vn: boolean; in_cn: boolean }>(sql`
      WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${LANG_SON.lon}::float8, ${LANG_SON.lat}::float8), 4326) AS g)
      SELECT ST_X(ST_StartPoint(l.geom)) AS west_end_lon,
             ST_Distance(p.g::geography, ST_StartPoint(l.geom)::geography) - ST_Distance(p.g::geography, l.geom::geography) AS nearest_is_end,
             EXISTS (SELECT 1 FROM admin_areas a WHERE a.code = 'VNM' AND ST_Intersects(a.geom, p.g)) AS in_vn,
             EXISTS (SELECT 1 FROM admin_areas a WHERE a.code = 'CHN' AND ST_Intersects(a.geom, p.g)) AS in_cn
      FROM p, border_side_line l WHERE l.province_code = ${PROVINCE}`);
    expect(LANG_SON.lon).toBeLessThan(Number(where!.west_end_lon));
    expect(Number(where!.nearest_is_end)).toBeLessThan(0.001);
    expect(where).toMatchObject({ in_vn: true, in_cn: false });
    const d = await getBorderDistance(database, LANG_SON.lon, LANG_SON.lat);
    expect(d!.side).toBe('vn');
    // Beyond the west end in China: unknown, not a guess from the end segment.
    const [cnBeyond] = await database.rows<{ side: string | null; in_cn: boolean; beyond: number }>(sql`
      WITH p AS (SELECT ST_SetSRID(ST_MakePoint(106.9::float8, 22.1::float8), 4326) AS g)
      SELECT bs.side::text AS side, EXISTS (SELECT 1 FROM admin_areas a WHERE a.code = 'CHN' AND ST_Intersects(a.geom, p.g)) AS in_cn,
             ST_Distance(p.g::geography, ST_StartPoint(l.geom)::geography) - ST_Distance(p.g::geography, l.geom::geography) AS beyond
      FROM p CROSS JOIN LATERAL border_side_at(p.g) bs, border_side_line l WHERE l.province_code = ${PROVINCE}`);
    expect(cnBeyond).toMatchObject({ in_cn: true, side: null });
    expect(Number(cnBeyond!.beyond)).toBeLessThan(0.001);
  });

  it('still tells the two sides apart beside the line', async () => {
    const beside = besideBorder(database);
    for (const along of [-3000, 0, 2500]) {
      const vn = await beside(300, along);
      const cn = await beside(-300, along);
      expect((await getBorderDistance(database, vn.lon, vn.lat))!.side).toBe('vn');
      expect((await getBorderDistance(database, cn.lon, cn.lat))!.side).toBe('cn');
      expect(Math.abs((await getBorderDistance(database, cn.lon, cn.lat))!.distanceM - 300)).toBeLessThan(2);
    }
    const onLine = await beside(0.3);
    expect((await getBorderDistance(database, onLine.lon, onLine.lat))!.side).toBeNull();
  });
});

describe(`kilometre of the nearest border point on the ellipsoid (${engineName})`, () => {
  it('agrees with ST_Distance to the land and river line as geography within 1 m, and with its length', async () => {
    const points = samples.filter((s) => s.kind === 'land').filter((_, k) => k % 5 === 0);
    const box = samples.filter((s) => s.kind === 'box').filter((_, k) => k % 8 === 0);
    let worst = 0;
    for (const s of [...points, ...box]) {
      const at = await getKmAt(database, PROVINCE, Number(s.lon), Number(s.lat));
      const [oracle] = await database.rows<{ distance_m: number; km_m: number; to_point: number }>(sql`
        WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${Number(s.lon)}::float8, ${Number(s.lat)}::float8), 4326) AS g,
                          ST_SetSRID(ST_MakePoint(${at!.lon}::float8, ${at!.lat}::float8), 4326) AS n)
        SELECT ST_Distance(p.g::geography, t.geom::geography) AS distance_m,
               ST_Length(ST_LineSubstring(t.geom, 0, ST_LineLocatePoint(t.geom, p.n))::geography) AS km_m,
               ST_Distance(p.g::geography, p.n::geography) AS to_point
        FROM p, border_trace t WHERE t.province_code = ${PROVINCE}`);
      const error = Math.abs(at!.distanceM - Number(oracle!.distance_m));
      worst = Math.max(worst, error);
      expect(error).toBeLessThanOrEqual(1);
      expect(Math.abs(Number(oracle!.to_point) - Number(oracle!.distance_m))).toBeLessThanOrEqual(1);
      // km is given to the metre.
      expect(Math.abs(at!.km * 1000 - Number(oracle!.km_m))).toBeLessThanOrEqual(1.5);
    }
    console.log(`getKmAt vs oracle (${engineName}): worst |error| ${worst.toFixed(3)} m over ${points.length + box.length} points`);
  });
});
