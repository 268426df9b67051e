import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { MAX_RANGE_M, sectorContainsSql } from '@/db/queries/camera-coverage';
import { scopeConditions, allOf, type Scope } from '@/db/queries/scope';
import { BorderGeometryError, nearestOnTraceSql, traceSegmentsCte, type TraceSection } from '@/db/queries/border-trace';

export { BorderGeometryError, hasTraceBorder } from '@/db/queries/border-trace';

// Which parts of a province's land and river border at least one camera sees.
//
// The border (border-trace.ts) is cut into n equal intervals of at most `stepM` metres along
// the line; each interval counts as seen when its midpoint is inside the field of view of a
// camera (sectorContainsSql, the rule listCamerasCovering uses), with the camera's reach for the
// period given by the caller (lib/coverage/ranges). Consecutive intervals with the same answer
// merge into stretches, so every stretch end is within half a step of the true edge.
// Sampling instead of buffering or intersecting polygons: only distance and azimuth tests
// and linear referencing, which cannot fail inside GEOS on the embedded engine.

/** The sampling step: the border is tested every 50 m (at most). */
export const COVERAGE_STEP_M = 50;

/** A camera as the gap analysis sees it: where it is, where it looks, how far (this period). */
export interface CoverageCameraInput {
  lon: number;
  lat: number;
  bearingDeg: number;
  fovDeg: number;
  /** Reach in metres for the period analysed. */
  rangeM: number;
  /** A camera a planner is trying out: not saved, reported as a delta. */
  proposed: boolean;
}

/** A camera row with what the analysis needs. */
export interface CoverageCameraRow {
  id: string;
  lon: number;
  lat: number;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  nightRangeM: number | null;
  infrared: boolean;
}

export type LineStringGeometry = { type: 'LineString'; coordinates: [number, number][] };
export type MultiLineStringGeometry = { type: 'MultiLineString'; coordinates: [number, number][][] };

export interface NearestPost {
  id: string;
  name: string;
  nameEn: string | null;
  distanceM: number;
  /** The post's own kilometre mark along the border. */
  km: number;
}

export interface CoverageStretchRow {
  /** Metres along the border from its western end (interval boundaries). */
  fromM: number;
  toM: number;
  sections: TraceSection[];
  geometry: LineStringGeometry | null;
  nearestPost?: NearestPost | null;
}

export interface BorderCoverageRaw {
  provinceCode: string;
  /** The step actually used: the line's length divided into equal intervals of at most stepM. */
  stepM: number;
  totalM: number;
  samples: number;
  cameras: number;
  sections: { section: TraceSection; totalM: number; coveredM: number; baseCoveredM: number }[];
  /** Uncovered stretches, longest first, with the nearest post. */
  gaps: CoverageStretchRow[];
  /** Covered stretches, west to east. */
  covered: CoverageStretchRow[];
  /** Only with proposed cameras: what they add. */
  added?: { totalM: number; stretches: CoverageStretchRow[]; perCamera: { index: number; addedM: number }[] };
}

/** Provinces with a land or river border, in code order. */
export async function getBorderProvinces(database: Database): Promise<string[]> {
  const rows = await database.rows<{ province_code: string }>(sql`
    SELECT DISTINCT province_code FROM border_lines WHERE section IN ('land', 'river') ORDER BY province_code`);
  return rows.map((r) => r.province_code);
}

/**
 * The non-retired cameras in `scope` that could reach the province's border (within the
 * longest reach of its land and river line), and a fingerprint of everything else the
 * answer depends on (the border lines and the posts), for caching.
 */
