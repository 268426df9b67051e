import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { CELL_DEG, DECILE_SQL } from '@/db/queries/detection-cells';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';
import { bucketFor, cellSizeDeg, NIGHT_FROM_HOUR, NIGHT_TO_HOUR, type EventFilter } from '@/lib/domain/detections';
import { DAY_MS, LOCAL_OFFSET_MS, localDateOf, localDayStart } from '@/lib/domain/local-time';

// Queries behind the heatmap, the events page and exports. Every function takes the caller's
// scope (lib/auth/permissions scopeFor) and applies it in SQL.

export type { Scope } from '@/db/queries/scope';

export type EventSource = 'detections' | 'crossings';

/** Below this many events the heatmap gets the points themselves; above it, counted cells. */
export const POINTS_LIMIT = 3_000;

const TZ = 'Asia/Ho_Chi_Minh';


function nightSql(ts: SQL, daynight: EventFilter['daynight']): SQL[] {
  if (daynight === 'all') return [];
  const hour = sql`extract(hour from (${ts}) AT TIME ZONE ${TZ})`;
  const night = sql`(${hour} >= ${NIGHT_FROM_HOUR} OR ${hour} < ${NIGHT_TO_HOUR})`;
  return [daynight === 'night' ? night : sql`NOT ${night}`];
}

const and = allOf;

/** Conditions on raw detections (alias d) or crossings (alias c). */
export function rawConditions(source: EventSource, scope: Scope, f: EventFilter): SQL {
  const a = source === 'detections' ? 'd' : 'c';
  const time = sql.raw(source === 'detections' ? 'd.observed_at' : 'c.crossed_at');
  const parts = [sql`${time} >= ${f.from}`, sql`${time} < ${f.to}`, ...scopeConditions(scope, a), ...nightSql(time, f.daynight)];
  if (f.class) parts.push(sql`${sql.raw(a)}.class::text IN (${sql.join(f.class.map((c) => sql`${c}`), sql`, `)})`);
  if (f.camera) parts.push(sql`${sql.raw(a)}.camera_id = ${f.camera}`);
  if (f.zone) parts.push(sql`${sql.raw(a)}.zone_ids @> ${JSON.stringify([f.zone])}::jsonb`);
  if (source === 'detections' && f.minConfidence > 0) parts.push(sql`${sql.raw(DECILE_SQL.replace('confidence', 'd.confidence'))} >= ${Math.round(f.minConfidence * 10)}`);
  if (source === 'crossings' && f.direction) parts.push(sql`c.direction = ${f.direction}`);
  return and(parts);
}

export interface HeatmapResult {
  source: EventSource;
  mode: 'points' | 'cells';
  /** Cell width in degrees (cells mode). */
  cellDeg: number;
  bucket: 'hour' | 'day';
  total: number;
  /** [lon, lat, bucket start (epoch seconds), weight] */
  items: [number, number, number, number][];
  byBucket: { t: number; n: number }[];
  byZone: { id: string; name: string; kind: string; n: number }[];
}

/**
 * Where events concentrate, for a heatmap with playback: raw points when there are few, cells
 * sized to the zoom when there are many. Detections are read from the rollups kept at ingest
 * (a month of millions of rows reads thousands of counts; a period's first hour is counted
 * whole); crossings, far fewer, are read raw.
 */
