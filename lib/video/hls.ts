// HLS playlist parsing and rewriting (RFC 8216), pure functions with no I/O.

export interface Variant {
  uri: string;
  bandwidth: number | null;
  codecs: string[];
  resolution: string | null;
}

export interface MediaPlaylist {
  kind: 'media';
  targetDuration: number;
  mediaSequence: number;
  segments: MediaSegment[];
  endList: boolean;
  /** The fMP4 initialization section (EXT-X-MAP), which names the codecs. */
  mapUri: string | null;
}

export interface MediaSegment {
  uri: string;
  duration: number;
  /** EXT-X-PROGRAM-DATE-TIME of this segment (ms since epoch), given or carried on from an earlier one. */
  programDateTime: number | null;
  /** EXT-X-DISCONTINUITY before this segment: its timestamps do not follow the previous one's. */
  discontinuity: boolean;
}

export interface MasterPlaylist {
  kind: 'master';
  variants: Variant[];
}

export type Playlist = MediaPlaylist | MasterPlaylist;

export class PlaylistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaylistError';
  }
}

/** Attribute lists such as `BANDWIDTH=800000,CODECS="avc1.42e01e,mp4a.40.2"`. */
export function parseAttributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  for (const m of list.matchAll(re)) out[m[1]!] = m[2]!.startsWith('"') ? m[2]!.slice(1, -1) : m[2]!;
  return out;
}

export function parsePlaylist(text: string): Playlist {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') throw new PlaylistError('not an HLS playlist (missing #EXTM3U)');
  if (lines.some((l) => l.startsWith('#EXT-X-STREAM-INF'))) {
    const variants: Variant[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
      const attrs = parseAttributes(line.slice('#EXT-X-STREAM-INF:'.length));
      const uri = lines.slice(i + 1).find((l) => l && !l.startsWith('#'));
      if (!uri) throw new PlaylistError('variant without a URI');
      variants.push({
        uri,
        bandwidth: attrs.BANDWIDTH ? Number(attrs.BANDWIDTH) : null,
        codecs: attrs.CODECS ? attrs.CODECS.split(',').map((c) => c.trim()) : [],
        resolution: attrs.RESOLUTION ?? null,
      });
    }
    return { kind: 'master', variants };
  }
  let targetDuration = NaN;
  let mediaSequence = 0;
  let endList = false;
  let pendingDuration: number | null = null;
  let mapUri: string | null = null;
  let pendingDate: number | null = null;
  let pendingDiscontinuity = false;
  const segments: MediaSegment[] = [];
  for (const line of lines) {
    if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(line.split(':')[1]);
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) mediaSequence = Number(line.split(':')[1]);
    else if (line === '#EXT-X-ENDLIST') endList = true;
    else if (line === '#EXT-X-DISCONTINUITY') pendingDiscontinuity = true;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      const at = Date.parse(line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length));
      pendingDate = Number.isFinite(at) ? at : null;
    } else if (line.startsWith('#EXT-X-MAP:')) mapUri ??= parseAttributes(line.slice('#EXT-X-MAP:'.length)).URI ?? null;
    else if (line.startsWith('#EXTINF:')) pendingDuration = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith('#')) {
      const previous = segments.at(-1);
      // A date carries on to the segments after it (RFC 8216 4.3.2.6), but not across a discontinuity.
      const carried = previous?.programDateTime != null && !pendingDiscontinuity && Number.isFinite(previous.duration) ? previous.programDateTime + previous.duration * 1000 : null;
      segments.push({ uri: line, duration: pendingDuration ?? NaN, programDateTime: pendingDate ?? carried, discontinuity: pendingDiscontinuity });
      pendingDuration = null;
      pendingDate = null;
      pendingDiscontinuity = false;
    }
  }
  if (!Number.isFinite(targetDuration) || targetDuration <= 0) throw new PlaylistError('missing or invalid #EXT-X-TARGETDURATION');
  if (!Number.isInteger(mediaSequence) || mediaSequence < 0) throw new PlaylistError('invalid #EXT-X-MEDIA-SEQUENCE');
  return { kind: 'media', targetDuration, mediaSequence, segments, endList, mapUri };
}

/** Codecs every browser Vigil supports can decode through Media Source Extensions. */
const PLAYABLE_CODEC = /^(avc1|avc3|mp4a|ac-3|ec-3)(\.|$)/i;

/**
 * Why a playlist cannot be played in a browser, or null when it can (as far as the playlist
 * tells: a media playlist names no codecs; lib/video/probe.ts reads them from the media).
 * A playlist that ended (#EXT-X-ENDLIST) is a stopped live source, not an unplayable one.
 */
export function unplayableReason(playlist: Playlist): string | null {
  if (playlist.kind === 'master') {
    if (playlist.variants.length === 0) return 'master playlist without variants';
    const playable = playlist.variants.filter((v) => v.codecs.length === 0 || v.codecs.every((c) => PLAYABLE_CODEC.test(c)));
    if (playable.length === 0) return `codec not playable in browsers: ${playlist.variants[0]!.codecs.join(', ')}`;
    return null;
  }
  return null;
}

/** The variant a player should start with: the first playable one. */
export function pickVariant(playlist: MasterPlaylist): Variant | undefined {
  return playlist.variants.find((v) => v.codecs.length === 0 || v.codecs.every((c) => PLAYABLE_CODEC.test(c)));
}

/**
 * Rewrites every URI in a playlist (URI lines and URI="…" attributes of EXT-X-KEY, EXT-X-MAP,
 * EXT-X-MEDIA) through `map`, which receives the URI resolved against `base` and whether it
 * names a playlist or a segment-like resource.
 */
export function rewritePlaylist(text: string, base: string, map: (absolute: string, kind: 'playlist' | 'segment') => string): string {
  const lines = text.split(/\r?\n/);
  let nextIsPlaylist = false;
  return lines
    .map((raw) => {
      const line = raw.trim();
      if (line.startsWith('#')) {
        if (line.startsWith('#EXT-X-STREAM-INF') || line.startsWith('#EXT-X-I-FRAME-STREAM-INF')) nextIsPlaylist = line.startsWith('#EXT-X-STREAM-INF');
        const kind = line.startsWith('#EXT-X-MEDIA:') || line.startsWith('#EXT-X-I-FRAME-STREAM-INF') ? 'playlist' : 'segment';
        return raw.replace(/URI="([^"]*)"/g, (_m, uri: string) => `URI="${map(new URL(uri, base).href, kind)}"`);
      }
      if (!line) return raw;
      const kind = nextIsPlaylist ? 'playlist' : 'segment';
      nextIsPlaylist = false;
      return map(new URL(line, base).href, kind);
    })
    .join('\n');
}
