import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import type { PlanAttributes, PlanLayer } from '@/lib/domain/plan-layers';

/** The table each planning layer lives in, and the enum its kind column uses. */
export const PLAN_TABLES: Record<PlanLayer, { table: SQL; kindType: SQL }> = {
  zones: { table: sql.raw('zones'), kindType: sql.raw('zone_kind') },
  routes: { table: sql.raw('patrol_routes'), kindType: sql.raw('route_kind') },
  posts: { table: sql.raw('checkpoints'), kindType: sql.raw('checkpoint_kind') },
};

export interface PlanFeatureRow {
  id: string;
  layer: PlanLayer;
  version: number;
  attributes: PlanAttributes;
  geometry: { type: string; coordinates: unknown };
  provinceCode: string;
  agencyId: string | null;
  updatedAt: string;
  updatedByName: string | null;
  retiredAt: string | null;
}

/** The attributes of a row as the form and the version history name them. */
const attributesSql = sql`json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind, 'severity', x.severity,
  'notes', x.description, 'agencyId', x.agency_id)`;

/** One drawn object as the editor needs it (retired ones too: their history can be restored). */
export async function getPlanFeature(db: Db, layer: PlanLayer, id: string, options: { forUpdate?: boolean } = {}): Promise<PlanFeatureRow | undefined> {
  const { table } = PLAN_TABLES[layer];
  const [row] = rowsOf<Omit<PlanFeatureRow, 'layer' | 'geometry'> & { geometry: string }>(
    await db.execute(sql`
      SELECT x.id, x.version, ${attributesSql} AS attributes, ST_AsGeoJSON(x.geom, 7) AS geometry,
        x.province_code AS "provinceCode", x.agency_id AS "agencyId", x.updated_at AS "updatedAt",
        x.updated_by_name AS "updatedByName", x.retired_at AS "retiredAt"
      FROM ${table} x WHERE x.id = ${id}
      ${options.forUpdate ? sql`FOR UPDATE` : sql``}`),
  );
  if (!row) return undefined;
  return { ...row, layer, version: Number(row.version), geometry: JSON.parse(row.geometry) as PlanFeatureRow['geometry'], updatedAt: iso(row.updatedAt), retiredAt: row.retiredAt ? iso(row.retiredAt) : null };
}

export interface PlanVersionRow {
  version: number;
  action: string;
  changedAt: string;
  changedByName: string | null;
  changedFields: string[];
  attributes: PlanAttributes;
  geometry: { type: string; coordinates: unknown };
}

/** An object's saved versions, newest first, each with its shape (the map shows the difference). */
export async function listPlanVersions(db: Db, layer: PlanLayer, id: string): Promise<PlanVersionRow[]> {
  const rows = rowsOf<Omit<PlanVersionRow, 'geometry'> & { geometry: string }>(
    await db.execute(sql`
      SELECT version, action, changed_at AS "changedAt", changed_by_name AS "changedByName", changed_fields AS "changedFields",
        attributes, ST_AsGeoJSON(geom, 7) AS geometry
      FROM plan_versions WHERE layer = ${layer} AND object_id = ${id} ORDER BY version DESC`),
  );
  return rows.map((r) => ({ ...r, version: Number(r.version), changedAt: iso(r.changedAt), geometry: JSON.parse(r.geometry) as PlanVersionRow['geometry'] }));
}

/** One saved version. */
export async function getPlanVersion(db: Db, layer: PlanLayer, id: string, version: number): Promise<PlanVersionRow | undefined> {
  const rows = await listPlanVersions(db, layer, id);
  return rows.find((r) => r.version === version);
}

/** Where a shape lies: its province (getProvinceOfPoint) and whether it touches Viet Nam at all (touchesVietNam). */
export interface PlanPlace {
  province: string | undefined;
  inVietNam: boolean;
}

/**
 * Where a drawn or edited object lies: the province whose area contains it (its point on
 * surface), or else the nearest province within 20 km; and whether it touches Viet Nam's
 * territory (touchesVietNam), which every object must.
 */
export async function getPlaceOf(db: Db, geometry: { type: string; coordinates: unknown }): Promise<PlanPlace> {
  const [row] = rowsOf<{ province_code: string | null; in_viet_nam: boolean | null }>(
    await db.execute(sql`
      WITH i AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326) AS g)
      SELECT ${getProvinceOfPoint(sql`ST_PointOnSurface(i.g)`)} AS province_code, ${touchesVietNam(sql`i.g`)} AS in_viet_nam FROM i`),
  );
  return { province: row?.province_code ?? undefined, inVietNam: row?.in_viet_nam === true };
}

/**
 * SQL: whether a shape may be Viet Nam's — it touches an admin area of Viet Nam (the country,
 * its provinces and districts: each source draws the coast and the line a little differently,
 * and a gate on the line may sit on either), or no country's area at all (at sea: the
 * areas are land, and territorial waters are not in the data, so a boat patrol or an offshore
 * wharf is not refused here). A zone or route across the line is Viet Nam's; one wholly across
 * it, however near, is not (getProvinceOfPoint alone would give it the nearest province).
 */
export function touchesVietNam(geometry: SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM admin_areas a WHERE a.country_code = 'VNM' AND ST_Intersects(a.geom, ${geometry}))
    OR NOT EXISTS (SELECT 1 FROM admin_areas a WHERE a.admin_level = 2 AND a.country_code <> 'VNM' AND ST_Intersects(a.geom, ${geometry})))`;
}

/**
 * SQL for the province of a point: the area containing it (indexed), else the nearest within
 * about 20 km (0.18°; a zone along the river reaches past the line), measured in degrees —
 * planar distance is enough to pick a neighbour and many times cheaper than on the ellipsoid
 * for every feature of an import. COALESCE stops at the first answer.
 */
export function getProvinceOfPoint(point: SQL): SQL {
  return sql`coalesce(
    (SELECT a.province_code FROM admin_areas a WHERE a.province_code IS NOT NULL AND ST_Intersects(a.geom, ${point}) ORDER BY a.admin_level DESC LIMIT 1),
    (SELECT a.province_code FROM admin_areas a WHERE a.province_code IS NOT NULL AND ST_DWithin(a.geom, ${point}, 0.18)
      ORDER BY ST_Distance(a.geom, ${point}) LIMIT 1))`;
}

/** The agencies that can own what a planner draws: those of their province and national ones (their own first). */
export async function listPlanningAgencies(db: Db, provinceCode: string | null, ownAgencyId: string): Promise<{ id: string; name: string }[]> {
  return rowsOf<{ id: string; name: string }>(
    await db.execute(sql`
      SELECT id, name FROM agencies
      WHERE ${provinceCode}::text IS NULL OR province_code = ${provinceCode} OR province_code IS NULL OR id = ${ownAgencyId}
      ORDER BY id = ${ownAgencyId} DESC, name`),
  );
}

const iso = (v: string | Date) => new Date(v).toISOString();
