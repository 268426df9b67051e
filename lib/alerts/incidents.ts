import 'server-only';
import type { Database, Db } from '@/db/client';
import {
  listAlertPlaces,
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
  const places = await listAlertPlaces(tx, [...(changes.raised ?? []), ...retracted]);
  const detached = await detachFromIncidents(tx, retracted);
  // From when each province's incidents may have changed: the earliest alert that came or went.
  const from = new Map<string, Date>();
  const until = new Map<string, number>();
  for (const p of places) {
    if (!p.groupable) continue;
    const seen = from.get(p.provinceCode);
    if (!seen || p.at < seen) from.set(p.provinceCode, p.at);
    until.set(p.provinceCode, Math.max(until.get(p.provinceCode) ?? -Infinity, p.at.getTime()));
  }
  const changed = new Set(detached);
  await lockProvinceAlerts(tx, [...from.keys()]);
  for (const [provinceCode, since] of [...from].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const started = performance.now();
    const rows = await loadIncidentWindow(tx, provinceCode, since, rule.maxSpanMinutes);
    const decided = decideKeys(rows, since.getTime(), rule, until.get(provinceCode));
    for (const id of await writeIncidentKeys(tx, decided)) changed.add(id);
    getLogger().debug({ provinceCode, rows: rows.length, rekeyed: decided.length, ms: Math.round(performance.now() - started) }, 'incidents worked out again');
  }
  return [...changed];
}

/**
 * The rule applied from `sinceMs` over a province's window of alerts, where the alerts that came
 * or went lie between `sinceMs` and `changedUntilMs`: the alerts whose key must change, with
 * their new key. (Infinity: read to the end, trusting no stored key — after the rule changed.)
 */
export function decideKeys(rows: IncidentMemberRow[], sinceMs: number, rule: IncidentRule, changedUntilMs = Infinity): { id: string; key: string }[] {
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
  // The stored keys of what follows the last change were worked out by this same rule from the
  // same alerts: once past it, the reading may stop where it agrees with them.
  // Only incidents wholly after the last change can be compared with the stored ones: an alert
  // just raised carries its own id as a placeholder key, not a key the rule gave it, so an open
  // incident holding one could look settled while the stored alerts after it never saw it.
  const settled = settledAgainst(rows, rule);
  const { incidents, unread } = applyIncidentRule([...fixed.values()], later, rule, (open, at) => at > changedUntilMs && open.every((members) => members.every((m) => m.at > changedUntilMs)) && settled(open, at));
  // Past a settled moment the rest reads as stored: each unread alert continues the incident its
  // stored key names. Named without them, an incident cut at that moment could lose its key to
  // one of its earlier members while its later ones keep it (one incident under two names).
  if (unread.length > 0) {
    const byKey = new Map<string, GroupableAlert[]>();
    for (const members of incidents) {
      const key = stored.get(members[0]!.id);
      if (key !== undefined && members.every((m) => stored.get(m.id) === key)) byKey.set(key, members);
    }
    for (const alert of unread) {
      const key = stored.get(alert.id)!;
      const home = byKey.get(key);
      if (home) home.push(alert);
      else {
        const begun = [alert];
        incidents.push(begun);
        byKey.set(key, begun);
      }
    }
  }
  const keys = keyIncidents(incidents, (id) => stored.get(id));
  // Only what changes is written.
  return [...keys].filter(([id, key]) => stored.get(id) !== key).map(([id, key]) => ({ id, key }));
}

/**
 * Whether the incidents open at a moment are exactly the stored ones there: each holds the
 * members of one stored incident up to that moment, and no other stored incident is open then.
 * From such a moment on, the rule reads every later alert as it was stored.
 */
function settledAgainst(rows: IncidentMemberRow[], rule: IncidentRule): (open: readonly GroupableAlert[][], at: number) => boolean {
  const stored = new Map(rows.map((r) => [r.id, r.key]));
  const timesByKey = new Map<string, number[]>();
  for (const r of rows) {
    const list = timesByKey.get(r.key) ?? [];
    list.push(r.at);
    timesByKey.set(r.key, list);
  }
  for (const list of timesByKey.values()) list.sort((a, b) => a - b);
  const firsts = [...timesByKey.values()].map((l) => l[0]!).sort((a, b) => a - b);
  const countAtMost = (sorted: number[], t: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const spanMs = rule.maxSpanMinutes * 60_000;
  return (open, at) => {
    // Stored incidents begun within the span before `at`: as many as there are open now.
    if (countAtMost(firsts, at) - countAtMost(firsts, at - spanMs - 1) !== open.length) return false;
    for (const members of open) {
      const key = stored.get(members[0]!.id);
      // The stored key must still name a member (not an alert retracted since): else it changes.
      if (key === undefined || stored.get(key) !== key || members.some((m) => stored.get(m.id) !== key)) return false;
      if (countAtMost(timesByKey.get(key)!, at) !== members.length) return false;
    }
    return true;
  };
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