export async function getCoverageCameras(database: Database, scope: Scope, provinceCode: string): Promise<{ cameras: CoverageCameraRow[]; context: string }> {
  const margin = MAX_RANGE_M / 100_000; // degrees, generous at this latitude
  const rows = await database.rows<CoverageCameraRow & { context: string | null }>(sql`
    WITH area AS (
      SELECT ST_Expand(ST_Envelope(ST_Collect(geom)), ${margin}::float8) AS box
      FROM border_lines WHERE province_code = ${provinceCode} AND section IN ('land', 'river')
    ), context AS (
      SELECT md5(coalesce((SELECT string_agg(id || ':' || encode(ST_AsBinary(geom), 'hex'), ',' ORDER BY id) FROM border_lines WHERE province_code = ${provinceCode}), '')
        || '|' || coalesce((SELECT string_agg(id::text || ':' || name || ':' || coalesce(name_en, '') || ':' || encode(ST_AsBinary(geom), 'hex'), ',' ORDER BY id)
                            FROM checkpoints cp WHERE cp.retired_at IS NULL AND ${allOf(scopeConditions(scope, 'cp'))}), '')) AS context
    )
    SELECT c.id, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, c.bearing_deg AS "bearingDeg", c.fov_deg AS "fovDeg",
      c.range_m AS "rangeM", c.night_range_m AS "nightRangeM", c.infrared, context.context
    FROM context LEFT JOIN (cameras c JOIN area ON c.geom && area.box AND c.retired_at IS NULL AND ${allOf(scopeConditions(scope, 'c'))}) ON true
    ORDER BY c.id`);
  const context = rows[0]?.context;
  if (context === undefined || context === null) throw new BorderGeometryError('The camera list for the coverage analysis came back empty-handed');
  const cameras = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: r.id,
      lon: Number(r.lon),
      lat: Number(r.lat),
      bearingDeg: Number(r.bearingDeg),
      fovDeg: Number(r.fovDeg),
      rangeM: Number(r.rangeM),
      nightRangeM: r.nightRangeM === null ? null : Number(r.nightRangeM),
      infrared: Boolean(r.infrared),
    }));
  return { cameras, context };
}

interface StretchJson {
  from_m: number;
  to_m: number;
  sections: TraceSection[];
  geom: LineStringGeometry | null;
  post?: { id: string; name: string; name_en: string | null; distance_m: number; km_m: number } | null;
}

const toStretch = (s: StretchJson): CoverageStretchRow => ({
  fromM: Number(s.from_m),
  toM: Number(s.to_m),
  sections: s.sections,
  geometry: s.geom,
  ...(s.post !== undefined
    ? { nearestPost: s.post ? { id: s.post.id, name: s.post.name, nameEn: s.post.name_en, distanceM: Number(s.post.distance_m), km: Math.round(Number(s.post.km_m)) / 1000 } : null }
    : {}),
});

/** JSON of a set of stretches (a CTE with from_m, to_m, fa, fb, sections), with their line pieces. */
function stretchesJson(from: SQL, order: SQL, withPost: SQL | null): SQL {
  const post = withPost
    ? sql`, 'post', (SELECT json_build_object('id', cp.id, 'name', cp.name, 'name_en', cp.name_en,
          'distance_m', round(ST_Distance(cp.geom::geography, ST_LineSubstring(t.geom, x.fa, x.fb)::geography)::numeric),
          'km_m', (SELECT n.km_m FROM ${nearestOnTraceSql(sql`cp.geom`)} n))
        FROM checkpoints cp WHERE cp.retired_at IS NULL AND ${withPost}
        ORDER BY cp.geom <-> ST_LineSubstring(t.geom, x.fa, x.fb), cp.id LIMIT 1)`
    : sql``;
  return sql`(SELECT coalesce(json_agg(json_build_object('from_m', x.from_m, 'to_m', x.to_m, 'sections', x.sections,
      'geom', ST_AsGeoJSON(ST_LineSubstring(t.geom, x.fa, x.fb), 6)::json ${post}) ORDER BY ${order}), '[]'::json)
    FROM ${from} x, trace t)`;
}

/**
 * The coverage of one province's land and river border by the given cameras. Throws
 * BorderGeometryError when the engine gives no answer or an inconsistent one.
 */
