// Cameras, their status history, and operators' video walls.
import { bigint, bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { geometry, timestamps } from './columns';
import { mapObject } from './map-objects';
import { zones } from './planning';
import { quarantineFacilities } from './programme';

export const cameraKindEnum = pgEnum('camera_kind', ['fixed', 'ptz', 'ai']);

/** unsupported: reachable but not playable in a browser (not HLS, not live, or a codec browsers lack). */
export const cameraStatusEnum = pgEnum('camera_status', ['unknown', 'live', 'stalled', 'offline', 'unsupported']);

export const cameras = pgTable(
  'cameras',
  {
    ...mapObject,
    kind: cameraKindEnum('kind').notNull(),
    infrared: boolean('infrared').notNull().default(false),
    /** Degrees clockwise from north the camera faces. */
    bearingDeg: real('bearing_deg').notNull(),
    fovDeg: real('fov_deg').notNull(),
    rangeM: real('range_m').notNull(),
    /**
     * Reach at night; null derives it from rangeM (lib/coverage/ranges: infrared cameras keep
     * their reach, others see a fraction of it).
     */
    nightRangeM: real('night_range_m'),
    /** Upstream HLS URL (may embed credentials). Server-side only: never selected for a browser. */
    streamUrl: text('stream_url'),
    /** Optional HTTP Basic credentials for the upstream; write-only in the UI, never sent to a browser. */
    streamUsername: text('stream_username'),
    streamPassword: text('stream_password'),
    /** Health monitor state, so any instance can continue where another left off. */
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    /** Why the camera is not live, in the administrator's words (never shown to other users). */
    lastError: text('last_error'),
    /** The same reason as a code the interface translates (lib/video/probe CameraErrorCode). */
    lastErrorCode: text('last_error_code'),
    mediaSequence: bigint('media_sequence', { mode: 'number' }),
    sequenceChangedAt: timestamp('sequence_changed_at', { withTimezone: true }),
    zoneId: uuid('zone_id').references(() => zones.id, { onDelete: 'set null' }),
    facilityId: uuid('facility_id').references(() => quarantineFacilities.id, { onDelete: 'set null' }),
    status: cameraStatusEnum('status').notNull().default('unknown'),
    statusSince: timestamp('status_since', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    /**
     * Whether the recorder keeps this camera's video. null: the default rule (AI cameras in a
     * hotspot and facility cameras, db/queries/recordings); true/false: an administrator's choice.
     */
    record: boolean('record'),
    /** How long its recordings are kept; null: RECORDING_RETENTION_HOURS. */
    recordRetentionHours: integer('record_retention_hours'),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [uniqueIndex('cameras_code_key').on(t.code), index('cameras_geom_idx').using('gist', t.geom)],
);

/** Every change of a camera's status, so uptime can be computed for any period. */
export const cameraStatusChanges = pgTable(
  'camera_status_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id, { onDelete: 'cascade' }),
    status: cameraStatusEnum('status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    error: text('error'),
    errorCode: text('error_code'),
  },
  (t) => [index('camera_status_changes_camera_at_idx').on(t.cameraId, t.at)],
);

/** A user's saved video-wall layouts. */
export const videoWalls = pgTable(
  'video_walls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    layout: integer('layout').notNull(),
    cameraIds: jsonb('camera_ids').$type<(string | null)[]>().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_walls_user_name_key').on(t.userId, t.name)],
);

export type CameraKind = (typeof cameraKindEnum.enumValues)[number];

export type CameraStatus = (typeof cameraStatusEnum.enumValues)[number];
