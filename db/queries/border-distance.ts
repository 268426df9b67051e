import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

export interface BorderDistance {
  /** Which side of the line the point is on (null within a metre of it). */
  side: 'vn' | 'cn' | 'sea' | null;
  distanceM: number;
  /** The nearest point of the border line. */
  nearest: [number, number];
}

/** How far a point is from the border line (land, river and maritime), and on which side. */
export async function borderDistance(database: Database, lon: number, lat: number): Promise<BorderDistance | null> {
  const [row] = await database.rows<{ side: BorderDistance['side']; distance_m: number; lon: number; lat: number }>(sql`
    WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326) AS g)
    SELECT bs.side::text AS side, bs.distance_m, ST_X(c.cp) AS lon, ST_Y(c.cp) AS lat
    FROM p
    CROSS JOIN LATERAL border_side_at(p.g) bs
    CROSS JOIN LATERAL (SELECT ST_ClosestPoint(l.geom, p.g) AS cp FROM border_side_line_cached l LIMIT 1) c`);
  return row ? { side: row.side, distanceM: Number(row.distance_m), nearest: [Number(row.lon), Number(row.lat)] } : null;
}
