import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { rawConditions, type EventSource } from '@/db/queries/detections';
import type { Scope } from '@/db/queries/scope';
import { MAX_POINT_FEATURES, type EventFilter } from '@/lib/domain/detections';

// Each detection or crossing of a period where the map is zoomed in: as Mapbox vector tiles
// made by PostGIS (ST_AsMVT, the server engine) or as GeoJSON for a view (the embedded engine,
// whose PostGIS is built without protobuf). Both count the points that fall on one screen pixel
// (of a 512-pixel tile) and class into one feature, so a busy spot is one dot with a count.

/** Tile units across a tile: one per pixel of a 512-pixel tile. */
const EXTENT = 512;
/** Points this close outside the tile are kept, so a dot on the edge is not cut in half. */
const BUFFER = 8;
/**
 * Points read for one tile or view at most. A month at a busy camera can put hundreds of
 * thousands in one tile; past this the answer says it was cut instead of taking seconds.
 */
export const MAX_POINT_ROWS = 300_000;

/**
 * Where a point falls on the Web Mercator plane of zoom `z` in pixels of 512-pixel tiles (x east,
 * y south, from the top-left corner of the world), by the projection's formula: two float
 * expressions per row instead of ST_Transform and ST_AsMVTGeom, which cost most of a tile.
 */
function worldPixel(geom: SQL, z: number): { x: SQL; y: SQL } {
  const size = 512 * 2 ** z;
  return {
    x: sql`((ST_X(${geom}) + 180.0) / 360.0 * ${size}::float8)`,
    y: sql`((1.0 - ln(tan(pi() / 4 + radians(ST_Y(${geom})) / 2)) / pi()) / 2.0 * ${size}::float8)`,
  };
}

/** How much one tile or view reads and shows at most (smaller in tests). */
export interface PointLimits {
  rows: number;
  features: number;
}
const DEFAULT_LIMITS: PointLimits = { rows: MAX_POINT_ROWS, features: MAX_POINT_FEATURES };

function pointRows(source: EventSource, scope: Scope, f: EventFilter, box: SQL, maxRows: number): SQL {
  const a = source === 'detections' ? 'd' : 'c';
  const table = sql.raw(source === 'detections' ? 'detections d' : 'crossings c');
  const time = sql.raw(source === 'detections' ? 'd.observed_at' : 'c.crossed_at');
  return sql`
    SELECT ${sql.raw(a)}.geom, ${sql.raw(a)}.id, ${sql.raw(a)}.class, ${time} AS at
    FROM ${table} WHERE ${sql.raw(a)}.geom && ${box} AND ${rawConditions(source, scope, f)}
    LIMIT ${maxRows + 1}`;
}

/**
 * One vector tile (z/x/y) of the period's points: layer `activity` (feature id = the newest
 * event's id; properties class, n, at in epoch seconds), plus a layer `cut` with one feature
 * when the tile holds more than it shows. Null when nothing is in it.
 */
