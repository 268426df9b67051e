import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cameras, type CameraKind, type CameraStatus } from '@/db/schema';
import { scopeWhere, type Scope } from '@/db/queries/scope';

export interface AdminCameraRow {
  id: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  kind: CameraKind;
  infrared: boolean;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  zoneId: string | null;
  facilityId: string | null;
  status: CameraStatus;
  retiredAt: string | null;
  isDemo: boolean;
  hasStream: boolean;
  hasCredentials: boolean;
  /** Whether it is recorded: an administrator's choice, or null for the default rule. */
  record: boolean | null;
  recordRetentionHours: number | null;
  lon: number;
  lat: number;
}

/** The cameras an administrator edits, retired ones last; scoped like every list, by province and agency. */
export async function listAdminCameras(database: Database, scope: Scope): Promise<AdminCameraRow[]> {
  // Stream URLs and credentials are write-only: only whether they are set leaves the server.
  return database.rows<AdminCameraRow>(sql`
    SELECT id, code, name, name_en AS "nameEn", kind, infrared, bearing_deg AS "bearingDeg", fov_deg AS "fovDeg", range_m AS "rangeM",
           zone_id AS "zoneId", facility_id AS "facilityId", status, retired_at AS "retiredAt", is_demo AS "isDemo",
           stream_url IS NOT NULL AS "hasStream", stream_username IS NOT NULL OR stream_password IS NOT NULL AS "hasCredentials",
           record, record_retention_hours AS "recordRetentionHours", ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM cameras WHERE ${scopeWhere(scope, 'cameras')} ORDER BY retired_at NULLS FIRST, name`);
}

/** Cameras in service within the scope, by name: the choices of a filter. */
export async function listCameraOptions(database: Database, scope: Scope): Promise<{ id: string; name: string }[]> {
  return database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM cameras WHERE retired_at IS NULL AND ${scopeWhere(scope, 'cameras')} ORDER BY name`);
}

/** Cameras in service within the scope that a device key may name, AI cameras first: they are the ones that report. */
export async function listCamerasForDevices(database: Database, scope: Scope): Promise<{ id: string; name: string; kind: string }[]> {
  return database.rows<{ id: string; name: string; kind: string }>(
    sql`SELECT id, name, kind::text AS kind FROM cameras WHERE retired_at IS NULL AND ${scopeWhere(scope, 'cameras')} ORDER BY kind <> 'ai', name`,
  );
}

/**
 * Which of these cameras exist and are not retired, with who owns them: the caller checks its
 * permission on each (a camera missing here is one it may not name).
 */
export async function listUnretiredCameraOwners(database: Database, cameraIds: string[]): Promise<{ id: string; provinceCode: string; agencyId: string | null }[]> {
  return database.db
    .select({ id: cameras.id, provinceCode: cameras.provinceCode, agencyId: cameras.agencyId })
    .from(cameras)
    .where(and(inArray(cameras.id, cameraIds), isNull(cameras.retiredAt)));
}

export interface CameraMountingRow {
  id: string;
  code: string | null;
  name: string;
  kind: CameraKind;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  lon: number;
  lat: number;
}

/**
 * Of these cameras, those not retired, with their mounting: what an edge box needs to turn a
 * detection into a bearing and range. Not scoped: the device key's own list is its permission.
 */
export async function listCameraMountings(database: Database, cameraIds: string[]): Promise<CameraMountingRow[]> {
  if (cameraIds.length === 0) return [];
  return database.db
    .select({
      id: cameras.id,
      code: cameras.code,
      name: cameras.name,
      kind: cameras.kind,
      bearingDeg: cameras.bearingDeg,
      fovDeg: cameras.fovDeg,
      rangeM: cameras.rangeM,
      lon: sql<number>`ST_X(${cameras.geom})`,
      lat: sql<number>`ST_Y(${cameras.geom})`,
    })
    .from(cameras)
    .where(and(inArray(cameras.id, cameraIds), isNull(cameras.retiredAt)));
}

export interface CameraStreamState {
  id: string;
  status: CameraStatus;
  lastErrorCode: string | null;
  /** Whether a stream is configured; the URL itself never leaves the server. */
  hasStream: boolean;
  provinceCode: string;
  agencyId: string | null;
}

/** Whether a camera can be watched and how it is doing, with its owners for the caller's permission check; null when absent. */
export async function getCameraStreamState(database: Database, cameraId: string): Promise<CameraStreamState | null> {
  const [camera] = await database.db
    .select({ id: cameras.id, status: cameras.status, lastErrorCode: cameras.lastErrorCode, hasStream: sql<boolean>`${cameras.streamUrl} IS NOT NULL`, provinceCode: cameras.provinceCode, agencyId: cameras.agencyId })
    .from(cameras)
    .where(eq(cameras.id, cameraId))
    .limit(1);
  return camera ?? null;
}
