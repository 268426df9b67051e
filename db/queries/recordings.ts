import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { MAX_RANGE_M, sectorContainsSql } from '@/db/queries/camera-coverage';
import { allOf, scopeConditions, type Scope } from '@/db/queries/scope';

// Times cross this module as milliseconds since the epoch: both engines return them alike.
const ms = (column: string) => sql.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);
const at = (value: number) => sql`to_timestamp(${value / 1000}::float8)`;

export interface RecordingCamera {
  id: string;
  code: string;
  streamUrl: string;
  username: string | null;
  password: string | null;
  retentionHours: number | null;
}

/**
 * Whether a camera records: the administrator's choice, or by default the AI cameras in a
 * hotspot and every quarantine-facility camera (what an investigation most often needs). Of the
 * demo's simulated cameras only those in a hotspot do, for {@link DEMO_RETENTION_HOURS}: the
 * demo's seventy looping test patterns would otherwise write ~100 GB a day to a newcomer's disk.
 */
const RECORDS = sql`coalesce(c.record, (c.kind = 'ai' AND z.kind = 'hotspot') OR (c.facility_id IS NOT NULL AND NOT c.is_demo))`;
/** How long the demo's simulated cameras keep their recordings unless an administrator says otherwise. */
export const DEMO_RETENTION_HOURS = 1;
const RETENTION_HOURS = (fallback: number) => sql`coalesce(c.record_retention_hours::float8, CASE WHEN c.is_demo THEN ${DEMO_RETENTION_HOURS}::float8 ELSE ${fallback}::float8 END)`;

export async function listRecordingCameras(database: Database): Promise<RecordingCamera[]> {
  return database.rows<RecordingCamera>(sql`
    SELECT c.id, c.code, c.stream_url AS "streamUrl", c.stream_username AS username, c.stream_password AS password,
           c.record_retention_hours AS "retentionHours"
    FROM cameras c LEFT JOIN zones z ON z.id = c.zone_id
    WHERE c.retired_at IS NULL AND c.stream_url IS NOT NULL AND ${RECORDS}
    ORDER BY c.code`);
}

/** Whether each camera records (effective value) and whether that is the default rule. */
export async function getRecordingChoice(database: Database, cameraId: string): Promise<{ records: boolean; chosen: boolean; retentionHours: number | null } | null> {
  const [row] = await database.rows<{ records: boolean; chosen: boolean; retentionHours: number | null }>(sql`
    SELECT ${RECORDS} AS records, c.record IS NOT NULL AS chosen, c.record_retention_hours AS "retentionHours"
    FROM cameras c LEFT JOIN zones z ON z.id = c.zone_id WHERE c.id = ${cameraId}`);
  return row ?? null;
}

export interface LastSegment {
  mediaSequence: number;
  startMs: number;
  endMs: number;
}

/** The newest segment recorded for a camera: where the recorder goes on from, in any instance. */
export async function getLastSegment(database: Database, cameraId: string): Promise<LastSegment | null> {
  const [row] = await database.rows<LastSegment>(sql`
    SELECT media_sequence::float8 AS "mediaSequence", ${ms('started_at')} AS "startMs", ${ms('started_at')} + duration_ms AS "endMs"
    FROM recording_segments WHERE camera_id = ${cameraId} ORDER BY started_at DESC LIMIT 1`);
  return row ?? null;
}

export interface NewSegment {
  cameraId: string;
  startMs: number;
  durationMs: number;
  mediaSequence: number;
  storageKey: string;
  initKey: string | null;
  contentType: string;
  bytes: number;
  sha256: string;
}

/** Stores a segment's row; false when one starting at that moment is already stored (copied once). */
export async function insertSegment(database: Database, s: NewSegment): Promise<boolean> {
  const rows = await database.rows(sql`
    INSERT INTO recording_segments (camera_id, started_at, duration_ms, media_sequence, storage_key, init_key, content_type, bytes, sha256)
    VALUES (${s.cameraId}, ${at(s.startMs)}, ${Math.round(s.durationMs)}, ${s.mediaSequence}, ${s.storageKey}, ${s.initKey}, ${s.contentType}, ${s.bytes}, ${s.sha256})
    ON CONFLICT (camera_id, started_at) DO NOTHING RETURNING id`);
  return rows.length > 0;
}

