import 'server-only';
import type { Database, Db } from '@/db/client';
import {
  alertPlacesInTime,
  detachFromIncidents,
  getStoredIncidentRule,
  loadIncidentWindow,
  lockProvinceAlerts,
  provincesWithIncidents,
  setStoredIncidentRule,
  writeIncidentKeys,
  type IncidentMemberRow,
} from '@/db/queries/incidents';
import { getLogger } from '@/lib/logger';
import { applyIncidentRule, keyIncidents, type GroupableAlert, type IncidentRule } from '@/lib/alerts/incident-rule';
import { getSettings } from '@/lib/settings';

// Incidents in the database: after alerts are raised or retracted, the province's incidents
// are worked out again by the rule (lib/alerts/incident-rule.ts) from the earliest moment that
// changed — everything before it stays as it was, by the rule's own nature — in one read and
// one write, under the province's lock taken just for that (the caller's last step before its
// commit). An incident keeps its key (one of its members' ids) while that member stays in it.

export { lockProvinceAlerts };

export function incidentRule(): IncidentRule {
  const s = getSettings();
  return { radiusM: s.INCIDENT_RADIUS_M, gapMinutes: s.INCIDENT_WINDOW_MINUTES, maxSpanMinutes: s.INCIDENT_MAX_SPAN_MINUTES };
}

/**
 * Brings incidents up to date after `raised` alerts were added and `retracted` ones withdrawn
 * (retracted alerts leave their incidents and stand alone). Takes the provinces' alert lock
 * (held to the commit: call it last). Returns the ids of alerts whose incident changed.
 */
export async function regroupIncidents(tx: Db, changes: { raised?: readonly string[]; retracted?: readonly string[] }, rule: IncidentRule = incidentRule()): Promise<string[]> {
  const retracted = changes.retracted ?? [];
  const places = await alertPlacesInTime(tx, [...(changes.raised ?? []), ...retracted]);
  const detached = await detachFromIncidents(tx, retracted);
  // From when each province's incidents may have changed: the earliest alert that came or went.
  const from = new Map<string, Date>();
  for (const p of places) {
    if (!p.groupable) continue;
    const seen = from.get(p.provinceCode);
    if (!seen || p.at < seen) from.set(p.provinceCode, p.at);
  }
  const changed = new Set(detached);
  await lockProvinceAlerts(tx, [...from.keys()]);
  for (const [provinceCode, since] of [...from].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rows = await loadIncidentWindow(tx, provinceCode, since, rule.maxSpanMinutes);
    for (const id of await writeIncidentKeys(tx, decideKeys(rows, since.getTime(), rule))) changed.add(id);
  }
  return [...changed];
}

/** The rule applied from `sinceMs` over a province's window of alerts: every alert's key as it should be. */
export function decideKeys(rows: IncidentMemberRow[], sinceMs: number, rule: IncidentRule): { id: string; key: string }[] {
  const stored = new Map(rows.map((r) => [r.id, r.key]));
  // What came before `since` is decided: those members stay in their incidents.
  const fixed = new Map<string, GroupableAlert[]>();
  const later: GroupableAlert[] = [];
  for (const r of rows) {
    if (r.at < sinceMs) {
      const members = fixed.get(r.key) ?? [];
      members.push(r);
      fixed.set(r.key, members);
    } else {
      later.push(r);
    }
  }
  const keys = keyIncidents(applyIncidentRule([...fixed.values()], later, rule), (id) => stored.get(id));
  return [...keys].map(([id, key]) => ({ id, key }));
}

/**
 * At start-up: when the rule's settings differ from those the stored incidents were worked out
 * with (a first start after an upgrade, INCIDENT_* changed), every province's incidents are
 * worked out again from its first alert. Once per change, whichever instance gets there first.
 */
export async function ensureIncidentsFollowRule(database: Database, rule: IncidentRule = incidentRule()): Promise<number> {
  return database.db.transaction(async (tx) => {
    const stored = (await getStoredIncidentRule(tx)) as IncidentRule | null;
    if (stored && stored.radiusM === rule.radiusM && stored.gapMinutes === rule.gapMinutes && stored.maxSpanMinutes === rule.maxSpanMinutes) return 0;
    let changed = 0;
    for (const { provinceCode, from } of await provincesWithIncidents(tx)) {
      await lockProvinceAlerts(tx, [provinceCode]);
      const rows = await loadIncidentWindow(tx, provinceCode, from, rule.maxSpanMinutes);
      changed += (await writeIncidentKeys(tx, decideKeys(rows, from.getTime(), rule))).length;
    }
    await setStoredIncidentRule(tx, rule);
    if (changed > 0) getLogger().info({ changed, rule }, 'incidents worked out again under the current rule');
    return changed;
  });
}
