import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';

// The feature collections GIS clients read (the OGC API at /ogc and the layer exports): one
// module for every collection, so both serve the same features with the same attributes.
// Attributes are listed explicitly: a camera's upstream URL, its credentials and its upstream's
// error text can never reach a client. Retired objects are not served.

export const COLLECTION_IDS = ['zones', 'routes', 'posts', 'cameras', 'border'] as const;
export type CollectionId = (typeof COLLECTION_IDS)[number];

/** west, south, east, north in WGS84 degrees. */
export type Envelope = [number, number, number, number];

/** A time filter: an instant (start = end) or an interval; null ends are open. */
export interface TimeFilter {
  start: Date | null;
  end: Date | null;
}

/** A timestamp as RFC 3339 in UTC with milliseconds, whatever the connection's time zone. */
const utc = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

interface CollectionDef {
  /** The table, read as `x`. */
  table: string;
  /** Whether feature ids are UUIDs (anything else cannot name a feature and is not looked up). */
  uuidIds: boolean;
  geometryType: 'MultiPolygon' | 'LineString' | 'Point' | 'MultiLineString';
  /** The time `datetime` filters on, null when the collection has none. */
  time: string | null;
  /** Rows carry province_code and agency_id, scoped like the map's layers (db/queries/layers). */
  scoped: boolean;
  /** Conditions every served row meets (not retired). */
  live: SQL;
  properties: SQL;
}

/** The attributes zones, routes and posts share (the planning layers), as json_build_object's arguments. */
const PLAN_PROPERTIES = sql`'code', x.code, 'name', x.name, 'name_en', x.name_en, 'kind', x.kind, 'severity', x.severity,
  'version', x.version, 'description', x.description, 'description_en', x.description_en, 'agency_id', x.agency_id,
  'province_code', x.province_code, 'is_demo', x.is_demo, 'confidence', x.confidence, 'uncertainty_m', x.uncertainty_m,
  'updated_at', ${utc('x.updated_at')}`;

/** A planning layer: versioned, scoped, retired rather than deleted; `extra` adds its own attributes. */
const planLayer = (table: string, geometryType: CollectionDef['geometryType'], extra: SQL): CollectionDef => ({
  table,
  uuidIds: true,
  geometryType,
  time: 'x.updated_at',
  scoped: true,
  live: sql`x.retired_at IS NULL`,
  properties: sql`json_build_object(${PLAN_PROPERTIES}, ${extra})`,
});

const COLLECTIONS: Record<CollectionId, CollectionDef> = {
  zones: planLayer('zones', 'MultiPolygon', sql`'area_km2', round((ST_Area(x.geom::geography) / 1e6)::numeric, 3)`),
  routes: planLayer('patrol_routes', 'LineString', sql`'length_m', round(ST_Length(x.geom::geography))`),
  posts: planLayer('checkpoints', 'Point', sql`'staffing', x.staffing, 'staffed_24h', x.staffed_24h`),
  cameras: {
    table: 'cameras',
    uuidIds: true,
    geometryType: 'Point',
    time: 'x.status_since',
    scoped: true,
    live: sql`x.retired_at IS NULL`,
    // Public attributes only: never stream_url, stream_username, stream_password or last_error.
    properties: sql`json_build_object('code', x.code, 'name', x.name, 'name_en', x.name_en, 'kind', x.kind, 'infrared', x.infrared,
      'bearing_deg', x.bearing_deg, 'fov_deg', x.fov_deg, 'range_m', x.range_m, 'night_range_m', x.night_range_m,
      'status', x.status, 'status_since', ${utc('x.status_since')}, 'province_code', x.province_code, 'agency_id', x.agency_id)`,
  },
  border: {
    table: 'border_lines',
    uuidIds: false,
    geometryType: 'MultiLineString',
    time: null,
    scoped: false,
    live: sql`true`,
    properties: sql`json_build_object('section', x.section, 'name', x.name, 'name_en', x.name_en, 'province_code', x.province_code,
      'source', x.source, 'length_m', round(ST_Length(x.geom::geography)))`,
  },
};

export function collectionGeometryType(id: CollectionId): CollectionDef['geometryType'] {
  return COLLECTIONS[id].geometryType;
}

export function collectionHasTime(id: CollectionId): boolean {
  return COLLECTIONS[id].time !== null;
}

