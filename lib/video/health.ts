import 'server-only';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@/db/client';
import { cameras, type CameraStatus } from '@/db/schema';
import { publishEvent } from '@/lib/events/bus';
import { parsePlaylist, pickVariant, PlaylistError, unplayableReason } from '@/lib/video/hls';
import { fetchUpstream, readLimitedText, splitCredentials, UpstreamError, type Upstream } from '@/lib/video/upstream';

export type ProbeResult =
  | { ok: true; mediaSequence: number; segments: number; targetDuration: number }
  | { ok: false; status: 'offline' | 'unsupported'; error: string };

/** Fetches a camera's playlist (and its first playable variant) and reads its media sequence. */
export async function probeUpstream(upstream: Upstream, timeoutMs: number): Promise<ProbeResult> {
  try {
    let url = splitCredentials(upstream).url;
    let playlist = parsePlaylist(await readLimitedText(await fetchUpstream(upstream, url, timeoutMs)));
    if (playlist.kind === 'master') {
      const reason = unplayableReason(playlist);
      if (reason) return { ok: false, status: 'unsupported', error: reason };
      url = new URL(pickVariant(playlist)!.uri, url).href;
      playlist = parsePlaylist(await readLimitedText(await fetchUpstream(upstream, url, timeoutMs)));
      if (playlist.kind !== 'media') return { ok: false, status: 'unsupported', error: 'variant is not a media playlist' };
    }
    const reason = unplayableReason(playlist);
    if (reason) return { ok: false, status: 'unsupported', error: reason };
    return { ok: true, mediaSequence: playlist.mediaSequence + playlist.segments.length, segments: playlist.segments.length, targetDuration: playlist.targetDuration };
  } catch (err) {
    if (err instanceof PlaylistError) return { ok: false, status: 'unsupported', error: err.message };
    if (err instanceof UpstreamError) return { ok: false, status: 'offline', error: err.message };
    return { ok: false, status: 'offline', error: (err as Error).message };
  }
}

export interface HealthState {
  status: CameraStatus;
  mediaSequence: number | null;
  sequenceChangedAt: Date | null;
}

/**
 * The next state from the previous one and a probe. A playlist whose media sequence has not
 * advanced for `stallTargetDurations` target durations is stalled; errors are offline.
 * (The sequence used is that of the newest segment, so a window that only grows counts too.)
 */
export function nextHealthState(prev: HealthState, probe: ProbeResult, now: Date, stallTargetDurations: number): HealthState & { error: string | null } {
  if (!probe.ok) return { status: probe.status, mediaSequence: prev.mediaSequence, sequenceChangedAt: prev.sequenceChangedAt, error: probe.error };
  if (prev.mediaSequence === null || probe.mediaSequence !== prev.mediaSequence || !prev.sequenceChangedAt) {
    return { status: 'live', mediaSequence: probe.mediaSequence, sequenceChangedAt: now, error: null };
  }
  const frozenMs = now.getTime() - prev.sequenceChangedAt.getTime();
  const stalled = frozenMs > stallTargetDurations * probe.targetDuration * 1000;
  return {
    status: stalled ? 'stalled' : prev.status === 'stalled' ? 'stalled' : 'live',
    mediaSequence: prev.mediaSequence,
    sequenceChangedAt: prev.sequenceChangedAt,
    error: stalled ? `media sequence has not advanced for ${Math.round(frozenMs / 1000)} s` : null,
  };
}

export interface HealthOptions {
  timeoutMs: number;
  stallTargetDurations: number;
  alertGraceSeconds: number;
  concurrency: number;
  now?: () => Date;
}

/** Any constant shared by all instances: only the instance holding it polls. */
const HEALTH_LOCK_KEY = 7_311_002;

/**
 * One polling round over every camera with a stream. Returns null when another instance is
 * running the round (advisory lock), so two instances never double the work or the alerts.
 */
export async function runHealthRound(database: Database, options: HealthOptions): Promise<{ polled: number; changed: number; ms: number } | null> {
  return database.withConnection(async (db) => {
    const [lock] = rowsOf<{ ok: boolean }>(await db.execute(sql`SELECT pg_try_advisory_lock(${HEALTH_LOCK_KEY}) AS ok`));
    if (!lock?.ok) return null;
    try {
      return await pollAll(database, options);
    } finally {
      await db.execute(sql`SELECT pg_advisory_unlock(${HEALTH_LOCK_KEY})`);
    }
  });
}