export async function getActivityTile(
  database: Database,
  scope: Scope,
  f: EventFilter,
  source: EventSource,
  tile: { z: number; x: number; y: number },
  limits: PointLimits = DEFAULT_LIMITS,
): Promise<Buffer | null> {
  const { z, x, y } = tile;
  const box = sql`ST_Transform(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${BUFFER / EXTENT}::float8), 4326)`;
  // Tile coordinates are the world pixel less the tile's corner, rounded as ST_AsMVTGeom rounds.
  const px = worldPixel(sql`p.geom`, z);
  const [row] = await database.rows<{ tile: Buffer | Uint8Array | null; rows: number; features: number }>(sql`
    WITH pts AS MATERIALIZED (${pointRows(source, scope, f, box, limits.rows)}),
    g AS (SELECT ST_Point(tx, ty) AS geom, class, n, id, at FROM (
            SELECT round(${px.x} - ${x * EXTENT}::float8) AS tx, round(${px.y} - ${y * EXTENT}::float8) AS ty,
                   p.class::text AS class, count(*)::int AS n,
                   (array_agg(p.id ORDER BY p.at DESC, p.id DESC))[1] AS id, extract(epoch from max(p.at))::bigint AS at
            FROM pts p GROUP BY 1, 2, 3) g
          WHERE tx BETWEEN ${-BUFFER} AND ${EXTENT + BUFFER} AND ty BETWEEN ${-BUFFER} AND ${EXTENT + BUFFER}
          ORDER BY n DESC, id DESC LIMIT ${limits.features + 1}),
    shown AS (SELECT * FROM g ORDER BY n DESC, id DESC LIMIT ${limits.features}),
    counts AS (SELECT (SELECT count(*) FROM pts)::int AS rows, (SELECT count(*) FROM g)::int AS features)
    SELECT (SELECT ST_AsMVT(shown, 'activity', ${EXTENT}, 'geom', 'id') FROM shown)
           || CASE WHEN counts.rows > ${limits.rows} OR counts.features > ${limits.features}
                   THEN (SELECT ST_AsMVT(c, 'cut', ${EXTENT}, 'geom') FROM (SELECT ST_Point(${EXTENT / 2}, ${EXTENT / 2}) AS geom, 1 AS cut) c)
                   ELSE ''::bytea END AS tile,
           counts.rows, counts.features
    FROM counts`);
  if (!row?.tile || row.features === 0) return null;
  const bytes = Buffer.from(row.tile);
  return bytes.byteLength ? bytes : null;
}

export interface PointCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: number; geometry: { type: 'Point'; coordinates: [number, number] }; properties: { class: string; n: number; at: number } }[];
  /** More points are in the view than were read or shown: a shorter period or a closer zoom shows them all. */
  truncated: boolean;
}

/** The same points for a view [west, south, east, north] at zoom `z`, as GeoJSON. */
export async function listActivityPoints(
  database: Database,
  scope: Scope,
  f: EventFilter,
  source: EventSource,
  view: { bbox: [number, number, number, number]; zoom: number },
  limits: PointLimits = DEFAULT_LIMITS,
): Promise<PointCollection> {
  const [w, s, e, n] = view.bbox;
  const box = sql`ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326)`;
  const px = worldPixel(sql`geom`, view.zoom);
  const world = 512 * 2 ** view.zoom;
  // Pixels of the zoom's Web Mercator plane; a dot sits at its pixel's centre.
  const rows = await database.rows<{ lon: number; lat: number; class: string; n: number; id: string | number; at: string | number; rows: number }>(sql`
    WITH pts AS MATERIALIZED (${pointRows(source, scope, f, box, limits.rows)}),
    g AS (SELECT floor(${px.x}) AS px, floor(${px.y}) AS py, class::text AS class, count(*)::int AS n,
                 (array_agg(id ORDER BY at DESC, id DESC))[1] AS id, extract(epoch from max(at))::bigint AS at
          FROM pts GROUP BY 1, 2, 3)
    SELECT (g.px + 0.5) / ${world}::float8 * 360.0 - 180.0 AS lon,
           degrees(atan(sinh(pi() * (1.0 - 2.0 * (g.py + 0.5) / ${world}::float8)))) AS lat,
           g.class, g.n, g.id, g.at, (SELECT count(*) FROM pts)::int AS rows
    FROM g ORDER BY g.n DESC, g.id DESC LIMIT ${limits.features + 1}`);
  const read = rows[0]?.rows ?? 0;
  const round6 = (v: number) => Math.round(Number(v) * 1e6) / 1e6;
  return {
    type: 'FeatureCollection',
    features: rows.slice(0, limits.features).map((r) => ({
      type: 'Feature',
      id: Number(r.id),
      geometry: { type: 'Point', coordinates: [round6(r.lon), round6(r.lat)] },
      properties: { class: r.class, n: Number(r.n), at: Number(r.at) },
    })),
    truncated: read > limits.rows || rows.length > limits.features,
  };
}
