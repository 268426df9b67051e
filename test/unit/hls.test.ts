import { describe, expect, it } from 'vitest';
import { parsePlaylist, PlaylistError, rewritePlaylist, unplayableReason } from '@/lib/video/hls';
import { demoPlaylist } from '@/lib/video/demo-source';
import { nextHealthState } from '@/lib/video/health';

const MEDIA = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:41
#EXT-X-KEY:METHOD=AES-128,URI="keys/k1.bin"
#EXTINF:2.000,
seg41.ts
#EXTINF:2.000,
https://cam.local/live/seg42.ts?x=1
`;
const MASTER = `#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS="avc1.42e01e,mp4a.40.2",RESOLUTION=640x360
low/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="hvc1.1.6.L93.B0"
hevc/index.m3u8
`;

describe('HLS playlists', () => {
  it('parses a live media playlist', () => {
    const p = parsePlaylist(MEDIA);
    expect(p).toMatchObject({ kind: 'media', targetDuration: 2, mediaSequence: 41, endList: false });
    expect(p.kind === 'media' && p.segments.map((s) => s.uri)).toEqual(['seg41.ts', 'https://cam.local/live/seg42.ts?x=1']);
  });

  it('parses variants with their codecs', () => {
    const p = parsePlaylist(MASTER);
    expect(p.kind).toBe('master');
    expect(p.kind === 'master' && p.variants.map((v) => v.codecs)).toEqual([['avc1.42e01e', 'mp4a.40.2'], ['hvc1.1.6.L93.B0']]);
    expect(unplayableReason(p)).toBeNull();
  });

  it.each([
    ['<html>not a playlist</html>', /missing #EXTM3U/],
    ['#EXTM3U\n#EXTINF:2,\nseg.ts\n', /TARGETDURATION/],
    ['#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:-4\n', /MEDIA-SEQUENCE/],
  ])('rejects garbage: %s', (text, message) => {
    expect(() => parsePlaylist(text)).toThrow(PlaylistError);
    expect(() => parsePlaylist(text)).toThrow(message);
  });

  it('flags what a browser cannot play', () => {
    expect(unplayableReason(parsePlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="hev1.1.6.L93"\nx.m3u8\n'))).toMatch(/codec/);
    // A playlist that ended is a stopped source (offline), not an unplayable one.
    const ended = parsePlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n');
    expect(ended).toMatchObject({ kind: 'media', endList: true });
    expect(unplayableReason(ended)).toBeNull();
  });

  it('rewrites every URI, including attribute URIs, resolved against the playlist', () => {
    const seen: string[] = [];
    const out = rewritePlaylist(MEDIA, 'https://cam.local/live/index.m3u8', (abs, kind) => {
      seen.push(`${kind}:${abs}`);
      return `/x/${seen.length}`;
    });
    expect(seen).toEqual(['segment:https://cam.local/live/keys/k1.bin', 'segment:https://cam.local/live/seg41.ts', 'segment:https://cam.local/live/seg42.ts?x=1']);
    expect(out).toContain('URI="/x/1"');
    expect(out).not.toContain('seg41.ts');
    const master = rewritePlaylist(MASTER, 'https://cam.local/main.m3u8', (abs, kind) => `${kind}:${abs}`);
    expect(master).toContain('playlist:https://cam.local/low/index.m3u8');
  });

  it('serves the demo feed as a sliding live window with consistent discontinuities', () => {
    const started = Date.UTC(2026, 0, 1);
    const a = parsePlaylist(demoPlaylist(started + 3_600_000 + 11_000, started));
    const b = parsePlaylist(demoPlaylist(started + 3_600_000 + 13_000, started));
    expect(a.kind === 'media' && b.kind === 'media').toBe(true);
    if (a.kind !== 'media' || b.kind !== 'media') return;
    expect(b.mediaSequence).toBe(a.mediaSequence + 1);
    expect(a.segments).toHaveLength(4);
    expect(a.endList).toBe(false);
    // Numbered from the feed's start: a day later the discontinuity sequence is still small
    // (players index arrays by it).
    const day = demoPlaylist(started + 86_400_000, started);
    expect(Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(day)![1])).toBe(Math.floor((43_200 - 3) / 6));
  });
});

describe('camera health state', () => {
  const t0 = new Date('2026-11-23T00:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const live = { ok: true as const, mediaSequence: 100, segments: 4, targetDuration: 2 };

  it('is live while the media sequence advances', () => {
    const s1 = nextHealthState({ status: 'unknown', mediaSequence: null, sequenceChangedAt: null }, live, at(0), 3);
    expect(s1.status).toBe('live');
    const s2 = nextHealthState(s1, { ...live, mediaSequence: 101 }, at(2), 3);
    expect(s2).toMatchObject({ status: 'live', mediaSequence: 101 });
  });

  it('turns stalled only after the sequence stands still for several target durations', () => {
    const s1 = nextHealthState({ status: 'unknown', mediaSequence: null, sequenceChangedAt: null }, live, at(0), 3);
    expect(nextHealthState(s1, live, at(5), 3).status).toBe('live');
    const stalled = nextHealthState(s1, live, at(7), 3);
    expect(stalled.status).toBe('stalled');
    expect(stalled.error).toMatch(/not advanced/);
    expect(nextHealthState(stalled, { ...live, mediaSequence: 105 }, at(9), 3).status).toBe('live');
  });

  it('is offline or unsupported on failure, keeping the last sequence', () => {
    const s1 = nextHealthState({ status: 'live', mediaSequence: 100, sequenceChangedAt: at(0) }, { ok: false, status: 'offline', code: 'http', error: 'HTTP 404' }, at(1), 3);
    expect(s1).toMatchObject({ status: 'offline', mediaSequence: 100, error: 'HTTP 404', errorCode: 'http' });
  });
});
