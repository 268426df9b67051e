import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { FACILITY_STATUSES, type FacilityStatus } from '@/lib/domain/facilities';
import { listFacilityOutages, getFacilityUptime, statusAtSql, getStatusTrend, type Outage, type TrendPoint } from '@/db/queries/programme';
import { scopeConditions, allOf, type Scope } from '@/db/queries/scope';
import { isLate } from '@/lib/programme/status';
import { addDays, DAY_MS, localInstant, type LocalDate } from '@/lib/domain/local-time';

export type StatusCounts = Record<FacilityStatus, number>;

export interface FacilityFigure {
  id: string;
  name: string;
  nameEn: string | null;
  provinceCode: string;
  telecomName: string | null;
  status: FacilityStatus;
  camerasTotal: number;
  camerasLive: number;
  requiredCameras: number | null;
  uptimePct: number | null;
  due: string | null;
  late: boolean;
  lon: number;
  lat: number;
}

export interface GroupFigure {
  key: string | null;
  name: string | null;
  total: number;
  byStatus: StatusCounts;
  connectedPct: number | null;
  camerasTotal: number;
  camerasLive: number;
  uptimePct: number | null;
}

/** The programme's figures for one scope and day, as of an instant: what a daily report freezes and the dashboard shows live. */
export interface ProgrammeFigures {
  version: 1;
  scopeKey: string;
  date: LocalDate;
  dayStart: string;
  cutoffAt: string;
  deadline: LocalDate;
  totals: GroupFigure & {
    late: number;
    newlyConnected: number;
    outages: number;
    outageSeconds: number;
    contactsChanged: number;
    occupancy: number;
    capacity: number;
  };
  byProvince: GroupFigure[];
  byTelecom: GroupFigure[];
  facilities: FacilityFigure[];
  newlyConnected: { id: string; name: string; provinceCode: string; at: string }[];
  outages: Outage[];
  late: { id: string; name: string; provinceCode: string; status: FacilityStatus; due: string }[];
  contactsChanged: { facilityId: string; facilityName: string; kind: string; name: string; at: string; by: string | null }[];
  trend: TrendPoint[];
}