const from = (def: CollectionDef) => sql.raw(`${def.table} x`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function whereOf(id: CollectionId, scope: Scope, options: { bbox?: Envelope; time?: TimeFilter } = {}): SQL {
  const def = COLLECTIONS[id];
  const parts: SQL[] = [def.live];
  if (def.scoped) parts.push(...scopeConditions(scope, 'x'));
  if (options.bbox) {
    const [w, s, e, n] = options.bbox;
    // Features whose geometry intersects the box (not merely its bounding box); GiST-indexed.
    parts.push(sql`ST_Intersects(x.geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`);
  }
  if (options.time && def.time) {
    // Compared at the millisecond the features show, so an instant copied from a feature matches it.
    const t = sql.raw(`date_trunc('milliseconds', ${def.time})`);
    if (options.time.start) parts.push(sql`${t} >= ${options.time.start.toISOString()}::timestamptz`);
    if (options.time.end) parts.push(sql`${t} <= ${options.time.end.toISOString()}::timestamptz`);
  }
  return allOf(parts);
}

const feature = sql`json_build_object('type', 'Feature', 'id', p.id, 'geometry', ST_AsGeoJSON(p.geom, 7)::json, 'properties', p.properties)`;

/**
 * One page of a collection, in a stable order (by id), as a GeoJSON features array string
 * built in PostGIS, with the number of features the filter matches in all.
 */
export async function getCollectionPage(
  database: Database,
  id: CollectionId,
  options: { scope: Scope; bbox?: Envelope; time?: TimeFilter; limit: number; offset: number },
): Promise<{ numberMatched: number; numberReturned: number; features: string }> {
  const def = COLLECTIONS[id];
  const where = whereOf(id, options.scope, options);
  const [row] = await database.rows<{ matched: number; returned: number; features: string }>(sql`
    SELECT (SELECT count(*)::int FROM ${from(def)} WHERE ${where}) AS matched, page.returned, page.features
    FROM (
      SELECT count(*)::int AS returned, coalesce(json_agg(${feature} ORDER BY p.key), '[]'::json)::text AS features
      FROM (
        SELECT x.id AS key, x.id::text AS id, x.geom, ${def.properties} AS properties
        FROM ${from(def)}
        WHERE ${where}
        ORDER BY x.id
        LIMIT ${options.limit} OFFSET ${options.offset}
      ) p
    ) page`);
  if (!row) throw new Error(`collection ${id}: the page query returned no row`);
  return { numberMatched: row.matched, numberReturned: row.returned, features: row.features };
}

/** One feature as a GeoJSON string, or null when it does not exist, is retired or is outside the scope. */
export async function getCollectionFeature(database: Database, id: CollectionId, featureId: string, scope: Scope): Promise<string | null> {
  const def = COLLECTIONS[id];
  if (def.uuidIds && !UUID.test(featureId)) return null;
  const [row] = await database.rows<{ feature: string }>(sql`
    SELECT ${feature}::text AS feature
    FROM (SELECT x.id::text AS id, x.geom, ${def.properties} AS properties FROM ${from(def)}
          WHERE ${whereOf(id, scope)} AND x.id = ${def.uuidIds ? sql`${featureId.toLowerCase()}::uuid` : sql`${featureId}`}) p`);
  return row?.feature ?? null;
}

/** The collection's extent within the scope: its bounding box and, when it has one, its time span. */
export async function getCollectionExtent(
  database: Database,
  id: CollectionId,
  scope: Scope,
): Promise<{ bbox: Envelope | null; interval: [string | null, string | null] | null }> {
  const def = COLLECTIONS[id];
  const time = def.time ? sql.raw(def.time) : sql`NULL::timestamptz`;
  const [row] = await database.rows<{ w: number | null; s: number | null; e: number | null; n: number | null; t0: string | null; t1: string | null }>(sql`
    SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n, t0, t1
    FROM (SELECT ST_Extent(x.geom) AS b,
                 to_char(min(${time}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t0,
                 to_char(max(${time}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t1
          FROM ${from(def)} WHERE ${whereOf(id, scope)}) extent`);
  const bbox = row && row.w !== null ? ([row.w, row.s, row.e, row.n].map(Number) as Envelope) : null;
  return { bbox, interval: def.time ? [row?.t0 ?? null, row?.t1 ?? null] : null };
}

/** The names of a collection's properties, in order (also when it has no features). */
export async function getCollectionPropertyNames(database: Database, id: CollectionId): Promise<string[]> {
  const def = COLLECTIONS[id];
  // The properties of a row of nulls: the same keys, whatever the table holds.
  const [row] = await database.rows<{ properties: string }>(sql`SELECT ${def.properties}::text AS properties FROM (SELECT (NULL::${sql.raw(def.table)}).*) x`);
  if (!row) throw new Error(`collection ${id}: no property names`);
  return Object.keys(JSON.parse(row.properties) as object);
}

export interface CollectionRow {
  id: string;
  /** JSON text of the properties object. */
  properties: string;
  /** JSON text of the GeoJSON geometry. */
  geometry: string;
  wkt: string;
}

/** Every feature of a collection within the scope (and bbox), by id: for exports. */
export async function listCollectionRows(database: Database, id: CollectionId, options: { scope: Scope; bbox?: Envelope }): Promise<CollectionRow[]> {
  const def = COLLECTIONS[id];
  return database.rows<CollectionRow>(sql`
    SELECT x.id::text AS id, ${def.properties}::text AS properties, ST_AsGeoJSON(x.geom, 7) AS geometry, ST_AsText(x.geom, 7) AS wkt
    FROM ${from(def)}
    WHERE ${whereOf(id, options.scope, options)}
    ORDER BY x.id`);
}
