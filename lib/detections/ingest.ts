import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import { dataErrorMessage, isDataError } from '@/db/errors';
import { listCellCounts } from '@/db/queries/detection-cells';
import { cameras } from '@/db/schema';
import { lockTracks, updateCrossings, type AlertPolicy, type StoredPoint } from '@/lib/detections/crossings';
import type { Device } from '@/lib/detections/device-keys';
import { MAX_AGE_MS, MAX_FUTURE_MS, validateEvents, type Rejection } from '@/lib/detections/event-schema';
import { publishEvents } from '@/lib/events/bus';
import type { DetectionClass, DetectionsEvent, LiveDetection } from '@/lib/events/types';
import { destinationPoint } from '@/lib/geo/measure';
import { getSettings } from '@/lib/settings';

export { eventSchema, MAX_BATCH, MAX_SNAPSHOT_BYTES, type DetectionEvent, type Rejection } from '@/lib/detections/event-schema';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
  /** Crossings added by this batch. */
  crossings: number;
  /** Crossings this batch's late points showed to be false (moved to crossings_retracted). */
  retractedCrossings: number;
}

interface InsertedRow {
  id: number;
  event_id: string;
  camera_id: string;
  observed_at: string;
  /** PostgreSQL's own text of observed_at (microseconds kept): the snapshot's partition key. */
  observed_at_text: string;
  class: LiveDetection['class'];
  confidence: number;
  count: number;
  track_id: string | null;
  side: LiveDetection['side'];
  province_code: string;
  agency_id: string | null;
  lon: number;
  lat: number;
  /** The stored point as EWKB (hex), exact. */
  ewkb: string;
}

/** An event ready to store: validated, its position resolved, its place in the batch kept. */
interface Row {
  index: number;
  event_id: string;
  camera_id: string;
  observed_at: string;
  class: string;
  confidence: number;
  count: number;
  track_id: string | null;
  lon: number;
  lat: number;
  snapshot: string | null;
}

export interface IngestOptions {
  now?: number;
  /** Classes whose hotspot crossings raise alerts (default: the HOTSPOT_ALERT_CLASSES setting). */
  alertClasses?: readonly DetectionClass[];
  /**
   * Loading history (the demo's simulated past): alerts count as raised when their crossing
   * happened, as a live system would have raised them, not when the history was loaded.
   */
  backfill?: boolean;
}

/**
 * Validates each event on its own, resolves positions given as bearing + range from the
 * camera, then stores the valid ones with their enrichment and crossings in one transaction.
 * If PostgreSQL refuses a value that validation let through, the batch is split until the
 * refused events are isolated: they are rejected with the database's reason and the rest are
 * stored, so one bad event can never make a device resend a batch forever.
 */
