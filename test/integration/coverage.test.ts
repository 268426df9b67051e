import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { BorderGeometryError, computeBorderCoverage, type BorderCoverageRaw } from '@/db/queries/border-coverage';
import { getKmMarkers, getKmAt } from '@/db/queries/border-km-markers';
import { listCamerasCovering } from '@/db/queries/camera-coverage';
import { getBorderCoverage } from '@/lib/coverage/analysis';
import { cameraRangeM } from '@/lib/coverage/ranges';
import { angleBetween, coversPoint } from '@/lib/geo/sector';
import { bearingDeg, distanceM, type LonLat } from '@/lib/geo/measure';
import { engineName, openTestDatabase } from '@/test/support/database';

// A hand-checkable border: a straight line along the parallel 20.7° N (far from the demo
// border), about 10.2 km long, land for its first 9 km and river after, in a province of its
// own. Cameras stand at known kilometres and offsets from it, so the stretches they see follow
// from Pythagoras: a camera d metres from the line with reach r sees ±√(r² − d²) along it, and
// a field of view of φ limits that to ±d·tan(φ/2).

const P = 'XT-T1';
const LAT = 20.7;
const LON0 = 107.0;
/** Degrees of longitude per kilometre at this latitude (sphere; the line's true length is read from PostGIS). */
const DEG_PER_KM = 1000 / distanceM([LON0, LAT], [LON0 + 1, LAT]);
const RIVER_FROM_KM = 9;
const END_KM = 10.2;
/** Sampling step used here: ends of stretches are exact to half of it. */
const STEP = 25;
const scope = { provinceCode: P, agencyId: null };

let database: Database;
let totalM: number;
const ids: Record<string, string> = {};

const lineCoords = (fromKm: number, toKm: number, parts: number): LonLat[] =>
  Array.from({ length: parts + 1 }, (_, i) => [LON0 + (fromKm + ((toKm - fromKm) * i) / parts) * DEG_PER_KM, LAT] as LonLat);

/** The point `offsetM` metres north (negative: south) of the line at `km`, computed by PostGIS on the spheroid. */
async function besideLine(km: number, offsetM: number): Promise<LonLat> {
  const [row] = await database.rows<{ lon: number; lat: number }>(sql`
    SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
      SELECT ST_Project(ST_LineInterpolatePoint(geom, ${km * 1000}::float8 / ST_Length(geom::geography))::geography, ${Math.abs(offsetM)}::float8,
                        radians(${offsetM >= 0 ? 0 : 180}::float8))::geometry AS p
      FROM border_trace WHERE province_code = ${P}) x`);
  return [Number(row!.lon), Number(row!.lat)];
}

