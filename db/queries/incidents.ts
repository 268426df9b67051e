import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';
import { LOCK } from '@/db/lock-keys';
import { FIELD_ALERT_KINDS } from '@/lib/domain/alerts';

// The statements behind incident grouping (lib/alerts/incidents.ts). An alert's incident is
// its `incident_id`, or the alert itself when that is null: `coalesce(incident_id, id)`, the
// key the inbox groups by (index alerts_group_idx). Only field alerts with a place that are
// not retracted take part (index alerts_incident_time_idx).

const FIELD = sql.raw(FIELD_ALERT_KINDS.map((k) => `'${k}'`).join(', '));
const GROUPABLE = (alias: string) => sql.raw(`${alias}.kind IN (${FIELD_ALERT_KINDS.map((k) => `'${k}'`).join(', ')}) AND ${alias}.geom IS NOT NULL AND ${alias}.status <> 'retracted'`);

/**
 * Serialises changes to a province's alert rows: grouping, people's actions, retraction,
 * escalation — each takes its provinces' locks first, in one order, and holds them briefly.
 */
export async function lockProvinceAlerts(tx: Db, provinceCodes: readonly string[]): Promise<void> {
  for (const code of [...new Set(provinceCodes)].sort()) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK.incidents}, hashtext(${code}))`);
  }
}

export interface IncidentMemberRow {
  id: string;
  key: string;
  /** ms since the epoch */
  at: number;
  lon: number;
  lat: number;
}

/**
 * The province's groupable alerts that can matter to incidents from `from` on: those at or
 * after `from - span`, and every other member of their incidents (an incident is read whole).
 */
export async function loadIncidentWindow(tx: Db, provinceCode: string, from: Date, spanMinutes: number): Promise<IncidentMemberRow[]> {
  const rows = rowsOf<{ id: string; key: string; at: string | Date; lon: number; lat: number }>(
    await tx.execute(sql`
      WITH recent AS (
        SELECT a.id, coalesce(a.incident_id, a.id) AS key FROM alerts a
        WHERE a.province_code = ${provinceCode} AND ${GROUPABLE('a')}
          AND a.occurred_at >= ${from}::timestamptz - make_interval(secs => ${spanMinutes * 60}))
      SELECT a.id, coalesce(a.incident_id, a.id) AS key, a.occurred_at AS at, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
      FROM alerts a
      WHERE a.province_code = ${provinceCode} AND ${GROUPABLE('a')}
        AND (a.id IN (SELECT id FROM recent) OR coalesce(a.incident_id, a.id) IN (SELECT key FROM recent))`),
  );
  return rows.map((r) => ({ id: r.id, key: r.key, at: new Date(r.at).getTime(), lon: Number(r.lon), lat: Number(r.lat) }));
}

/** Writes new incident keys (null: the alert is its own key); returns the ids written. */
export async function writeIncidentKeys(tx: Db, changes: readonly { id: string; key: string }[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      UPDATE alerts a SET incident_id = CASE WHEN x.key = x.id THEN NULL ELSE x.key END, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS x(id uuid, key uuid)
      WHERE a.id = x.id AND coalesce(a.incident_id, a.id) IS DISTINCT FROM x.key
      RETURNING a.id`),
  );
  return rows.map((r) => r.id);
}

/** Takes alerts out of their incidents (retracted alerts stand alone); returns the ids changed. */
export async function detachFromIncidents(tx: Db, alertIds: readonly string[]): Promise<string[]> {
  if (alertIds.length === 0) return [];
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      UPDATE alerts SET incident_id = NULL, updated_at = now()
      WHERE id = ANY(${`{${alertIds.join(',')}}`}::uuid[]) AND incident_id IS NOT NULL AND incident_id <> id
      RETURNING id`),
  );
  return rows.map((r) => r.id);
}

/** Where and when alerts happened, for deciding which incidents to regroup. */
export async function listAlertPlaces(tx: Db, alertIds: readonly string[]): Promise<{ id: string; provinceCode: string; at: Date; groupable: boolean }[]> {
  if (alertIds.length === 0) return [];
  const rows = rowsOf<{ id: string; province_code: string; at: string | Date; groupable: boolean }>(
    await tx.execute(sql`
      SELECT a.id, a.province_code, a.occurred_at AS at, (a.kind IN (${FIELD}) AND a.geom IS NOT NULL) AS groupable
      FROM alerts a WHERE a.id = ANY(${`{${alertIds.join(',')}}`}::uuid[])`),
  );
  return rows.map((r) => ({ id: r.id, provinceCode: r.province_code, at: new Date(r.at), groupable: Boolean(r.groupable) }));
}

/** The incident rule the stored incidents were worked out with (app_meta), null if never recorded. */
export async function getStoredIncidentRule(tx: Db): Promise<unknown> {
  const [row] = rowsOf<{ value: unknown }>(await tx.execute(sql`SELECT value FROM app_meta WHERE key = 'incident_rule' FOR UPDATE`));
  return row?.value ?? null;
}

export async function setStoredIncidentRule(tx: Db, rule: object): Promise<void> {
  await tx.execute(sql`
    INSERT INTO app_meta (key, value) VALUES ('incident_rule', ${JSON.stringify(rule)}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
}

/** Provinces that have groupable alerts, with their earliest one. */
export async function provincesWithIncidents(tx: Db): Promise<{ provinceCode: string; from: Date }[]> {
  const rows = rowsOf<{ province_code: string; from: string | Date }>(
    await tx.execute(sql`SELECT province_code, min(occurred_at) AS from FROM alerts a WHERE ${GROUPABLE('a')} GROUP BY province_code ORDER BY province_code`),
  );
  return rows.map((r) => ({ provinceCode: r.province_code, from: new Date(r.from) }));
}

/**
 * Groups (incidents, or lone alerts) other than `groupId` with an alert within `radiusM` of a
 * point and between two times, in the caller's scope: the "nearby" list of an alert's page.
 */
export async function listNearbyGroupIds(database: Database, scope: Scope, groupId: string, near: { lon: number; lat: number; radiusM: number; from: Date; to: Date }): Promise<string[]> {
  const rows = await database.rows<{ id: string }>(sql`
    SELECT DISTINCT coalesce(a.incident_id, a.id) AS id FROM alerts a
    WHERE ${allOf(scopeConditions(scope, 'a'))} AND a.geom IS NOT NULL AND coalesce(a.incident_id, a.id) <> ${groupId}
      AND a.occurred_at BETWEEN ${near.from} AND ${near.to}
      AND ST_DWithin(a.geom::geography, ST_SetSRID(ST_MakePoint(${near.lon}::float8, ${near.lat}::float8), 4326)::geography, ${near.radiusM})
    LIMIT 20`);
  return rows.map((r) => r.id);
}
