import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';
import { OPEN_STATUSES, type AlertKind, type AlertSeverity, type AlertStatus } from '@/lib/domain/alerts';

// The inbox lists groups: an alert on its own is a group of one, alerts of one incident are one
// group (lib/alerts/incidents). A group's status is its least advanced open member's (the same
// rule as lib/alerts/workflow groupStatus, tested against it), and its version changes with any
// change to any member and with any member joining or leaving (GROUP_VERSION_SQL).

export const GROUP_STATUS_SQL = (alias: string) => {
  const s = `${alias}.status`;
  return sql.raw(`CASE
    WHEN bool_or(${s} = 'new') THEN 'new'
    WHEN bool_or(${s} = 'acknowledged') THEN 'acknowledged'
    WHEN bool_or(${s} = 'dispatched') THEN 'dispatched'
    WHEN bool_or(${s} = 'resolved') THEN 'resolved'
    WHEN bool_or(${s} = 'dismissed') THEN 'dismissed'
    ELSE 'retracted' END`);
};

/** The open statuses as an SQL list, for `status IN (…)`. */
export const OPEN = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));

/**
 * A group's version, over rows `alias` of its members: it changes when any member changes (its
 * own version) and when members join or leave. A hash of the (id, version) pairs — a sum could
 * stay the same while the members changed — cut to 48 bits, so it is an exact JSON number.
 */
export const GROUP_VERSION_SQL = (alias: string) =>
  sql.raw(`('x' || substr(md5(string_agg(${alias}.id::text || ':' || ${alias}.version::text, ',' ORDER BY ${alias}.id)), 1, 12))::bit(48)::bigint`);

/** Where an alert (or its group) happened: the zone and the camera, with their names in both languages. */
export interface AlertPlace {
  zoneId: string | null;
  zoneName: string | null;
  zoneNameEn: string | null;
  cameraId: string | null;
  cameraName: string | null;
  cameraNameEn: string | null;
}

export interface AlertGroupRow extends AlertPlace {
  /** The group's id: its incident id, or the alert's own id when it stands alone. */
  id: string;
  /** The member whose kind, camera and place describe the group (its first alert). */
  leadId: string;
  kind: string;
  kinds: string[];
  status: AlertStatus;
  severity: string;
  version: number;
  count: number;
  escalated: boolean;
  firstAt: string;
  lastAt: string;
  raisedAt: string;
  /** Crossing groups: directions, classes and the largest count seen. */
  directions: string[];
  classes: string[];
  people: number | null;
  errorCode: string | null;
  outcome: string | null;
  interceptedCount: number | null;
  lon: number | null;
  lat: number | null;
  /** Field alerts of the group that are hotspot crossings. */
  crossings: number;
  /** Something new (a member nobody acknowledged) joined a group people were already handling. */
  newActivity: boolean;
  /** When the group's new members must be acknowledged by (escalation policy, snooze), while any is new. */
  dueAt: string | null;
  /** Put aside until then (every open member snoozed), with the reason given. */
  snoozedUntil: string | null;
  snoozeReason: string | null;
  assignedTo: string | null;
  assigneeName: string | null;
  /** 0 normal, 1 high, 2 urgent. */
  priority: number;
}

/** When an alert must be acknowledged by: its kind and severity's policy (15 min without one), after any snooze. */
export const DUE_AT_SQL = (alert: string, policy: string) =>
  sql.raw(`greatest(${alert}.created_at + make_interval(mins => coalesce(${policy}.acknowledge_minutes, 15)), coalesce(${alert}.snoozed_until, '-infinity'::timestamptz))`);