export async function heatmap(database: Database, scope: Scope, f: EventFilter, source: EventSource, zoom: number): Promise<HeatmapResult> {
  const bucket = bucketFor(f.from, f.to);
  const bucketSql = (ts: SQL) => (bucket === 'hour' ? sql`date_trunc('hour', ${ts})` : sql`date_trunc('day', (${ts}) AT TIME ZONE ${TZ}) AT TIME ZONE ${TZ}`);
  const n = sql.raw(`r.n${Math.round(f.minConfidence * 10)}`);
  // The coarsest counts that still resolve what is shown: ~1 km cells when the cells drawn are
  // at least that wide (and no zone is chosen: a zone's cells are picked at 200 m), daily ones
  // for whole days of long periods, hourly ones for the rest.
  const coarse = source === 'detections' && !f.zone && cellSizeDeg(zoom, CELL_DEG) >= COARSE_CELL_DEG;
  const cellDeg = cellSizeDeg(zoom, coarse ? COARSE_CELL_DEG : CELL_DEG);
  const days = source === 'detections' && bucket === 'day' ? wholeDays(f.from, f.to) : null;
  const hourStart = sql`date_trunc('hour', ${f.from}::timestamptz)`;
  const to = sql`${f.to}::timestamptz`;
  const common = [
    ...scopeConditions(scope, 'c'),
    ...(f.class ? [sql`r.class::text IN (${sql.join(f.class.map((c) => sql`${c}`), sql`, `)})`] : []),
    ...(f.camera ? [sql`r.camera_id = ${f.camera}`] : []),
  ];
  /** Hourly rows (column `hour`) in [from, to). */
  const hours = (from: SQL, until: SQL, extra: SQL[] = []) => and([sql`r.hour >= ${from}`, sql`r.hour < ${until}`, ...nightSql(sql`r.hour`, f.daynight), ...common, ...extra]);
  /** Hourly rows of the whole range, or only of the part days at its ends when whole days are read from the daily counts. */
  const hourRanges = (extra: SQL[] = []) => (days ? sql`(${hours(hourStart, days.firstStart, extra)} OR ${hours(days.endStart, to, extra)})` : hours(hourStart, to, extra));
  const dayRows = () => and([sql`r.day >= ${days!.first}::date`, sql`r.day < ${days!.end}::date`, ...(f.daynight === 'all' ? [] : [sql`r.night = ${f.daynight === 'night'}`]), ...common]);
  const centre = (deg: number) => sql.raw(`(r.cell_x + 0.5) * ${deg}::float8 AS lon, (r.cell_y + 0.5) * ${deg}::float8 AS lat`);
  const zoneCell = f.zone
    ? [
        sql`EXISTS (SELECT 1 FROM zones z WHERE z.id = ${f.zone}
              AND ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint((r.cell_x + 0.5) * ${CELL_DEG}::float8, (r.cell_y + 0.5) * ${CELL_DEG}::float8), 4326)))`,
      ]
    : [];

  // Counted cells (lon, lat, ts, n): the rollups for detections, raw rows for crossings.
  let cells: SQL;
  if (source === 'crossings') {
    cells = sql`SELECT ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, c.crossed_at AS ts, 1 AS n FROM crossings c WHERE ${rawConditions('crossings', scope, f)}`;
  } else if (!coarse) {
    cells = sql`SELECT ${centre(CELL_DEG)}, r.hour AS ts, ${n} AS n FROM detection_cells r JOIN cameras c ON c.id = r.camera_id WHERE ${hours(hourStart, to, zoneCell)}`;
  } else {
    cells = sql`SELECT ${centre(COARSE_CELL_DEG)}, r.hour AS ts, ${n} AS n FROM detection_cells_coarse_all r JOIN cameras c ON c.id = r.camera_id WHERE ${hourRanges()}`;
    if (days) {
      cells = sql`${cells}
        UNION ALL
        SELECT ${centre(COARSE_CELL_DEG)}, (r.day::timestamp AT TIME ZONE ${TZ}) AS ts, ${n} AS n
        FROM detection_cells_daily_all r JOIN cameras c ON c.id = r.camera_id WHERE ${dayRows()}`;
    }
  }

  // Zone counts: detections from the per-zone counts (zones of 200 m cells), crossings by their point.
  const zoneFilter = scope.agencyId ? sql`AND z.agency_id = ${scope.agencyId}` : sql``;
  const zoneRows =
    source === 'crossings'
      ? sql`SELECT z.id AS zone_id, 1 AS n FROM crossings c JOIN zones z ON c.zone_ids ? z.id::text WHERE ${rawConditions('crossings', scope, f)}`
      : days
        ? sql`SELECT r.zone_id, ${n} AS n FROM detection_zones_hourly_all r JOIN cameras c ON c.id = r.camera_id WHERE ${hourRanges(f.zone ? [sql`r.zone_id = ${f.zone}`] : [])}
              UNION ALL
              SELECT r.zone_id, ${n} FROM detection_zones_daily_all r JOIN cameras c ON c.id = r.camera_id WHERE ${dayRows()} ${f.zone ? sql`AND r.zone_id = ${f.zone}` : sql``}`
        : sql`SELECT r.zone_id, ${n} AS n FROM detection_zones_hourly_all r JOIN cameras c ON c.id = r.camera_id WHERE ${hours(hourStart, to, f.zone ? [sql`r.zone_id = ${f.zone}`] : [])}`;
  const byZoneSql = sql`
    SELECT z.id, z.name, z.kind::text AS kind, sum(q.n)::float8 AS n
    FROM (${zoneRows}) q JOIN zones z ON z.id = q.zone_id ${zoneFilter}
    GROUP BY z.id, z.name, z.kind HAVING sum(q.n) > 0 ORDER BY n DESC LIMIT 20`;

  // One scan of the counted cells yields the total, the series, the zoom-sized cells and the
  // zone counts; only a small total sends the caller back for the points themselves.
  const [agg] = await database.rows<{ total: string | null; by_bucket: [number, number][] | null; cells: [number, number, number, number][] | null; by_zone: HeatmapResult['byZone'] | null }>(sql`
    WITH x AS MATERIALIZED (SELECT * FROM (${cells}) c WHERE n > 0)
    SELECT
      (SELECT sum(n) FROM x) AS total,
      (SELECT jsonb_agg(jsonb_build_array(t, n) ORDER BY t) FROM (
         SELECT extract(epoch from ${bucketSql(sql`ts`)})::float8 AS t, sum(n)::float8 AS n FROM x GROUP BY 1) b) AS by_bucket,
      (SELECT jsonb_agg(jsonb_build_array(lon, lat, t, n)) FROM (
         SELECT round(((floor(lon / ${cellDeg}::float8) + 0.5) * ${cellDeg}::float8)::numeric, 6)::float8 AS lon,
                round(((floor(lat / ${cellDeg}::float8) + 0.5) * ${cellDeg}::float8)::numeric, 6)::float8 AS lat,
                extract(epoch from ${bucketSql(sql`ts`)})::float8 AS t, sum(n)::float8 AS n
         FROM x GROUP BY 1, 2, 3) g) AS cells,
      (SELECT jsonb_agg(jsonb_build_object('id', id, 'name', name, 'kind', kind, 'n', n) ORDER BY n DESC) FROM (${byZoneSql}) zc) AS by_zone`);
  const total = Number(agg?.total ?? 0);

  let items: HeatmapResult['items'] = agg?.cells ?? [];
  let mode: HeatmapResult['mode'] = 'cells';
  if (total <= POINTS_LIMIT) {
    mode = 'points';
    const points =
      source === 'detections'
        ? sql`SELECT ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat, d.observed_at AS ts FROM detections d WHERE ${rawConditions('detections', scope, f)}`
        : sql`SELECT ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, c.crossed_at AS ts FROM crossings c WHERE ${rawConditions('crossings', scope, f)}`;
    const rows = await database.rows<{ lon: number; lat: number; t: number }>(
      sql`SELECT lon, lat, extract(epoch from ${bucketSql(sql`ts`)})::float8 AS t FROM (${points}) p LIMIT ${POINTS_LIMIT * 2}`,
    );
    items = rows.map((r) => [round6(r.lon), round6(r.lat), Number(r.t), 1]);
  }

  return {
    source,
    mode,
    cellDeg,
    bucket,
    total,
    items,
    byBucket: fillBuckets(agg?.by_bucket ?? [], f.from, f.to, bucket),
    byZone: agg?.by_zone ?? [],
  };
}

