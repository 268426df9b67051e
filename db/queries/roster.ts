import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';
import { nextShift, shiftAt, type Shift } from '@/lib/domain/shifts';
import type { LocalDate } from '@/lib/domain/local-time';

// Who holds each post: the roster assigns a team to a post for a shift, stored with the
// shift's instants, so "who is on duty at t" is one range condition whatever the shift plan.

export interface TeamOnDuty {
  teamId: string;
  teamName: string;
  callSign: string | null;
  officerCount: number;
}

export interface PostStaffing {
  id: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  kind: string;
  /** Officers a shift at this post needs (the post's staffing). */
  required: number;
  lon: number;
  lat: number;
  current: TeamOnDuty | null;
  next: TeamOnDuty | null;
}

export interface StaffingNow {
  current: Shift;
  next: Shift;
  posts: PostStaffing[];
}

const onDuty = (at: SQL) => sql`(
  SELECT jsonb_build_object('teamId', t.id, 'teamName', t.name, 'callSign', t.call_sign, 'officerCount', t.officer_count)
  FROM roster_assignments r JOIN teams t ON t.id = r.team_id
  WHERE r.checkpoint_id = p.id AND r.starts_at <= ${at} AND r.ends_at > ${at} AND t.retired_at IS NULL
  ORDER BY r.starts_at DESC LIMIT 1)`;

/** Every post in scope with the team holding it now and the one holding it in the next shift. */
export async function getStaffingAt(database: Database, scope: Scope, at: Date, shiftStarts: readonly number[]): Promise<StaffingNow> {
  const current = shiftAt(at, shiftStarts);
  const next = nextShift(current, shiftStarts);
  const rows = await database.rows<PostStaffing>(sql`
    SELECT p.id, p.code, p.name, p.name_en AS "nameEn", p.kind::text AS kind, p.staffing AS required,
      ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
      ${onDuty(sql`${at}::timestamptz`)} AS current,
      ${onDuty(sql`${next.start}::timestamptz`)} AS next
    FROM checkpoints p
    WHERE p.retired_at IS NULL AND ${allOf(scopeConditions(scope, 'p'))}
    ORDER BY p.kind, p.code, p.name`);
  return {
    current,
    next,
    posts: rows.map((r) => ({ ...r, required: Number(r.required), lon: Number(r.lon), lat: Number(r.lat) })),
  };
}

export interface TeamRow {
  id: string;
  checkpointId: string;
  name: string;
  callSign: string | null;
  officerCount: number;
  phone: string | null;
  version: number;
  retired: boolean;
}

export interface RosterGrid {
  posts: { id: string; code: string | null; name: string; nameEn: string | null; kind: string; required: number }[];
  teams: TeamRow[];
  /** Assignments of the period: post, local date, shift number, team. */
  assignments: { checkpointId: string; shiftDate: LocalDate; shiftIndex: number; teamId: string }[];
}

/** The roster of `days` local dates from `from`, for the posts in scope (optionally some of them). */
export async function getRosterGrid(database: Database, scope: Scope, from: LocalDate, days: number, postIds?: string[]): Promise<RosterGrid> {
  const postFilter = [sql`p.retired_at IS NULL`, ...scopeConditions(scope, 'p'), ...(postIds?.length ? [sql`p.id = ANY(${`{${postIds.join(',')}}`}::uuid[])`] : [])];
  const posts = await database.rows<RosterGrid['posts'][number]>(sql`
    SELECT p.id, p.code, p.name, p.name_en AS "nameEn", p.kind::text AS kind, p.staffing AS required
    FROM checkpoints p WHERE ${allOf(postFilter)} ORDER BY p.kind, p.code, p.name`);
  const ids = `{${posts.map((p) => p.id).join(',')}}`;
  const teams = await database.rows<TeamRow>(sql`
    SELECT id, checkpoint_id AS "checkpointId", name, call_sign AS "callSign", officer_count AS "officerCount", phone, version,
      retired_at IS NOT NULL AS retired
    FROM teams WHERE checkpoint_id = ANY(${ids}::uuid[]) ORDER BY name`);
  const assignments = await database.rows<RosterGrid['assignments'][number]>(sql`
    SELECT checkpoint_id AS "checkpointId", to_char(shift_date, 'YYYY-MM-DD') AS "shiftDate", shift_index AS "shiftIndex", team_id AS "teamId"
    FROM roster_assignments
    WHERE checkpoint_id = ANY(${ids}::uuid[]) AND shift_date >= ${from}::date AND shift_date < ${from}::date + ${days}::int
    ORDER BY shift_date, shift_index`);
  return {
    posts: posts.map((p) => ({ ...p, required: Number(p.required) })),
    teams: teams.map((t) => ({ ...t, officerCount: Number(t.officerCount), version: Number(t.version) })),
    assignments: assignments.map((a) => ({ ...a, shiftIndex: Number(a.shiftIndex) })),
  };
}

export interface DispatchSuggestion {
  checkpointId: string;
  checkpointName: string;
  checkpointNameEn: string | null;
  kind: string;
  teamId: string;
  teamName: string;
  callSign: string | null;
  officerCount: number;
  distanceM: number;
  alreadySent: boolean;
}

/**
 * The posts nearest an alert whose team is on duty now, on the Vietnamese side of the border,
 * nearest first (straight-line distance from the alert's place).
 */
export async function getDispatchSuggestion(database: Database, scope: Scope, groupId: string, at: Date, limit = 5): Promise<DispatchSuggestion[]> {
  const rows = await database.rows<DispatchSuggestion>(sql`
    WITH a AS (SELECT geom FROM alerts WHERE id = ${groupId} AND geom IS NOT NULL),
    vn AS (SELECT geom FROM admin_areas WHERE code = 'VNM')
    SELECT p.id AS "checkpointId", p.name AS "checkpointName", p.name_en AS "checkpointNameEn", p.kind::text AS kind,
      t.id AS "teamId", t.name AS "teamName", t.call_sign AS "callSign", t.officer_count AS "officerCount",
      ST_Distance(p.geom::geography, a.geom::geography) AS "distanceM",
      EXISTS (SELECT 1 FROM dispatches d WHERE d.team_id = t.id AND d.alert_id = ${groupId}) AS "alreadySent"
    FROM a, checkpoints p
    JOIN roster_assignments r ON r.checkpoint_id = p.id AND r.starts_at <= ${at} AND r.ends_at > ${at}
    JOIN teams t ON t.id = r.team_id AND t.retired_at IS NULL
    WHERE ${allOf(scopeConditions(scope, 'p'))}
      AND (NOT EXISTS (SELECT 1 FROM vn) OR ST_Intersects((SELECT geom FROM vn), p.geom))
    ORDER BY ST_Distance(p.geom::geography, a.geom::geography), p.id
    LIMIT ${limit}`);
  return rows.map((r) => ({ ...r, officerCount: Number(r.officerCount), distanceM: Math.round(Number(r.distanceM)) }));
}
