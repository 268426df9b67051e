// Recorded video: the segments copied from each recording camera's upstream, the gaps between
// them, and the pins that keep an alert's clip past retention. The bytes live in the recording
// store (lib/recording/store), not in the database.
import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cameras } from './cameras';
import { alerts } from './operations';

/** One HLS segment as the camera sent it (no transcoding): where it is stored and the time it covers. */
export const recordingSegments = pgTable(
  'recording_segments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The upstream's media sequence number, to copy each segment once across polls and instances. */
    mediaSequence: bigint('media_sequence', { mode: 'number' }).notNull(),
    /** The key in the recording store. */
    storageKey: text('storage_key').notNull(),
    /** The fMP4 initialization section it needs (its own key in the store), null for MPEG-TS. */
    initKey: text('init_key'),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    /** SHA-256 of the bytes as received, so an evidence package can show they were not changed. */
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('recording_segments_camera_started_key').on(t.cameraId, t.startedAt),
    index('recording_segments_started_idx').on(t.startedAt),
  ],
);

/** A stretch the recorder could not record although it should have, and why (the camera's error code). */
export const recordingGaps = pgTable(
  'recording_gaps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id, { onDelete: 'cascade' }),
    fromAt: timestamp('from_at', { withTimezone: true, precision: 3 }).notNull(),
    toAt: timestamp('to_at', { withTimezone: true, precision: 3 }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [uniqueIndex('recording_gaps_camera_from_key').on(t.cameraId, t.fromAt)],
);

/**
 * Video kept past retention: an alert's clip (while the alert is open or marked as evidence)
 * or a stretch an administrator keeps. Deleted with its alert.
 */
export const recordingPins = pgTable(
  'recording_pins',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id, { onDelete: 'cascade' }),
    fromAt: timestamp('from_at', { withTimezone: true, precision: 3 }).notNull(),
    toAt: timestamp('to_at', { withTimezone: true, precision: 3 }).notNull(),
    alertId: uuid('alert_id').references(() => alerts.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recording_pins_camera_idx').on(t.cameraId, t.fromAt), uniqueIndex('recording_pins_alert_camera_key').on(t.alertId, t.cameraId)],
);