function groupSelect(where: SQL): SQL {
  return sql`
    WITH m AS (
      SELECT a.*, coalesce(a.incident_id, a.id) AS group_id,
        coalesce(c.direction, cr.direction)::text AS direction, coalesce(c.class, cr.class)::text AS class,
        coalesce(c.count, cr.count, t.people_count) AS people,
        ${DUE_AT_SQL('a', 'ep')} AS due_at
      FROM alerts a
      LEFT JOIN crossings c ON c.id = a.crossing_id
      LEFT JOIN crossings_retracted cr ON cr.id = a.crossing_id
      LEFT JOIN tips t ON t.id = a.tip_id
      LEFT JOIN escalation_policies ep ON ep.kind = a.kind AND ep.severity = a.severity
      WHERE ${where}
    ), g AS (
      SELECT group_id,
        (array_agg(id ORDER BY occurred_at, id))[1] AS lead_id,
        array_agg(DISTINCT kind) AS kinds,
        ${GROUP_STATUS_SQL('m')} AS status,
        CASE max(CASE severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) WHEN 2 THEN 'critical' WHEN 1 THEN 'warning' ELSE 'info' END AS severity,
        ${GROUP_VERSION_SQL('m')} AS version, count(*)::int AS count,
        bool_or(escalated_at IS NOT NULL AND status = 'new') AS escalated,
        min(occurred_at) AS first_at, max(occurred_at) AS last_at, min(created_at) AS raised_at,
        coalesce(array_agg(DISTINCT direction) FILTER (WHERE direction IS NOT NULL), '{}') AS directions,
        coalesce(array_agg(DISTINCT class) FILTER (WHERE class IS NOT NULL), '{}') AS classes,
        max(people) AS people,
        max(outcome) FILTER (WHERE status = 'resolved') AS outcome,
        sum(intercepted_count)::int AS intercepted,
        count(*) FILTER (WHERE kind = 'hotspot_crossing' AND status <> 'retracted')::int AS crossings,
        (bool_or(status = 'new') AND bool_or(status IN ('acknowledged', 'dispatched', 'resolved', 'dismissed'))) AS new_activity,
        min(due_at) FILTER (WHERE status = 'new') AS due_at,
        CASE WHEN bool_and(snoozed_until > now()) FILTER (WHERE status IN (${OPEN})) THEN min(snoozed_until) FILTER (WHERE status IN (${OPEN})) END AS snoozed_until,
        (array_agg(snooze_reason ORDER BY snoozed_until DESC NULLS LAST))[1] AS snooze_reason,
        (array_agg(assigned_to ORDER BY assigned_at DESC NULLS LAST) FILTER (WHERE assigned_to IS NOT NULL))[1] AS assigned_to,
        coalesce(max(priority), 0)::int AS priority
      FROM m GROUP BY group_id)
    SELECT g.group_id AS id, g.lead_id AS "leadId", l.kind, g.kinds, g.status, g.severity, g.version, g.count, g.escalated,
      g.first_at AS "firstAt", g.last_at AS "lastAt", g.raised_at AS "raisedAt",
      l.zone_id AS "zoneId", coalesce(z.name, fac.name) AS "zoneName", coalesce(z.name_en, fac.name_en) AS "zoneNameEn",
      l.camera_id AS "cameraId", cam.name AS "cameraName", cam.name_en AS "cameraNameEn",
      g.directions, g.classes, g.people,
      CASE WHEN l.kind = 'camera_down' THEN cam.last_error_code END AS "errorCode",
      g.outcome, g.intercepted AS "interceptedCount",
      ST_X(l.geom) AS lon, ST_Y(l.geom) AS lat,
      g.crossings, g.new_activity AS "newActivity", g.due_at AS "dueAt",
      g.snoozed_until AS "snoozedUntil", CASE WHEN g.snoozed_until IS NOT NULL THEN g.snooze_reason END AS "snoozeReason",
      g.assigned_to AS "assignedTo", asg.display_name AS "assigneeName", g.priority
    FROM g
    JOIN alerts l ON l.id = g.lead_id
    LEFT JOIN users asg ON asg.id = g.assigned_to
    LEFT JOIN zones z ON z.id = l.zone_id
    LEFT JOIN quarantine_facilities fac ON fac.id = l.facility_id
    LEFT JOIN cameras cam ON cam.id = l.camera_id`;
}

/** Rows of a group (by the expression index alerts_group_idx). */
const IN_GROUP = (alias: string, group: SQL) => sql`coalesce(${sql.raw(alias)}.incident_id, ${sql.raw(alias)}.id) = ${group}`;

function normalise(r: AlertGroupRow): AlertGroupRow {
  const iso = (v: string) => new Date(v).toISOString();
  return {
    ...r,
    version: Number(r.version),
    count: Number(r.count),
    people: r.people === null ? null : Number(r.people),
    interceptedCount: r.interceptedCount === null ? null : Number(r.interceptedCount),
    firstAt: iso(r.firstAt),
    lastAt: iso(r.lastAt),
    raisedAt: iso(r.raisedAt),
    dueAt: r.dueAt === null ? null : iso(r.dueAt),
    snoozedUntil: r.snoozedUntil === null ? null : iso(r.snoozedUntil),
    crossings: Number(r.crossings),
    priority: Number(r.priority),
    newActivity: Boolean(r.newActivity),
    lon: r.lon === null ? null : Number(r.lon),
    lat: r.lat === null ? null : Number(r.lat),
  };
}

