import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import type { FacilityStage, FacilityStatus } from '@/lib/domain/facilities';
import { uptimeSql } from '@/db/queries/camera-health';
import { allOf, scopeConditions, scopeWhere, type Scope } from '@/db/queries/scope';

export const PROGRAMME_ID = 'quarantine-cameras';

export interface ProgrammeSettings {
  id: string;
  name: string;
  nameEn: string;
  deadline: string;
  reportMinute: number;
}

export async function getProgramme(database: Database): Promise<ProgrammeSettings> {
  const [row] = await database.rows<ProgrammeSettings>(sql`
    SELECT id, name, name_en AS "nameEn", deadline::text AS deadline, report_minute AS "reportMinute" FROM programmes WHERE id = ${PROGRAMME_ID}`);
  if (!row) throw new Error('The camera programme is missing (migration 0023 creates it)');
  return row;
}

export interface ProgrammeSettingsChange {
  /** null keeps the current value (as for reportMinute). */
  deadline: string | null;
  reportMinute: number | null;
  updatedBy: string;
}

/** Changes the programme's settings in the caller's transaction, so the change and its audit entry commit together. */
export async function setProgrammeSettings(tx: Db, change: ProgrammeSettingsChange): Promise<void> {
  await tx.execute(sql`
    UPDATE programmes SET deadline = coalesce(${change.deadline}::date, deadline), report_minute = coalesce(${change.reportMinute}::int, report_minute),
      updated_by = ${change.updatedBy}, updated_at = now()
    WHERE id = ${PROGRAMME_ID}`);
}

/** Open facilities in scope (`f`), optionally only some. */
export function facilityWhere(scope: Scope, extra: SQL[] = []): SQL {
  return allOf([sql`f.closed_at IS NULL`, ...scopeConditions(scope, 'f'), ...extra]);
}

export interface FacilityListRow {
  id: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  address: string | null;
  managingAuthority: string | null;
  provinceCode: string;
  agencyId: string | null;
  agencyName: string | null;
  telecomAgencyId: string | null;
  telecomName: string | null;
  stage: FacilityStage;
  status: FacilityStatus;
  statusSince: string;
  capacity: number;
  occupancy: number;
  requiredCameras: number | null;
  camerasTotal: number;
  camerasLive: number;
  targetDate: string | null;
  closedAt: string | null;
  contactName: string | null;
  contactPhone: string | null;
  isDemo: boolean;
  confidence: string;
  lon: number;
  lat: number;
  version: number;
}

const LIST_COLUMNS = sql`
  f.id, f.code, f.name, f.name_en AS "nameEn", f.address, f.managing_authority AS "managingAuthority", f.province_code AS "provinceCode",
  f.agency_id AS "agencyId", ag.name AS "agencyName", f.telecom_agency_id AS "telecomAgencyId", tel.name AS "telecomName",
  f.stage, f.status, f.status_since AS "statusSince", f.capacity, f.occupancy, f.required_cameras AS "requiredCameras",
  (SELECT count(*)::int FROM cameras c WHERE c.facility_id = f.id AND c.retired_at IS NULL AND c.stream_url IS NOT NULL) AS "camerasTotal",
  (SELECT count(*)::int FROM cameras c WHERE c.facility_id = f.id AND c.retired_at IS NULL AND c.stream_url IS NOT NULL AND c.status = 'live') AS "camerasLive",
  f.target_date::text AS "targetDate", f.closed_at AS "closedAt",
  pc.name AS "contactName", pc.phone AS "contactPhone", f.is_demo AS "isDemo", f.confidence,
  ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, f.version`;

const LIST_FROM = sql`
  quarantine_facilities f
  LEFT JOIN agencies ag ON ag.id = f.agency_id
  LEFT JOIN agencies tel ON tel.id = f.telecom_agency_id
  LEFT JOIN LATERAL (SELECT name, phone FROM facility_contacts k WHERE k.facility_id = f.id AND k.removed_at IS NULL ORDER BY k.is_primary DESC, k.created_at LIMIT 1) pc ON true`;

export interface FacilityFilter {
  status?: FacilityStatus;
  provinceCode?: string;
  telecomAgencyId?: string;
  includeClosed?: boolean;
}

export async function listFacilities(database: Database, scope: Scope, filter: FacilityFilter = {}): Promise<FacilityListRow[]> {
  const extra: SQL[] = [];
  if (filter.status) extra.push(sql`f.status = ${filter.status}`);
  if (filter.provinceCode) extra.push(sql`f.province_code = ${filter.provinceCode}`);
  if (filter.telecomAgencyId) extra.push(sql`f.telecom_agency_id = ${filter.telecomAgencyId}`);
  const where = filter.includeClosed ? allOf([...scopeConditions(scope, 'f'), ...extra]) : facilityWhere(scope, extra);
  return database.rows<FacilityListRow>(sql`SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${where} ORDER BY f.province_code, f.name`);
}

