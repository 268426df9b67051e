// AI detections and border crossings as devices report them, their snapshots, and the rollups heatmaps read.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid, type ExtraConfigColumn, type PgColumnBuilderBase } from 'drizzle-orm/pg-core';
import { DETECTION_CLASSES } from '../../lib/domain/detections';
import { users } from './accounts';
import { cameras } from './cameras';
import { bytea, decileCounts, geometry } from './columns';

export const detectionClassEnum = pgEnum('detection_class', DETECTION_CLASSES);

export const borderSideEnum = pgEnum('border_side', ['vn', 'cn', 'sea']);

export const crossingDirectionEnum = pgEnum('crossing_direction', ['into_vn', 'out_of_vn']);

/** An AI camera or edge box that pushes detections, with its hashed API key. */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The cameras this device may report for. */
    cameraIds: jsonb('camera_ids').$type<string[]>().notNull(),
    /** First characters of the key, to recognise it in lists; the key itself is never stored. */
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('devices_key_hash_key').on(t.keyHash)],
);

/**
 * One AI detection, enriched in PostGIS when it is inserted. Partitioned by month of
 * observed_at (migration 0035: detections_YYYY_MM, made ahead by vigil_make_detection_partitions;
 * detections_kept, the default partition, holds the evidence of months retention dropped), so a
 * period's queries touch only its months and retention drops whole months. Drizzle does not
 * model partitioning: the key and indexes here are the parent's.
 */
export const detections = pgTable(
  'detections',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    deviceId: uuid('device_id').notNull().references(() => devices.id),
    /** The device's own id for the event: a retried batch never duplicates it. */
    eventId: text('event_id').notNull(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id),
    observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    class: detectionClassEnum('class').notNull(),
    confidence: real('confidence').notNull(),
    count: integer('count').notNull().default(1),
    trackId: text('track_id'),
    side: borderSideEnum('side'),
    borderDistanceM: real('border_distance_m'),
    zoneIds: jsonb('zone_ids').$type<string[]>(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    // A partitioned table's keys include its partition column; id alone is unique by its sequence.
    primaryKey({ name: 'detections_pkey', columns: [t.id, t.observedAt] }),
    // Ingest also refuses an event id the device used before at another time (lib/detections/ingest.ts).
    uniqueIndex('detections_device_event_key').on(t.deviceId, t.eventId, t.observedAt),
    // Keyset pagination for the events page: (observed_at, id) in both filters and order.
    index('detections_observed_id_idx').on(t.observedAt, t.id),
    index('detections_camera_observed_idx').on(t.cameraId, t.observedAt, t.id),
    index('detections_zones_idx').using('gin', t.zoneIds),
    // A track's points in their one order, which does not depend on arrival: time, then the
    // device's event id (byte order, the same on every engine), then the device. Crossings pair
    // neighbours in this order.
    index('detections_track_order_idx').on(t.cameraId, t.trackId, t.observedAt, sql`${t.eventId} COLLATE "C"`, t.deviceId),
    index('detections_geom_idx').using('gist', t.geom),
  ],
);

/** Two consecutive points of one track on opposite sides of the border line. */
export const crossings = pgTable(
  'crossings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign key: detections are partitioned (a key would need their time too). Both points
    // are kept for as long as the crossing (retention keeps crossed tracks whole).
    fromDetectionId: bigint('from_detection_id', { mode: 'number' }).notNull(),
    toDetectionId: bigint('to_detection_id', { mode: 'number' }).notNull(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id),
    trackId: text('track_id').notNull(),
    direction: crossingDirectionEnum('direction').notNull(),
    crossedAt: timestamp('crossed_at', { withTimezone: true }).notNull(),
    class: detectionClassEnum('class').notNull(),
    count: integer('count').notNull(),
    zoneIds: jsonb('zone_ids').$type<string[]>(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    uniqueIndex('crossings_pair_key').on(t.fromDetectionId, t.toDetectionId),
    index('crossings_crossed_id_idx').on(t.crossedAt, t.id),
    index('crossings_track_idx').on(t.cameraId, t.trackId),
    index('crossings_geom_idx').using('gist', t.geom),
  ],
);

/**
 * Crossings that stopped being true: a point that arrived late fell between the two points of
 * the pair, so they were no longer consecutive. Moved here from `crossings` (which holds only
 * what is true now) with when and why, so the history stays auditable.
 */
