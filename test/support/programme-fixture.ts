import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { FacilityStatus } from '@/lib/domain/facilities';
import { AppError } from '@/lib/api/errors';
import { createFacility, recordStep, type ProgrammeActor, type WriteContext } from '@/lib/programme/facilities';
import { reconcileFacilities } from '@/lib/programme/reconcile';
import { facilityCreateSchema, planSchema, surveySchema } from '@/lib/programme/schemas';
import { addDays, localDateOf } from '@/lib/domain/local-time';
import { openTestDatabase } from '@/test/support/database';

// The camera programme's tests share this: one database per test file (opened by
// openProgrammeDatabase in its beforeAll), the demo programme's users, and helpers that make
// facilities and cameras and play the health monitor. The bindings below are live: a test file
// imports them and sees them once its beforeAll has run.

export let database: Database;
export let dic: WriteContext;
export let mic: WriteContext;
export let telecom: WriteContext;
export let viewer: WriteContext;
/** A position inside Quang Ninh (VN-13), taken from a seeded facility. */
export let inQuangNinh: { longitude: number; latitude: number };
/** The scratch database's name on the server engine (to break a deadlock from outside its pool). */
export let databaseName: string;

async function contextOf(username: string): Promise<WriteContext> {
  const [actor] = await database.rows<ProgrammeActor>(sql`
    SELECT u.id, u.display_name AS "displayName", u.role::text AS role, u.province_code AS "provinceCode", u.agency_id AS "agencyId", a.kind::text AS "agencyKind"
    FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = ${username}`);
  if (!actor) throw new Error(`no demo user ${username}`);
  return { actor, ip: '127.0.0.1' };
}

export async function openProgrammeDatabase(): Promise<void> {
  database = await openTestDatabase();
  [dic, mic, telecom, viewer] = await Promise.all([contextOf('dic'), contextOf('mic'), contextOf('telecom'), contextOf('viewer')]);
  const [p] = await database.rows<{ longitude: number; latitude: number }>(sql`
    SELECT ST_X(geom) AS longitude, ST_Y(geom) AS latitude FROM quarantine_facilities WHERE code = 'QF-DEMO-1'`);
  inQuangNinh = p!;
  databaseName = (await one<{ name: string }>(sql`SELECT current_database() AS name`)).name;
}

/** The refusal a promise ends in (it must end in one). */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

export const one = async <T,>(query: ReturnType<typeof sql>): Promise<T> => (await database.rows<T>(query))[0]!;
export const countOf = async (query: ReturnType<typeof sql>) => (await one<{ n: number }>(query)).n;

export async function newFacility(name: string): Promise<string> {
  const input = facilityCreateSchema.parse({ name, address: 'Test address', position: inQuangNinh, managingAuthority: 'Test authority', capacity: 100, occupancy: 10 });
  return (await createFacility(database, dic, input)).id;
}

export async function addCamera(facilityId: string, withStream = true): Promise<string> {
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO cameras (code, name, province_code, agency_id, kind, bearing_deg, fov_deg, range_m, stream_url, facility_id, geom)
    VALUES (${`T-${randomUUID()}`}, 'facility test camera', 'VN-13', 'syt-qn', 'fixed', 0, 90, 60, ${withStream ? 'demo://test/live.m3u8' : null}, ${facilityId},
      ST_SetSRID(ST_MakePoint(${inQuangNinh.longitude}, ${inQuangNinh.latitude}), 4326))
    RETURNING id`);
  return row!.id;
}

export type CameraStatus = 'unknown' | 'live' | 'offline' | 'stalled' | 'unsupported';

/**
 * What the health monitor does when cameras change: their status and history, then the
 * facility's reconciliation, in one transaction (lib/video/health applyState).
 */
export async function monitor(facilityId: string, changes: Record<string, CameraStatus>, at = new Date()) {
  return database.db.transaction(async (tx) => {
    for (const [id, status] of Object.entries(changes)) {
      await tx.execute(sql`UPDATE cameras SET status = ${status}::camera_status, status_since = ${at} WHERE id = ${id}`);
      await tx.execute(sql`INSERT INTO camera_status_changes (camera_id, status, at) VALUES (${id}, ${status}::camera_status, ${at})`);
    }
    return reconcileFacilities(tx, [facilityId], { now: at });
  });
}

export const facilityRow = (id: string) =>
  one<{ stage: string; status: FacilityStatus; first_connected_at: string | null; version: number; required_cameras: number | null }>(
    sql`SELECT stage, status, first_connected_at, version, required_cameras FROM quarantine_facilities WHERE id = ${id}`,
  );
export const statusHistory = (id: string) =>
  database.rows<{ from_status: string | null; to_status: string; at: string }>(
    sql`SELECT from_status, to_status, at FROM facility_events WHERE facility_id = ${id} AND to_status IS NOT NULL ORDER BY at, id`,
  );
export const downAlerts = (id: string) =>
  database.rows<{ id: string; status: string; outcome: string | null }>(
    sql`SELECT id, status, outcome FROM alerts WHERE kind = 'facility_down' AND facility_id = ${id} ORDER BY created_at, id`,
  );

export const today = () => localDateOf(new Date());
export const survey = () => surveySchema.parse({ surveyedOn: today(), surveyors: 'DIC and VNPT', existingCameras: [], areas: [{ area: 'entrance', label: 'Gate', covered: false }], camerasNeeded: 2 });
export const plan = (camerasToConnect: number) =>
  planSchema.parse({ agreedOn: today(), telecomAgencyId: 'vnpt-qn', camerasToConnect, method: 'fibre to the provincial centre', targetDate: addDays(today(), 7) });

/** A facility through survey → plan → connect, with its two planned cameras (not yet checked). */
export async function facilityBeingConnected(name: string): Promise<{ id: string; cams: [string, string] }> {
  const id = await newFacility(name);
  await recordStep(database, dic, id, 'survey', survey());
  await recordStep(database, dic, id, 'plan', plan(2));
  await recordStep(database, dic, id, 'connect', {});
  return { id, cams: [await addCamera(id), await addCamera(id)] };
}

