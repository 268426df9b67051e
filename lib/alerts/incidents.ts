import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { FIELD_ALERT_KINDS, OPEN_STATUSES } from '@/lib/alerts/workflow';
import { getSettings } from '@/lib/settings';
import { LOCK } from '@/db/lock-keys';

// Incidents: field alerts close to each other in place and time are one event (a group crossing
// at three points, a tip about the people a camera just saw) and are handled as one. A group is
// the connected set of open field alerts where each is within the radius and the time window
// of another; its id is its earliest alert's. Grouping happens when an alert is raised, under a
// per-province lock, so the groups are the same whatever order and concurrency alerts arrive in.

export interface GroupingOptions {
  radiusM: number;
  windowMinutes: number;
}

export function groupingOptions(): GroupingOptions {
  const s = getSettings();
  return { radiusM: s.INCIDENT_RADIUS_M, windowMinutes: s.INCIDENT_WINDOW_MINUTES };
}

/**
 * Serialises changes to a province's groups: grouping new alerts, and people acting on a group
 * (who must see every member that joined before they act). Held until the transaction ends.
 */
export async function lockIncidents(tx: Db, provinceCodes: readonly string[]): Promise<void> {
  for (const code of [...new Set(provinceCodes)].sort()) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK.incidents}, hashtext(${code}))`);
  }
}

const FIELD = sql.raw(FIELD_ALERT_KINDS.map((k) => `'${k}'`).join(', '));
const OPEN = sql.raw(OPEN_STATUSES.map((k) => `'${k}'`).join(', '));

/** SQL condition: alert `b` is near enough alert `a` in place and time to be the same event. */
export function sameEventCondition(a: string, b: string, options: GroupingOptions) {
  const A = sql.raw(a);
  const B = sql.raw(b);
  return sql`${B}.province_code = ${A}.province_code
    AND ${B}.occurred_at BETWEEN ${A}.occurred_at - make_interval(secs => ${options.windowMinutes * 60})
                             AND ${A}.occurred_at + make_interval(secs => ${options.windowMinutes * 60})
    AND ST_DWithin(${B}.geom::geography, ${A}.geom::geography, ${options.radiusM})`;
}

/**
 * Puts newly raised alerts into the groups they belong to, joining and merging groups as
 * needed. Returns the ids of every alert whose group changed. Callers hold lockIncidents.
 */
export async function groupNewAlerts(tx: Db, alertIds: readonly string[], options: GroupingOptions = groupingOptions()): Promise<string[]> {
  if (alertIds.length === 0) return [];
  const ordered = rowsOf<{ id: string }>(
    await tx.execute(sql`
      SELECT id FROM alerts WHERE id = ANY(${`{${alertIds.join(',')}}`}::uuid[])
        AND kind IN (${FIELD}) AND status IN (${OPEN}) AND geom IS NOT NULL
      ORDER BY occurred_at, id`),
  );
  const changed = new Set<string>();
  for (const { id } of ordered) {
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`
        WITH a AS (SELECT * FROM alerts WHERE id = ${id}),
        near AS (
          SELECT DISTINCT coalesce(b.incident_id, b.id) AS g
          FROM alerts b, a
          WHERE b.id <> a.id AND b.kind IN (${FIELD}) AND b.status IN (${OPEN}) AND b.geom IS NOT NULL
            AND ${sameEventCondition('a', 'b', options)}),
        members AS (
          SELECT m.id, m.occurred_at FROM alerts m
          WHERE m.id = ${id} OR m.id IN (SELECT g FROM near) OR m.incident_id IN (SELECT g FROM near)),
        lead AS (SELECT id FROM members ORDER BY occurred_at, id LIMIT 1)
        UPDATE alerts t SET incident_id = lead.id, version = t.version + 1, updated_at = now()
        FROM lead
        WHERE t.id IN (SELECT id FROM members) AND EXISTS (SELECT 1 FROM near) AND t.incident_id IS DISTINCT FROM lead.id
        RETURNING t.id`),
    );
    for (const r of rows) changed.add(r.id);
  }
  return [...changed];
}
