import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/**
 * Points beside the real border near the Mong Cai gate: `metres` into Viet Nam (positive) or
 * China (negative), `alongM` metres along the line from there. The side is known by
 * construction, which makes these good inputs for checking sides and crossings.
 */
export function besideBorder(database: Database): (metres: number, alongM?: number) => Promise<{ lat: number; lon: number }> {
  return async (metres, alongM = 0) => {
    const [p] = await database.rows<{ lon: number; lat: number }>(sql`
      WITH l AS (SELECT geom, ST_Length(geom::geography) AS len FROM border_trace),
      f AS (SELECT l.geom, l.len, ST_LineLocatePoint(l.geom, ST_SetSRID(ST_MakePoint(107.9500, 21.5400), 4326)) * l.len + ${alongM}::float8 AS m FROM l),
      a AS (SELECT ST_LineInterpolatePoint(geom, m / len) AS p,
                   ST_Azimuth(ST_LineInterpolatePoint(geom, (m - 20) / len)::geography, ST_LineInterpolatePoint(geom, (m + 20) / len)::geography) AS az FROM f)
      SELECT ST_X(q) AS lon, ST_Y(q) AS lat FROM (SELECT ST_Project(p::geography, ${Math.abs(metres)}::float8, az + ${metres >= 0 ? Math.PI / 2 : -Math.PI / 2}::float8)::geometry AS q FROM a) x`);
    return p!;
  };
}
