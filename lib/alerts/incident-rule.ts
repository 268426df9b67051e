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
  /** The members' extent, widened by the radius: an alert outside it cannot join. */
  box: [number, number, number, number];
}

const M_PER_DEG = 111_320;

function widen(box: [number, number, number, number], a: GroupableAlert, radiusM: number): [number, number, number, number] {
  const dLat = radiusM / M_PER_DEG;
  const dLon = radiusM / (M_PER_DEG * Math.max(0.01, Math.cos((a.lat * Math.PI) / 180)));
  return [Math.min(box[0], a.lon - dLon), Math.min(box[1], a.lat - dLat), Math.max(box[2], a.lon + dLon), Math.max(box[3], a.lat + dLat)];
}

const EMPTY_BOX: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];

export interface RuleRun {
  /** Every incident read, fixed ones first (with any alerts that joined them), as lists of members. */
  incidents: GroupableAlert[][];
  /** Alerts left unread because the result had settled (they stay as they were). */
  unread: GroupableAlert[];
}

/**
 * Applies the rule from a point in time: `fixed` are incidents already decided (their members
 * all read before `alerts`), each as its members; `alerts` are read after them, in time order.
 * `settled(open, at)`, asked now and then, may stop the reading early: when the incidents still
 * open at `at` are exactly as they were stored, everything after reads as stored too.
 */
export function applyIncidentRule(
  fixed: GroupableAlert[][],
  alerts: GroupableAlert[],
  rule: IncidentRule,
  settled?: (open: readonly GroupableAlert[][], at: number) => boolean,
): RuleRun {
  const spanMs = rule.maxSpanMinutes * 60_000;
  const gapMs = rule.gapMinutes * 60_000;
  const incidents: OpenIncident[] = fixed
    .filter((members) => members.length > 0)
    .map((members) => {
      const sorted = [...members].sort(byTime);
      return { members: sorted, firstAt: sorted[0]!.at, firstId: sorted[0]!.id, box: sorted.reduce((b, m) => widen(b, m, rule.radiusM), EMPTY_BOX) };
    });
  // Candidates in the order a tie is broken: the earliest-begun first.
  let open = [...incidents].sort((a, b) => a.firstAt - b.firstAt || (a.firstId < b.firstId ? -1 : 1));
  const sorted = [...alerts].sort(byTime);
  for (let index = 0; index < sorted.length; index++) {
    const alert = sorted[index]!;
    open = open.filter((i) => alert.at - i.firstAt <= spanMs);
    const home = open.find((i) => {
      const [w, south, e, north] = i.box;
      if (alert.lon < w || alert.lon > e || alert.lat < south || alert.lat > north) return false;
      for (let k = i.members.length - 1; k >= 0; k--) {
        const m = i.members[k]!;
        if (alert.at - m.at > gapMs) break;
        if (distanceM([alert.lon, alert.lat], [m.lon, m.lat]) <= rule.radiusM) return true;
      }
      return false;
    });
    if (home) {
      home.members.push(alert);
      home.box = widen(home.box, alert, rule.radiusM);
    } else {
      const begun = { members: [alert], firstAt: alert.at, firstId: alert.id, box: widen(EMPTY_BOX, alert, rule.radiusM) };
      incidents.push(begun);
      open.push(begun);
    }
    // Only between two moments: alerts of the same time must all be read first.
    const next = sorted[index + 1];
    if (settled && next && next.at > alert.at && index % 8 === 7 && settled(open.map((i) => i.members), alert.at)) {
      return { incidents: incidents.map((i) => i.members), unread: sorted.slice(index + 1) };
    }
  }
  return { incidents: incidents.map((i) => i.members), unread: [] };
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