/**
 * Every bucket of the period, empty ones included, so playback keeps time: an hour with
 * nothing in it is shown as such, not skipped. Days start at local midnight (UTC+7, no DST).
 */
function fillBuckets(counts: [number, number][], from: Date, to: Date, bucket: 'hour' | 'day'): { t: number; n: number }[] {
  const step = bucket === 'hour' ? 3_600 : 86_400;
  const offset = bucket === 'hour' ? 0 : LOCAL_OFFSET_MS / 1000;
  const byT = new Map(counts.map(([t, n]) => [t, n]));
  const first = Math.floor((from.getTime() / 1000 + offset) / step) * step - offset;
  const out: { t: number; n: number }[] = [];
  for (let t = first; t < to.getTime() / 1000; t += step) out.push({ t, n: byT.get(t) ?? 0 });
  return out;
}

/** Cell size of the coarse counts (five 200 m cells across, ~1 km). */
const COARSE_CELL_DEG = 0.01;

/**
 * The whole local days inside [from, to): the first and the end (exclusive) as dates, and
 * where they start; null when there are none.
 */
function wholeDays(from: Date, to: Date): { first: string; end: string; firstStart: SQL; endStart: SQL } | null {
  const dayStart = localDayStart;
  const firstStart = dayStart(from.getTime()) === from.getTime() ? from.getTime() : dayStart(from.getTime()) + DAY_MS;
  const endStart = dayStart(to.getTime());
  if (firstStart >= endStart) return null;
  const date = localDateOf;
  return { first: date(firstStart), end: date(endStart), firstStart: sql`${new Date(firstStart)}::timestamptz`, endStart: sql`${new Date(endStart)}::timestamptz` };
}