export const emptyCounts = (): StatusCounts => Object.fromEntries(FACILITY_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Connected share of facilities, 0..100; null when there are none. */
export function connectedPct(counts: StatusCounts): number | null {
  const total = FACILITY_STATUSES.reduce((n, s) => n + counts[s], 0);
  return total > 0 ? (100 * counts.connected) / total : null;
}

interface AtRow {
  id: string;
  name: string;
  name_en: string | null;
  province_code: string;
  telecom_agency_id: string | null;
  telecom_name: string | null;
  target_date: string | null;
  status: FacilityStatus;
  required_cameras: number | null;
  capacity: number;
  occupancy: number;
  lon: number;
  lat: number;
  cameras_total: number;
  cameras_live: number;
}

const TREND_DAYS = 14;

/**
 * Everything a report says, computed from the stored histories as of `cutoff` (facility status
 * rows, camera status changes, contact events), so a report made late, or again on another
 * instance, says what was true at its cut-off. Day = the local calendar day `date`. A facility's
 * attributes without a history (name, capacity, people in quarantine, the plan's camera count
 * and due date, whether a camera is retired) are read as they are when the report is made: a
 * report of an earlier day made later shows them as of its making (then it is frozen).
 */
export async function computeFigures(database: Database, scope: Scope, scopeKey: string, date: LocalDate, cutoff: Date, deadline: LocalDate): Promise<ProgrammeFigures> {
  const dayStart = localInstant(date);
  const dayEnd = new Date(Math.min(cutoff.getTime(), dayStart.getTime() + DAY_MS));
  const rows = await database.rows<AtRow>(sql`
    WITH f AS (${statusAtSql(scope, cutoff)})
    SELECT f.id, f.name, f.name_en, f.province_code, f.telecom_agency_id, tel.name AS telecom_name, f.target_date::text AS target_date, f.status,
      q.required_cameras, q.capacity, q.occupancy, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat,
      -- A camera counts from when it was added or first checked, whichever the history shows first
      -- (seeded and imported cameras bring a history older than their row).
      count(c.id) FILTER (WHERE cs.status IS NOT NULL OR c.created_at <= ${cutoff})::int AS cameras_total,
      count(c.id) FILTER (WHERE cs.status = 'live')::int AS cameras_live
    FROM f
    JOIN quarantine_facilities q ON q.id = f.id
    LEFT JOIN agencies tel ON tel.id = f.telecom_agency_id
    LEFT JOIN cameras c ON c.facility_id = f.id AND c.retired_at IS NULL AND c.stream_url IS NOT NULL
    LEFT JOIN LATERAL (SELECT s.status FROM camera_status_changes s WHERE s.camera_id = c.id AND s.at <= ${cutoff} ORDER BY s.at DESC, s.id DESC LIMIT 1) cs ON true
    GROUP BY f.id, f.name, f.name_en, f.province_code, f.telecom_agency_id, tel.name, f.target_date, f.status, q.required_cameras, q.capacity, q.occupancy, f.geom
    ORDER BY f.province_code, f.name`);
  const ids = new Set(rows.map((r) => r.id));
  const [uptime, outagesAll, firsts, contacts, trend] = await Promise.all([
    getFacilityUptime(database, scope, dayStart, dayEnd),
    listFacilityOutages(database, scope, dayStart, dayEnd),
    database.rows<{ id: string; name: string; province_code: string; at: string }>(sql`
      SELECT f.id, f.name, f.province_code, min(e.at) AS at
      FROM facility_events e JOIN quarantine_facilities f ON f.id = e.facility_id
      WHERE ${allOf(scopeConditions(scope, 'f'))} AND e.to_status = 'connected' AND e.at <= ${cutoff}
      GROUP BY f.id, f.name, f.province_code
      HAVING min(e.at) >= ${dayStart}`),
    database.rows<{ facility_id: string; facility_name: string; kind: string; name: string; at: string; by: string | null }>(sql`
      SELECT e.facility_id, f.name AS facility_name, e.kind, coalesce(e.details->>'name', '') AS name, e.at, e.actor_name AS by
      FROM facility_events e JOIN quarantine_facilities f ON f.id = e.facility_id
      WHERE ${allOf(scopeConditions(scope, 'f'))} AND e.kind IN ('contact_added', 'contact_changed', 'contact_removed') AND e.at >= ${dayStart} AND e.at <= ${cutoff}
      ORDER BY e.at, e.id`),
    getStatusTrend(
      database,
      scope,
      Array.from({ length: TREND_DAYS }, (_, i) => {
        const d = addDays(date, i - TREND_DAYS + 1);
        return { date: d, at: new Date(Math.min(cutoff.getTime(), localInstant(addDays(d, 1)).getTime() - 1)) };
      }),
    ),
  ]);
  const uptimeById = new Map(uptime.map((u) => [u.facilityId, u]));
  const facilities: FacilityFigure[] = rows.map((r) => {
    const u = uptimeById.get(r.id);
    const due = r.target_date ?? deadline;
    return {
      id: r.id,
      name: r.name,
      nameEn: r.name_en,
      provinceCode: r.province_code,
      telecomName: r.telecom_name,
      status: r.status,
      camerasTotal: r.cameras_total,
      camerasLive: r.cameras_live,
      requiredCameras: r.required_cameras,
      uptimePct: u?.uptimePct ?? null,
      due,
      late: isLate(r.status, r.target_date, deadline, date),
      lon: r.lon,
      lat: r.lat,
    };
  });
  const group = (key: string | null, name: string | null, members: FacilityFigure[]): GroupFigure => {
    const byStatus = emptyCounts();
    let live = 0;
    let known = 0;
    for (const m of members) {
      byStatus[m.status]++;
      const u = uptimeById.get(m.id);
      if (u) {
        live += u.liveSeconds;
        known += u.knownSeconds;
      }
    }
    return {
      key,
      name,
      total: members.length,
      byStatus,
      connectedPct: connectedPct(byStatus),
      camerasTotal: members.reduce((n, m) => n + m.camerasTotal, 0),
      camerasLive: members.reduce((n, m) => n + m.camerasLive, 0),
      uptimePct: known > 0 ? (100 * live) / known : null,
    };
  };
  const groupBy = (keyOf: (f: FacilityFigure) => string | null, nameOf: (f: FacilityFigure) => string | null) => {
    const groups = new Map<string | null, FacilityFigure[]>();
    for (const f of facilities) groups.set(keyOf(f), [...(groups.get(keyOf(f)) ?? []), f]);
    return [...groups.entries()].map(([key, members]) => group(key, nameOf(members[0]!), members)).sort((a, b) => String(a.key).localeCompare(String(b.key)));
  };
  const outages = outagesAll.filter((o) => ids.has(o.facilityId));
  const late = facilities.filter((f) => f.late).map((f) => ({ id: f.id, name: f.name, provinceCode: f.provinceCode, status: f.status, due: f.due! }));
  const totals = group(null, null, facilities);
  return {
    version: 1,
    scopeKey,
    date,
    dayStart: dayStart.toISOString(),
    cutoffAt: cutoff.toISOString(),
    deadline,
    totals: {
      ...totals,
      late: late.length,
      newlyConnected: firsts.filter((x) => ids.has(x.id)).length,
      outages: outages.length,
      outageSeconds: outages.reduce((n, o) => n + o.seconds, 0),
      contactsChanged: contacts.length,
      occupancy: rows.reduce((n, r) => n + r.occupancy, 0),
      capacity: rows.reduce((n, r) => n + r.capacity, 0),
    },
    byProvince: groupBy((f) => f.provinceCode, (f) => f.provinceCode),
    byTelecom: groupBy((f) => f.telecomName, (f) => f.telecomName),
    facilities,
    newlyConnected: firsts.filter((x) => ids.has(x.id)).map((x) => ({ id: x.id, name: x.name, provinceCode: x.province_code, at: new Date(x.at).toISOString() })),
    outages: outages.map((o) => ({ ...o, start: new Date(o.start).toISOString(), end: o.end ? new Date(o.end).toISOString() : null })),
    late,
    contactsChanged: contacts.map((c) => ({ facilityId: c.facility_id, facilityName: c.facility_name, kind: c.kind, name: c.name, at: new Date(c.at).toISOString(), by: c.by })),
    trend,
  };
}
