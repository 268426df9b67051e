import 'server-only';
import { inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Database, type Db } from '@/db/client';
import { publishEvents } from '@/lib/events/bus';
import { DETECTION_CLASSES, type DetectionsEvent, type LiveDetection } from '@/lib/events/types';
import { cameras } from '@/db/schema';
import type { Device } from '@/lib/detections/device-keys';
import { destination } from '@/lib/geo/sector';

export const MAX_BATCH = 5_000;
export const MAX_SNAPSHOT_BYTES = 256 * 1024;
/** Device clocks drift; anything further ahead than this is refused. */
const MAX_FUTURE_MS = 5 * 60_000;
/** Edge boxes may buffer through an outage, but not for weeks. */
const MAX_AGE_MS = 7 * 86_400_000;

const position = z.union([
  z.object({ lat: z.number().finite().min(-90).max(90), lon: z.number().finite().min(-180).max(180) }).strict(),
  z.object({ bearingDeg: z.number().finite().min(0).max(360), rangeM: z.number().finite().min(0).max(20_000) }).strict(),
]);

/** One event as a device sends it. */
export const eventSchema = z
  .object({
    id: z.string().min(1).max(128),
    cameraId: z.string().uuid(),
    observedAt: z.iso.datetime({ offset: true }),
    class: z.enum(DETECTION_CLASSES),
    confidence: z.number().finite().min(0).max(1),
    count: z.number().int().min(1).max(1000).default(1),
    trackId: z.string().min(1).max(128).optional(),
    position,
    /** A JPEG, base64-encoded. */
    snapshot: z.base64().max(Math.ceil(MAX_SNAPSHOT_BYTES / 3) * 4, `snapshot larger than ${MAX_SNAPSHOT_BYTES / 1024} KB`).optional(),
  })
  .strict();

export type DetectionEvent = z.infer<typeof eventSchema>;

export interface Rejection {
  index: number;
  id: string | null;
  reason: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
  crossings: number;
}

/** The rollup's cell size in degrees (~200 m): the finest heatmap resolution. */
export const CELL_DEG = 0.002;

/** The confidence decile 0…9 of a detection; the epsilon undoes float4 rounding (0.7 is stored as 0.6999…). */
export const DECILE_SQL = 'least(9, floor(confidence * 10 + 0.0001))::int';
const DECILE_COUNTS = Array.from({ length: 10 }, (_, k) => `count(*) FILTER (WHERE ${DECILE_SQL} >= ${k})::int AS n${k}`).join(', ');
const DECILE_SUMS = Array.from({ length: 10 }, (_, k) => `n${k} = t.n${k} + excluded.n${k}`).join(', ');

/**
 * Detections (from any relation with observed_at, camera_id, class, confidence, geom) counted
 * per hour, camera, class and cell, keys in a fixed order so two batches updating the same
 * cells cannot deadlock.
 */