const round6 = (n: number) => Math.round(Number(n) * 1e6) / 1e6;
export interface EventRow {
  id: number;
  kind: EventSource;
  at: string;
  cameraId: string;
  cameraName: string;
  class: string;
  count: number;
  /** Detections only. */
  confidence: number | null;
  side: string | null;
  borderDistanceM: number | null;
  hasSnapshot: boolean;
  /** Crossings only. */
  direction: string | null;
  /** Crossings only: it raised a hotspot alert. */
  alerted: boolean;
  trackId: string | null;
  zones: string | null;
  lon: number;
  lat: number;
}

/** An opaque position in a newest-first list: the time and id of the last row shown. */
export function encodeCursor(row: { at: string; id: number }): string {
  return Buffer.from(`${new Date(row.at).toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: number } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  const n = Number(id);
  return Number.isNaN(date.getTime()) || !Number.isSafeInteger(n) ? null : { at: date, id: n };
}

function selectEvents(source: EventSource): SQL {
  return source === 'detections'
    ? sql`
      SELECT d.id, 'detections' AS kind, d.observed_at AS at, d.camera_id AS "cameraId", cam.name AS "cameraName", d.class::text AS class, d.count,
             d.confidence, d.side::text AS side, round(d.border_distance_m) AS "borderDistanceM",
             EXISTS (SELECT 1 FROM detection_snapshots s WHERE s.detection_id = d.id AND s.observed_at = d.observed_at) AS "hasSnapshot",
             NULL::text AS direction, false AS alerted, d.track_id AS "trackId",
             (SELECT string_agg(z.name, ', ' ORDER BY z.name) FROM zones z WHERE d.zone_ids ? z.id::text) AS zones,
             ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat
      FROM detections d JOIN cameras cam ON cam.id = d.camera_id`
    : sql`
      SELECT c.id, 'crossings' AS kind, c.crossed_at AS at, c.camera_id AS "cameraId", cam.name AS "cameraName", c.class::text AS class, c.count,
             NULL::real AS confidence, NULL::text AS side, NULL::real AS "borderDistanceM", false AS "hasSnapshot",
             c.direction::text AS direction, EXISTS (SELECT 1 FROM alerts a WHERE a.crossing_id = c.id) AS alerted, c.track_id AS "trackId",
             (SELECT string_agg(z.name, ', ' ORDER BY z.name) FROM zones z WHERE c.zone_ids ? z.id::text) AS zones,
             ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat
      FROM crossings c JOIN cameras cam ON cam.id = c.camera_id`;
}

/**
 * One page of detections or crossings, newest first, after `cursor`. Keyset pagination on
 * (time, id) uses the (time, id) index, so page 10,000 costs what page 1 does.
 */
export async function listActivity(
  database: Database,
  scope: Scope,
  f: EventFilter,
  source: EventSource,
  options: { cursor?: { at: Date; id: number } | null; limit: number },
): Promise<{ rows: EventRow[]; next: string | null }> {
  const a = source === 'detections' ? 'd' : 'c';
  const time = sql.raw(source === 'detections' ? 'd.observed_at' : 'c.crossed_at');
  const after = options.cursor ? sql`AND (${time}, ${sql.raw(a)}.id) < (${options.cursor.at}, ${options.cursor.id})` : sql``;
  const rows = await database.rows<EventRow>(sql`
    ${selectEvents(source)}
    WHERE ${rawConditions(source, scope, f)} ${after}
    ORDER BY ${time} DESC, ${sql.raw(a)}.id DESC
    LIMIT ${options.limit + 1}`);
  const page = rows.slice(0, options.limit).map(normaliseRow);
  const last = page.at(-1);
  return { rows: page, next: rows.length > options.limit && last ? encodeCursor(last) : null };
}

/** How many rows a filter matches (for an export's progress bar), counted up to `cap`. */
export async function countEvents(database: Database, scope: Scope, f: EventFilter, source: EventSource, cap: number): Promise<number> {
  const table = source === 'detections' ? sql`detections d` : sql`crossings c`;
  const [row] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} WHERE ${rawConditions(source, scope, f)} LIMIT ${cap}) x`);
  return row?.n ?? 0;
}

