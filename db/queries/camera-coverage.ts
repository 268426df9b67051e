import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
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
export const MAX_RANGE_M = 20_000;

/**
 * The field-of-view rule in SQL, shared by every query that asks whether a camera sees a
 * point (here and the border gap analysis): within `range` metres, and within half the field
 * of view of the bearing (a field of view of 360° or more sees all round; the camera's own
 * spot is seen). `camera` and `point` are geographies; `distance` is the metres between them.
 * The same rule as lib/geo/sector coversPoint, against which it is tested.
 */
export function sectorContainsSql(c: { position: SQL; bearing: SQL; fov: SQL; range: SQL }, point: SQL, distance: SQL): SQL {
  return sql`(${distance} <= ${c.range}
    AND (${c.fov} >= 360 OR ${distance} = 0
         OR 180 - abs(180 - mod((degrees(ST_Azimuth(${c.position}, ${point})) - ${c.bearing})::numeric + 720, 360)) <= ${c.fov} / 2))`;
}

/**
 * The cameras whose field of view (position, bearing, angle and range) contains a point,
 * nearest first. The same rule as lib/geo/sector coversPoint, against which it is tested.
 */
export async function listCamerasCovering(database: Database, scope: Scope, lon: number, lat: number): Promise<CoveringCamera[]> {
  const rows = await database.rows<CoveringCamera>(sql`
    WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography AS g)
    SELECT c.id, c.name, c.name_en AS "nameEn", c.kind::text AS kind, c.status::text AS status, c.infrared,
      x.d AS "distanceM", degrees(ST_Azimuth(c.geom::geography, p.g)) AS "azimuthDeg",
      ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, c.bearing_deg AS "bearingDeg", c.fov_deg AS "fovDeg", c.range_m AS "rangeM"
    FROM cameras c, p
    CROSS JOIN LATERAL (SELECT ST_Distance(c.geom::geography, p.g) AS d) x
    WHERE c.retired_at IS NULL AND ${allOf(scopeConditions(scope, 'c'))}
      AND ST_DWithin(c.geom::geography, p.g, ${MAX_RANGE_M})
      AND ${sectorContainsSql({ position: sql`c.geom::geography`, bearing: sql`c.bearing_deg`, fov: sql`c.fov_deg`, range: sql`c.range_m` }, sql`p.g`, sql`x.d`)}
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