/** Facilities within the scope (province, agency and telecom company), closed ones included, by name: the choices of a form. */
export async function listFacilityOptions(database: Database, scope: Scope): Promise<{ id: string; name: string }[]> {
  return database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM quarantine_facilities WHERE ${scopeWhere(scope, 'quarantine_facilities')} ORDER BY name`);
}

/** Whether the programme has any facility (closed ones too) in a province: a report is frozen for good, so only such provinces get one. */
export async function hasFacilityIn(database: Database, provinceCode: string): Promise<boolean> {
  return (await database.rows(sql`SELECT 1 FROM quarantine_facilities WHERE province_code = ${provinceCode} LIMIT 1`)).length > 0;
}

export interface FacilityDetail extends FacilityListRow {
  closedReason: string | null;
  firstConnectedAt: string | null;
  contacts: { id: string; name: string; position: string | null; phone: string; email: string | null; isPrimary: boolean; updatedAt: string }[];
  survey: { surveyedOn: string; surveyors: string; existingCameras: { label: string; state: string }[]; areas: { area: string; label: string; covered: boolean }[]; camerasNeeded: number; notes: string | null; recordedByName: string; createdAt: string } | null;
  plan: { agreedOn: string; telecomAgencyId: string; telecomName: string | null; camerasToConnect: number; method: string; targetDate: string; notes: string | null; recordedByName: string; createdAt: string } | null;
  cameras: { id: string; name: string; nameEn: string | null; status: string; statusSince: string; hasStream: boolean }[];
  history: { id: number; kind: string; at: string; actorName: string | null; fromStatus: string | null; toStatus: string | null; details: Record<string, unknown> }[];
}

/** One facility (closed ones too) with everything its page shows; null when absent or out of scope. */
export async function getFacilityDetail(database: Database, scope: Scope, id: string): Promise<FacilityDetail | null> {
  const [row] = await database.rows<FacilityListRow & { closedReason: string | null; firstConnectedAt: string | null }>(sql`
    SELECT ${LIST_COLUMNS}, f.closed_reason AS "closedReason", f.first_connected_at AS "firstConnectedAt"
    FROM ${LIST_FROM} WHERE ${allOf([sql`f.id = ${id}`, ...scopeConditions(scope, 'f')])}`);
  if (!row) return null;
  const [contacts, surveys, plans, cams, history] = await Promise.all([
    database.rows<FacilityDetail['contacts'][number]>(sql`
      SELECT id, name, position, phone, email, is_primary AS "isPrimary", updated_at AS "updatedAt"
      FROM facility_contacts WHERE facility_id = ${id} AND removed_at IS NULL ORDER BY is_primary DESC, created_at, id`),
    database.rows<NonNullable<FacilityDetail['survey']>>(sql`
      SELECT surveyed_on::text AS "surveyedOn", surveyors, existing_cameras AS "existingCameras", areas, cameras_needed AS "camerasNeeded", notes,
        recorded_by_name AS "recordedByName", created_at AS "createdAt"
      FROM facility_surveys WHERE facility_id = ${id} ORDER BY created_at DESC, id LIMIT 1`),
    database.rows<NonNullable<FacilityDetail['plan']>>(sql`
      SELECT p.agreed_on::text AS "agreedOn", p.telecom_agency_id AS "telecomAgencyId", a.name AS "telecomName", p.cameras_to_connect AS "camerasToConnect",
        p.method, p.target_date::text AS "targetDate", p.notes, p.recorded_by_name AS "recordedByName", p.created_at AS "createdAt"
      FROM facility_plans p LEFT JOIN agencies a ON a.id = p.telecom_agency_id WHERE p.facility_id = ${id} ORDER BY p.created_at DESC, p.id LIMIT 1`),
    database.rows<FacilityDetail['cameras'][number]>(sql`
      SELECT id, name, name_en AS "nameEn", status::text, status_since AS "statusSince", stream_url IS NOT NULL AS "hasStream"
      FROM cameras WHERE facility_id = ${id} AND retired_at IS NULL ORDER BY name`),
    database.rows<FacilityDetail['history'][number]>(sql`
      SELECT id, kind, at, actor_name AS "actorName", from_status AS "fromStatus", to_status AS "toStatus", details
      FROM facility_events WHERE facility_id = ${id} ORDER BY at DESC, id DESC LIMIT 200`),
  ]);
  return { ...row, contacts, survey: surveys[0] ?? null, plan: plans[0] ?? null, cameras: cams, history };
}

export interface Outage {
  facilityId: string;
  facilityName: string;
  cameraId: string;
  cameraName: string;
  status: string;
  start: string;
  /** null: still down at the end of the period. */
  end: string | null;
  seconds: number;
}

/**
 * Camera outages of facilities in scope overlapping [from, to): each status period that was not
 * live, clipped to the period, with its duration inside it.
 */
export async function listFacilityOutages(database: Database, scope: Scope, from: Date, to: Date, facilityId?: string): Promise<Outage[]> {
  return database.rows<Outage>(sql`
    WITH s AS (
      SELECT s.camera_id, s.status::text AS status, s.at, lead(s.at) OVER (PARTITION BY s.camera_id ORDER BY s.at, s.id) AS next_at
      FROM camera_status_changes s JOIN cameras c ON c.id = s.camera_id JOIN quarantine_facilities f ON f.id = c.facility_id
      WHERE ${facilityWhere(scope, facilityId ? [sql`f.id = ${facilityId}`] : [])} AND s.at < ${to})
    SELECT f.id AS "facilityId", f.name AS "facilityName", c.id AS "cameraId", c.name AS "cameraName", s.status,
      s.at AS start, CASE WHEN s.next_at IS NULL OR s.next_at > ${to}::timestamptz THEN NULL ELSE s.next_at END AS "end",
      extract(epoch FROM least(coalesce(s.next_at, ${to}::timestamptz), ${to}::timestamptz) - greatest(s.at, ${from}::timestamptz))::float AS seconds
    FROM s JOIN cameras c ON c.id = s.camera_id JOIN quarantine_facilities f ON f.id = c.facility_id
    WHERE s.status IN ('offline', 'stalled', 'unsupported') AND coalesce(s.next_at, 'infinity') > ${from}
    ORDER BY s.at DESC, c.name
    LIMIT 2000`);
}

export interface FacilityUptime {
  facilityId: string;
  liveSeconds: number;
  knownSeconds: number;
  /** 0..100, null when nothing was known in the period */
  uptimePct: number | null;
}

/** Uptime per facility over [from, to): the live share of its cameras' known time, all cameras together. */
export async function getFacilityUptime(database: Database, scope: Scope, from: Date, to: Date, facilityId?: string): Promise<FacilityUptime[]> {
  const rows = await database.rows<{ facility_id: string; live_s: number; down_s: number }>(sql`
    SELECT f.id AS facility_id, coalesce(sum(u.live_s), 0)::float AS live_s, coalesce(sum(u.down_s), 0)::float AS down_s
    FROM quarantine_facilities f
    JOIN cameras c ON c.facility_id = f.id AND c.retired_at IS NULL
    JOIN (${uptimeSql(from, to)}) u ON u.camera_id = c.id
    WHERE ${facilityWhere(scope, facilityId ? [sql`f.id = ${facilityId}`] : [])}
    GROUP BY f.id`);
  return rows.map((r) => {
    const known = r.live_s + r.down_s;
    return { facilityId: r.facility_id, liveSeconds: r.live_s, knownSeconds: known, uptimePct: known > 0 ? (100 * r.live_s) / known : null };
  });
}

/**
 * Each facility's status at an instant, from its history (the last status row at or before it;
 * a facility with none yet had not been surveyed), for the facilities in scope that existed then
 * and were not closed.
 */
export function statusAtSql(scope: Scope, at: Date): SQL {
  return sql`
    SELECT f.id, f.name, f.name_en, f.province_code, f.telecom_agency_id, f.target_date, f.geom, coalesce(h.to_status, 'not_surveyed') AS status
    FROM quarantine_facilities f
    LEFT JOIN LATERAL (
      SELECT e.to_status FROM facility_events e
      WHERE e.facility_id = f.id AND e.to_status IS NOT NULL AND e.at <= ${at}
      ORDER BY e.at DESC, e.id DESC LIMIT 1) h ON true
    WHERE ${allOf(scopeConditions(scope, 'f'))} AND f.created_at <= ${at} AND (f.closed_at IS NULL OR f.closed_at > ${at})`;
}

export interface TrendPoint {
  date: string;
  total: number;
  connected: number;
  degraded: number;
}

/** Facilities and how many were connected (and degraded) at the end of each local day (or now, today). */
export async function getStatusTrend(database: Database, scope: Scope, days: { date: string; at: Date }[]): Promise<TrendPoint[]> {
  if (days.length === 0) return [];
  const points = JSON.stringify(days.map((d) => ({ date: d.date, at: d.at.toISOString() })));
  return database.rows<TrendPoint>(sql`
    SELECT d.date, count(h.id)::int AS total,
      count(h.id) FILTER (WHERE h.status = 'connected')::int AS connected,
      count(h.id) FILTER (WHERE h.status = 'degraded')::int AS degraded
    FROM jsonb_to_recordset(${points}::jsonb) AS d(date text, at timestamptz)
    LEFT JOIN LATERAL (
      SELECT f.id, coalesce((SELECT e.to_status FROM facility_events e WHERE e.facility_id = f.id AND e.to_status IS NOT NULL AND e.at <= d.at ORDER BY e.at DESC, e.id DESC LIMIT 1), 'not_surveyed') AS status
      FROM quarantine_facilities f
      WHERE ${allOf(scopeConditions(scope, 'f'))} AND f.created_at <= d.at AND (f.closed_at IS NULL OR f.closed_at > d.at)) h ON true
    GROUP BY d.date ORDER BY d.date`);
}

export interface ContactListRow {
  facilityId: string;
  facilityName: string;
  provinceCode: string;
  facilityStatus: string;
  name: string;
  position: string | null;
  phone: string;
  email: string | null;
  isPrimary: boolean;
  updatedAt: string;
}

/** The province-wide list of contact persons (the seed's "danh sách đầu mối"). */
export async function listContacts(database: Database, scope: Scope): Promise<ContactListRow[]> {
  return database.rows<ContactListRow>(sql`
    SELECT f.id AS "facilityId", f.name AS "facilityName", f.province_code AS "provinceCode", f.status AS "facilityStatus",
      k.name, k.position, k.phone, k.email, k.is_primary AS "isPrimary", k.updated_at AS "updatedAt"
    FROM facility_contacts k JOIN quarantine_facilities f ON f.id = k.facility_id
    WHERE ${facilityWhere(scope)} AND k.removed_at IS NULL
    ORDER BY f.province_code, f.name, k.is_primary DESC, k.name`);
}

export interface AgencyOption {
  id: string;
  name: string;
  nameEn: string;
  kind: string;
  provinceCode: string | null;
}

/** Agencies a facility form may name (telecom companies and managing departments). */
export async function listAgencies(database: Database, provinceCode: string | null): Promise<AgencyOption[]> {
  return database.rows<AgencyOption>(sql`
    SELECT id, name, name_en AS "nameEn", kind::text, province_code AS "provinceCode" FROM agencies
    WHERE ${provinceCode ? sql`(province_code IS NULL OR province_code = ${provinceCode})` : sql`true`}
    ORDER BY kind, name`);
}

export interface MapOutlines {
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  /** SVG path data (x = longitude, y = −latitude) of land, provinces and the border line. */
  land: string[];
  provinces: string[];
  border: string[];
}

/**
 * Reference geography around some points, simplified, as SVG paths, for a printed map: the
 * country outlines, the provinces with boundaries and the border line. Nothing is fetched.
 */
export async function getMapOutlines(database: Database, points: { lon: number; lat: number }[]): Promise<MapOutlines> {
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  const pad = 0.15;
  let [w, s, e, n] = points.length ? [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad] : [107.3, 21.3, 108.15, 21.72];
  // At least a district's width, and a 3:2 frame, so one facility is not a map of a street.
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const half = Math.max((e - w) / 2, ((n - s) / 2) * 1.5, 0.3);
  [w, e, s, n] = [cx - half, cx + half, cy - half / 1.5, cy + half / 1.5];
  const tolerance = (e - w) / 800;
  const box = sql`ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`;
  const paths = (table: SQL, where: SQL) =>
    database.rows<{ d: string }>(sql`
      SELECT ST_AsSVG(ST_Simplify(ST_ClipByBox2D(geom, ${box}), ${tolerance}), 0, 4) AS d
      FROM ${table} WHERE ${where} AND geom && ${box}`);
  const [land, provinces, border] = await Promise.all([
    paths(sql`admin_areas`, sql`admin_level = 2`),
    paths(sql`admin_areas`, sql`admin_level = 4`),
    paths(sql`border_lines`, sql`true`),
  ]);
  const clean = (rows: { d: string }[]) => rows.map((r) => r.d).filter((d) => d && d.length > 0);
  return { bbox: [w, s, e, n], land: clean(land), provinces: clean(provinces), border: clean(border) };
}