/** The inbox's filters, as lib/alerts/schemas.ts parses them from a query string. */
export interface AlertListFilter {
  state: 'open' | 'closed' | 'all' | AlertStatus;
  kind?: AlertKind[];
  severity?: AlertSeverity[];
  zone?: string;
  from?: string;
  to?: string;
  sort: 'attention' | 'time';
  limit: number;
}

/**
 * The inbox: groups matching the filter, in the caller's scope. Filters on kind, severity and
 * zone pick groups with such a member; the state filter applies to the group's status.
 */
export async function listAlertGroups(database: Database, scope: Scope, q: AlertListFilter): Promise<AlertGroupRow[]> {
  const member: SQL[] = [...scopeConditions(scope, 'a')];
  // Open groups are found through the partial index of open alerts; their closed members
  // (retracted ones) come along through the group id.
  const openOnly = q.state === 'open' || (OPEN_STATUSES as readonly string[]).includes(q.state);
  // A group whose status is one open status has a member with that status: only those groups are read.
  const seed = q.state === 'open' ? OPEN : sql`${q.state}`;
  if (openOnly) member.push(sql`coalesce(a.incident_id, a.id) IN (SELECT coalesce(o.incident_id, o.id) FROM alerts o WHERE o.status IN (${seed}) AND ${allOf(scopeConditions(scope, 'o'))})`);
  if (q.from) member.push(sql`a.occurred_at >= ${new Date(q.from)}`);
  if (q.to) member.push(sql`a.occurred_at < ${new Date(q.to)}`);
  const groupFilters: SQL[] = [];
  if (q.state === 'open') groupFilters.push(sql`g.status IN (${OPEN})`);
  else if (q.state === 'closed') groupFilters.push(sql`g.status NOT IN (${OPEN})`);
  else if (q.state !== 'all') groupFilters.push(sql`g.status = ${q.state}`);
  const has = (cond: SQL) => sql`EXISTS (SELECT 1 FROM alerts y WHERE ${IN_GROUP('y', sql`g.id`)} AND ${cond})`;
  if (q.kind?.length) groupFilters.push(has(sql`y.kind IN (${sql.join(q.kind.map((k) => sql`${k}`), sql`, `)})`));
  if (q.severity?.length) groupFilters.push(sql`g.severity IN (${sql.join(q.severity.map((k) => sql`${k}`), sql`, `)})`);
  if (q.zone) groupFilters.push(has(sql`y.zone_id = ${q.zone}`));
  const order =
    q.sort === 'time'
      ? sql`g."lastAt" DESC, g.id`
      : sql`(g."snoozedUntil" IS NULL) DESC, g.priority DESC, (g.status = 'new') DESC, CASE g.severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END DESC, g."dueAt" NULLS LAST, g."lastAt" DESC, g.id`;
  const rows = await database.rows<AlertGroupRow>(sql`
    SELECT * FROM (${groupSelect(allOf(member))}) g
    WHERE ${allOf(groupFilters)}
    ORDER BY ${order}
    LIMIT ${q.limit}`);
  return rows.map(normalise);
}

/** How many open groups there are, and how many of them are new and critical (the header badge, the tab title). */
export interface AlertSummary {
  open: number;
  /** Groups nobody has acknowledged yet. */
  new: number;
  newCritical: number;
  escalated: number;
}

export async function countOpenAlertGroups(database: Database, scope: Scope): Promise<AlertSummary> {
  const [row] = await database.rows<AlertSummary>(sql`
    WITH g AS (
      SELECT coalesce(a.incident_id, a.id) AS id, ${GROUP_STATUS_SQL('a')} AS status,
        bool_or(a.severity = 'critical') AS critical, bool_or(a.escalated_at IS NOT NULL AND a.status = 'new') AS escalated
      FROM alerts a
      WHERE coalesce(a.incident_id, a.id) IN (SELECT coalesce(o.incident_id, o.id) FROM alerts o WHERE o.status IN (${OPEN}) AND ${allOf(scopeConditions(scope, 'o'))})
        AND ${allOf(scopeConditions(scope, 'a'))}
      GROUP BY 1)
    SELECT count(*) FILTER (WHERE status IN (${OPEN}))::int AS open,
           count(*) FILTER (WHERE status = 'new')::int AS new,
           count(*) FILTER (WHERE status = 'new' AND critical)::int AS "newCritical",
           count(*) FILTER (WHERE escalated)::int AS escalated
    FROM g`);
  return { open: Number(row?.open ?? 0), new: Number(row?.new ?? 0), newCritical: Number(row?.newCritical ?? 0), escalated: Number(row?.escalated ?? 0) };
}