export async function insertGap(database: Database, cameraId: string, fromMs: number, toMs: number, reason: string): Promise<void> {
  await database.rows(sql`
    INSERT INTO recording_gaps (camera_id, from_at, to_at, reason) VALUES (${cameraId}, ${at(fromMs)}, ${at(toMs)}, ${reason})
    ON CONFLICT (camera_id, from_at) DO UPDATE SET to_at = greatest(recording_gaps.to_at, excluded.to_at)`);
}

export interface StoredSegment {
  id: number;
  startMs: number;
  durationMs: number;
  storageKey: string;
  initKey: string | null;
  contentType: string;
  bytes: number;
  sha256: string;
}

/** A camera's segments that overlap [fromMs, toMs), in time order. */
export async function listSegments(database: Database, cameraId: string, fromMs: number, toMs: number, limit = 5000): Promise<StoredSegment[]> {
  return database.rows<StoredSegment>(sql`
    SELECT id::float8 AS id, ${ms('started_at')} AS "startMs", duration_ms AS "durationMs", storage_key AS "storageKey", init_key AS "initKey",
           content_type AS "contentType", bytes, sha256
    FROM recording_segments
    WHERE camera_id = ${cameraId} AND started_at < ${at(toMs)} AND started_at > ${at(fromMs)} - interval '1 minute'
      AND started_at + make_interval(secs => duration_ms / 1000.0) > ${at(fromMs)}
    ORDER BY started_at LIMIT ${limit}`);
}

export async function getRecordedSegment(database: Database, cameraId: string, segmentId: number): Promise<StoredSegment | null> {
  const [row] = await database.rows<StoredSegment>(sql`
    SELECT id::float8 AS id, ${ms('started_at')} AS "startMs", duration_ms AS "durationMs", storage_key AS "storageKey", init_key AS "initKey",
           content_type AS "contentType", bytes, sha256
    FROM recording_segments WHERE camera_id = ${cameraId} AND id = ${segmentId}`);
  return row ?? null;
}

export interface RecordedGap {
  fromMs: number;
  toMs: number;
  reason: string;
}

export async function listGaps(database: Database, cameraId: string, fromMs: number, toMs: number): Promise<RecordedGap[]> {
  return database.rows<RecordedGap>(sql`
    SELECT ${ms('from_at')} AS "fromMs", ${ms('to_at')} AS "toMs", reason
    FROM recording_gaps WHERE camera_id = ${cameraId} AND from_at < ${at(toMs)} AND to_at > ${at(fromMs)} ORDER BY from_at`);
}

/** A segment is kept past retention while a pin covers it whose alert is open or marked as evidence (or that has no alert). */
const PINNED = sql`EXISTS (
  SELECT 1 FROM recording_pins p LEFT JOIN alerts a ON a.id = p.alert_id
  WHERE p.camera_id = s.camera_id AND p.from_at < s.started_at + make_interval(secs => s.duration_ms / 1000.0) AND p.to_at > s.started_at
    AND (p.alert_id IS NULL OR a.status NOT IN ('resolved', 'retracted') OR a.evidence_at IS NOT NULL))`;

export interface SegmentToDelete {
  id: number;
  storageKey: string;
  bytes: number;
}

/** Unpinned segments older than their camera's retention (hours), oldest first. */
export async function listExpiredSegments(database: Database, defaultRetentionHours: number, limit: number): Promise<SegmentToDelete[]> {
  return database.rows<SegmentToDelete>(sql`
    SELECT s.id::float8 AS id, s.storage_key AS "storageKey", s.bytes
    FROM recording_segments s JOIN cameras c ON c.id = s.camera_id
    WHERE s.started_at < now() - make_interval(secs => ${RETENTION_HOURS(defaultRetentionHours)} * 3600)
      AND NOT ${PINNED}
    ORDER BY s.started_at LIMIT ${limit}`);
}

