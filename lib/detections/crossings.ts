import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { alertsOfCrossings } from '@/db/queries/alert-changes';
import { settleAlerts } from '@/lib/alerts/raise';
import { retractAlerts } from '@/lib/alerts/retract';
import { publishEvents } from '@/lib/events/bus';
import type { DetectionClass, VigilEvent } from '@/lib/events/types';
import { LOCK } from '@/db/lock-keys';

// A crossing is a pair of consecutive points of one track (camera + track id) on opposite sides
// of the border, "consecutive" in the track's one order: time, then the device's event id (byte
// order), then the device. The set of crossings is therefore a function of the set of points,
// whatever order, batching and concurrency they arrive in, provided that
//   1. every batch locks the tracks it touches before it inserts (lockTracks), so two
//      transactions never pair points without seeing each other's, and
//   2. each new point both pairs with its neighbours and retracts the pair it falls between.

/** Why a crossing stopped being true; kept with the crossing and its alert. */
export const SPLIT_REASON = 'a point of the same track that arrived later lies between the two points of this crossing';

/**
 * Serialises work per track: a transaction-scoped advisory lock for each (camera, track) of the
 * batch, taken in one fixed order so two batches sharing tracks cannot deadlock.
 */
export async function lockTracks(tx: Db, tracks: { cameraId: string; trackId: string }[]): Promise<void> {
  const keys = [...new Set(tracks.map((t) => `${t.cameraId}\u001f${t.trackId}`))];
  if (keys.length === 0) return;
  // The ordered subquery (OFFSET 0 keeps it from being flattened) feeds the aggregate in order.
  await tx.execute(sql`
    SELECT count(pg_advisory_xact_lock(k)) FROM (
      SELECT DISTINCT hashtextextended(t, ${LOCK.tracks}) AS k
      FROM jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) AS t
      ORDER BY k OFFSET 0) s`);
}

/** The row order of a track, for SQL row comparisons: (observed_at, event_id, device_id). */
const ORDER = (alias: string) => sql.raw(`(${alias}.observed_at, ${alias}.event_id COLLATE "C", ${alias}.device_id)`);

export interface CrossingChanges {
  added: number;
  retracted: number;
}

/**
 * Brings the crossings of the tracks of these new detections up to date: pairs the split
 * (retracted with their alerts), then the new consecutive pairs (added, with hotspot alerts).
 * Callers hold the tracks' locks.
 */
/** Which crossings raise alerts, and when they count as raised. */
export interface AlertPolicy {
  classes: readonly DetectionClass[];
  /** Raised at the crossing's time (history being loaded) rather than now. */
  raisedAtEvent: boolean;
}

export async function updateCrossings(tx: Db, detectionIds: number[], policy: AlertPolicy): Promise<CrossingChanges> {
  if (detectionIds.length === 0) return { added: 0, retracted: 0 };
  const ids = `{${detectionIds.join(',')}}`;
  const moved = await retractSplitPairs(tx, ids);
  const added = await addNewPairs(tx, ids);
  const raised = await insertHotspotAlerts(tx, added, policy);
  // Last, and only now under the provinces' alert lock (held to the commit, so kept short):
  // the alerts of the crossings that stopped being true, and incidents worked out again.
  const stale = await alertsOfCrossings(tx, moved.map((m) => m.id));
  const retracted = await retractAlerts(tx, { ids: stale.map((a) => a.id), provinceCodes: stale.map((a) => a.provinceCode) }, SPLIT_REASON);
  await settleAlerts(tx, { raised, retracted });
  return { added: added.length, retracted: moved.length };
}

interface RetractedRow {
  id: string | number;
  camera_id: string;
  province_code: string;
  agency_id: string | null;
}

