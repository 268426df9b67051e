import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { closestPointOnSegmentSql } from '@/db/queries/geodesic';

// The land and river border of a province as kilometre-measured segments, shared by the gap
// analysis (border-coverage.ts) and the kilometre marks (border-km-markers.ts).
//
// Kilometres run along `border_trace` (the province's land and river parts joined from the
// west, migration 0003: the line "distances along the border" are measured on), from its
// western end. Each segment of that line carries:
//   start_m, len_m   geodesic metres along the line where it starts, its geodesic length;
//   pstart, plen     the same in the line's own (degree) units, to turn metres into the
//                    fractions ST_LineSubstring takes;
//   section          'land' or 'river': the border_lines part nearest its midpoint.
// Only line operations (no GEOS overlay), so the embedded engine cannot fail on them silently.
// Maritime boundaries are not in the trace: the sea is not a line cameras guard.

/** Border sections the trace is made of. */
export const TRACE_SECTIONS = ['land', 'river'] as const;
export type TraceSection = (typeof TRACE_SECTIONS)[number];

/**
 * CTEs `trace (province_code, geom)` and `seg (province_code, seq, g, section, len_m, plen,
 * start_m, pstart)` for the provinces `provinces` selects (a condition on `b.province_code`),
 * to be placed after WITH. Zero-length segments (repeated vertices) are dropped.
 */
export function traceSegmentsCte(provinces: SQL): SQL {
  return sql`
    trace AS MATERIALIZED (
      SELECT b.province_code, b.geom FROM border_trace b WHERE ${provinces}
    ),
    parts AS MATERIALIZED (
      SELECT b.province_code, b.section::text AS section, b.geom FROM border_lines b
      WHERE b.section IN ('land', 'river') AND ${provinces}
    ),
    raw AS (
      SELECT t.province_code, i AS seq, ST_MakeLine(ST_PointN(t.geom, i), ST_PointN(t.geom, i + 1)) AS g
      FROM trace t CROSS JOIN LATERAL generate_series(1, ST_NPoints(t.geom) - 1) AS i
    ),
    measured AS (
      SELECT r.province_code, r.seq, r.g, ST_Length(r.g::geography) AS len_m, ST_Length(r.g) AS plen,
        (SELECT p.section FROM parts p WHERE p.province_code = r.province_code
         ORDER BY ST_Distance(p.geom, ST_LineInterpolatePoint(r.g, 0.5)), p.section LIMIT 1) AS section
      FROM raw r
    ),
    summed AS (
      SELECT m.*, sum(m.len_m) OVER w AS end_m, sum(m.plen) OVER w AS pend
      FROM measured m WHERE m.len_m > 0
      WINDOW w AS (PARTITION BY m.province_code ORDER BY m.seq)
    ),
    -- A segment starts exactly where the one before it ends (lag, not end − length), so a
    -- point measured along the line falls in exactly one segment.
    seg AS MATERIALIZED (
      SELECT s.province_code, s.seq, s.g, s.section, s.len_m, s.plen,
        coalesce(lag(s.end_m) OVER w, 0) AS start_m, coalesce(lag(s.pend) OVER w, 0) AS pstart
      FROM summed s
      WINDOW w AS (PARTITION BY s.province_code ORDER BY s.seq)
    )`;
}

/**
 * Where a point lies along the trace: the nearest segment (of the CTE `seg`) on the ellipsoid
 * and the metres along the line of the nearest point on it. Columns: province_code, section,
 * km_m, distance_m, lon, lat (the nearest border point). `point` is a geometry in SRID 4326.
 *
 * As border_nearest_segment() (migration 0028): the segment nearest in degrees bounds the
 * search, the segments that may be nearer (geodesic_may_be_within) are measured on the sphere,
 * the nearest is measured on the spheroid, and the nearest point is found on its great-circle
 * arc (closestPointOnSegmentSql). So distance_m is ST_Distance to the whole trace as geography.
 */
export function nearestOnTraceSql(point: SQL): SQL {
  return sql`(
    SELECT s.province_code, s.section,
      s.start_m + least(ST_Distance(ST_StartPoint(s.g)::geography, c.cp::geography), s.len_m) AS km_m,
      ST_Distance((${point})::geography, s.g::geography) AS distance_m, ST_X(c.cp) AS lon, ST_Y(c.cp) AS lat
    FROM (
      SELECT s.*, ST_Distance((${point})::geography, s.g::geography, false) AS d
      FROM (
        SELECT b.g1, 111195 * cos(radians(least(abs(ST_Y(${point})) + b.g1 / 110574 + 0.001, 89))) AS kx
        FROM (SELECT ST_Distance((${point})::geography, k.g::geography, false) AS g1 FROM seg k ORDER BY k.g <-> ${point}, k.province_code, k.seq LIMIT 1) b
      ) knn
      -- geodesic_may_be_within (migration 0028) written out: a scalar SQL function given an
      -- expression it uses several times is not inlined, and then measures every segment.
      JOIN seg s ON s.g && ST_Expand(${point}, knn.g1 / knn.kx + 0.00005, knn.g1 / 110574 + 0.00005)
        AND ST_Distance(ST_Scale(s.g, knn.kx, 110574), ST_Scale(${point}, knn.kx, 110574)) <= knn.g1 + 5.6
      ORDER BY d, s.province_code, s.seq LIMIT 1) s
    CROSS JOIN LATERAL (SELECT ${closestPointOnSegmentSql(sql`s.g`, point)} AS cp) c)`;
}

/** Raised when the engine answered without the rows a correct run must give (see ARCHITECTURE, "Known pitfall"). */
export class BorderGeometryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BorderGeometryError';
  }
}

/** Does this province (or, for null, any province) have a land or river border line? */
export async function hasTraceBorder(database: Database, provinceCode: string | null): Promise<boolean> {
  const [row] = await database.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM border_lines
    WHERE section IN ('land', 'river') AND ${provinceCode ? sql`province_code = ${provinceCode}` : sql`true`}`);
  return Number(row?.n ?? 0) > 0;
}