function normaliseRow(r: EventRow): EventRow {
  return {
    ...r,
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    count: Number(r.count),
    confidence: r.confidence === null ? null : Math.round(Number(r.confidence) * 1000) / 1000,
    borderDistanceM: r.borderDistanceM === null ? null : Number(r.borderDistanceM),
    lon: round6(r.lon),
    lat: round6(r.lat),
  };
}

export interface EventDetail {
  event: EventRow;
  /** The whole track this event belongs to (same camera and track id), oldest first. */
  track: { id: number; at: string; lon: number; lat: number; side: string | null }[];
  crossings: { id: number; at: string; direction: string; lon: number; lat: number }[];
}

/** One detection or crossing with its track, or null when it does not exist or is outside the scope. */
export async function getEventDetail(database: Database, scope: Scope, source: EventSource, id: number): Promise<EventDetail | null> {
  const a = source === 'detections' ? 'd' : 'c';
  const [row] = await database.rows<EventRow>(sql`
    ${selectEvents(source)}
    WHERE ${sql.raw(a)}.id = ${id} AND ${and(scopeConditions(scope, a))}`);
  if (!row) return null;
  const event = normaliseRow(row);
  if (!event.trackId) return { event, track: [{ id: event.id, at: event.at, lon: event.lon, lat: event.lat, side: event.side }], crossings: [] };
  const track = await database.rows<{ id: number; at: string; lon: number; lat: number; side: string | null }>(sql`
    SELECT id, observed_at AS at, ST_X(geom) AS lon, ST_Y(geom) AS lat, side::text AS side FROM detections
    WHERE camera_id = ${event.cameraId} AND track_id = ${event.trackId} ORDER BY observed_at, id LIMIT 2000`);
  const crossings = await database.rows<{ id: number; at: string; direction: string; lon: number; lat: number }>(sql`
    SELECT id, crossed_at AS at, direction::text AS direction, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM crossings
    WHERE camera_id = ${event.cameraId} AND track_id = ${event.trackId} ORDER BY crossed_at, id`);
  const fix = <T extends { id: number; at: string; lon: number; lat: number }>(r: T): T => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString(), lon: round6(r.lon), lat: round6(r.lat) });
  return { event, track: track.map(fix), crossings: crossings.map(fix) };
}

/** Which of these detections have a snapshot (at most `limit`, lowest ids first). */
export async function listSnapshotIds(database: Database, detectionIds: readonly number[], limit: number): Promise<number[]> {
  if (detectionIds.length === 0) return [];
  const rows = await database.rows<{ id: number }>(sql`
    SELECT detection_id AS id FROM detection_snapshots WHERE detection_id = ANY(${`{${detectionIds.join(',')}}`}::bigint[]) ORDER BY detection_id LIMIT ${limit}`);
  return rows.map((r) => Number(r.id));
}

/** A detection's snapshot, when it has one and the caller may see the detection. */
export async function getSnapshot(database: Database, scope: Scope, id: number): Promise<Buffer | null> {
  const [row] = await database.rows<{ jpeg: Buffer | Uint8Array }>(sql`
    SELECT s.jpeg FROM detection_snapshots s JOIN detections d ON d.id = s.detection_id AND d.observed_at = s.observed_at
    WHERE s.detection_id = ${id} AND ${and(scopeConditions(scope, 'd'))}`);
  return row ? Buffer.from(row.jpeg) : null;
}
