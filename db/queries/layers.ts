import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scopeConditions, type Scope } from '@/db/queries/scope';
import type { BBox } from '@/lib/domain/bbox';
import type { Action } from '@/lib/domain/roles';

export const LAYER_IDS = ['border', 'areas', 'area-labels', 'places', 'zones', 'zone-labels', 'routes', 'checkpoints', 'facilities', 'cameras'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** Which permission reading each layer needs; reference layers are shared by every agency. */
export const LAYER_ACTION: Record<LayerId, Action> = {
  border: 'reference:read',
  areas: 'reference:read',
  'area-labels': 'reference:read',
  places: 'reference:read',
  zones: 'layer:read',
  'zone-labels': 'layer:read',
  routes: 'layer:read',
  checkpoints: 'layer:read',
  facilities: 'layer:read',
  cameras: 'camera:read',
};

export type LayerScope = Scope;

/** Layers whose objects can be retired (they leave the map, their history stays). */
const RETIRABLE: ReadonlySet<LayerId> = new Set(['zones', 'routes', 'checkpoints', 'cameras']);

interface LayerDef {
  /** The FROM clause; its rows must expose `geom` and the columns the properties use. */
  from: SQL;
  /** The feature id expression. */
  id: SQL;
  properties: SQL;
  /** Whether rows carry province_code / agency_id to scope by. */
  scoped: boolean;
  orderBy?: SQL;
}

// Properties are listed explicitly: a layer never leaks a column the browser should not see
// (cameras.stream_url above all).
const LAYERS: Record<LayerId, LayerDef> = {
  border: {
    from: sql`border_lines x`,
    id: sql`x.id`,
    scoped: false,
    properties: sql`json_build_object('section', x.section, 'name', x.name, 'nameEn', x.name_en, 'source', x.source,
      'lengthM', round(ST_Length(x.geom::geography)))`,
  },
  areas: {
    from: sql`admin_areas x`,
    id: sql`x.code`,
    scoped: false,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'adminLevel', x.admin_level,
      'countryCode', x.country_code, 'accuracy', x.accuracy, 'source', x.source, 'licence', x.licence,
      'areaKm2', round((ST_Area(x.geom::geography) / 1e6)::numeric, 1))`,
    orderBy: sql`x.admin_level`,
  },
  // One label point per district and province (a polygon layer would label every island).
  'area-labels': {
    from: sql`(SELECT code, name, name_en, admin_level, ST_PointOnSurface(geom) AS geom FROM admin_areas WHERE admin_level > 2) x`,
    id: sql`x.code`,
    scoped: false,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'adminLevel', x.admin_level)`,
  },
  places: {
    from: sql`places x`,
    id: sql`x.id`,
    scoped: false,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind,
      'confidence', x.confidence, 'uncertaintyM', x.uncertainty_m, 'source', x.source)`,
  },
  zones: {
    from: sql`zones x`,
    id: sql`x.id`,
    scoped: true,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind, 'description', x.description, 'descriptionEn', x.description_en,
      'agencyId', x.agency_id, 'isDemo', x.is_demo, 'confidence', x.confidence, 'uncertaintyM', x.uncertainty_m,
      'areaKm2', round((ST_Area(x.geom::geography) / 1e6)::numeric, 2), 'updatedAt', x.updated_at,
      'severity', x.severity, 'version', x.version)`,
    // Large sectors first so hotspots draw on top of them.
    orderBy: sql`ST_Area(x.geom) DESC`,
  },
  // One label point per zone: a polygon layer labels every tile and every part of it.
  'zone-labels': {
    from: sql`(SELECT id, name, name_en, kind, agency_id, province_code, ST_PointOnSurface(geom) AS geom FROM zones WHERE retired_at IS NULL) x`,
    id: sql`x.id`,
    scoped: true,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind)`,
  },
  routes: {
    from: sql`patrol_routes x`,
    id: sql`x.id`,
    scoped: true,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind, 'description', x.description, 'descriptionEn', x.description_en,
      'agencyId', x.agency_id, 'isDemo', x.is_demo, 'severity', x.severity, 'version', x.version,
      'lengthKm', round((ST_Length(x.geom::geography) / 1000)::numeric, 2), 'updatedAt', x.updated_at)`,
  },
  checkpoints: {
    from: sql`checkpoints x`,
    id: sql`x.id`,
    scoped: true,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind, 'description', x.description, 'descriptionEn', x.description_en,
      'staffing', x.staffing, 'staffed24h', x.staffed_24h, 'agencyId', x.agency_id, 'isDemo', x.is_demo,
      'confidence', x.confidence, 'uncertaintyM', x.uncertainty_m, 'severity', x.severity, 'version', x.version)`,
  },
  facilities: {
    from: sql`quarantine_facilities x`,
    id: sql`x.id`,
    scoped: true,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'description', x.description, 'descriptionEn', x.description_en,
      'capacity', x.capacity, 'occupancy', x.occupancy, 'status', x.status, 'agencyId', x.agency_id,
      'contactName', (SELECT k.name FROM facility_contacts k WHERE k.facility_id = x.id AND k.removed_at IS NULL ORDER BY k.is_primary DESC, k.created_at LIMIT 1),
      'contactPhone', (SELECT k.phone FROM facility_contacts k WHERE k.facility_id = x.id AND k.removed_at IS NULL ORDER BY k.is_primary DESC, k.created_at LIMIT 1),
      'isDemo', x.is_demo, 'confidence', x.confidence, 'uncertaintyM', x.uncertainty_m,
      'cameraCount', (SELECT count(*) FROM cameras c WHERE c.facility_id = x.id AND c.retired_at IS NULL))`,
  },
  cameras: {
    from: sql`cameras x LEFT JOIN zones z ON z.id = x.zone_id LEFT JOIN quarantine_facilities f ON f.id = x.facility_id`,
    id: sql`x.id`,
    scoped: true,
    properties: sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'code', x.code, 'kind', x.kind,
      'infrared', x.infrared, 'bearingDeg', x.bearing_deg, 'fovDeg', x.fov_deg, 'rangeM', x.range_m,
      'status', x.status, 'statusSince', x.status_since, 'zoneName', z.name, 'facilityName', f.name,
      'agencyId', x.agency_id, 'isDemo', x.is_demo, 'confidence', x.confidence,
      'lastErrorCode', x.last_error_code, 'hasStream', x.stream_url IS NOT NULL)`,
  },
};

function layerWhere(layer: LayerId, scope: LayerScope, bbox?: BBox): SQL {
  const def = LAYERS[layer];
  const where: SQL[] = [sql`true`];
  if (RETIRABLE.has(layer)) where.push(sql`x.retired_at IS NULL`);
  if (bbox) where.push(sql`x.geom && ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`);
  if (def.scoped) where.push(...scopeConditions(scope, 'x'));
  return sql.join(where, sql` AND `);
}

/**
 * A layer as a GeoJSON FeatureCollection string, built entirely in PostGIS so the server
 * never parses and re-serialises geometry. Filters by bbox (GiST) and by the caller's scope.
 */
export async function getLayerGeoJson(database: Database, layer: LayerId, options: { bbox?: BBox; scope: LayerScope }): Promise<string> {
  const def = LAYERS[layer];
  const where = layerWhere(layer, options.scope, options.bbox);
  const [row] = await database.rows<{ fc: string }>(sql`
    SELECT json_build_object(
      'type', 'FeatureCollection',
      'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', f.id, 'geometry', f.geometry::json,
        -- The id among the properties too: MapLibre keeps only numeric feature ids unless a
        -- source promotes a property, so clicked zones, routes and posts can be told apart.
        'properties', f.properties::jsonb || jsonb_build_object('id', f.id))), '[]'::json)
    )::text AS fc
    FROM (
      SELECT ${def.id} AS id, ST_AsGeoJSON(x.geom, 6) AS geometry, ${def.properties} AS properties
      FROM ${def.from}
      WHERE ${where}
      ${def.orderBy ? sql`ORDER BY ${def.orderBy}` : sql``}
    ) f`);
  return row?.fc ?? '{"type":"FeatureCollection","features":[]}';
}

/** Feature counts per operational layer within the caller's scope, for the layer panel. */
export async function getLayerCounts(database: Database, scope: LayerScope): Promise<Record<LayerId, number>> {
  const counts = {} as Record<LayerId, number>;
  await Promise.all(
    LAYER_IDS.map(async (layer) => {
      const where = layerWhere(layer, scope);
      const [row] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${LAYERS[layer].from} WHERE ${where}`);
      counts[layer] = row?.n ?? 0;
    }),
  );
  return counts;
}
