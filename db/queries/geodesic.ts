import 'server-only';
import { sql, type SQL } from 'drizzle-orm';

/**
 * The point of `segment` (a two-point line, SRID 4326) that ST_Distance on geography measures
 * to from `point`, as a geometry expression: the nearest point of the segment's great-circle
 * arc on PostGIS's sphere (the spheroid distance to it is that ST_Distance). PostGIS ≥ 3.4 has
 * ST_ClosestPoint on geography for this; the Debian server has 3.3, so both engines take this
 * way instead: the arc densified every 50 m, its nearest vertex, then the stretch between that
 * vertex's two neighbours densified every 0.5 m and its nearest vertex. The distance from a
 * point along a short arc has a single minimum, so the answer is within 0.25 m of the exact one.
 */
export function closestPointOnSegmentSql(segment: SQL, point: SQL): SQL {
  return sql`(
    SELECT f.v FROM (
      SELECT ST_MakeLine(ST_PointN(d.g, greatest(c.i - 1, 1)), ST_PointN(d.g, least(c.i + 1, ST_NPoints(d.g)))) AS bracket
      FROM (SELECT ST_Segmentize((${segment})::geography, 50)::geometry AS g) d
      CROSS JOIN LATERAL (
        SELECT v.path[1] AS i FROM ST_DumpPoints(d.g) v
        ORDER BY ST_Distance(v.geom::geography, (${point})::geography, false), v.path[1] LIMIT 1) c
    ) b
    CROSS JOIN LATERAL (
      SELECT w.geom AS v FROM ST_DumpPoints(ST_Segmentize(b.bracket::geography, 0.5)::geometry) w
      ORDER BY ST_Distance(w.geom::geography, (${point})::geography, false), w.path[1] LIMIT 1) f)`;
}
