import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlaylist, type MediaPlaylist } from '@/lib/video/hls';
import { newSegments } from '@/lib/recording/recorder';
import type { LastSegment } from '@/db/queries/recordings';

describe('program date-time and discontinuities in HLS playlists', () => {
  it('carries a date on to the next segments, but not across a discontinuity', () => {
    const p = parsePlaylist(`#EXTM3U
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:7
#EXTINF:2.0,
#EXT-X-PROGRAM-DATE-TIME:2026-12-06T21:09:13.597+0000
a.ts
#EXTINF:1.5,
b.ts
#EXT-X-DISCONTINUITY
#EXTINF:2.0,
c.ts
#EXT-X-PROGRAM-DATE-TIME:not a date
#EXTINF:2.0,
d.ts
`) as MediaPlaylist;
    const t = Date.parse('2026-12-06T21:09:13.597Z');
    expect(p.segments.map((s) => [s.uri, s.programDateTime, s.discontinuity])).toEqual([
      ['a.ts', t, false],
      ['b.ts', t + 2000, false],
      ['c.ts', null, true],
      ['d.ts', null, false],
    ]);
  });
});

/** A live playlist without dates: segments `first`..`newest`, each `duration` s. */
function window(first: number, newest: number, duration: number): MediaPlaylist {
  return {
    kind: 'media',
    targetDuration: duration,
    mediaSequence: first,
    endList: false,
    mapUri: null,
    segments: Array.from({ length: newest - first + 1 }, (_, i) => ({ uri: `s${first + i}.ts`, duration, programDateTime: null, discontinuity: false })),
  };
}

describe('which segments a poll stores', () => {
  it('whatever the polls’ timing, each segment once, in order, back to back while the window keeps up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (size, advances, duration) => {
          let newest = 100;
          let now = 1_000_000;
          let last: LastSegment | null = null;
          const stored: { sequence: number; startMs: number; durationMs: number }[] = [];
          for (const advance of advances) {
            newest += advance;
            now += advance * duration * 1000 + 137;
            for (const s of newSegments(window(Math.max(0, newest - size + 1), newest, duration), last, now)) {
              stored.push(s);
              last = { mediaSequence: s.sequence, startMs: s.startMs, endMs: s.startMs + s.durationMs };
            }
          }
          // The reference: every sequence the windows ever showed, minus those that slid out unseen.
          const sequences = stored.map((s) => s.sequence);
          expect(new Set(sequences).size).toBe(sequences.length);
          expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
          expect(sequences.at(-1)).toBe(newest);
          for (let i = 1; i < stored.length; i++) {
            const contiguous = stored[i]!.sequence === stored[i - 1]!.sequence + 1;
            // Consecutive sequences follow each other on the timeline; after a jump, never overlap.
            if (contiguous) expect(stored[i]!.startMs).toBe(stored[i - 1]!.startMs + stored[i - 1]!.durationMs);
            else expect(stored[i]!.startMs).toBeGreaterThanOrEqual(stored[i - 1]!.startMs + stored[i - 1]!.durationMs - 250);
          }
        },
      ),
    );
  });

  it('a restarted camera (numbers from the start again) is recorded again, after what is stored', () => {
    const last: LastSegment = { mediaSequence: 500, startMs: 990_000, endMs: 992_000 };
    const fresh = newSegments(window(0, 3, 2), last, 1_010_000);
    expect(fresh.map((s) => s.sequence)).toEqual([0, 1, 2, 3]);
    expect(fresh[0]!.startMs).toBeGreaterThanOrEqual(last.endMs);
  });
});
