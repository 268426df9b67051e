import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scopeConditions, allOf, type Scope } from '@/db/queries/scope';

export interface CoveringCamera {
  id: string;
  name: string;
  nameEn: string | null;
  kind: string;
  status: string;
  infrared: boolean;
  distanceM: number;
  /** Bearing from the camera to the point. */
  azimuthDeg: number | null;
  lon: number;
  lat: number;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
}

/** The longest reach any camera is given; candidates are found within it through the index. */
const MAX_RANGE_M = 20_000;

/**
 * The cameras whose field of view (position, bearing, angle and range) contains a point,
 * nearest first. The same rule as lib/geo/sector coversPoint, against which it is tested.
 */
export async function camerasCovering(database: Database, scope: Scope, lon: number, lat: number): Promise<CoveringCamera[]> {
  const rows = await database.rows<CoveringCamera>(sql`
    WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography AS g)
    SELECT c.id, c.name, c.name_en AS "nameEn", c.kind::text AS kind, c.status::text AS status, c.infrared,
      x.d AS "distanceM", degrees(ST_Azimuth(c.geom::geography, p.g)) AS "azimuthDeg",
      ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, c.bearing_deg AS "bearingDeg", c.fov_deg AS "fovDeg", c.range_m AS "rangeM"
    FROM cameras c, p
    CROSS JOIN LATERAL (SELECT ST_Distance(c.geom::geography, p.g) AS d) x
    WHERE c.retired_at IS NULL AND ${allOf(scopeConditions(scope, 'c'))}
      AND ST_DWithin(c.geom::geography, p.g, ${MAX_RANGE_M})
      AND x.d <= c.range_m
      AND (c.fov_deg >= 360 OR x.d = 0
           OR 180 - abs(180 - mod((degrees(ST_Azimuth(c.geom::geography, p.g)) - c.bearing_deg)::numeric + 720, 360)) <= c.fov_deg / 2)
    ORDER BY x.d, c.id`);
  return rows.map((r) => ({
    ...r,
    distanceM: Math.round(Number(r.distanceM)),
    azimuthDeg: r.azimuthDeg === null ? null : Number(r.azimuthDeg),
    lon: Number(r.lon),
    lat: Number(r.lat),
    bearingDeg: Number(r.bearingDeg),
    fovDeg: Number(r.fovDeg),
    rangeM: Number(r.rangeM),
  }));
}