/** Active users of these roles who work in a province (or nationally): who an alert can be given to. */
export async function listUsersWhoMayHandle(database: Database, roles: readonly string[], provinceCode: string): Promise<{ id: string; displayName: string; role: string }[]> {
  return database.rows<{ id: string; displayName: string; role: string }>(sql`
    SELECT id, display_name AS "displayName", role::text AS role FROM users
    WHERE NOT disabled AND role::text = ANY(${`{${roles.join(',')}}`}::text[]) AND (province_code = ${provinceCode} OR province_code IS NULL)
    ORDER BY role = 'operator' DESC, display_name`);
}

/** The group an alert belongs to (its id), when the alert exists in the scope. */
export async function getGroupIdOf(database: Database, scope: Scope, alertId: string): Promise<{ groupId: string; provinceCode: string; agencyId: string | null } | null> {
  const [row] = await database.rows<{ groupId: string; provinceCode: string; agencyId: string | null }>(sql`
    SELECT coalesce(a.incident_id, a.id) AS "groupId", a.province_code AS "provinceCode", a.agency_id AS "agencyId"
    FROM alerts a WHERE a.id = ${alertId} AND ${allOf(scopeConditions(scope, 'a'))}`);
  return row ?? null;
}

export interface AlertMember extends AlertPlace {
  id: string;
  kind: string;
  status: AlertStatus;
  severity: string;
  version: number;
  occurredAt: string;
  raisedAt: string;
  escalatedAt: string | null;
  cameraStatus: string | null;
  errorCode: string | null;
  crossingId: number | null;
  direction: string | null;
  class: string | null;
  count: number | null;
  trackId: string | null;
  tipId: string | null;
  outcome: string | null;
  interceptedCount: number | null;
  resolutionNote: string | null;
  dismissalReason: string | null;
  retractionReason: string | null;
  lon: number | null;
  lat: number | null;
}

export interface AlertTransitionRow {
  id: number;
  alertId: string;
  at: string;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  details: Record<string, unknown> | null;
}

export interface DispatchRow {
  id: string;
  alertId: string;
  teamId: string;
  teamName: string;
  callSign: string | null;
  officerCount: number;
  checkpointId: string;
  checkpointName: string;
  checkpointNameEn: string | null;
  distanceM: number;
  dispatchedAt: string;
  dispatchedByName: string | null;
  report: string | null;
  reportedAt: string | null;
  reportedByName: string | null;
  postLon: number;
  postLat: number;
}

export interface AlertGroupDetail {
  group: AlertGroupRow;
  members: AlertMember[];
  history: AlertTransitionRow[];
  dispatches: DispatchRow[];
}

