import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { BorderGeometryError, hasTraceBorder, nearestOnTraceSql, traceSegmentsCte, type TraceSection } from '@/db/queries/border-trace';

/** Marks every half kilometre; whole kilometres are the major ones. */
export const KM_MARKER_STEP_M = 500;

export interface KmMarker {
  provinceCode: string;
  /** Kilometres along the border from its western end. */
  km: number;
  section: TraceSection;
  /** A whole kilometre (labelled at lower zoom than the half ones). */
  major: boolean;
  lon: number;
  lat: number;
}

/** Which provinces to read: one, or (null) every province with a land or river border. */
const provinceCondition = (provinceCode: string | null) => (provinceCode ? sql`b.province_code = ${provinceCode}` : sql`true`);

/** A mark every 500 m along the land and river border, with its kilometre and section. */
export async function getKmMarkers(database: Database, provinceCode: string | null): Promise<KmMarker[]> {
  const rows = await database.rows<{ province_code: string; km_m: number; section: TraceSection; lon: number; lat: number }>(sql`
    WITH ${traceSegmentsCte(provinceCondition(provinceCode))}
    SELECT s.province_code, k.m AS km_m, s.section,
      ST_X(ST_LineInterpolatePoint(s.g, (k.m - s.start_m) / s.len_m)) AS lon,
      ST_Y(ST_LineInterpolatePoint(s.g, (k.m - s.start_m) / s.len_m)) AS lat
    FROM seg s
    CROSS JOIN LATERAL generate_series(ceil(s.start_m / ${KM_MARKER_STEP_M})::int, ceil((s.start_m + s.len_m) / ${KM_MARKER_STEP_M})::int - 1) AS j
    CROSS JOIN LATERAL (SELECT j * ${KM_MARKER_STEP_M}::float8 AS m) k
    WHERE k.m >= s.start_m AND k.m < s.start_m + s.len_m
    ORDER BY s.province_code, k.m`);
  if (!rows.length && (await hasTraceBorder(database, provinceCode))) throw new BorderGeometryError('The kilometre marks came back empty although a border line is loaded');
  return rows.map((r) => {
    const m = Math.round(Number(r.km_m));
    return { provinceCode: r.province_code, km: m / 1000, section: r.section, major: m % 1000 === 0, lon: Number(r.lon), lat: Number(r.lat) };
  });
}

export interface KmAt {
  provinceCode: string;
  /** Kilometres along the border of the border point nearest the given one. */
  km: number;
  section: TraceSection;
  /** From the given point to that border point, metres. */
  distanceM: number;
  /** The border point itself. */
  lon: number;
  lat: number;
}

/**
 * The kilometre mark of the land or river border point nearest (lon, lat), in the given
 * province (or any, for null). Null when there is no such border line.
 */
export async function getKmAt(database: Database, provinceCode: string | null, lon: number, lat: number): Promise<KmAt | null> {
  const point = sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`;
  const [row] = await database.rows<{ province_code: string; section: TraceSection; km_m: number; distance_m: number; lon: number; lat: number }>(sql`
    WITH ${traceSegmentsCte(provinceCondition(provinceCode))}
    SELECT n.* FROM ${nearestOnTraceSql(point)} n`);
  if (!row) {
    if (await hasTraceBorder(database, provinceCode)) throw new BorderGeometryError('The nearest border point came back empty although a border line is loaded');
    return null;
  }
  return {
    provinceCode: row.province_code,
    km: Math.round(Number(row.km_m)) / 1000,
    section: row.section,
    distanceM: Number(row.distance_m),
    lon: Number(row.lon),
    lat: Number(row.lat),
  };
}