/** Moves the crossings a new point splits to crossings_retracted, and says so live. */
async function retractSplitPairs(tx: Db, ids: string): Promise<RetractedRow[]> {
  const moved = rowsOf<RetractedRow>(
    await tx.execute(sql`
      WITH fresh AS (
        SELECT id, camera_id, track_id, observed_at, event_id, device_id FROM detections
        WHERE id = ANY(${ids}::bigint[]) AND track_id IS NOT NULL AND side IS NOT NULL
      ), split AS (
        SELECT DISTINCT ON (c.id) c.id, f.id AS split_by
        FROM fresh f
        JOIN crossings c ON c.camera_id = f.camera_id AND c.track_id = f.track_id
        JOIN detections a ON a.id = c.from_detection_id
        JOIN detections b ON b.id = c.to_detection_id
        WHERE ${ORDER('a')} < ${ORDER('f')} AND ${ORDER('f')} < ${ORDER('b')}
        ORDER BY c.id, f.id
      ), gone AS (
        DELETE FROM crossings c USING split s WHERE c.id = s.id
        RETURNING c.*, s.split_by
      )
      INSERT INTO crossings_retracted (id, from_detection_id, to_detection_id, camera_id, track_id, direction, crossed_at, class, count,
                                       province_code, agency_id, geom, split_by_detection_id, reason)
      SELECT id, from_detection_id, to_detection_id, camera_id, track_id, direction, crossed_at, class, count,
             province_code, agency_id, geom, split_by, ${SPLIT_REASON}
      FROM gone
      RETURNING id, camera_id, province_code, agency_id`),
  );
  const events: VigilEvent[] = moved.map((m) => ({
    topic: 'crossing.retracted' as const,
    crossingId: Number(m.id),
    cameraId: m.camera_id,
    reason: SPLIT_REASON,
    provinceCode: m.province_code,
    agencyId: m.agency_id,
  }));
  await publishEvents(tx, events);
  return moved;
}

interface AddedRow {
  id: string | number;
  camera_id: string;
  direction: 'into_vn' | 'out_of_vn';
  crossed_at: string;
  class: DetectionClass;
  count: number;
  lon: number;
  lat: number;
  province_code: string;
  agency_id: string | null;
}

/** Each new point with its previous and next sided neighbour: pairs on opposite sides are crossings. */
async function addNewPairs(tx: Db, ids: string): Promise<AddedRow[]> {
  const added = rowsOf<AddedRow>(
    await tx.execute(sql`
      WITH fresh AS (
        SELECT id, camera_id, track_id, observed_at, event_id, device_id, side, class, count, province_code, agency_id, geom FROM detections
        WHERE id = ANY(${ids}::bigint[]) AND track_id IS NOT NULL AND side IS NOT NULL
      ), pairs AS (
        -- Each pair carries what the crossing needs, so only pairs on opposite sides go further.
        SELECT prev.id AS a_id, prev.observed_at AS a_at, prev.count AS a_count, prev.geom AS a_geom,
               f.id AS b_id, f.observed_at AS b_at, f.count AS b_count, f.geom AS b_geom, f.side AS b_side, f.class AS b_class,
               f.camera_id, f.track_id, f.province_code, f.agency_id
        FROM fresh f
        CROSS JOIN LATERAL (
          SELECT d.id, d.observed_at, d.count, d.geom, d.side FROM detections d
          WHERE d.camera_id = f.camera_id AND d.track_id = f.track_id AND d.side IS NOT NULL AND ${ORDER('d')} < ${ORDER('f')}
          ORDER BY d.observed_at DESC, d.event_id COLLATE "C" DESC, d.device_id DESC LIMIT 1) prev
        WHERE prev.side <> f.side
        UNION ALL
        SELECT f.id, f.observed_at, f.count, f.geom,
               nxt.id, nxt.observed_at, nxt.count, nxt.geom, nxt.side, nxt.class,
               f.camera_id, f.track_id, f.province_code, f.agency_id
        FROM fresh f
        CROSS JOIN LATERAL (
          SELECT d.id, d.observed_at, d.count, d.geom, d.side, d.class FROM detections d
          WHERE d.camera_id = f.camera_id AND d.track_id = f.track_id AND d.side IS NOT NULL AND ${ORDER('d')} > ${ORDER('f')}
          ORDER BY d.observed_at, d.event_id COLLATE "C", d.device_id LIMIT 1) nxt
        WHERE nxt.side <> f.side
      )
      -- A pair found from both of its (new) ends appears twice: ON CONFLICT keeps one.
      INSERT INTO crossings (from_detection_id, to_detection_id, camera_id, track_id, direction, crossed_at, class, count, zone_ids, province_code, agency_id, geom)
      SELECT p.a_id, p.b_id, p.camera_id, p.track_id,
             CASE WHEN p.b_side = 'vn' THEN 'into_vn'::crossing_direction ELSE 'out_of_vn'::crossing_direction END,
             -- The crossing time is interpolated along the segment at the crossing point.
             p.a_at + (p.b_at - p.a_at) * coalesce(ST_LineLocatePoint(seg.g, x.p), 0.5),
             p.b_class, greatest(p.a_count, p.b_count),
             -- A crossing lies on the line, at the edge of the zones drawn along it: it belongs to
             -- those within ~50 m (the same rule that raises hotspot alerts).
             (SELECT jsonb_agg(z.id) FROM zones z WHERE z.retired_at IS NULL AND ST_DWithin(z.geom, x.p, 0.0005)),
             p.province_code, p.agency_id, x.p
      FROM pairs p
      CROSS JOIN LATERAL (SELECT ST_MakeLine(p.a_geom, p.b_geom) AS g) seg
      CROSS JOIN LATERAL (
        -- Intersected with the few boundary segments the track segment overlaps (GiST), not the
        -- whole line: the first crossing along the track; if it only touched, the nearest point.
        SELECT coalesce(
          (SELECT ST_ClosestPoint(ST_Intersection(seg.g, s.geom), p.a_geom) FROM border_side_segments s
           WHERE s.geom && seg.g AND ST_Intersects(s.geom, seg.g)
           ORDER BY ST_Distance(ST_Intersection(seg.g, s.geom), p.a_geom) LIMIT 1),
          (SELECT ST_ClosestPoint(l.geom, ST_LineInterpolatePoint(seg.g, 0.5)) FROM border_side_line_cached l LIMIT 1)) AS p) x
      ON CONFLICT (from_detection_id, to_detection_id) DO NOTHING
      RETURNING id, camera_id, direction, crossed_at, class, count, ST_X(geom) AS lon, ST_Y(geom) AS lat, province_code, agency_id`),
  );
  await publishEvents(
    tx,
    added.map((c) => ({
      topic: 'crossing' as const,
      crossingId: Number(c.id),
      cameraId: c.camera_id,
      direction: c.direction,
      crossedAt: new Date(c.crossed_at).toISOString(),
      class: c.class,
      count: c.count,
      lon: c.lon,
      lat: c.lat,
      provinceCode: c.province_code,
      agencyId: c.agency_id,
    })),
  );
  return added;
}

