import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { uptimeSql } from '@/db/queries/camera-health';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';
import { localDateOf, localDayStart, DAY_MS, type LocalDate } from '@/lib/domain/local-time';

// The figures leaders read: the overview (today so far) and situation reports (one shift) are
// the same computation over different periods. Counts use the same rules as the pages they
// summarise: crossings as the events page filters them, alerts as the inbox groups them.

export interface ZoneCrossings {
  zoneId: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  kind: string;
  into: number;
  out: number;
}

export interface PeriodFigures {
  from: string;
  to: string;
  crossings: { into: number; out: number; peopleInto: number; peopleOut: number; byZone: ZoneCrossings[] };
  alerts: {
    /** Groups (incidents or single alerts) first raised in the period, by the kind of their first alert. */
    raised: number;
    raisedByKind: Record<string, number>;
    acknowledged: number;
    resolved: number;
    dismissed: number;
    retracted: number;
    escalated: number;
    byOutcome: Record<string, number>;
    intercepted: number;
    /** Medians over groups a person acknowledged / resolved in the period, seconds from being raised. */
    medianAckSeconds: number | null;
    medianResolveSeconds: number | null;
  };
  tips: number;
  cameras: { total: number; uptimePct: number | null; wentDown: number };
}

/** The figures of [from, to) in a scope. */
export async function getPeriodFigures(database: Database, scope: Scope, from: Date, to: Date): Promise<PeriodFigures> {
  const inScope = (alias: string) => allOf(scopeConditions(scope, alias));
  const [crossings] = await database.rows<{ into: number; out: number; people_into: number; people_out: number }>(sql`
    SELECT count(*) FILTER (WHERE direction = 'into_vn')::int AS into, count(*) FILTER (WHERE direction = 'out_of_vn')::int AS out,
      coalesce(sum(count) FILTER (WHERE direction = 'into_vn'), 0)::int AS people_into, coalesce(sum(count) FILTER (WHERE direction = 'out_of_vn'), 0)::int AS people_out
    FROM crossings c WHERE c.crossed_at >= ${from} AND c.crossed_at < ${to} AND ${inScope('c')}`);
  const byZone = await database.rows<ZoneCrossings>(sql`
    SELECT z.id AS "zoneId", z.code, z.name, z.name_en AS "nameEn", z.kind::text AS kind,
      count(*) FILTER (WHERE c.direction = 'into_vn')::int AS into, count(*) FILTER (WHERE c.direction = 'out_of_vn')::int AS out
    FROM crossings c
    CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(c.zone_ids, '[]'::jsonb)) AS zid(id)
    JOIN zones z ON z.id = zid.id::uuid
    WHERE c.crossed_at >= ${from} AND c.crossed_at < ${to} AND ${inScope('c')}
    GROUP BY z.id, z.code, z.name, z.name_en, z.kind
    ORDER BY (z.kind = 'hotspot') DESC, count(*) DESC, z.name`);
  const [alerts] = await database.rows<{
    raised: number;
    raised_by_kind: Record<string, number> | null;
    acknowledged: number;
    resolved: number;
    dismissed: number;
    retracted: number;
    escalated: number;
    by_outcome: Record<string, number> | null;
    intercepted: number;
    median_ack: number | null;
    median_resolve: number | null;
  }>(sql`
    WITH g AS (
      SELECT coalesce(a.incident_id, a.id) AS id,
        (array_agg(a.kind ORDER BY a.occurred_at, a.id))[1] AS kind,
        min(a.created_at) AS raised_at,
        min(a.acknowledged_at) AS acked_at,
        max(a.resolved_at) AS resolved_at, bool_or(a.resolved_by IS NOT NULL) AS resolved_by_person,
        max(a.dismissed_at) AS dismissed_at, max(a.retracted_at) AS retracted_at,
        bool_and(a.status NOT IN ('new', 'acknowledged', 'dispatched')) AS closed,
        bool_or(a.status = 'resolved') AS any_resolved, bool_or(a.status = 'dismissed') AS any_dismissed,
        min(a.escalated_at) AS escalated_at,
        max(a.outcome) FILTER (WHERE a.status = 'resolved') AS outcome,
        coalesce(sum(a.intercepted_count), 0) AS intercepted
      FROM alerts a
      WHERE ${inScope('a')} AND coalesce(a.incident_id, a.id) IN (
        SELECT coalesce(x.incident_id, x.id) FROM alerts x
        WHERE ${inScope('x')} AND (x.created_at >= ${from} OR x.updated_at >= ${from}) AND x.created_at < ${to})
      GROUP BY 1)
    SELECT
      count(*) FILTER (WHERE raised_at >= ${from} AND raised_at < ${to})::int AS raised,
      (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM g WHERE raised_at >= ${from} AND raised_at < ${to} GROUP BY kind) k) AS raised_by_kind,
      count(*) FILTER (WHERE acked_at >= ${from} AND acked_at < ${to})::int AS acknowledged,
      count(*) FILTER (WHERE closed AND any_resolved AND resolved_at >= ${from} AND resolved_at < ${to})::int AS resolved,
      count(*) FILTER (WHERE closed AND NOT any_resolved AND any_dismissed AND dismissed_at >= ${from} AND dismissed_at < ${to})::int AS dismissed,
      count(*) FILTER (WHERE closed AND NOT any_resolved AND NOT any_dismissed AND retracted_at >= ${from} AND retracted_at < ${to})::int AS retracted,
      count(*) FILTER (WHERE escalated_at >= ${from} AND escalated_at < ${to})::int AS escalated,
      (SELECT jsonb_object_agg(outcome, n) FROM (
        SELECT outcome, count(*)::int AS n FROM g WHERE closed AND any_resolved AND resolved_at >= ${from} AND resolved_at < ${to} AND outcome IS NOT NULL GROUP BY outcome) o) AS by_outcome,
      coalesce(sum(intercepted) FILTER (WHERE closed AND any_resolved AND resolved_at >= ${from} AND resolved_at < ${to}), 0)::int AS intercepted,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acked_at - raised_at))
        FILTER (WHERE acked_at >= ${from} AND acked_at < ${to}) AS median_ack,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - raised_at))
        FILTER (WHERE closed AND any_resolved AND resolved_by_person AND resolved_at >= ${from} AND resolved_at < ${to}) AS median_resolve
    FROM g`);
  const [tips] = await database.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM tips t WHERE t.received_at >= ${from} AND t.received_at < ${to} AND ${inScope('t')}`);
  const [cams] = await database.rows<{ total: number; live_s: number; known_s: number; went_down: number }>(sql`
    WITH cams AS (SELECT c.id FROM cameras c WHERE c.retired_at IS NULL AND ${inScope('c')}),
    u AS (SELECT * FROM (${uptimeSql(from, to)}) x WHERE camera_id IN (SELECT id FROM cams))
    SELECT (SELECT count(*) FROM cams)::int AS total,
      coalesce((SELECT sum(live_s) FROM u), 0)::float AS live_s, coalesce((SELECT sum(live_s + down_s) FROM u), 0)::float AS known_s,
      (SELECT count(DISTINCT s.camera_id) FROM camera_status_changes s
        WHERE s.camera_id IN (SELECT id FROM cams) AND s.status IN ('offline', 'stalled', 'unsupported') AND s.at >= ${from} AND s.at < ${to})::int AS went_down`);
  const a = alerts!;
  const median = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    crossings: {
      into: Number(crossings?.into ?? 0),
      out: Number(crossings?.out ?? 0),
      peopleInto: Number(crossings?.people_into ?? 0),
      peopleOut: Number(crossings?.people_out ?? 0),
      byZone: byZone.map((z) => ({ ...z, into: Number(z.into), out: Number(z.out) })),
    },
    alerts: {
      raised: Number(a.raised),
      raisedByKind: a.raised_by_kind ?? {},
      acknowledged: Number(a.acknowledged),
      resolved: Number(a.resolved),
      dismissed: Number(a.dismissed),
      retracted: Number(a.retracted),
      escalated: Number(a.escalated),
      byOutcome: a.by_outcome ?? {},
      intercepted: Number(a.intercepted),
      medianAckSeconds: median(a.median_ack),
      medianResolveSeconds: median(a.median_resolve),
    },
    tips: Number(tips?.n ?? 0),
    cameras: {
      total: Number(cams?.total ?? 0),
      uptimePct: cams && cams.known_s > 0 ? (100 * cams.live_s) / cams.known_s : null,
      wentDown: Number(cams?.went_down ?? 0),
    },
  };
}

export interface CamerasNow {
  total: number;
  live: number;
  byStatus: Record<string, number>;
}

export async function listCamerasNow(database: Database, scope: Scope): Promise<CamerasNow> {
  const rows = await database.rows<{ status: string; n: number }>(sql`
    SELECT c.status::text AS status, count(*)::int AS n FROM cameras c
    WHERE c.retired_at IS NULL AND ${allOf(scopeConditions(scope, 'c'))} GROUP BY 1`);
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  return { total: rows.reduce((s, r) => s + Number(r.n), 0), live: byStatus.live ?? 0, byStatus };
}

export interface TrendDay {
  date: LocalDate;
  into: number;
  out: number;
  alerts: number;
  intercepted: number;
}

/** Crossings, alert groups raised and people intercepted per local day, the last `days` days up to `now`. */
export async function getDailyTrend(database: Database, scope: Scope, now: Date, days: number): Promise<TrendDay[]> {
  const start = new Date(localDayStart(now) - (days - 1) * DAY_MS);
  const tz = 'Asia/Ho_Chi_Minh';
  const rows = await database.rows<{ date: string; into: number; out: number; alerts: number; intercepted: number }>(sql`
    WITH days AS (
      SELECT to_char(d, 'YYYY-MM-DD') AS date FROM generate_series(${localDateOf(start)}::date, ${localDateOf(now)}::date, interval '1 day') d),
    c AS (
      SELECT to_char(c.crossed_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS date,
        count(*) FILTER (WHERE c.direction = 'into_vn')::int AS into, count(*) FILTER (WHERE c.direction = 'out_of_vn')::int AS out
      FROM crossings c WHERE c.crossed_at >= ${start} AND c.crossed_at < ${now} AND ${allOf(scopeConditions(scope, 'c'))} GROUP BY 1),
    g AS (
      SELECT coalesce(a.incident_id, a.id) AS id, min(a.created_at) AS raised_at, max(a.resolved_at) AS resolved_at, coalesce(sum(a.intercepted_count), 0) AS intercepted
      FROM alerts a WHERE ${allOf(scopeConditions(scope, 'a'))} AND (a.created_at >= ${start} OR a.resolved_at >= ${start}) GROUP BY 1),
    ga AS (SELECT to_char(raised_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS date, count(*)::int AS n FROM g WHERE raised_at >= ${start} AND raised_at < ${now} GROUP BY 1),
    gi AS (SELECT to_char(resolved_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS date, sum(intercepted)::int AS n FROM g WHERE resolved_at >= ${start} AND resolved_at < ${now} GROUP BY 1)
    SELECT days.date, coalesce(c.into, 0) AS into, coalesce(c.out, 0) AS out, coalesce(ga.n, 0) AS alerts, coalesce(gi.n, 0) AS intercepted
    FROM days LEFT JOIN c USING (date) LEFT JOIN ga USING (date) LEFT JOIN gi USING (date)
    ORDER BY days.date`);
  return rows.map((r) => ({ date: r.date, into: Number(r.into), out: Number(r.out), alerts: Number(r.alerts), intercepted: Number(r.intercepted) }));
}