/** The oldest unpinned segments whose bytes add up to at least `bytes`. */
export async function listOldestUnpinned(database: Database, bytes: number, limit: number): Promise<SegmentToDelete[]> {
  return database.rows<SegmentToDelete>(sql`
    WITH oldest AS (
      SELECT s.id, s.storage_key, s.bytes, sum(s.bytes) OVER (ORDER BY s.started_at, s.id) - s.bytes AS before
      FROM recording_segments s WHERE NOT ${PINNED}
      ORDER BY s.started_at, s.id LIMIT ${limit}
    )
    SELECT id::float8 AS id, storage_key AS "storageKey", bytes FROM oldest WHERE before < ${bytes}`);
}

export async function deleteSegments(database: Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await database.rows(sql`DELETE FROM recording_segments WHERE id = ANY(${`{${ids.join(',')}}`}::bigint[])`);
}

/** The bytes stored in the recording store, by the database's account. */
export async function getStoredBytes(database: Database): Promise<number> {
  const [row] = await database.rows<{ bytes: number }>(sql`SELECT coalesce(sum(bytes), 0)::float8 AS bytes FROM recording_segments`);
  return row?.bytes ?? 0;
}

/** Keeps `[fromMs, toMs)` of each camera for an alert (its clip); a second call for the same alert and camera widens nothing. */
export async function pinAlertClip(database: Database, alertId: string, cameraIds: string[], fromMs: number, toMs: number): Promise<void> {
  for (const cameraId of cameraIds) {
    await database.rows(sql`
      INSERT INTO recording_pins (camera_id, from_at, to_at, alert_id) VALUES (${cameraId}, ${at(fromMs)}, ${at(toMs)}, ${alertId})
      ON CONFLICT (alert_id, camera_id) DO NOTHING`);
  }
}

export async function deleteGapsBefore(database: Database, beforeMs: number): Promise<void> {
  await database.rows(sql`DELETE FROM recording_gaps WHERE to_at < ${at(beforeMs)}`);
}

/**
 * Keeps the clip of each new field alert (a crossing, a tip): from `preSeconds` before to
 * `postSeconds` after the moment it reports, on its own camera and every camera whose field of
 * view holds its place. Runs in the transaction that raises the alerts, so no alert is left
 * without its clip. Pins are only marks: cameras that do not record keep nothing.
 */
export async function pinFieldAlertClips(tx: Db, alertIds: readonly string[], preSeconds: number, postSeconds: number): Promise<void> {
  if (alertIds.length === 0) return;
  await tx.execute(sql`
    INSERT INTO recording_pins (camera_id, from_at, to_at, alert_id)
    SELECT DISTINCT c.id, a.occurred_at - make_interval(secs => ${preSeconds}), a.occurred_at + make_interval(secs => ${postSeconds}), a.id
    FROM alerts a
    JOIN cameras c ON c.retired_at IS NULL AND (c.id = a.camera_id OR (a.geom IS NOT NULL
      AND ST_DWithin(c.geom::geography, a.geom::geography, ${MAX_RANGE_M})
      AND ${sectorContainsSql({ position: sql`c.geom::geography`, bearing: sql`c.bearing_deg`, fov: sql`c.fov_deg`, range: sql`c.range_m` }, sql`a.geom::geography`, sql`ST_Distance(c.geom::geography, a.geom::geography)`)}))
    WHERE a.id = ANY(${`{${alertIds.join(',')}}`}::uuid[]) AND a.kind IN ('hotspot_crossing', 'tip')
    ON CONFLICT (alert_id, camera_id) DO NOTHING`);
}

/**
 * Marks (or unmarks) every alert of a group as evidence, within the scope: their clips are then
 * kept past retention even once resolved. Returns how many alerts changed.
 */
export async function setGroupEvidence(database: Database, scope: Scope, groupId: string, evidence: boolean, userId: string): Promise<number> {
  const rows = await database.rows(sql`
    UPDATE alerts a SET evidence_at = ${evidence ? sql`coalesce(a.evidence_at, now())` : sql`NULL`}, evidence_by = ${evidence ? userId : null}
    WHERE coalesce(a.incident_id, a.id) = ${groupId} AND ${allOf(scopeConditions(scope, 'a'))}
    RETURNING a.id`);
  return rows.length;
}

/** Whether any alert of the group is kept as evidence. */
export async function getGroupEvidence(database: Database, groupId: string): Promise<boolean> {
  const [row] = await database.rows<{ evidence: boolean }>(sql`SELECT coalesce(bool_or(evidence_at IS NOT NULL), false) AS evidence FROM alerts WHERE coalesce(incident_id, id) = ${groupId}`);
  return row?.evidence ?? false;
}

