import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cameras } from '@/db/schema';
import { AppError } from '@/lib/api/errors';
import { TtlCache } from '@/lib/cache/ttl-cache';
import { writeAudit } from '@/lib/audit';
import { can, type Actor } from '@/lib/auth/permissions';
import { parsePlaylist, PlaylistError, rewritePlaylist, unplayableReason } from '@/lib/video/hls';
import { looksLikeText, sniffMediaType } from '@/lib/video/media-sniff';
import { openToken, sealToken, stableMediaId, type MediaToken } from '@/lib/video/token';
import { segmentHandOver } from '@/lib/video/accel';
import { checkUpstreamTarget, fetchUpstream, limitStream, readLimitedText, SEGMENT_MAX_BYTES, splitCredentials, UpstreamError, type Upstream } from '@/lib/video/upstream';
import { isDemoUrl } from '@/lib/video/demo-source';

/** A media playlist URL lives as long as a session may; a segment URL only minutes. */
const PLAYLIST_TOKEN_MS = 12 * 60 * 60 * 1000;
const SEGMENT_TOKEN_MS = 2 * 60 * 1000;
const PLAYLIST_TIMEOUT_MS = 5_000;
const SEGMENT_TIMEOUT_MS = 20_000;

export interface StreamCamera extends Upstream {
  id: string;
  name: string;
}