/**
 * A crossing at a hotspot (within ~50 m of one: the point lies on the line, the zone's edge) by
 * one of the alerting classes raises one critical alert. Returns the new alerts' ids; they
 * settle in (history, incidents, live) at the end of the batch.
 */
async function insertHotspotAlerts(tx: Db, added: AddedRow[], policy: AlertPolicy): Promise<string[]> {
  const candidates = added.filter((c) => policy.classes.includes(c.class));
  if (candidates.length === 0) return [];
  const alerts = rowsOf<{ id: string }>(
    await tx.execute(sql`
      INSERT INTO alerts (kind, severity, camera_id, crossing_id, zone_id, occurred_at, created_at, updated_at, geom, message, province_code, agency_id)
      SELECT 'hotspot_crossing', 'critical', c.camera_id, c.id, z.id, c.crossed_at,
             ${policy.raisedAtEvent ? sql`c.crossed_at` : sql`now()`}, ${policy.raisedAtEvent ? sql`c.crossed_at` : sql`now()`}, c.geom,
             'Crossing ' || CASE c.direction WHEN 'into_vn' THEN 'into Viet Nam' ELSE 'out of Viet Nam' END
               || ' at ' || z.name || ': ' || c.class::text || ' x' || c.count,
             c.province_code, c.agency_id
      FROM crossings c
      JOIN LATERAL (
        SELECT z.id, z.name FROM zones z WHERE z.kind = 'hotspot' AND z.retired_at IS NULL AND ST_DWithin(z.geom, c.geom, 0.0005)
        ORDER BY ST_Distance(z.geom, c.geom) LIMIT 1) z ON true
      WHERE c.id IN (${sql.join(candidates.map((r) => sql`${r.id}`), sql`, `)})
      ON CONFLICT (crossing_id) DO NOTHING
      RETURNING id`),
  );
  return alerts.map((a) => a.id);
}
