import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';

export interface PostgisVerdict {
  valid: boolean | null;
  reason: string | null;
  empty: boolean | null;
  /** ST_MakeValid's repair as GeoJSON, and whether that repair is itself valid and not empty. */
  repaired: string | null;
  repaired_ok: boolean | null;
}

/**
 * PostGIS's own judgement of a GeoJSON geometry: validity, its reason, emptiness, and the repair
 * ST_MakeValid makes ('multipolygon' keeps only the areas, as zones store). Undefined when the
 * statement returned no row (on the embedded engine a GEOS failure ends it with no rows).
 */
export async function postgisVerdict(db: Db, geometry: unknown, repairAs: 'multipolygon' | 'as-is'): Promise<PostgisVerdict | undefined> {
  const fix = repairAs === 'multipolygon' ? sql`ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3))` : sql`ST_MakeValid(g)`;
  const [row] = rowsOf<PostgisVerdict>(
    await db.execute(sql`
    WITH i AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326) AS g),
    f AS (SELECT g, ${fix} AS fixed FROM i)
    SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_IsEmpty(g) AS empty,
      ST_AsGeoJSON(fixed, 7) AS repaired, (NOT ST_IsEmpty(fixed) AND ST_IsValid(fixed)) AS repaired_ok
    FROM f`),
  );
  return row;
}