/** One group with its members, their history and the teams sent to it. */
export async function getAlertGroup(database: Database, scope: Scope, groupId: string): Promise<AlertGroupDetail | null> {
  const where = allOf([IN_GROUP('a', sql`${groupId}::uuid`), ...scopeConditions(scope, 'a')]);
  const [group] = await database.rows<AlertGroupRow>(groupSelect(where));
  if (!group) return null;
  const members = await database.rows<AlertMember>(sql`
    SELECT a.id, a.kind, a.status, a.severity, a.version, a.occurred_at AS "occurredAt", a.created_at AS "raisedAt", a.escalated_at AS "escalatedAt",
      a.zone_id AS "zoneId", coalesce(z.name, fac.name) AS "zoneName", coalesce(z.name_en, fac.name_en) AS "zoneNameEn",
      a.camera_id AS "cameraId", cam.name AS "cameraName", cam.name_en AS "cameraNameEn", cam.status::text AS "cameraStatus",
      CASE WHEN a.kind = 'camera_down' THEN cam.last_error_code END AS "errorCode",
      a.crossing_id AS "crossingId", c.direction::text AS direction, coalesce(c.class::text, cr.class::text) AS class, coalesce(c.count, cr.count) AS count,
      coalesce(c.track_id, cr.track_id) AS "trackId", a.tip_id AS "tipId",
      a.outcome, a.intercepted_count AS "interceptedCount", a.resolution_note AS "resolutionNote", a.dismissal_reason AS "dismissalReason",
      a.retraction_reason AS "retractionReason", ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
    FROM alerts a
    LEFT JOIN zones z ON z.id = a.zone_id
    LEFT JOIN quarantine_facilities fac ON fac.id = a.facility_id
    LEFT JOIN cameras cam ON cam.id = a.camera_id
    LEFT JOIN crossings c ON c.id = a.crossing_id
    LEFT JOIN crossings_retracted cr ON cr.id = a.crossing_id
    WHERE ${where}
    ORDER BY a.occurred_at, a.id`);
  const ids = members.map((m) => m.id);
  const idList = `{${ids.join(',')}}`;
  const history = await database.rows<AlertTransitionRow>(sql`
    SELECT id, alert_id AS "alertId", at, actor_name AS "actorName", action, from_status AS "fromStatus", to_status AS "toStatus", details
    FROM alert_transitions WHERE alert_id = ANY(${idList}::uuid[]) ORDER BY at, id LIMIT 1000`);
  const dispatches = await database.rows<DispatchRow>(sql`
    SELECT d.id, d.alert_id AS "alertId", d.team_id AS "teamId", t.name AS "teamName", t.call_sign AS "callSign", t.officer_count AS "officerCount",
      d.checkpoint_id AS "checkpointId", p.name AS "checkpointName", p.name_en AS "checkpointNameEn", d.distance_m AS "distanceM",
      d.dispatched_at AS "dispatchedAt", u.display_name AS "dispatchedByName", d.report, d.reported_at AS "reportedAt", r.display_name AS "reportedByName",
      ST_X(p.geom) AS "postLon", ST_Y(p.geom) AS "postLat"
    FROM dispatches d JOIN teams t ON t.id = d.team_id JOIN checkpoints p ON p.id = d.checkpoint_id
    LEFT JOIN users u ON u.id = d.dispatched_by LEFT JOIN users r ON r.id = d.reported_by
    WHERE d.alert_id = ANY(${idList}::uuid[]) ORDER BY d.dispatched_at, d.id`);
  const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    group: normalise(group),
    members: members.map((m) => ({
      ...m,
      version: Number(m.version),
      occurredAt: iso(m.occurredAt)!,
      raisedAt: iso(m.raisedAt)!,
      escalatedAt: iso(m.escalatedAt),
      crossingId: m.crossingId === null ? null : Number(m.crossingId),
      count: m.count === null ? null : Number(m.count),
      interceptedCount: m.interceptedCount === null ? null : Number(m.interceptedCount),
      lon: m.lon === null ? null : Number(m.lon),
      lat: m.lat === null ? null : Number(m.lat),
    })),
    history: history.map((h) => ({ ...h, id: Number(h.id), at: iso(h.at)! })),
    dispatches: dispatches.map((d) => ({
      ...d,
      distanceM: Math.round(Number(d.distanceM)),
      officerCount: Number(d.officerCount),
      dispatchedAt: iso(d.dispatchedAt)!,
      reportedAt: iso(d.reportedAt),
      postLon: Number(d.postLon),
      postLat: Number(d.postLat),
    })),
  };
}

/** Open dispatches with their posts and alerts, for the map. */
export async function listActiveDispatches(database: Database, scope: Scope): Promise<{ id: string; alertId: string; teamName: string; postLon: number; postLat: number; alertLon: number; alertLat: number }[]> {
  const rows = await database.rows<{ id: string; alertId: string; teamName: string; postLon: number; postLat: number; alertLon: number; alertLat: number }>(sql`
    SELECT d.id, coalesce(a.incident_id, a.id) AS "alertId", t.name AS "teamName",
      ST_X(p.geom) AS "postLon", ST_Y(p.geom) AS "postLat", ST_X(a.geom) AS "alertLon", ST_Y(a.geom) AS "alertLat"
    FROM dispatches d JOIN alerts a ON a.id = d.alert_id JOIN teams t ON t.id = d.team_id JOIN checkpoints p ON p.id = d.checkpoint_id
    WHERE a.status = 'dispatched' AND a.geom IS NOT NULL AND ${allOf(scopeConditions(scope, 'a'))}
    ORDER BY d.dispatched_at DESC LIMIT 500`);
  return rows.map((r) => ({ ...r, postLon: Number(r.postLon), postLat: Number(r.postLat), alertLon: Number(r.alertLon), alertLat: Number(r.alertLat) }));
}
