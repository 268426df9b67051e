import 'server-only';
import type { Database } from '@/db/client';
import { listGaps, listRecordedRanges, listSegments, getRecordingChoice, getRecordedSegment, type StoredSegment } from '@/db/queries/recordings';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can, type Actor } from '@/lib/auth/permissions';
import { getRecordingStore } from '@/lib/recording/settings';
import { loadStreamCamera } from '@/lib/video/proxy';
import { openToken, sealToken } from '@/lib/video/token';

// Playback of recorded video: the camera's timeline (what is recorded, the gaps and why), a VOD
// HLS playlist for a stretch of it, and its segments read from the recording store. Every URL
// goes through the same checks as live video (session, scope, an encrypted token bound to the
// camera, the user and the stretch asked for), and each playlist is written to the audit log.

/** One playlist covers at most this much: scrubbing further asks for the next stretch. */
export const PLAYLIST_MAX_MS = 30 * 60_000;
/** Recorded segments are read long after the playlist was made (a paused review). */
const TOKEN_MS = 12 * 60 * 60 * 1000;
/** Segments closer than this are one continuous stretch on the time bar. */
const JOIN_MS = 1_500;

export interface RecordingTimeline {
  /** Whether the recorder keeps this camera's video now. */
  recording: boolean;
  /** Stretches of recorded video, merged. */
  ranges: { fromMs: number; toMs: number }[];
  /** Stretches the recorder missed, and why (the camera's error code, or `missed`). */
  gaps: { fromMs: number; toMs: number; reason: string }[];
}

export interface RecordingCameraRef {
  id: string;
  name: string;
}

/** The camera, if it exists and this user may review its recordings. */
export async function getRecordingCamera(database: Database, user: Actor, cameraId: string): Promise<RecordingCameraRef> {
  const row = await loadStreamCamera(database, cameraId);
  if (!row || row.retiredAt) throw new AppError('not_found', 'No such camera');
  if (!can(user, 'recording:play', { provinceCode: row.provinceCode, agencyId: row.agencyId })) throw new AppError('forbidden', 'You may not review this camera’s recordings');
  return { id: row.id, name: row.name };
}

export async function getTimeline(database: Database, camera: RecordingCameraRef, fromMs: number, toMs: number): Promise<RecordingTimeline> {
  const [ranges, gaps, choice] = await Promise.all([listRecordedRanges(database, camera.id, fromMs, toMs, JOIN_MS), listGaps(database, camera.id, fromMs, toMs), getRecordingChoice(database, camera.id)]);
  return { recording: choice?.records ?? false, ranges, gaps };
}

const PLAYLIST_HEADERS = { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function tokenFor(camera: RecordingCameraRef, user: Actor, fromMs: number, toMs: number): string {
  return sealToken({ c: camera.id, s: user.id, u: `rec:${fromMs}:${toMs}`, k: 'r', e: Date.now() + TOKEN_MS });
}

/**
 * The recorded stretch [fromMs, toMs) as a VOD playlist: every segment dated
 * (EXT-X-PROGRAM-DATE-TIME, so the player knows the moment it shows), a discontinuity wherever
 * the recording was interrupted. Audited with the stretch asked for.
 */
export async function getRecordingPlaylist(database: Database, camera: RecordingCameraRef, user: Actor & { username: string }, fromMs: number, toMs: number, ip: string | null): Promise<Response> {
  if (toMs - fromMs > PLAYLIST_MAX_MS) throw new AppError('bad_request', `A playlist covers at most ${PLAYLIST_MAX_MS / 60_000} minutes`);
  const segments = await listSegments(database, camera.id, fromMs, toMs);
  if (segments.length === 0) throw new AppError('not_found', 'Nothing is recorded in this period');
  await writeAudit(database.db, {
    action: 'camera.recording_playback',
    actorId: user.id,
    actorName: user.username,
    targetType: 'camera',
    targetId: camera.id,
    ip,
    details: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
  });
  const token = tokenFor(camera, user, fromMs, toMs);
  const base = `/api/cameras/${camera.id}/recordings`;
  const target = Math.ceil(Math.max(...segments.map((s) => s.durationMs)) / 1000);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS'];
  // The first segment holds the moment asked for: the player starts at that moment within it.
  const offset = Math.max(0, fromMs - segments[0]!.startMs) / 1000;
  if (offset > 0) lines.push(`#EXT-X-START:TIME-OFFSET=${offset.toFixed(3)},PRECISE=YES`);
  let previous: StoredSegment | undefined;
  for (const s of segments) {
    const joined = previous && Math.abs(s.startMs - (previous.startMs + previous.durationMs)) <= 250 && previous.initKey === s.initKey;
    if (previous && !joined) lines.push('#EXT-X-DISCONTINUITY');
    if (s.initKey && (!previous || previous.initKey !== s.initKey)) lines.push(`#EXT-X-MAP:URI="${base}/i/${s.id}?t=${token}"`);
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.startMs).toISOString()}`, `#EXTINF:${(s.durationMs / 1000).toFixed(3)},`, `${base}/s/${s.id}?t=${token}`);
    previous = s;
  }
  lines.push('#EXT-X-ENDLIST', '');
  return new Response(lines.join('\n'), { headers: PLAYLIST_HEADERS });
}

/** A recorded segment (`s`) or the init section it needs (`i`), for a token issued for its stretch. */
export async function getRecordedMedia(database: Database, camera: RecordingCameraRef, user: Actor, kind: 's' | 'i', segmentId: number, sealed: string): Promise<Response> {
  const token = openToken(sealed);
  const window = token?.k === 'r' && token.c === camera.id && token.s === user.id ? /^rec:(\d+):(\d+)$/.exec(token.u) : null;
  if (!window) throw new AppError('forbidden', 'Invalid or expired media URL');
  const segment = await getRecordedSegment(database, camera.id, segmentId);
  // Only the stretch the token was issued for: a token for one minute opens no other.
  if (!segment || segment.startMs >= Number(window[2]) || segment.startMs + segment.durationMs <= Number(window[1])) throw new AppError('not_found', 'No such recorded segment');
  const key = kind === 's' ? segment.storageKey : segment.initKey;
  if (!key) throw new AppError('not_found', 'No such recorded segment');
  const stored = await getRecordingStore().get(key);
  // Deleted by retention since the playlist was made.
  if (!stored) throw new AppError('not_found', 'This recording is no longer kept');
  return new Response(stored.body, {
    headers: {
      'Content-Type': kind === 'i' ? 'video/mp4' : segment.contentType,
      'Content-Length': String(stored.size),
      // The bytes of a recorded segment never change: the browser may keep them while it reviews.
      'Cache-Control': 'private, max-age=3600, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