export const crossingsRetracted = pgTable(
  'crossings_retracted',
  {
    /** The id the crossing had (alerts and live events refer to it). */
    id: bigint('id', { mode: 'number' }).primaryKey(),
    fromDetectionId: bigint('from_detection_id', { mode: 'number' }).notNull(),
    toDetectionId: bigint('to_detection_id', { mode: 'number' }).notNull(),
    cameraId: uuid('camera_id').notNull(),
    trackId: text('track_id').notNull(),
    direction: crossingDirectionEnum('direction').notNull(),
    crossedAt: timestamp('crossed_at', { withTimezone: true }).notNull(),
    class: detectionClassEnum('class').notNull(),
    count: integer('count').notNull(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    geom: geometry('geom', 'Point').notNull(),
    retractedAt: timestamp('retracted_at', { withTimezone: true }).notNull().defaultNow(),
    /** The late detection that fell between the pair's points. */
    splitByDetectionId: bigint('split_by_detection_id', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('crossings_retracted_at_idx').on(t.retractedAt)],
);

/**
 * A JPEG a device sent with a detection: kept apart so detection scans never read image bytes.
 * Partitioned by month like detections (its detection's observed_at), dropped with its month.
 */
export const detectionSnapshots = pgTable(
  'detection_snapshots',
  {
    detectionId: bigint('detection_id', { mode: 'number' }).notNull(),
    observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
    jpeg: bytea('jpeg').notNull(),
    bytes: integer('bytes').notNull(),
  },
  (t) => [primaryKey({ name: 'detection_snapshots_pkey', columns: [t.detectionId, t.observedAt] })],
);

/**
 * The rollups heatmaps and counts read instead of the detections: each counts detections per
 * period (an hour, or a local day split into day and night), camera and class, and per ~200 m
 * or ~1 km cell or per zone, keeping how many had each confidence decile. One definition, so
 * the five tables cannot drift apart; the key's columns are its primary key, in order.
 */
function rollupTable(name: string, period: 'hour' | 'day', by: 'cell' | 'zone') {
  const periodColumns: Record<string, PgColumnBuilderBase> =
    period === 'hour'
      ? { hour: timestamp('hour', { withTimezone: true }).notNull() }
      : {
          day: date('day').notNull(),
          /** 18:00–05:59 Asia/Ho_Chi_Minh (lib/domain/detections NIGHT_FROM_HOUR/NIGHT_TO_HOUR). */
          night: boolean('night').notNull(),
        };
  // Typed loosely: no query reads these tables through drizzle's builder, only through SQL.
  const key: Record<string, PgColumnBuilderBase> = {
    ...periodColumns,
    ...(by === 'zone' ? { zoneId: uuid('zone_id').notNull() } : {}),
    cameraId: uuid('camera_id').notNull(),
    class: detectionClassEnum('class').notNull(),
    ...(by === 'cell' ? { cellX: integer('cell_x').notNull(), cellY: integer('cell_y').notNull() } : {}),
  };
  return pgTable(name, { ...key, ...decileCounts() }, (t) => {
    const columns = t as unknown as Record<string, ExtraConfigColumn>;
    const [first, ...rest] = Object.keys(key).map((k) => columns[k]!);
    return [primaryKey({ columns: [first!, ...rest] })];
  });
}

/** Per hour and ~200 m cell (fed from detection_cells_pending): heatmaps over months read thousands of rows, not millions. */
export const detectionCellsHourly = rollupTable('detection_cells_hourly', 'hour', 'cell');
/** Per hour and ~1 km cell (0.01°): province-wide views of hours and days. */
export const detectionCellsHourlyCoarse = rollupTable('detection_cells_hourly_coarse', 'hour', 'cell');
/** Per hour and zone: per-zone counts and their hourly series. */
export const detectionZonesHourly = rollupTable('detection_zones_hourly', 'hour', 'zone');
/** Per local day, day/night and ~1 km cell: what heatmaps of weeks and months read. */
export const detectionCellsDaily = rollupTable('detection_cells_daily', 'day', 'cell');
/** Per local day, day/night and zone: the per-zone counts of long periods. */
export const detectionZonesDaily = rollupTable('detection_zones_daily', 'day', 'zone');

/**
 * Cell counts of recent ingest batches, appended without locks (concurrent batches would
 * otherwise queue on the same hot cells) and folded into detection_cells_hourly every few
 * seconds by a job. Readers use the detection_cells view, the sum of both, so they are exact.
 */
export const detectionCellsPending = pgTable('detection_cells_pending', {
  hour: timestamp('hour', { withTimezone: true }).notNull(),
  cameraId: uuid('camera_id').notNull(),
  class: detectionClassEnum('class').notNull(),
  cellX: integer('cell_x').notNull(),
  cellY: integer('cell_y').notNull(),
  ...decileCounts(),
});
