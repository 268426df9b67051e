import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scopeWhere, type Scope } from '@/db/queries/scope';

export type SearchKind = 'place' | 'camera' | 'checkpoint' | 'zone' | 'facility';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  name: string;
  nameEn: string | null;
  code: string | null;
  /** The object's kind within its layer (hotspot, control_post, ai, …). */
  subkind: string | null;
  lon: number;
  lat: number;
  /** [west, south, east, north] for areas, to fit the view to them. */
  bbox: [number, number, number, number] | null;
}

/** Lower case without diacritics: "Móng Cái" and "mong cai" fold to the same text. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Named things on the map that match a query, accent-insensitively, best first: names that
 * start with it, then names with a word that does, then names or codes that contain it.
 * The operational layers are filtered by the caller's scope; place names are shared.
 */
export async function listMapMatches(database: Database, scope: Scope, query: string, limit = 12): Promise<SearchHit[]> {
  const scoped = (alias: string) => scopeWhere(scope, alias);
  const rows = await database.rows<Omit<SearchHit, 'bbox'> & { bbox: number[] | null }>(sql`
    SELECT 'place' AS kind, id, name, name_en AS "nameEn", NULL AS code, kind AS subkind, ST_X(geom) AS lon, ST_Y(geom) AS lat, NULL::float8[] AS bbox FROM places
    UNION ALL
    SELECT 'camera', x.id::text, x.name, x.name_en, x.code, x.kind::text, ST_X(x.geom), ST_Y(x.geom), NULL FROM cameras x WHERE x.retired_at IS NULL AND ${scoped('x')}
    UNION ALL
    SELECT 'checkpoint', x.id::text, x.name, x.name_en, x.code, x.kind::text, ST_X(x.geom), ST_Y(x.geom), NULL FROM checkpoints x WHERE x.retired_at IS NULL AND ${scoped('x')}
    UNION ALL
    SELECT 'facility', x.id::text, x.name, x.name_en, x.code, NULL, ST_X(x.geom), ST_Y(x.geom), NULL FROM quarantine_facilities x WHERE ${scoped('x')}
    UNION ALL
    SELECT 'zone', x.id::text, x.name, x.name_en, x.code, x.kind::text, ST_X(ST_PointOnSurface(x.geom)), ST_Y(ST_PointOnSurface(x.geom)),
           ARRAY[ST_XMin(x.geom), ST_YMin(x.geom), ST_XMax(x.geom), ST_YMax(x.geom)] FROM zones x WHERE x.retired_at IS NULL AND ${scoped('x')}`);
  const q = foldText(query);
  if (!q) return [];
  const rank = (r: (typeof rows)[number]): number => {
    const names = [r.name, r.nameEn ?? ''].map(foldText);
    if (names.some((n) => n.startsWith(q))) return 0;
    if (names.some((n) => n.split(/[\s,.()–-]+/).some((w) => w.startsWith(q)))) return 1;
    if (names.some((n) => n.includes(q)) || (r.code && foldText(r.code).includes(q))) return 2;
    return -1;
  };
  return rows
    .map((r) => ({ r, score: rank(r) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => a.score - b.score || a.r.name.localeCompare(b.r.name, 'vi'))
    .slice(0, limit)
    .map(({ r }) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat), bbox: r.bbox ? (r.bbox.map(Number) as SearchHit['bbox']) : null }));
}