export function cellCounts(source: SQL): SQL {
  return sql`
    SELECT date_trunc('hour', observed_at) AS hour, camera_id, class,
           floor(ST_X(geom) / ${CELL_DEG})::int AS cell_x, floor(ST_Y(geom) / ${CELL_DEG})::int AS cell_y,
           ${sql.raw(DECILE_COUNTS)}
    FROM ${source} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}

/** Adds counted cells (columns as cellCounts gives them) to the hourly table. */
export function upsertCells(cells: SQL): SQL {
  return sql`
    INSERT INTO detection_cells_hourly AS t (hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
    ${cells}
    ON CONFLICT (hour, camera_id, class, cell_x, cell_y) DO UPDATE SET ${sql.raw(DECILE_SUMS)}`;
}

const SUMS = Array.from({ length: 10 }, (_, k) => `sum(n${k})::int`).join(', ');

/**
 * Folds the pending cell counts into the rollups (hourly 200 m and 1 km cells, daily 1 km cells,
 * hourly and daily per zone; zones by where the 200 m cells lie): rows are deleted and added in one
 * transaction, so each is counted once however many instances run this; one at a time
 * (advisory lock), so two folds never update the same cells in different orders.
 */
export async function foldPendingCells(database: Database): Promise<number> {
  return database.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtext('vigil.fold-cells')) AS ok`));
    if (!lock?.ok) return 0;
    const upsertSet = sql.raw(DECILE_SUMS);
    const sums = sql.raw(SUMS);
    const folded = rowsOf<{ n: number }>(
      await tx.execute(sql`
        WITH moved AS (DELETE FROM detection_cells_pending RETURNING *),
        hourly AS (
          ${upsertCells(sql`SELECT hour, camera_id, class, cell_x, cell_y, ${sums} FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`)}
          RETURNING 1),
        hourly_coarse AS (
          INSERT INTO detection_cells_hourly_coarse AS t (hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT hour, camera_id, class, coarse_cell(cell_x), coarse_cell(cell_y), ${sums}
          FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
          ON CONFLICT (hour, camera_id, class, cell_x, cell_y) DO UPDATE SET ${upsertSet}),
        zoned AS (
          SELECT m.*, z.id AS zone_id FROM moved m
          JOIN zones z ON ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint((m.cell_x + 0.5) * ${CELL_DEG}::float8, (m.cell_y + 0.5) * ${CELL_DEG}::float8), 4326))),
        zones_hourly AS (
          INSERT INTO detection_zones_hourly AS t (hour, zone_id, camera_id, class, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT hour, zone_id, camera_id, class, ${sums}
          FROM zoned GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
          ON CONFLICT (hour, zone_id, camera_id, class) DO UPDATE SET ${upsertSet}),
        daily AS (
          INSERT INTO detection_cells_daily AS t (day, night, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT local_day(hour), is_night(hour), camera_id, class, coarse_cell(cell_x), coarse_cell(cell_y), ${sums}
          FROM moved GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
          ON CONFLICT (day, night, camera_id, class, cell_x, cell_y) DO UPDATE SET ${upsertSet}),
        zones_daily AS (
          INSERT INTO detection_zones_daily AS t (day, night, zone_id, camera_id, class, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT local_day(hour), is_night(hour), zone_id, camera_id, class, ${sums}
          FROM zoned GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
          ON CONFLICT (day, night, zone_id, camera_id, class) DO UPDATE SET ${upsertSet})
        SELECT count(*)::int AS n FROM hourly`),
    );
    return folded[0]?.n ?? 0;
  });
}

interface InsertedRow {
  id: number;
  event_id: string;
  camera_id: string;
  observed_at: string;
  class: LiveDetection['class'];
  confidence: number;
  count: number;
  track_id: string | null;
  side: LiveDetection['side'];
  province_code: string;
  agency_id: string | null;
  lon: number;
  lat: number;
}

interface Row {
  event_id: string;
  camera_id: string;
  observed_at: string;
  class: string;
  confidence: number;
  count: number;
  track_id: string | null;
  lon: number;
  lat: number;
}

/**
 * Validates each event on its own, resolves positions given as bearing + range from the
 * camera, then inserts the valid ones with their enrichment and crossings in one transaction.
 */