export async function ingestEvents(database: Database, device: Device, raw: unknown[], options: IngestOptions = {}): Promise<IngestResult> {
  const now = options.now ?? Date.now();
  const policy: AlertPolicy = { classes: options.alertClasses ?? getSettings().HOTSPOT_ALERT_CLASSES, raisedAtEvent: options.backfill ?? false };
  const { valid, rejected } = validateEvents(raw, device.cameraIds, now);
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected, crossings: 0, retractedCrossings: 0 };
  if (valid.length > 0) {
    const cameraIds = [...new Set(valid.map((v) => v.event.cameraId))];
    const known = await database.db
      .select({ id: cameras.id, lon: sql<number>`ST_X(${cameras.geom})`, lat: sql<number>`ST_Y(${cameras.geom})`, retiredAt: cameras.retiredAt })
      .from(cameras)
      .where(inArray(cameras.id, cameraIds));
    const byId = new Map(known.filter((c) => !c.retiredAt).map((c) => [c.id, c]));
    const rows: Row[] = [];
    for (const { index, event } of valid) {
      const camera = byId.get(event.cameraId);
      if (!camera) {
        rejected.push({ index, id: event.id, reason: 'unknown or retired camera' });
        continue;
      }
      const [lon, lat] = 'lat' in event.position ? [event.position.lon, event.position.lat] : destinationPoint([camera.lon, camera.lat], event.position.bearingDeg, event.position.rangeM);
      rows.push({
        index,
        event_id: event.id,
        camera_id: event.cameraId,
        observed_at: event.observedAt,
        class: event.class,
        confidence: event.confidence,
        count: event.count,
        track_id: event.trackId ?? null,
        lon,
        lat,
        snapshot: event.snapshot ?? null,
      });
    }
    // One row per event id: a batch naming an id twice (even at two times) stores its first.
    const seen = new Set<string>();
    const unique = rows.filter((r) => !seen.has(r.event_id) && seen.add(r.event_id));
    result.duplicates += rows.length - unique.length;
    await storeIsolatingRefused(database, device, unique, { ...policy, now }, result);
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

/** The alert policy, and the ingest clock the duplicate search is bounded by. */
type StorePolicy = AlertPolicy & { now: number };

/** Stores rows in one transaction; when the database refuses the data, halves the batch until the refused rows stand alone. */
async function storeIsolatingRefused(database: Database, device: Device, rows: Row[], policy: StorePolicy, result: IngestResult): Promise<void> {
  if (rows.length === 0) return;
  try {
    const stored = await database.bulk(() => database.db.transaction((tx) => storeBatch(tx, device, rows, policy)));
    result.accepted += stored.accepted;
    result.duplicates += stored.duplicates;
    result.crossings += stored.crossings;
    result.retractedCrossings += stored.retractedCrossings;
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (rows.length === 1) {
      result.rejected.push({ index: rows[0]!.index, id: rows[0]!.event_id, reason: `refused by the database: ${dataErrorMessage(err)}` });
      return;
    }
    const half = Math.ceil(rows.length / 2);
    await storeIsolatingRefused(database, device, rows.slice(0, half), policy, result);
    await storeIsolatingRefused(database, device, rows.slice(half), policy, result);
  }
}

async function storeBatch(tx: Db, device: Device, rows: Row[], policy: StorePolicy) {
  const input = rows.map(({ index: _index, snapshot: _snapshot, ...r }) => r);
  const inserted = rowsOf<InsertedRow>(
    await tx.execute(sql`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
          AS x(event_id text, camera_id uuid, observed_at timestamptz, class detection_class, confidence real, count int, track_id text, lon float8, lat float8)
        -- The key is (device, event id, time), as partitioning requires; an id the device already
        -- used at another time is a duplicate too. Only the window events may arrive in is
        -- searched, so this probes one or two months' partitions, not every month's. OFFSET 0
        -- keeps it a probe of the key's index per event: as an anti join (what the planner picks
        -- while a month's statistics say it is nearly empty) it read every row of the device in
        -- the window, 55,000 rows (45 ms) a batch after the first minute of a benchmark.
        WHERE NOT EXISTS (
          SELECT 1 FROM detections d
          WHERE d.device_id = ${device.id} AND d.event_id = x.event_id AND d.observed_at <> x.observed_at
            AND d.observed_at >= ${new Date(policy.now - MAX_AGE_MS - 86_400_000).toISOString()}::timestamptz
            AND d.observed_at <= ${new Date(policy.now + MAX_FUTURE_MS).toISOString()}::timestamptz
          OFFSET 0)
      ), ins AS (
        INSERT INTO detections (device_id, event_id, camera_id, observed_at, class, confidence, count, track_id,
                                side, border_distance_m, zone_ids, province_code, agency_id, geom)
        SELECT ${device.id}, i.event_id, i.camera_id, i.observed_at, i.class, i.confidence, i.count, i.track_id,
               bs.side, bs.distance_m,
               (SELECT jsonb_agg(z.id) FROM zones z WHERE z.retired_at IS NULL AND z.geom && g.p AND ST_Contains(z.geom, g.p)),
               c.province_code, c.agency_id, g.p
        FROM input i
        JOIN cameras c ON c.id = i.camera_id
        CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326) AS p) g
        LEFT JOIN LATERAL border_side_at(g.p) bs ON true
        ON CONFLICT (device_id, event_id, observed_at) DO NOTHING
        RETURNING id, event_id, camera_id, observed_at, class, confidence, count, track_id, side, province_code, agency_id, geom
      ), pending AS (
        INSERT INTO detection_cells_pending (hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
        ${listCellCounts(sql`ins`)}
      )
      SELECT id, event_id, camera_id, observed_at, observed_at::text AS observed_at_text, class, confidence, count, track_id, side, province_code, agency_id,
             ST_X(geom) AS lon, ST_Y(geom) AS lat, geom::text AS ewkb
      FROM ins`),
  );
  let changes = { added: 0, retracted: 0 };
  if (inserted.length > 0) {
    const snapshots = new Map(rows.filter((r) => r.snapshot).map((r) => [r.event_id, r.snapshot!]));
    await storeSnapshots(tx, inserted, snapshots);
    await publishDetections(tx, inserted);
    // The tracks' locks are taken only now, after the insert and its enrichment (most of a
    // batch's time), so concurrent batches sharing a track enrich in parallel and queue only
    // to pair. Pairing is all that reads a track's other points, and it runs under the locks:
    // a batch that takes them after another has committed reads that one's points with its
    // next statement (read committed), and one that takes them first leaves the pairing of its
    // points with the other's to the other.
    await lockTracks(tx, inserted.filter((r) => r.track_id !== null).map((r) => ({ cameraId: r.camera_id, trackId: r.track_id! })));
    const points: StoredPoint[] = inserted.map((r) => ({
      id: Number(r.id),
      device_id: device.id,
      camera_id: r.camera_id,
      track_id: r.track_id,
      observed_at: r.observed_at_text,
      event_id: r.event_id,
      side: r.side,
      class: r.class,
      count: r.count,
      province_code: r.province_code,
      agency_id: r.agency_id,
      geom: r.ewkb,
    }));
    changes = await updateCrossings(tx, points, policy);
  }
  return { accepted: inserted.length, duplicates: rows.length - inserted.length, crossings: changes.added, retractedCrossings: changes.retracted };
}

/** Snapshots of the events that were new in this batch (a retried event keeps its first one). */
async function storeSnapshots(tx: Db, inserted: InsertedRow[], snapshots: Map<string, string>): Promise<void> {
  const items = inserted.filter((r) => snapshots.has(r.event_id)).map((r) => ({ id: r.id, at: r.observed_at_text, b64: snapshots.get(r.event_id)! }));
  if (items.length === 0) return;
  await tx.execute(sql`
    INSERT INTO detection_snapshots (detection_id, observed_at, jpeg, bytes)
    SELECT x.id, x.at::timestamptz, decode(x.b64, 'base64'), length(decode(x.b64, 'base64'))
    FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(id bigint, at text, b64 text)`);
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
