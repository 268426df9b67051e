import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { alertsOfCrossings } from '@/db/queries/alert-changes';
import { settleAlerts } from '@/lib/alerts/raise';
import { retractAlerts } from '@/lib/alerts/retract';
import { publishEvents } from '@/lib/events/bus';
import type { DetectionClass, LiveDetection, VigilEvent } from '@/lib/events/types';
import { LOCK } from '@/db/lock-keys';

// A crossing is a pair of consecutive points of one track (camera + track id) on opposite sides
// of the border, "consecutive" in the track's one order: time, then the device's event id (byte
// order), then the device. The set of crossings is therefore a function of the set of points,
// whatever order, batching and concurrency they arrive in, provided that
//   1. every batch locks the tracks of the points it inserted before it pairs them (lockTracks),
//      and holds the locks to its commit, so of two transactions sharing a track the second to
//      pair sees all of the first's points and crossings, and
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

/**
 * A point the batch stored, as stored: its time as PostgreSQL's own text (microseconds kept) and
 * its position as EWKB, so pairing reads exactly the row without looking it up again.
 */
export interface StoredPoint {
  id: number;
  device_id: string;
  camera_id: string;
  track_id: string | null;
  observed_at: string;
  event_id: string;
  side: LiveDetection['side'];
  class: DetectionClass;
  count: number;
  province_code: string;
  agency_id: string | null;
  geom: string;
}

/**
 * The new points that can pair, as rows. Handed over rather than read back by id: the ids alone
 * prune no month, and a month the planner still thinks small was read whole (24 ms a batch).
 */
function freshPoints(points: StoredPoint[]): SQL {
  const pairing = points.filter((p) => p.track_id !== null && p.side !== null);
  return sql`SELECT * FROM jsonb_to_recordset(${JSON.stringify(pairing)}::jsonb)
    AS x(id bigint, device_id uuid, camera_id uuid, track_id text, observed_at timestamptz, event_id text, side border_side,
         class detection_class, count int, province_code text, agency_id text, geom geometry)`;
}

export async function updateCrossings(tx: Db, points: StoredPoint[], policy: AlertPolicy): Promise<CrossingChanges> {
  if (!points.some((p) => p.track_id !== null && p.side !== null)) return { added: 0, retracted: 0 };
  const fresh = freshPoints(points);
  const moved = await retractSplitPairs(tx, fresh);
  const added = await addNewPairs(tx, fresh);
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
async function retractSplitPairs(tx: Db, fresh: SQL): Promise<RetractedRow[]> {
  const moved = rowsOf<RetractedRow>(
    await tx.execute(sql`
      WITH fresh AS (${fresh}), split AS (
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

/** What pairing reads of a track's point (alias d). */
const TRACK_POINT = sql.raw('d.id, d.camera_id, d.track_id, d.observed_at, d.event_id, d.device_id, d.side, d.class, d.count, d.geom, d.province_code, d.agency_id');

/** Each new point with its previous and next sided neighbour: pairs on opposite sides are crossings. */
async function addNewPairs(tx: Db, fresh: SQL): Promise<AddedRow[]> {
  const added = rowsOf<AddedRow>(
    await tx.execute(sql`
      WITH fresh AS (${fresh}),
      -- Each track's first and last new point in its order.
      lo AS (SELECT DISTINCT ON (camera_id, track_id) camera_id, track_id, observed_at, event_id, device_id FROM fresh
             ORDER BY camera_id, track_id, observed_at, event_id COLLATE "C", device_id),
      hi AS (SELECT DISTINCT ON (camera_id, track_id) camera_id, track_id, observed_at, event_id, device_id FROM fresh
             ORDER BY camera_id, track_id, observed_at DESC, event_id COLLATE "C" DESC, device_id DESC),
      -- The stretch of each track from the sided point before its first new point to the one after
      -- its last: every new point's previous and next sided neighbour lies in it, so consecutive
      -- rows of the stretch are consecutive in the track. Three index reads a track instead of two
      -- a point; the time bounds let each read skip the months it cannot reach.
      stretch AS (
        SELECT d.*, f.id IS NOT NULL AS is_new
        FROM lo JOIN hi USING (camera_id, track_id)
        CROSS JOIN LATERAL (
          (SELECT ${TRACK_POINT}
           FROM detections d
           WHERE d.camera_id = lo.camera_id AND d.track_id = lo.track_id AND d.side IS NOT NULL
             AND d.observed_at <= lo.observed_at AND ${ORDER('d')} < ${ORDER('lo')}
           ORDER BY d.observed_at DESC, d.event_id COLLATE "C" DESC, d.device_id DESC LIMIT 1)
          UNION ALL
          SELECT ${TRACK_POINT}
          FROM detections d
          WHERE d.camera_id = lo.camera_id AND d.track_id = lo.track_id AND d.side IS NOT NULL
            AND d.observed_at >= lo.observed_at AND d.observed_at <= hi.observed_at
            AND ${ORDER('d')} >= ${ORDER('lo')} AND ${ORDER('d')} <= ${ORDER('hi')}
          UNION ALL
          (SELECT ${TRACK_POINT}
           FROM detections d
           WHERE d.camera_id = hi.camera_id AND d.track_id = hi.track_id AND d.side IS NOT NULL
             AND d.observed_at >= hi.observed_at AND ${ORDER('d')} > ${ORDER('hi')}
           ORDER BY d.observed_at, d.event_id COLLATE "C", d.device_id LIMIT 1)
        ) d
        LEFT JOIN fresh f ON f.id = d.id
      ), stepped AS (
        SELECT s.*,
               lag(s.id) OVER w AS a_id, lag(s.observed_at) OVER w AS a_at, lag(s.count) OVER w AS a_count, lag(s.geom) OVER w AS a_geom,
               lag(s.side) OVER w AS a_side, lag(s.is_new) OVER w AS a_new,
               lag(s.province_code) OVER w AS a_province_code, lag(s.agency_id) OVER w AS a_agency_id
        FROM stretch s
        WINDOW w AS (PARTITION BY s.camera_id, s.track_id ORDER BY s.observed_at, s.event_id COLLATE "C", s.device_id)
      ), pairs AS (
        -- Pairs with a new point on opposite sides; they carry what the crossing needs, and the
        -- owner of the new point (the later one when both are new).
        SELECT a_id, a_at, a_count, a_geom,
               id AS b_id, observed_at AS b_at, count AS b_count, geom AS b_geom, side AS b_side, class AS b_class,
               camera_id, track_id,
               CASE WHEN is_new THEN province_code ELSE a_province_code END AS province_code,
               CASE WHEN is_new THEN agency_id ELSE a_agency_id END AS agency_id
        FROM stepped
        WHERE a_id IS NOT NULL AND (is_new OR a_new) AND a_side <> side
      )
      -- Every pair has a new point, so none is stored yet: ON CONFLICT only guards the key.
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
