import 'server-only';
import { TtlCache } from '@/lib/cache/ttl-cache';
import { parsePlaylist, pickVariant, PlaylistError, unplayableReason, type MediaPlaylist } from '@/lib/video/hls';
import { mp4VideoCodecs, sniffMediaType, tsVideoCodecs, unplayableVideo } from '@/lib/video/media-sniff';
import { fetchUpstream, readHead, readLimited, readLimitedText, splitCredentials, UpstreamError, type Upstream, type UpstreamErrorKind } from '@/lib/video/upstream';

/**
 * Why a camera is not live, as a code the interface translates; the detail text beside it is
 * for administrators only.
 */
export type CameraErrorCode = UpstreamErrorKind | 'not_hls' | 'ended' | 'codec' | 'stalled';

export type ProbeResult =
  | { ok: true; mediaSequence: number; segments: number; targetDuration: number }
  | { ok: false; status: 'offline' | 'unsupported'; code: CameraErrorCode; error: string };

/** An fMP4 init segment is small; an MPEG-TS program map is in the first few packets. */
const INIT_MAX_BYTES = 1024 * 1024;
const TS_HEAD_BYTES = 188 * 64;

// What a stream's media carries changes only when the camera is reconfigured: it is read once
// per upstream and variant (or init segment) and remembered for a while, not on every poll.
const codecVerdicts = new TtlCache<string, string | null>(10 * 60_000);

/** Forgets remembered codec verdicts (tests, and a camera whose URL changed). */
export function forgetCodecVerdicts(): void {
  codecVerdicts.clear();
}

/**
 * Fetches a camera's playlist (and its first playable variant), reads its media sequence and,
 * once in a while, the codecs its media actually carries. Everything within one deadline.
 */
export async function probeUpstream(upstream: Upstream, timeoutMs: number): Promise<ProbeResult> {
  const until = Date.now() + timeoutMs;
  const left = () => Math.max(1, until - Date.now());
  try {
    let url = splitCredentials(upstream).url;
    let playlist = parsePlaylist(await readLimitedText(await fetchUpstream(upstream, url, left())));
    if (playlist.kind === 'master') {
      const reason = unplayableReason(playlist);
      if (reason) return { ok: false, status: 'unsupported', code: 'codec', error: reason };
      url = new URL(pickVariant(playlist)!.uri, url).href;
      playlist = parsePlaylist(await readLimitedText(await fetchUpstream(upstream, url, left())));
      if (playlist.kind !== 'media') return { ok: false, status: 'unsupported', code: 'not_hls', error: 'variant is not a media playlist' };
    }
    // A live source that stopped cleanly ends its playlist: it is down, not unplayable.
    if (playlist.endList) return { ok: false, status: 'offline', code: 'ended', error: 'the stream has ended (#EXT-X-ENDLIST)' };
    const codec = await codecVerdict(upstream, url, playlist, left);
    if (codec) return { ok: false, status: 'unsupported', code: 'codec', error: codec };
    return { ok: true, mediaSequence: playlist.mediaSequence + playlist.segments.length, segments: playlist.segments.length, targetDuration: playlist.targetDuration };
  } catch (err) {
    if (err instanceof PlaylistError) return { ok: false, status: 'unsupported', code: 'not_hls', error: err.message };
    if (err instanceof UpstreamError) return { ok: false, status: 'offline', code: err.kind, error: err.message };
    return { ok: false, status: 'offline', code: 'unreachable', error: (err as Error).message };
  }
}

/**
 * Why the media cannot be played (an H.265-only camera whose playlist names no codecs), from
 * the init segment (fMP4) or the first segment's program map (MPEG-TS); null when it can be or
 * when the media could not be read this time (the playlist already answered).
 */
async function codecVerdict(upstream: Upstream, playlistUrl: string, playlist: MediaPlaylist, left: () => number): Promise<string | null> {
  const target = playlist.mapUri ? new URL(playlist.mapUri, playlistUrl).href : playlist.segments[0] ? new URL(playlist.segments[0].uri, playlistUrl).href : null;
  if (!target) return null;
  const key = `${upstream.streamUrl}|${playlist.mapUri ? target : playlistUrl}`;
  const known = codecVerdicts.get(key);
  if (known !== undefined) return known;
  try {
    const res = await fetchUpstream(upstream, target, left());
    const bytes = playlist.mapUri ? await readLimited(res, INIT_MAX_BYTES, 'init segment') : await readHead(res, TS_HEAD_BYTES);
    const type = sniffMediaType(bytes);
    const codecs = type === 'video/mp2t' ? tsVideoCodecs(bytes) : type === 'video/mp4' ? mp4VideoCodecs(bytes) : null;
    if (codecs === null) return null;
    const verdict = unplayableVideo(codecs);
    codecVerdicts.set(key, verdict);
    return verdict;
  } catch {
    return null;
  }
}