export async function ingestEvents(database: Database, device: Device, raw: unknown[], now = Date.now()): Promise<IngestResult> {
  const rejected: Rejection[] = [];
  const valid: { index: number; event: DetectionEvent }[] = [];
  raw.forEach((item, index) => {
    const parsed = eventSchema.safeParse(item);
    const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : null;
    if (!parsed.success) {
      rejected.push({ index, id, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ') });
      return;
    }
    const at = Date.parse(parsed.data.observedAt);
    if (at > now + MAX_FUTURE_MS) rejected.push({ index, id, reason: 'observedAt is in the future' });
    else if (at < now - MAX_AGE_MS) rejected.push({ index, id, reason: 'observedAt is more than 7 days old' });
    else if (!device.cameraIds.includes(parsed.data.cameraId)) rejected.push({ index, id, reason: 'camera is not in this device key’s scope' });
    else if (parsed.data.snapshot && !isJpeg(parsed.data.snapshot)) rejected.push({ index, id, reason: 'snapshot is not a JPEG image' });
    else valid.push({ index, event: parsed.data });
  });
  if (valid.length === 0) return { accepted: 0, duplicates: 0, rejected, crossings: 0 };

  const cameraIds = [...new Set(valid.map((v) => v.event.cameraId))];
  const known = await database.db
    .select({ id: cameras.id, lon: sql<number>`ST_X(${cameras.geom})`, lat: sql<number>`ST_Y(${cameras.geom})`, retiredAt: cameras.retiredAt })
    .from(cameras)
    .where(inArray(cameras.id, cameraIds));
  const byId = new Map(known.filter((c) => !c.retiredAt).map((c) => [c.id, c]));
  const rows: Row[] = [];
  const snapshots = new Map<string, string>();
  for (const { index, event } of valid) {
    const camera = byId.get(event.cameraId);
    if (!camera) {
      rejected.push({ index, id: event.id, reason: 'unknown or retired camera' });
      continue;
    }
    const [lon, lat] = 'lat' in event.position ? [event.position.lon, event.position.lat] : destination([camera.lon, camera.lat], event.position.bearingDeg, event.position.rangeM);
    if (event.snapshot) snapshots.set(event.id, event.snapshot);
    rows.push({ event_id: event.id, camera_id: event.cameraId, observed_at: event.observedAt, class: event.class, confidence: event.confidence, count: event.count, track_id: event.trackId ?? null, lon, lat });
  }
  rejected.sort((a, b) => a.index - b.index);
  if (rows.length === 0) return { accepted: 0, duplicates: 0, rejected, crossings: 0 };

  return database.db.transaction(async (tx) => {
    const inserted = rowsOf<InsertedRow>(
      await tx.execute(sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS x(event_id text, camera_id uuid, observed_at timestamptz, class detection_class, confidence real, count int, track_id text, lon float8, lat float8)
        ), ins AS (
          INSERT INTO detections (device_id, event_id, camera_id, observed_at, class, confidence, count, track_id,
                                  side, border_distance_m, zone_ids, province_code, agency_id, geom)
          SELECT ${device.id}, i.event_id, i.camera_id, i.observed_at, i.class, i.confidence, i.count, i.track_id,
                 bs.side, bs.distance_m,
                 (SELECT jsonb_agg(z.id) FROM zones z WHERE z.geom && g.p AND ST_Contains(z.geom, g.p)),
                 c.province_code, c.agency_id, g.p
          FROM input i
          JOIN cameras c ON c.id = i.camera_id
          CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326) AS p) g
          LEFT JOIN LATERAL border_side_at(g.p) bs ON true
          ON CONFLICT (device_id, event_id) DO NOTHING
          RETURNING id, event_id, camera_id, observed_at, class, confidence, count, track_id, side, province_code, agency_id, geom
        ), pending AS (
          INSERT INTO detection_cells_pending (hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          ${cellCounts(sql`ins`)}
        )
        SELECT id, event_id, camera_id, observed_at, class, confidence, count, track_id, side, province_code, agency_id,
               ST_X(geom) AS lon, ST_Y(geom) AS lat
        FROM ins`),
    );
    if (inserted.length > 0) {
      await storeSnapshots(tx, inserted, snapshots);
      await publishDetections(tx, inserted);
    }
    const crossings = inserted.length > 0 ? await detectCrossings(tx, inserted.map((r) => r.id)) : 0;
    return { accepted: inserted.length, duplicates: rows.length - inserted.length, rejected, crossings };
  });
}

/** Snapshots of the events that were new in this batch (a retried event keeps its first one). */
async function storeSnapshots(tx: Db, inserted: InsertedRow[], snapshots: Map<string, string>): Promise<void> {
  const items = inserted.filter((r) => snapshots.has(r.event_id)).map((r) => ({ id: r.id, b64: snapshots.get(r.event_id)! }));
  if (items.length === 0) return;
  await tx.execute(sql`
    INSERT INTO detection_snapshots (detection_id, jpeg, bytes)
    SELECT x.id, decode(x.b64, 'base64'), length(decode(x.b64, 'base64'))
    FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(id bigint, b64 text)`);
}

/** One live event per owner (province, agency), so each browser gets only what it may see. */
async function publishDetections(tx: Db, inserted: InsertedRow[]): Promise<void> {
  const groups = new Map<string, DetectionsEvent>();
  for (const r of inserted) {
    const key = `${r.province_code}|${r.agency_id ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { topic: 'detections', provinceCode: r.province_code, agencyId: r.agency_id, items: [] }));
    group.items.push({
      id: Number(r.id),
      cameraId: r.camera_id,
      class: r.class,
      count: r.count,
      confidence: Math.round(r.confidence * 1000) / 1000,
      observedAt: new Date(r.observed_at).toISOString(),
      trackId: r.track_id,
      side: r.side,
      lon: Math.round(r.lon * 1e6) / 1e6,
      lat: Math.round(r.lat * 1e6) / 1e6,
    });
  }
  await publishEvents(tx, [...groups.values()]);
}

/** JPEG files start with the SOI marker and a segment marker (FF D8 FF). */
function isJpeg(b64: string): boolean {
  const head = Buffer.from(b64.slice(0, 8), 'base64');
  return head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
}

/**
 * For each new detection on a track, pairs it with the neighbouring points of the same track
 * (before and after, so late arrivals count) that have a side; opposite sides make a
 * crossing at the intersection of the segment with the border line.
 */
async function detectCrossings(tx: Db, ids: number[]): Promise<number> {
  const result = rowsOf<{ id: number; camera_id: string; direction: 'into_vn' | 'out_of_vn'; crossed_at: string; class: LiveDetection['class']; count: number; lon: number; lat: number; province_code: string; agency_id: string | null }>(
    await tx.execute(sql`
      WITH fresh AS (
        SELECT id, camera_id, track_id, observed_at, side, class, count, province_code, agency_id, geom FROM detections
        WHERE id = ANY(${`{${ids.join(',')}}`}::bigint[]) AND track_id IS NOT NULL AND side IS NOT NULL
      ), pairs AS (
        -- Each pair carries what the crossing needs, so only pairs on opposite sides go further.
        SELECT prev.id AS a_id, prev.observed_at AS a_at, prev.count AS a_count, prev.geom AS a_geom,
               f.id AS b_id, f.observed_at AS b_at, f.count AS b_count, f.geom AS b_geom, f.side AS b_side, f.class AS b_class,
               f.camera_id, f.track_id, f.province_code, f.agency_id
        FROM fresh f
        CROSS JOIN LATERAL (
          SELECT d.id, d.observed_at, d.count, d.geom, d.side FROM detections d
          WHERE d.camera_id = f.camera_id AND d.track_id = f.track_id AND d.side IS NOT NULL
            AND (d.observed_at, d.id) < (f.observed_at, f.id)
          ORDER BY d.observed_at DESC, d.id DESC LIMIT 1) prev
        WHERE prev.side <> f.side
        UNION ALL
        SELECT f.id, f.observed_at, f.count, f.geom,
               nxt.id, nxt.observed_at, nxt.count, nxt.geom, nxt.side, nxt.class,
               f.camera_id, f.track_id, f.province_code, f.agency_id
        FROM fresh f
        CROSS JOIN LATERAL (
          SELECT d.id, d.observed_at, d.count, d.geom, d.side, d.class FROM detections d
          WHERE d.camera_id = f.camera_id AND d.track_id = f.track_id AND d.side IS NOT NULL
            AND (d.observed_at, d.id) > (f.observed_at, f.id)
          ORDER BY d.observed_at, d.id LIMIT 1) nxt
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
             (SELECT jsonb_agg(z.id) FROM zones z WHERE ST_DWithin(z.geom, x.p, 0.0005)),
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
  if (result.length === 0) return 0;
  await publishEvents(
    tx,
    result.map((c) => ({
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
  // A crossing at a hotspot (within ~50 m of one: the point lies on the line, the zone's edge)
  // raises an alert, once per crossing.
  const alerts = rowsOf<{ id: string; camera_id: string; crossing_id: string | number; message: string; province_code: string; agency_id: string | null }>(
    await tx.execute(sql`
      INSERT INTO alerts (kind, severity, camera_id, crossing_id, message, province_code, agency_id)
      SELECT 'hotspot_crossing', 'critical', c.camera_id, c.id,
             'Crossing ' || CASE c.direction WHEN 'into_vn' THEN 'into Viet Nam' ELSE 'out of Viet Nam' END
               || ' at ' || z.name || ': ' || c.class::text || ' ×' || c.count,
             c.province_code, c.agency_id
      FROM crossings c
      JOIN LATERAL (
        SELECT z.name FROM zones z WHERE z.kind = 'hotspot' AND ST_DWithin(z.geom, c.geom, 0.0005)
        ORDER BY ST_Distance(z.geom, c.geom) LIMIT 1) z ON true
      WHERE c.id IN (${sql.join(result.map((r) => sql`${r.id}`), sql`, `)})
      ON CONFLICT (crossing_id) DO NOTHING
      RETURNING id, camera_id, crossing_id, message, province_code, agency_id`),
  );
  await publishEvents(
    tx,
    alerts.map((a) => ({
      topic: 'alert' as const,
      alertId: a.id,
      kind: 'hotspot_crossing',
      state: 'open' as const,
      cameraId: a.camera_id,
      crossingId: Number(a.crossing_id),
      message: a.message,
      provinceCode: a.province_code,
      agencyId: a.agency_id,
    })),
  );
  return result.length;
}
