import 'server-only';
import { sql } from 'drizzle-orm';
import { countOpenAlertGroups, listAlertGroups } from '@/db/queries/alerts';
import { listCamerasNow, getDailyTrend, getPeriodFigures, type PeriodFigures } from '@/db/queries/overview';
import { getStaffingAt } from '@/db/queries/roster';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';
import type { Database } from '@/db/client';
import { scopeFor, type Actor } from '@/lib/auth/permissions';
import { TtlCache } from '@/lib/cache/ttl-cache';
import { getSettings } from '@/lib/settings';
import { DAY_MS, localDayStart } from '@/lib/domain/local-time';

/** Open alerts for the overview: where they are, and the ones nobody acknowledged in time. */
async function openOnMap(database: Database, scope: Scope) {
  const open = await listAlertGroups(database, scope, { state: 'open', sort: 'attention', limit: 300 });
  return {
    places: open.filter((g) => g.lon !== null && g.lat !== null).map((g) => ({ id: g.id, lon: g.lon!, lat: g.lat!, severity: g.severity })),
    escalatedGroups: open.filter((g) => g.escalated && g.status === 'new').slice(0, 10),
  };
}

/** The figures a tile compares with the same part of earlier days. */
export interface ComparableFigures {
  into: number;
  out: number;
  peopleInto: number;
  raised: number;
  handled: number;
  intercepted: number;
  tips: number;
}

function comparable(p: PeriodFigures): ComparableFigures {
  return {
    into: p.crossings.into,
    out: p.crossings.out,
    peopleInto: p.crossings.peopleInto,
    raised: p.alerts.raised,
    handled: p.alerts.resolved + p.alerts.dismissed,
    intercepted: p.alerts.intercepted,
    tips: p.tips,
  };
}

/** Days averaged for the comparison (before today). */
const WEEK = 7;
/** Earlier days change slowly as the clock moves: their figures are recomputed at most this often per scope. */
const comparisons = new TtlCache<string, { yesterday: ComparableFigures; weekAverage: ComparableFigures }>(60_000);

/**
 * Today so far against the same part of yesterday and the average of the same part of the 7
 * days before — from 00:00 to this time of day, by the same rules as today's own figures.
 */
async function compareWithEarlierDays(database: Database, scope: Scope, dayStart: Date, now: Date) {
  const key = JSON.stringify(scope);
  const cached = comparisons.get(key);
  if (cached) return cached;
  const days: ComparableFigures[] = [];
  for (let k = 1; k <= WEEK; k++) days.push(comparable(await getPeriodFigures(database, scope, new Date(dayStart.getTime() - k * DAY_MS), new Date(now.getTime() - k * DAY_MS))));
  const average = Object.fromEntries(Object.keys(days[0]!).map((f) => [f, days.reduce((sum, d) => sum + d[f as keyof ComparableFigures], 0) / days.length])) as unknown as ComparableFigures;
  const result = { yesterday: days[0]!, weekAverage: average };
  comparisons.set(key, result);
  return result;
}

/** Days in the trend chart. */
const TREND_DAYS = 14;
/** Today's crossings drawn on the overview map, newest first. */
const MAP_CROSSINGS = 2_000;

/**
 * How the border stands today (local day so far): crossings by zone, alerts open and handled
 * with median times, cameras live, posts staffed, a 14-day trend, and what the map beside it
 * shows. Each part is limited to what the caller may see.
 */
export async function loadOverview(database: Database, scope: Scope, user: Actor) {
  const now = new Date();
  const dayStart = new Date(localDayStart(now));
  const alertScope = scopeFor(user, 'alert:read');
  const rosterScope = scopeFor(user, 'roster:read');
  const cameraScope = scopeFor(user, 'camera:read');
  const detectionScope = scopeFor(user, 'detection:read');
  const [today, trend] = await Promise.all([getPeriodFigures(database, scope, dayStart, now), getDailyTrend(database, scope, now, TREND_DAYS)]);
  const earlier = await compareWithEarlierDays(database, scope, dayStart, now);
  const staffing = rosterScope ? await getStaffingAt(database, rosterScope, now, getSettings().SHIFT_STARTS) : null;
  const crossings = detectionScope
    ? await database.rows<{ id: number; direction: string; at: string; count: number; lon: number; lat: number }>(sql`
        SELECT c.id, c.direction::text AS direction, c.crossed_at AS at, c.count, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat
        FROM crossings c WHERE c.crossed_at >= ${dayStart} AND c.crossed_at < ${now} AND ${allOf(scopeConditions(detectionScope, 'c'))}
        ORDER BY c.crossed_at DESC LIMIT ${MAP_CROSSINGS}`)
    : [];
  return {
    now: now.toISOString(),
    dayStart: dayStart.toISOString(),
    today,
    compare: { today: comparable(today), ...earlier },
    alerts: alertScope ? { ...(await countOpenAlertGroups(database, alertScope)), ...(await openOnMap(database, alertScope)) } : null,
    cameras: cameraScope ? await listCamerasNow(database, cameraScope) : null,
    staffing: staffing
      ? {
          current: { date: staffing.current.date, index: staffing.current.index, start: staffing.current.start.toISOString(), end: staffing.current.end.toISOString() },
          next: { date: staffing.next.date, index: staffing.next.index, start: staffing.next.start.toISOString(), end: staffing.next.end.toISOString() },
          posts: staffing.posts.length,
          staffedNow: staffing.posts.filter((p) => p.current).length,
          officersNow: staffing.posts.reduce((s, p) => s + (p.current?.officerCount ?? 0), 0),
          unstaffedNow: staffing.posts.filter((p) => !p.current).map((p) => ({ id: p.id, name: p.name, nameEn: p.nameEn, lon: p.lon, lat: p.lat })),
          unstaffedNext: staffing.posts.filter((p) => !p.next).map((p) => ({ id: p.id, name: p.name, nameEn: p.nameEn, lon: p.lon, lat: p.lat })),
        }
      : null,
    trend,
    crossings: crossings.map((c) => ({ ...c, id: Number(c.id), at: new Date(c.at).toISOString(), count: Number(c.count), lon: Number(c.lon), lat: Number(c.lat) })),
  };
}

export type Overview = Awaited<ReturnType<typeof loadOverview>>;