const PLAYLIST_HEADERS = { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** Types a camera may label its segments with when their bytes do not say (e.g. encrypted segments, keys). */
const DECLARED_MEDIA_TYPES = new Set(['video/mp2t', 'video/mp4', 'audio/mp4', 'video/iso.segment', 'audio/aac', 'audio/mpeg', 'text/vtt', 'application/octet-stream', 'binary/octet-stream']);
/** Enough bytes to recognise any container Vigil serves (two MPEG-TS packets). */
const SNIFF_BYTES = 376;

type CameraRow = StreamCamera & { provinceCode: string; agencyId: string | null; retiredAt: Date | null };
// Segment requests come every second or two per viewer: the camera row (and its scope) may be
// a few seconds stale, the permission decision itself is made on every request.
const cameraRows = new TtlCache<string, CameraRow | null>(5_000);

/** The camera's row as video requests need it (a few seconds stale at most). */
export async function loadStreamCamera(database: Database, cameraId: string): Promise<CameraRow | null> {
  const cached = cameraRows.get(cameraId);
  if (cached !== undefined) return cached;
  const [row] = await database.db
    .select({
      id: cameras.id,
      name: cameras.name,
      streamUrl: cameras.streamUrl,
      username: cameras.streamUsername,
      password: cameras.streamPassword,
      provinceCode: cameras.provinceCode,
      agencyId: cameras.agencyId,
      retiredAt: cameras.retiredAt,
    })
    .from(cameras)
    .where(eq(cameras.id, cameraId))
    .limit(1);
  const value = row ? { ...row, streamUrl: row.streamUrl ?? '' } : null;
  cameraRows.set(cameraId, value);
  return value;
}

/** The camera, if it exists, has a stream and this user may watch it. */
export async function getStreamCamera(database: Database, user: Actor, cameraId: string): Promise<StreamCamera> {
  const row = await loadStreamCamera(database, cameraId);
  if (!row || row.retiredAt) throw new AppError('not_found', 'No such camera');
  if (!can(user, 'camera:stream', { provinceCode: row.provinceCode, agencyId: row.agencyId })) {
    throw new AppError('forbidden', 'You may not watch this camera');
  }
  if (!row.streamUrl) throw new AppError('not_found', 'This camera has no stream configured');
  return { id: row.id, name: row.name, streamUrl: row.streamUrl, username: row.username, password: row.password };
}

function mediaUrl(camera: StreamCamera, user: Actor, kind: MediaToken['k'], upstreamUrl: string): string {
  const ttl = kind === 'p' ? PLAYLIST_TOKEN_MS : SEGMENT_TOKEN_MS;
  const token = sealToken({ c: camera.id, s: user.id, u: upstreamUrl, k: kind, e: Date.now() + ttl });
  return `/api/cameras/${camera.id}/hls/${kind}/${stableMediaId(upstreamUrl)}?t=${token}`;
}

/**
 * The browser learns only that the camera's stream is unavailable and, in a word, why: the
 * upstream's own error text would tell a user what answers at the camera's address (it is kept
 * in the camera's status for administrators). A slow upstream is 504, anything else 502.
 */
function asBadGateway(err: unknown): never {
  if (err instanceof UpstreamError) {
    if (err.kind === 'timeout') throw new AppError('gateway_timeout', 'The camera did not answer in time');
    throw new AppError('bad_gateway', `The camera’s stream is unavailable (${err.kind})`);
  }
  if (err instanceof PlaylistError) throw new AppError('bad_gateway', 'The camera’s stream is unavailable (not_hls)');
  throw err;
}

/**
 * The playlist a player starts from: always a master playlist of signed media-playlist URLs,
 * so the start of each playback is one request, written to the audit log.
 */
export async function getEntryPlaylist(database: Database, camera: StreamCamera, user: Actor & { username: string }, ip: string | null): Promise<Response> {
  const { url } = splitCredentials(camera);
  try {
    const text = await readLimitedText(await fetchUpstream(camera, url, PLAYLIST_TIMEOUT_MS));
    const playlist = parsePlaylist(text);
    const reason = unplayableReason(playlist);
    if (reason) throw new AppError('unsupported_media', 'This stream cannot be played in a browser (codec)');
    if (playlist.kind === 'media' && playlist.endList) throw new AppError('bad_gateway', 'The camera’s stream is unavailable (ended)');
    await writeAudit(database.db, { action: 'camera.playback_start', actorId: user.id, actorName: user.username, targetType: 'camera', targetId: camera.id, ip });
    if (playlist.kind === 'media') {
      const master = ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1000000', mediaUrl(camera, user, 'p', url), ''].join('\n');
      return new Response(master, { headers: PLAYLIST_HEADERS });
    }
    // Every URI is rewritten: the upstream's own addresses never reach the browser.
    const rewritten = rewritePlaylist(text, url, (absolute, kind) => mediaUrl(camera, user, kind === 'playlist' ? 'p' : 'g', absolute));
    return new Response(rewritten, { headers: PLAYLIST_HEADERS });
  } catch (err) {
    return asBadGateway(err);
  }
}

function openFor(camera: StreamCamera, user: Actor, media: MediaRef, kind: MediaToken['k']): MediaToken {
  const token = openToken(media.token);
  // Tampered, expired, issued for another camera, another user or another URL: all the same 403.
  if (!token || token.k !== kind || token.c !== camera.id || token.s !== user.id || stableMediaId(token.u) !== media.id) {
    throw new AppError('forbidden', 'Invalid or expired media URL');
  }
  return token;
}

/** The two parts of a media URL: the stable id in its path and the token in its query. */
export interface MediaRef {
  id: string;
  token: string;
}

export async function getMediaPlaylist(camera: StreamCamera, user: Actor, media: MediaRef): Promise<Response> {
  const token = openFor(camera, user, media, 'p');
  try {
    const text = await readLimitedText(await fetchUpstream(camera, token.u, PLAYLIST_TIMEOUT_MS));
    const playlist = parsePlaylist(text);
    if (playlist.kind !== 'media') throw new PlaylistError('expected a media playlist');
    const rewritten = rewritePlaylist(text, token.u, (absolute, kind) => mediaUrl(camera, user, kind === 'playlist' ? 'p' : 'g', absolute));
    return new Response(rewritten, { headers: PLAYLIST_HEADERS });
  } catch (err) {
    return asBadGateway(err);
  }
}

/**
 * A segment, passed through (or, with `handOver`, handed to nginx). Its type is chosen here from
 * its first bytes (MPEG-TS, fMP4/CMAF, AAC, WebVTT), never taken from the camera: a camera
 * answering HTML or script is refused, so nothing but media is ever served from Vigil's origin for it.
 */
export async function getSegment(camera: StreamCamera, user: Actor, media: MediaRef, signal: AbortSignal, options: { handOver?: boolean } = {}): Promise<Response> {
  const token = openFor(camera, user, media, 'g');
  try {
    // Behind nginx (lib/video/accel.ts): the same checks, then nginx fetches the bytes. Demo
    // feeds are made in this process, so they are always served here.
    if (options.handOver && !isDemoUrl(token.u)) {
      await checkUpstreamTarget(camera, token.u);
      return segmentHandOver(token.u, splitCredentials(camera).authorization);
    }
    const upstream = await fetchUpstream(camera, token.u, SEGMENT_TIMEOUT_MS, signal);
    if (!upstream.body) throw new UpstreamError('empty segment', 'bad_media');
    const length = Number(upstream.headers.get('content-length'));
    if (length > SEGMENT_MAX_BYTES) {
      await upstream.body.cancel().catch(() => undefined);
      throw new UpstreamError(`segment larger than ${SEGMENT_MAX_BYTES} bytes`, 'too_large');
    }
    const { head, body } = await splitHead(upstream.body, SNIFF_BYTES);
    const declared = (upstream.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const type = sniffMediaType(head) ?? (DECLARED_MEDIA_TYPES.has(declared) && !looksLikeText(head) ? declared : null);
    if (!type) {
      await body.cancel().catch(() => undefined);
      throw new UpstreamError(`segment is not media (declared ${declared || 'no type'})`, 'bad_media');
    }
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'private, max-age=60', 'X-Content-Type-Options': 'nosniff' };
    if (length > 0) {
      // Length known and within the cap: pass the body straight through (fetch enforces the length).
      headers['Content-Length'] = String(length);
      return new Response(body, { headers });
    }
    return new Response(limitStream(body), { headers });
  } catch (err) {
    return asBadGateway(err);
  }
}

/**
 * Reads at least `bytes` (or the whole body, if shorter): `head` is what was read, to look at,
 * and `body` the whole body again (head first), to pass on or cancel.
 */
async function splitHead(body: ReadableStream<Uint8Array>, bytes: number): Promise<{ head: Uint8Array; body: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  try {
    while (total < bytes) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        break;
      }
      chunks.push(next.value);
      total += next.value.byteLength;
    }
  } catch {
    await reader.cancel().catch(() => undefined);
    throw new UpstreamError('upstream connection failed while sending', 'unreachable');
  }
  const head = Buffer.concat(chunks, total);
  let first: Uint8Array | null = head.byteLength > 0 ? head : null;
  const whole = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        controller.enqueue(first);
        first = null;
        return;
      }
      if (done) return controller.close();
      try {
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (err) {
        controller.error(err);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head, body: whole };
}
