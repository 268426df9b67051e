import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cameras, type CameraStatus } from '@/db/schema';
import type { LayerScope } from '@/db/queries/layers';
import { scopeWhere } from '@/db/queries/scope';

export interface UptimeRow {
  cameraId: string;
  liveSeconds: number;
  downSeconds: number;
  knownSeconds: number;
  /** live / time with a known status, 0..100; null when nothing was known in the period */
  uptimePct: number | null;
}

/**
 * Uptime per camera for [from, to) from the stored status changes: each change lasts until
 * the next one (or the end of the period); time before a camera's first check is unknown
 * and left out of the ratio.
 */
export function uptimeSql(from: Date, to: Date) {
  return sql`
    WITH changes AS (
      SELECT camera_id, status, at,
             lead(at) OVER (PARTITION BY camera_id ORDER BY at, id) AS next_at
      FROM camera_status_changes
      WHERE at < ${to}
    ), clipped AS (
      SELECT camera_id, status,
             greatest(at, ${from}::timestamptz) AS a,
             least(coalesce(next_at, ${to}::timestamptz), ${to}::timestamptz) AS b
      FROM changes
      WHERE coalesce(next_at, ${to}::timestamptz) > ${from}::timestamptz
    )
    SELECT camera_id,
           coalesce(sum(extract(epoch FROM b - a)) FILTER (WHERE status = 'live'), 0)::float AS live_s,
           coalesce(sum(extract(epoch FROM b - a)) FILTER (WHERE status IN ('offline', 'stalled', 'unsupported')), 0)::float AS down_s
    FROM clipped WHERE b > a
    GROUP BY camera_id`;
}

export async function getUptime(database: Database, from: Date, to: Date, cameraIds?: string[]): Promise<UptimeRow[]> {
  const rows = await database.rows<{ camera_id: string; live_s: number; down_s: number }>(sql`
    SELECT * FROM (${uptimeSql(from, to)}) u
    ${cameraIds ? sql`WHERE camera_id IN (${sql.join(cameraIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``}`);
  return rows.map((r) => {
    const known = r.live_s + r.down_s;
    return { cameraId: r.camera_id, liveSeconds: r.live_s, downSeconds: r.down_s, knownSeconds: known, uptimePct: known > 0 ? (100 * r.live_s) / known : null };
  });
}

export interface CameraStatusRow {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  status: string;
  statusSince: string;
  lastCheckedAt: string | null;
  /** The administrator's detail (null for everyone else). */
  lastError: string | null;
  lastErrorCode: string | null;
  lastOutageAt: string | null;
  zoneName: string | null;
  facilityName: string | null;
  /** English names, where the data has them. */
  nameEn: string | null;
  zoneNameEn: string | null;
  facilityNameEn: string | null;
  /** The kind of the camera's zone (a hotspot's cameras open the video wall). */
  zoneKind: string | null;
  isDemo: boolean;
  hasStream: boolean;
  uptimePct: number | null;
}

/**
 * Every camera the scope allows, with status, last outage and uptime over [from, to). The
 * upstream's own error text says what answers at a camera's address: only administrators
 * (`withDetail`) get it; everyone else gets the reason as a code.
 */
export async function getCameraStatusTable(database: Database, scope: LayerScope, from: Date, to: Date, withDetail: boolean): Promise<CameraStatusRow[]> {
  const rows = await database.rows<Omit<CameraStatusRow, 'uptimePct'> & { live_s: number | null; down_s: number | null }>(sql`
    SELECT c.id, c.code, c.name, c.kind, c.status, c.status_since AS "statusSince", c.last_checked_at AS "lastCheckedAt",
           ${withDetail ? sql`c.last_error` : sql`NULL::text`} AS "lastError", c.last_error_code AS "lastErrorCode", z.name AS "zoneName", f.name AS "facilityName",
           c.name_en AS "nameEn", z.name_en AS "zoneNameEn", f.name_en AS "facilityNameEn", z.kind::text AS "zoneKind", c.is_demo AS "isDemo",
           c.stream_url IS NOT NULL AS "hasStream",
           (SELECT max(at) FROM camera_status_changes s WHERE s.camera_id = c.id AND s.status IN ('offline', 'stalled')) AS "lastOutageAt",
           u.live_s, u.down_s
    FROM cameras c
    LEFT JOIN zones z ON z.id = c.zone_id
    LEFT JOIN quarantine_facilities f ON f.id = c.facility_id
    LEFT JOIN (${uptimeSql(from, to)}) u ON u.camera_id = c.id
    WHERE c.retired_at IS NULL AND ${scopeWhere(scope, 'c')}
    ORDER BY c.name`);
  return rows.map(({ live_s, down_s, ...r }) => {
    const known = (live_s ?? 0) + (down_s ?? 0);
    return { ...r, uptimePct: known > 0 ? (100 * (live_s ?? 0)) / known : null };
  });
}

export interface CameraHealth {
  provinceCode: string;
  agencyId: string | null;
  status: CameraStatus;
  statusSince: Date;
  /** The administrator's detail: the caller decides who may see it. */
  lastError: string | null;
  lastErrorCode: string | null;
}

/** One camera's current health with its owners, for the caller's permission check; null when absent. */
export async function getCameraHealth(database: Database, cameraId: string): Promise<CameraHealth | null> {
  const [camera] = await database.db
    .select({ provinceCode: cameras.provinceCode, agencyId: cameras.agencyId, status: cameras.status, statusSince: cameras.statusSince, lastError: cameras.lastError, lastErrorCode: cameras.lastErrorCode })
    .from(cameras)
    .where(eq(cameras.id, cameraId))
    .limit(1);
  return camera ?? null;
}

export interface OutageRow {
  status: string;
  from: string;
  to: string | null;
  /** The administrator's detail (null for everyone else). */
  error: string | null;
  errorCode: string | null;
}

/** A camera's status periods overlapping [from, to), newest first, for the outage timeline. */
export async function getStatusTimeline(database: Database, cameraId: string, from: Date, to: Date, withDetail: boolean): Promise<OutageRow[]> {
  return database.rows<OutageRow>(sql`
    SELECT status, at AS "from", next_at AS "to", ${withDetail ? sql`error` : sql`NULL::text`} AS error, error_code AS "errorCode" FROM (
      SELECT status, at, error, error_code, lead(at) OVER (ORDER BY at, id) AS next_at
      FROM camera_status_changes WHERE camera_id = ${cameraId}
    ) s
    WHERE at < ${to} AND coalesce(next_at, 'infinity') > ${from}
    ORDER BY at DESC
    LIMIT 200`);
}