async function pollAll(database: Database, options: HealthOptions) {
  const started = Date.now();
  const rows = await database.db
    .select({
      id: cameras.id,
      streamUrl: cameras.streamUrl,
      username: cameras.streamUsername,
      password: cameras.streamPassword,
      status: cameras.status,
      statusSince: cameras.statusSince,
      mediaSequence: cameras.mediaSequence,
      sequenceChangedAt: cameras.sequenceChangedAt,
      provinceCode: cameras.provinceCode,
      agencyId: cameras.agencyId,
      name: cameras.name,
    })
    .from(cameras)
    .where(and(isNotNull(cameras.streamUrl), isNull(cameras.retiredAt)));
  let changed = 0;
  let next = 0;
  // Cameras whose status stays the same and is not down only need their bookkeeping updated:
  // that is written for all of them in one statement instead of one transaction each.
  const quiet: { id: string; seq: number | null; changed: string | null; checked: string }[] = [];
  const worker = async () => {
    while (next < rows.length) {
      const camera = rows[next++]!;
      const probe = await probeUpstream({ streamUrl: camera.streamUrl!, username: camera.username, password: camera.password }, options.timeoutMs);
      const now = options.now?.() ?? new Date();
      const state = nextHealthState(camera, probe, now, options.stallTargetDurations);
      if (state.status === camera.status && state.status === 'live') {
        quiet.push({ id: camera.id, seq: state.mediaSequence, changed: state.sequenceChangedAt?.toISOString() ?? null, checked: now.toISOString() });
      } else if (await applyProbe(database, camera, probe, options)) {
        changed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, rows.length) }, worker));
  if (quiet.length > 0) {
    await database.db.execute(sql`
      UPDATE cameras c SET last_checked_at = v.checked, last_error = NULL, media_sequence = v.seq, sequence_changed_at = v.changed
      FROM jsonb_to_recordset(${JSON.stringify(quiet)}::jsonb) AS v(id uuid, seq bigint, changed timestamptz, checked timestamptz)
      WHERE c.id = v.id`);
  }
  return { polled: rows.length, changed, ms: Date.now() - started };
}

type CameraRow = HealthState & { id: string; statusSince: Date; provinceCode: string; agencyId: string | null; name: string };

async function applyProbe(database: Database, camera: CameraRow, probe: ProbeResult, options: HealthOptions): Promise<boolean> {
  const now = options.now?.() ?? new Date();
  const next = nextHealthState(camera, probe, now, options.stallTargetDurations);
  const statusChanged = next.status !== camera.status;
  const since = statusChanged ? now : camera.statusSince;
  return database.db.transaction(async (tx) => {
    await tx
      .update(cameras)
      .set({
        status: next.status,
        statusSince: since,
        lastCheckedAt: now,
        lastError: next.error,
        mediaSequence: next.mediaSequence,
        sequenceChangedAt: next.sequenceChangedAt,
      })
      .where(eq(cameras.id, camera.id));
    if (statusChanged) {
      await tx.execute(sql`INSERT INTO camera_status_changes (camera_id, status, at, error) VALUES (${camera.id}, ${next.status}, ${now}, ${next.error})`);
      await publishEvent(tx, {
        topic: 'camera.status',
        cameraId: camera.id,
        status: next.status,
        since: since.toISOString(),
        error: next.error,
        provinceCode: camera.provinceCode,
        agencyId: camera.agencyId,
      });
    }
    const down = next.status === 'offline' || next.status === 'stalled';
    if (down && now.getTime() - since.getTime() >= options.alertGraceSeconds * 1000) {
      const message = `Camera "${camera.name}" ${next.status} since ${since.toISOString()}${next.error ? `: ${next.error}` : ''}`;
      const [inserted] = rowsOf<{ id: string }>(await tx.execute(sql`
        INSERT INTO alerts (kind, severity, camera_id, message, province_code, agency_id)
        VALUES ('camera_down', 'warning', ${camera.id}, ${message}, ${camera.provinceCode}, ${camera.agencyId})
        ON CONFLICT (camera_id) WHERE kind = 'camera_down' AND status <> 'resolved' DO NOTHING
        RETURNING id`));
      const alertId = inserted?.id;
      if (alertId) {
        await publishEvent(tx, { topic: 'alert', alertId, kind: 'camera_down', state: 'open', cameraId: camera.id, message, provinceCode: camera.provinceCode, agencyId: camera.agencyId });
      }
    } else if (next.status === 'live') {
      const resolved = rowsOf<{ id: string; message: string }>(await tx.execute(sql`
        UPDATE alerts SET status = 'resolved', resolved_at = ${now}
        WHERE kind = 'camera_down' AND camera_id = ${camera.id} AND status <> 'resolved' RETURNING id, message`));
      for (const r of resolved) {
        await publishEvent(tx, { topic: 'alert', alertId: r.id, kind: 'camera_down', state: 'resolved', cameraId: camera.id, message: r.message, provinceCode: camera.provinceCode, agencyId: camera.agencyId });
      }
    }
    return statusChanged;
  });
}