export async function computeBorderCoverage(
  database: Database,
  options: { provinceCode: string; cameras: CoverageCameraInput[]; postScope: Scope; stepM?: number },
): Promise<BorderCoverageRaw> {
  const step = options.stepM ?? COVERAGE_STEP_M;
  const withProposed = options.cameras.some((c) => c.proposed);
  const camerasJson = JSON.stringify(
    options.cameras.map((c, i) => ({ i, proposed: c.proposed, lon: c.lon, lat: c.lat, bearing: c.bearingDeg, fov: c.fovDeg, r: c.rangeM })),
  );
  // Proposed cameras are numbered from 0 in the order given.
  const firstProposed = options.cameras.findIndex((c) => c.proposed);
  const sees = sectorContainsSql({ position: sql`c.g`, bearing: sql`c.bearing`, fov: sql`c.fov`, range: sql`c.r` }, sql`sm.gp`, sql`x.d`);
  // A cheap box test first (degrees; never smaller than the reach), then the exact rule.
  const seenBy = (proposed: boolean) => sql`
    FROM cams c CROSS JOIN LATERAL (SELECT ST_Distance(c.g, sm.gp) AS d OFFSET 0) x
    WHERE c.proposed = ${proposed} AND abs(sm.x - c.lon) <= c.dx AND abs(sm.y - c.lat) <= c.dy AND ${sees}`;
  const postScope = allOf(scopeConditions(options.postScope, 'cp'));

  const rows = await database.rows<{
    total_m: number | null;
    step_m: number;
    samples: number;
    interval_sum: number | null;
    cameras: number;
    sections: { section: TraceSection; total_m: number; covered_m: number | null; base_m: number | null }[];
    gaps: StretchJson[];
    covered: StretchJson[];
    added: StretchJson[] | null;
    per_camera: { i: number; added_m: number }[] | null;
  }>(sql`
    WITH ${traceSegmentsCte(sql`b.province_code = ${options.provinceCode}`)},
    tot AS (SELECT coalesce(sum(len_m), 0) AS total_m, coalesce(sum(plen), 0) AS ptotal FROM seg),
    step AS (SELECT total_m, ptotal, CASE WHEN total_m > 0 THEN total_m / ceil(total_m / ${step}::float8) ELSE ${step}::float8 END AS h FROM tot),
    cams AS MATERIALIZED (
      SELECT c.i, c.proposed, c.bearing, c.fov, c.r, c.lon, c.lat,
        ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326)::geography AS g,
        c.r / 110000.0 AS dy,
        c.r / (110000.0 * cos(radians(least(abs(c.lat) + c.r / 110000.0, 89)))) AS dx
      FROM json_to_recordset(${camerasJson}::json) AS c(i int, proposed boolean, lon float8, lat float8, bearing float8, fov float8, r float8)
      WHERE c.r > 0
    ),
    samples AS MATERIALIZED (
      SELECT j, j * st.h AS a, (j + 1) * st.h AS b, s.section,
        (s.pstart + (j * st.h - s.start_m) / s.len_m * s.plen) / st.ptotal AS fa,
        (s.pstart + ((j + 1) * st.h - s.start_m) / s.len_m * s.plen) / st.ptotal AS fb,
        p.pt::geography AS gp, ST_X(p.pt) AS x, ST_Y(p.pt) AS y
      FROM seg s CROSS JOIN step st
      CROSS JOIN LATERAL generate_series(ceil(s.start_m / st.h - 0.5)::int, ceil((s.start_m + s.len_m) / st.h - 0.5)::int - 1) AS j
      CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(s.g, least(1, greatest(0, ((j + 0.5) * st.h - s.start_m) / s.len_m))) AS pt) p
    ),
    flags AS MATERIALIZED (
      SELECT sm.j, sm.a, sm.b, sm.section, greatest(sm.fa, 0) AS fa, least(sm.fb, 1) AS fb,
        EXISTS (SELECT 1 ${seenBy(false)}) AS base,
        ${withProposed ? sql`ARRAY(SELECT c.i ${seenBy(true)})` : sql`'{}'::int[]`} AS prop
      FROM samples sm
    ),
    marked AS (SELECT f.*, f.base OR cardinality(f.prop) > 0 AS covered FROM flags f),
    runs AS (SELECT m.*, m.j - row_number() OVER (PARTITION BY m.covered ORDER BY m.j) AS grp FROM marked m),
    stretch AS (
      SELECT covered, min(a) AS from_m, max(b) AS to_m, min(fa) AS fa, max(fb) AS fb,
        array_agg(DISTINCT section ORDER BY section) AS sections
      FROM runs GROUP BY covered, grp
    ),
    gap AS (SELECT * FROM stretch WHERE NOT covered),
    seen AS (SELECT * FROM stretch WHERE covered),
    added_runs AS (SELECT m.*, m.j - row_number() OVER (ORDER BY m.j) AS grp FROM marked m WHERE NOT m.base AND cardinality(m.prop) > 0),
    added AS (
      SELECT min(a) AS from_m, max(b) AS to_m, min(fa) AS fa, max(fb) AS fb, array_agg(DISTINCT section ORDER BY section) AS sections
      FROM added_runs GROUP BY grp
    )
    SELECT
      (SELECT total_m FROM step) AS total_m,
      (SELECT h FROM step) AS step_m,
      (SELECT count(*)::int FROM flags) AS samples,
      (SELECT sum(b - a) FROM flags) AS interval_sum,
      (SELECT count(*)::int FROM cams WHERE NOT proposed) AS cameras,
      (SELECT coalesce(json_agg(json_build_object('section', section, 'total_m', t, 'covered_m', c, 'base_m', bc) ORDER BY section), '[]'::json)
       FROM (SELECT section, sum(b - a) AS t, sum(b - a) FILTER (WHERE covered) AS c, sum(b - a) FILTER (WHERE base) AS bc
             FROM marked GROUP BY section) bysection) AS sections,
      ${stretchesJson(sql`gap`, sql`x.to_m - x.from_m DESC, x.from_m`, postScope)} AS gaps,
      ${stretchesJson(sql`seen`, sql`x.from_m`, null)} AS covered,
      ${withProposed ? stretchesJson(sql`added`, sql`x.to_m - x.from_m DESC, x.from_m`, null) : sql`NULL::json`} AS added,
      ${withProposed
        ? sql`(SELECT coalesce(json_agg(json_build_object('i', i, 'added_m', added_m) ORDER BY i), '[]'::json)
               FROM (SELECT u.i, sum(m.b - m.a) AS added_m FROM marked m CROSS JOIN LATERAL unnest(m.prop) AS u(i)
                     WHERE NOT m.base GROUP BY u.i) pc)`
        : sql`NULL::json`} AS per_camera`);

  const row = rows[0];
  if (!row) throw new BorderGeometryError(`The coverage query for ${options.provinceCode} returned no row (a geometry operation failed inside the database engine)`);
  const totalM = Number(row.total_m ?? 0);
  const intervals = Number(row.interval_sum ?? 0);
  // The intervals tile the line exactly; a shortfall means samples went missing.
  if (Math.abs(intervals - totalM) > 1e-6 * Math.max(1, totalM)) {
    throw new BorderGeometryError(`The coverage samples of ${options.provinceCode} cover ${intervals.toFixed(1)} m of a ${totalM.toFixed(1)} m line`);
  }
  const proposedIndex = (i: number) => i - firstProposed;
  return {
    provinceCode: options.provinceCode,
    stepM: Number(row.step_m),
    totalM,
    samples: Number(row.samples),
    cameras: Number(row.cameras),
    sections: row.sections.map((s) => ({ section: s.section, totalM: Number(s.total_m), coveredM: Number(s.covered_m ?? 0), baseCoveredM: Number(s.base_m ?? 0) })),
    gaps: row.gaps.map(toStretch),
    covered: row.covered.map(toStretch),
    ...(withProposed
      ? {
          added: {
            totalM: (row.added ?? []).reduce((sum, s) => sum + Number(s.to_m) - Number(s.from_m), 0),
            stretches: (row.added ?? []).map(toStretch),
            perCamera: (row.per_camera ?? []).map((p) => ({ index: proposedIndex(Number(p.i)), addedM: Number(p.added_m) })),
          },
        }
      : {}),
  };
}
