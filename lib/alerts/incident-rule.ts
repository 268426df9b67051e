// Incidents: the rule that says which field alerts are one event. Pure (no database), so the
// server applies it and a test can compare it with a plain reference. It reads a province's
// alerts in time order (time, then id): an alert joins the earliest-begun incident that is
// still open to it — begun at most `maxSpanMinutes` before it, with a member at most
// `gapMinutes` before it and within `radiusM` of it — or begins its own. Because it reads in
// time order, an alert's incident depends only on the alerts before it: the same alerts give
// the same incidents whatever order, batches and concurrency they arrived in, a late alert
// changes only what comes after it, and a busy hotspot becomes one incident per span, not one
// that never ends.

import { distanceM } from '@/lib/geo/measure';

export interface IncidentRule {
  radiusM: number;
  /** The longest quiet spell inside an incident. */
  gapMinutes: number;
  /** The longest an incident lasts, from its first alert. */
  maxSpanMinutes: number;
}

export interface GroupableAlert {
  id: string;
  /** When it happened (ms since the epoch). */
  at: number;
  lon: number;
  lat: number;
}

/** The reading order: time, then id. */
export function byTime(a: GroupableAlert, b: GroupableAlert): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

interface OpenIncident {
  members: GroupableAlert[];
  firstAt: number;
  firstId: string;
}

/**
 * Applies the rule from a point in time: `fixed` are incidents already decided (their members
 * all read before `alerts`), each as its members; `alerts` are read after them, in time order.
 * Returns every incident, fixed ones first (with any alerts that joined them), as lists of members.
 */
export function applyIncidentRule(fixed: GroupableAlert[][], alerts: GroupableAlert[], rule: IncidentRule): GroupableAlert[][] {
  const spanMs = rule.maxSpanMinutes * 60_000;
  const gapMs = rule.gapMinutes * 60_000;
  const incidents: OpenIncident[] = fixed.map((members) => {
    const sorted = [...members].sort(byTime);
    return { members: sorted, firstAt: sorted[0]!.at, firstId: sorted[0]!.id };
  });
  // Candidates in the order a tie is broken: the earliest-begun first.
  let open = incidents.filter((i) => i.members.length > 0).sort((a, b) => a.firstAt - b.firstAt || (a.firstId < b.firstId ? -1 : 1));
  for (const alert of [...alerts].sort(byTime)) {
    open = open.filter((i) => alert.at - i.firstAt <= spanMs);
    const home = open.find((i) => {
      for (let k = i.members.length - 1; k >= 0; k--) {
        const m = i.members[k]!;
        if (alert.at - m.at > gapMs) break;
        if (distanceM([alert.lon, alert.lat], [m.lon, m.lat]) <= rule.radiusM) return true;
      }
      return false;
    });
    if (home) {
      home.members.push(alert);
    } else {
      const begun = { members: [alert], firstAt: alert.at, firstId: alert.id };
      incidents.push(begun);
      open.push(begun);
    }
  }
  return incidents.map((i) => i.members);
}

/**
 * Names each incident by one of its own members, keeping the name it had where it can: an
 * incident keeps the key most of its members already carry if that key is one of its members,
 * else it takes its earliest member's id. Keys are therefore unique (each alert is in one
 * incident), never an alert outside the incident, and a late earlier member joining an
 * incident does not rename it.
 */
export function keyIncidents(incidents: GroupableAlert[][], storedKey: (alertId: string) => string | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  for (const members of incidents) {
    const ids = new Set(members.map((m) => m.id));
    const votes = new Map<string, number>();
    for (const m of members) {
      const k = storedKey(m.id);
      if (k !== undefined && ids.has(k)) votes.set(k, (votes.get(k) ?? 0) + 1);
    }
    const earliest = [...members].sort(byTime)[0]!.id;
    let key = earliest;
    let best = 0;
    for (const [k, n] of votes) if (n > best || (n === best && k === earliest)) [key, best] = [k, n];
    for (const m of members) keys.set(m.id, key);
  }
  return keys;
}