/**
 * A camera's recorded stretches overlapping [fromMs, toMs): segments closer than `joinMs` are one
 * stretch. Merged in the database (gaps and islands), so a day of 1-s segments is a few rows.
 */
export async function listRecordedRanges(database: Database, cameraId: string, fromMs: number, toMs: number, joinMs: number): Promise<{ fromMs: number; toMs: number }[]> {
  return database.rows<{ fromMs: number; toMs: number }>(sql`
    WITH s AS (
      SELECT started_at, started_at + make_interval(secs => duration_ms / 1000.0) AS ended_at
      FROM recording_segments
      WHERE camera_id = ${cameraId} AND started_at < ${at(toMs)} AND started_at > ${at(fromMs)} - interval '1 minute'
        AND started_at + make_interval(secs => duration_ms / 1000.0) > ${at(fromMs)}
    ), marked AS (
      SELECT started_at, ended_at,
             CASE WHEN started_at - max(ended_at) OVER (ORDER BY started_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) <= make_interval(secs => ${joinMs / 1000}::float8)
                  THEN 0 ELSE 1 END AS starts
      FROM s
    ), islands AS (
      SELECT started_at, ended_at, sum(starts) OVER (ORDER BY started_at) AS island FROM marked
    )
    SELECT ${ms('min(started_at)')} AS "fromMs", ${ms('max(ended_at)')} AS "toMs"
    FROM islands GROUP BY island ORDER BY 1`);
}

export interface GroupClip {
  cameraId: string;
  /** Cameras added without a code have none. */
  code: string | null;
  name: string;
  provinceCode: string;
  agencyId: string | null;
  fromMs: number;
  toMs: number;
}

/**
 * The clips an alert group keeps: per camera, from the earliest pin's start to the latest pin's
 * end among the group's alerts within the scope (an incident's crossings seconds apart are one clip).
 */
export async function listGroupClips(database: Database, scope: Scope, groupId: string): Promise<GroupClip[]> {
  return database.rows<GroupClip>(sql`
    SELECT c.id AS "cameraId", c.code, c.name, c.province_code AS "provinceCode", c.agency_id AS "agencyId",
           min(${ms('p.from_at')}) AS "fromMs", max(${ms('p.to_at')}) AS "toMs"
    FROM recording_pins p JOIN alerts a ON a.id = p.alert_id JOIN cameras c ON c.id = p.camera_id
    WHERE coalesce(a.incident_id, a.id) = ${groupId}::uuid AND ${allOf(scopeConditions(scope, 'a'))}
    GROUP BY c.id, c.code, c.name, c.province_code, c.agency_id
    ORDER BY c.code`);
}

/** Cameras that record, for the `recording_paused` alert (lib/recording/disk-alert.ts). */
export const RECORDING_CAMERAS = sql`c.stream_url IS NOT NULL AND ${RECORDS}`;

/**
 * The camera whose recording best shows an alert group: one with video stored within a pin of
 * the group, an alert's own camera first. Null when no pinned camera recorded anything then.
 */
export async function getGroupClipCamera(database: Database, groupId: string): Promise<{ id: string; name: string; nameEn: string | null; provinceCode: string; agencyId: string | null } | null> {
  const [row] = await database.rows<{ id: string; name: string; nameEn: string | null; provinceCode: string; agencyId: string | null }>(sql`
    SELECT c.id, c.name, c.name_en AS "nameEn", c.province_code AS "provinceCode", c.agency_id AS "agencyId"
    FROM recording_pins p JOIN alerts a ON a.id = p.alert_id JOIN cameras c ON c.id = p.camera_id
    WHERE coalesce(a.incident_id, a.id) = ${groupId}::uuid
      AND EXISTS (SELECT 1 FROM recording_segments s WHERE s.camera_id = p.camera_id AND s.started_at BETWEEN p.from_at - interval '1 minute' AND p.to_at)
    ORDER BY (p.camera_id = a.camera_id) DESC, a.occurred_at, c.id
    LIMIT 1`);
  return row ?? null;
}
