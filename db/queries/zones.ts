import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scopeWhere, type Scope } from '@/db/queries/scope';

/** Zones within the scope (province and agency), by name: the choices of a form or filter. */
export async function listZoneOptions(database: Database, scope: Scope): Promise<{ id: string; name: string }[]> {
  return database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM zones WHERE ${scopeWhere(scope, 'zones')} ORDER BY name`);
}

export interface ZoneChoice {
  id: string;
  name: string;
  nameEn: string | null;
  kind: string;
}

/** Zones within the scope, hotspots first: where an alert inbox is most often narrowed to. */
export async function listZonesHotspotsFirst(database: Database, scope: Scope): Promise<ZoneChoice[]> {
  return database.rows<ZoneChoice>(sql`
    SELECT id, name, name_en AS "nameEn", kind::text AS kind FROM zones WHERE ${scopeWhere(scope, 'zones')}
    ORDER BY (kind = 'hotspot') DESC, name`);
}
