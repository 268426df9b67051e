import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { closestPointOnSegmentSql } from '@/db/queries/geodesic';

export interface BorderDistance {
  /** Which side of the line the point is on (null within a metre of it, and beyond the line's ends outside Viet Nam). */
  side: 'vn' | 'cn' | 'sea' | null;
  /** On the ellipsoid: the same as ST_Distance to the whole line as geography. */
  distanceM: number;
  /** The point of the border line the distance is measured to (within 0.25 m). */
  nearest: [number, number];
}

/**
 * How far a point is from the border line (land, river and maritime), and on which side. The
 * distance and side are border_side_at()'s (migration 0028), the nearest point lies on the
 * segment border_nearest_segment() picks, so the three agree.
 */
export async function getBorderDistance(database: Database, lon: number, lat: number): Promise<BorderDistance | null> {
  const [row] = await database.rows<{ side: BorderDistance['side']; distance_m: number; lon: number; lat: number }>(sql`
    WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326) AS g)
    SELECT bs.side::text AS side, n.distance_m, ST_X(c.cp) AS lon, ST_Y(c.cp) AS lat
    FROM p
    CROSS JOIN LATERAL border_side_at(p.g) bs
    CROSS JOIN LATERAL border_nearest_segment(p.g) n
    CROSS JOIN LATERAL (SELECT ${closestPointOnSegmentSql(sql`n.geom`, sql`p.g`)} AS cp) c`);
  return row ? { side: row.side, distanceM: Number(row.distance_m), nearest: [Number(row.lon), Number(row.lat)] } : null;
}