async function addCamera(code: string, c: { km: number; offsetM: number; bearing: number; fov: number; range: number; infrared?: boolean; nightRange?: number | null }) {
  const [lon, lat] = await besideLine(c.km, c.offsetM);
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO cameras (code, name, kind, infrared, bearing_deg, fov_deg, range_m, night_range_m, province_code, geom)
    VALUES (${code}, ${code}, 'fixed', ${c.infrared ?? false}, ${c.bearing}, ${c.fov}, ${c.range}, ${c.nightRange ?? null}, ${P},
            ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326))
    RETURNING id`);
  ids[code] = row!.id;
}

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  const multi = (coords: LonLat[]) => JSON.stringify({ type: 'MultiLineString', coordinates: [coords] });
  await database.rows(sql`
    INSERT INTO border_lines (id, section, name, name_en, province_code, source, geom) VALUES
      (${`${P}-land`}, 'land', 'Thử nghiệm (đất liền)', 'Test (land)', ${P}, 'test', ST_SetSRID(ST_GeomFromGeoJSON(${multi(lineCoords(0, RIVER_FROM_KM, 9))}), 4326)),
      (${`${P}-river`}, 'river', 'Thử nghiệm (sông)', 'Test (river)', ${P}, 'test', ST_SetSRID(ST_GeomFromGeoJSON(${multi(lineCoords(RIVER_FROM_KM, END_KM, 2))}), 4326))`);
  const [len] = await database.rows<{ m: number }>(sql`SELECT ST_Length(geom::geography) AS m FROM border_trace WHERE province_code = ${P}`);
  totalM = Number(len!.m);
  // E: on the line at km 1, all round, 800 m by day, 400 m at night (night range set).
  await addCamera('T-E', { km: 1, offsetM: 0, bearing: 0, fov: 360, range: 800, nightRange: 400 });
  // A: 600 m north at km 3 facing the line (south) with 90°: the angle, not the reach, limits it to ±600 m. No infrared: blind at night (300 m < 600 m).
  await addCamera('T-A', { km: 3, offsetM: 600, bearing: 180, fov: 90, range: 1000 });
  // B: 300 m north at km 7 facing away: sees nothing of the line.
  await addCamera('T-B', { km: 7, offsetM: 300, bearing: 0, fov: 90, range: 1000 });
  // D: infrared, 100 m south at km 5.5, all round, 500 m: ±√(500² − 100²) = ±489.9 m, day and night.
  await addCamera('T-D', { km: 5.5, offsetM: -100, bearing: 0, fov: 360, range: 500, infrared: true });
  // C: no infrared, 200 m south at km 8.5 facing north with 120°: by day ±200·tan 60° = ±346.4 m;
  // at night 300 m reach: ±√(300² − 200²) = ±223.6 m.
  await addCamera('T-C', { km: 8.5, offsetM: -200, bearing: 0, fov: 120, range: 1000 });
  // A retired camera covering everything must not count.
  await addCamera('T-RETIRED', { km: 5, offsetM: 0, bearing: 0, fov: 360, range: 20000, infrared: true });
  await database.rows(sql`UPDATE cameras SET retired_at = now() WHERE id = ${ids['T-RETIRED']!}`);
  // A post 1 km south of km 6.5, in the gap between D and C.
  const [plon, plat] = await besideLine(6.5, -1000);
  await database.rows(sql`
    INSERT INTO checkpoints (code, name, name_en, kind, province_code, geom)
    VALUES ('T-POST', 'Chốt thử', 'Test post', 'control_post', ${P}, ST_SetSRID(ST_MakePoint(${plon}::float8, ${plat}::float8), 4326))`);
});
afterAll(() => database?.close());

/** The analysis of the test line by its own cameras (optionally with proposed ones). */
async function analyse(period: 'day' | 'night', proposed: { km: number; offsetM: number; bearing: number; fov: number; range: number; infrared?: boolean }[] = []) {
  const rows = await database.rows<{ id: string; lon: number; lat: number; bearing_deg: number; fov_deg: number; range_m: number; night_range_m: number | null; infrared: boolean }>(sql`
    SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, bearing_deg, fov_deg, range_m, night_range_m, infrared FROM cameras
    WHERE province_code = ${P} AND retired_at IS NULL ORDER BY id`);
  const cams = rows.map((r) => ({
    lon: Number(r.lon), lat: Number(r.lat), bearingDeg: Number(r.bearing_deg), fovDeg: Number(r.fov_deg),
    rangeM: cameraRangeM({ rangeM: Number(r.range_m), nightRangeM: r.night_range_m === null ? null : Number(r.night_range_m), infrared: r.infrared }, period),
    proposed: false,
  }));
  for (const p of proposed) {
    const [lon, lat] = await besideLine(p.km, p.offsetM);
    cams.push({ lon, lat, bearingDeg: p.bearing, fovDeg: p.fov, rangeM: cameraRangeM({ rangeM: p.range, infrared: p.infrared ?? false }, period), proposed: true });
  }
  return computeBorderCoverage(database, { provinceCode: P, cameras: cams, postScope: scope, stepM: STEP });
}

const stretchesOf = (r: BorderCoverageRaw) => r.covered.map((s) => [s.fromM, s.toM] as const);

/** Expected stretches [from, to] in metres must match the covered ones, each end within half a step. */
function expectStretches(r: BorderCoverageRaw, expected: [number, number][]) {
  const got = stretchesOf(r);
  expect(got.length, JSON.stringify(got)).toBe(expected.length);
  const tolerance = r.stepM / 2 + 1;
  expected.forEach(([from, to], i) => {
    expect(Math.abs(got[i]![0] - from), `stretch ${i} start ${got[i]![0]} vs ${from}`).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(got[i]![1] - to), `stretch ${i} end ${got[i]![1]} vs ${to}`).toBeLessThanOrEqual(tolerance);
  });
}

const around = (kmCentre: number, halfM: number): [number, number] => [kmCentre * 1000 - halfM, kmCentre * 1000 + halfM];

describe(`border coverage on a hand-checkable line (${engineName})`, () => {
  it('measures the line and its sections', async () => {
    const r = await analyse('day');
    expect(totalM).toBeGreaterThan(10_150);
    expect(totalM).toBeLessThan(10_250);
    expect(r.totalM).toBeCloseTo(totalM, 3);
    expect(r.stepM).toBeLessThanOrEqual(STEP);
    expect(r.samples).toBe(Math.ceil(totalM / STEP));
    const land = r.sections.find((s) => s.section === 'land')!;
    const river = r.sections.find((s) => s.section === 'river')!;
    expect(Math.abs(land.totalM - RIVER_FROM_KM * 1000)).toBeLessThanOrEqual(r.stepM);
    expect(land.totalM + river.totalM).toBeCloseTo(totalM, 3);
    expect(r.cameras).toBe(5);
  });

  it('by day: each camera sees the chord Pythagoras gives; one facing away and a retired one see nothing', async () => {
    const r = await analyse('day');
    const c = Math.sqrt(500 ** 2 - 100 ** 2);
    expectStretches(r, [around(1, 800), around(3, 600), around(5.5, c), around(8.5, 200 * Math.tan(Math.PI / 3))]);
    const covered = r.sections.reduce((s, x) => s + x.coveredM, 0);
    const expected = 1600 + 1200 + 2 * c + 400 * Math.tan(Math.PI / 3);
    expect(Math.abs(covered - expected)).toBeLessThanOrEqual(8 * (r.stepM / 2));
  });

  it('by night: infrared keeps its reach, a set night range is used, others see 30 %', async () => {
    const r = await analyse('night');
    // E at 400 m; A blind (300 m < 600 m); D unchanged (infrared); C at 300 m.
    expectStretches(r, [around(1, 400), around(5.5, Math.sqrt(500 ** 2 - 100 ** 2)), around(8.5, Math.sqrt(300 ** 2 - 200 ** 2))]);
  });

  it('lists the gaps longest first, with their lines and the nearest post', async () => {
    const r = await analyse('day');
    const lengths = r.gaps.map((g) => g.toM - g.fromM);
    expect([...lengths].sort((a, b) => b - a)).toEqual(lengths);
    // Covered and uncovered stretches tile the line.
    expect(lengths.reduce((a, b) => a + b, 0) + r.covered.reduce((a, s) => a + s.toM - s.fromM, 0)).toBeCloseTo(totalM, 3);
    // The longest gap: from D's end (5.99 km) to C's start (8.15 km), with the post 1 km south of km 6.5.
    const longest = r.gaps[0]!;
    expect(Math.abs(longest.fromM - (5500 + Math.sqrt(500 ** 2 - 100 ** 2)))).toBeLessThanOrEqual(r.stepM / 2 + 1);
    expect(longest.nearestPost).toMatchObject({ name: 'Chốt thử' });
    expect(Math.abs(longest.nearestPost!.distanceM - 1000)).toBeLessThanOrEqual(2);
    expect(Math.abs(longest.nearestPost!.km - 6.5)).toBeLessThanOrEqual(0.002);
    expect(longest.geometry?.type).toBe('LineString');
    const [first, last] = [longest.geometry!.coordinates[0]!, longest.geometry!.coordinates.at(-1)!];
    // (haversine here, the spheroid there: within 0.5 %)
    expect(Math.abs(distanceM(first, last) - (longest.toM - longest.fromM))).toBeLessThanOrEqual(0.005 * (longest.toM - longest.fromM));
    // The river part at the end is one gap reaching the line's end.
    const tail = r.gaps.find((g) => Math.abs(g.toM - totalM) < 1e-6)!;
    expect(tail.sections).toEqual(['land', 'river']);
  });

  it('adds what proposed cameras would cover, each on its own, without saving them', async () => {
    const r = await analyse('day', [
      // On the line at km 7, all round, 500 m: a new stretch of 1 km.
      { km: 7, offsetM: 0, bearing: 0, fov: 360, range: 500 },
      // Inside A's stretch: adds nothing.
      { km: 3, offsetM: 0, bearing: 0, fov: 360, range: 300 },
    ]);
    expect(Math.abs(r.added!.totalM - 1000)).toBeLessThanOrEqual(r.stepM + 1);
    expect(r.added!.perCamera.find((p) => p.index === 0)!.addedM).toBeCloseTo(r.added!.totalM, 6);
    expect(r.added!.perCamera.find((p) => p.index === 1)).toBeUndefined();
    expect(r.added!.stretches).toHaveLength(1);
    expect(Math.abs(r.added!.stretches[0]!.fromM - 6500)).toBeLessThanOrEqual(r.stepM / 2 + 1);
    const base = r.sections.reduce((s, x) => s + x.baseCoveredM, 0);
    const withProposed = r.sections.reduce((s, x) => s + x.coveredM, 0);
    expect(withProposed - base).toBeCloseTo(r.added!.totalM, 6);
    const [{ n }] = (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM cameras WHERE province_code = ${P}`)) as [{ n: number }];
    expect(n).toBe(6);
  });

  it('follows a camera that is turned or moved at once (no stale cache)', async () => {
    const before = await getBorderCoverage(database, { scope, provinceCode: P, period: 'day', stepM: STEP });
    // Turn B to face the line: it now sees ±300 m around km 7 (angle-limited: 300·tan 45°).
    await database.rows(sql`UPDATE cameras SET bearing_deg = 180 WHERE id = ${ids['T-B']!}`);
    const turned = await getBorderCoverage(database, { scope, provinceCode: P, period: 'day', stepM: STEP });
    expect(turned.coveredKm - before.coveredKm).toBeGreaterThan(0.55);
    expect(turned.coveredKm - before.coveredKm).toBeLessThan(0.65);
    // Move it 5 km north: out of reach again.
    const [lon, lat] = await besideLine(7, 5000);
    await database.rows(sql`UPDATE cameras SET geom = ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326) WHERE id = ${ids['T-B']!}`);
    const moved = await getBorderCoverage(database, { scope, provinceCode: P, period: 'day', stepM: STEP });
    expect(moved.coveredKm).toBeCloseTo(before.coveredKm, 6);
    // Reading the same state twice gives the same (cached) answer.
    expect(await getBorderCoverage(database, { scope, provinceCode: P, period: 'day', stepM: STEP })).toBe(moved);
    // Restore B for the other tests.
    const [blon, blat] = await besideLine(7, 300);
    await database.rows(sql`UPDATE cameras SET bearing_deg = 0, geom = ST_SetSRID(ST_MakePoint(${blon}::float8, ${blat}::float8), 4326) WHERE id = ${ids['T-B']!}`);
  });

  it('agrees with lib/geo/sector coversPoint on random cameras (property)', async () => {
    // Whole metres and tenths of degrees: nothing a camera could be told more precisely.
    const camera = fc.record({
      km: fc.integer({ min: 0, max: END_KM * 1000 }).map((m) => m / 1000),
      offsetM: fc.integer({ min: -1500, max: 1500 }),
      bearing: fc.integer({ min: 0, max: 3599 }).map((d) => d / 10),
      fov: fc.oneof(fc.integer({ min: 50, max: 2000 }).map((d) => d / 10), fc.constant(360)),
      range: fc.integer({ min: 50, max: 2000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(camera, { minLength: 1, maxLength: 6 }), async (specs) => {
        const cams = [];
        for (const s of specs) {
          const [lon, lat] = await besideLine(s.km, s.offsetM);
          cams.push({ lon, lat, bearingDeg: s.bearing, fovDeg: s.fov, rangeM: s.range, proposed: false });
        }
        const r = await computeBorderCoverage(database, { provinceCode: P, cameras: cams, postScope: scope, stepM: 50 });
        const h = r.stepM;
        const covered = new Set<number>();
        for (const s of r.covered) for (let j = Math.round(s.fromM / h); j < Math.round(s.toM / h); j++) covered.add(j);
        // The sample points: the line runs along the parallel, so metres map linearly to longitude.
        const end = lineCoords(0, END_KM, 1)[1]!;
        for (let j = 0; j < r.samples; j++) {
          const f = ((j + 0.5) * h) / r.totalM;
          const point: LonLat = [LON0 + f * (end[0] - LON0), LAT];
          // PostGIS measures on the spheroid, the reference on a sphere: samples within 0.7 %
          // of a reach or 0.3° of an edge of the field of view may go either way.
          const sure = cams.some((c) => coversWithMargin(c, point, -1));
          const maybe = cams.some((c) => coversWithMargin(c, point, +1));
          if (sure) expect(covered.has(j), `sample ${j} should be covered`).toBe(true);
          if (!maybe) expect(covered.has(j), `sample ${j} should not be covered`).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** coversPoint with the reach and half-angle widened (+1) or narrowed (−1) by the engines' measuring difference. */
function coversWithMargin(c: { lon: number; lat: number; bearingDeg: number; fovDeg: number; rangeM: number }, point: LonLat, sign: 1 | -1): boolean {
  const origin: LonLat = [c.lon, c.lat];
  const d = distanceM(origin, point);
  const range = c.rangeM * (1 + sign * 0.007) + sign * 1;
  if (c.fovDeg >= 360) return d <= range;
  if (d < 1) return sign > 0;
  const half = c.fovDeg / 2 + sign * 0.3;
  const plain = coversPoint(origin, c.bearingDeg, c.fovDeg, c.rangeM, point);
  const widened = d <= range && angleBetween(bearingDeg(origin, point), c.bearingDeg) <= half;
  return sign > 0 ? plain || widened : plain && widened;
}

describe(`kilometre marks (${engineName})`, () => {
  it('puts a mark every 500 m with its kilometre and section', async () => {
    const marks = await getKmMarkers(database, P);
    expect(marks).toHaveLength(Math.floor(totalM / 500) + 1);
    expect(marks[0]).toMatchObject({ km: 0, major: true, section: 'land' });
    expect(marks[1]).toMatchObject({ km: 0.5, major: false });
    expect(marks.at(-1)).toMatchObject({ km: 10, major: true, section: 'river' });
    // Marks are 500 m apart on the ground.
    expect(Math.abs(distanceM([marks[4]!.lon, marks[4]!.lat], [marks[5]!.lon, marks[5]!.lat]) - 500)).toBeLessThan(2);
  });

  it('gives the kilometre of the nearest border point', async () => {
    const [lon, lat] = await besideLine(4.2, 300);
    const at = await getKmAt(database, P, lon, lat);
    expect(at).toMatchObject({ provinceCode: P, section: 'land' });
    expect(Math.abs(at!.km - 4.2)).toBeLessThanOrEqual(0.002);
    expect(Math.abs(at!.distanceM - 300)).toBeLessThanOrEqual(2);
    const [rlon, rlat] = await besideLine(9.8, -50);
    expect((await getKmAt(database, P, rlon, rlat))!.section).toBe('river');
    expect(await getKmAt(database, 'XT-NONE', lon, lat)).toBeNull();
  });
});

describe(`border coverage of the demo data (${engineName})`, () => {
  const qn = { provinceCode: 'VN-13', agencyId: null };

  it('is partial, less at night, and its stretches tile the border', async () => {
    const day = await getBorderCoverage(database, { scope: qn, provinceCode: 'VN-13', period: 'day' });
    const night = await getBorderCoverage(database, { scope: qn, provinceCode: 'VN-13', period: 'night' });
    expect(day.totalKm).toBeGreaterThan(100);
    expect(day.totalKm).toBeLessThan(120);
    expect(day.sections.map((s) => s.section)).toEqual(['land', 'river']);
    for (const r of [day, night]) {
      expect(r.coveredKm).toBeGreaterThan(0);
      expect(r.coveredKm).toBeLessThan(r.totalKm);
      const gaps = r.gaps.reduce((s, g) => s + g.lengthKm, 0);
      expect(gaps + r.covered.stretches.reduce((s, g) => s + g.lengthKm, 0)).toBeCloseTo(r.totalKm, 1);
      expect(r.gaps[0]!.nearestPost).not.toBeNull();
    }
    expect(night.coveredKm).toBeLessThan(day.coveredKm);
    // Every covered stretch's middle is seen by a camera listCamerasCovering finds (the same rule).
    const s = day.covered.stretches[0]!;
    const mid = s.geometry!.coordinates[Math.floor(s.geometry!.coordinates.length / 2)]!;
    expect((await listCamerasCovering(database, qn, mid[0], mid[1])).length).toBeGreaterThan(0);
    // A health department viewer's own cameras guard facilities, not the border.
    const health = await getBorderCoverage(database, { scope: { provinceCode: 'VN-13', agencyId: 'syt-qn' }, provinceCode: 'VN-13', period: 'day' });
    expect(health.coveredKm).toBeLessThan(day.coveredKm);
  });

  it('states how far sampling can take its figure from a finer count, and the finer count is within it', async () => {
    const day = await getBorderCoverage(database, { scope: qn, provinceCode: 'VN-13', period: 'day' });
    expect(day.coveredUncertaintyKm).toBeCloseTo((day.covered.stretches.length * day.stepM) / 1000, 2);
    expect(day.coveredUncertaintyKm).toBeGreaterThan(0);
    // Ten times finer: the exact figure lies within the stated margin of the 50 m one.
    const fine = await getBorderCoverage(database, { scope: qn, provinceCode: 'VN-13', period: 'day', stepM: 5 });
    expect(Math.abs(fine.coveredKm - day.coveredKm)).toBeLessThanOrEqual(day.coveredUncertaintyKm + fine.coveredUncertaintyKm);
  }, 120_000);
});

describe('a failed geometry operation is an error, not an empty answer', () => {
  it('throws when the engine returns no row', async () => {
    const silent = { ...database, rows: async () => [] } as unknown as Database;
    await expect(computeBorderCoverage(silent, { provinceCode: P, cameras: [], postScope: scope })).rejects.toBeInstanceOf(BorderGeometryError);
    // The marks and the nearest point come back empty while the border is there: an error too.
    const firstSilent = () => {
      let calls = 0;
      return { ...database, rows: async (q: Parameters<Database['rows']>[0]) => (calls++ === 0 ? [] : database.rows(q)) } as unknown as Database;
    };
    await expect(getKmMarkers(firstSilent(), P)).rejects.toBeInstanceOf(BorderGeometryError);
    await expect(getKmAt(firstSilent(), P, LON0, LAT)).rejects.toBeInstanceOf(BorderGeometryError);
  });
});
