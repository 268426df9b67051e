import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// A stand-in camera for the embedded demo: `demo://<feed>` upstreams answer like a live HLS
// camera, with a sliding window over six committed 2-second test-pattern segments, so the
// portal plays live-looking feeds with no camera and no ffmpeg. Every frame says DEMO.

const SEGMENT_SECONDS = 2;
const SEGMENT_COUNT = 6;
const WINDOW = 4;
const SEGMENT_DIR = path.join(process.cwd(), 'lib', 'video', 'demo-segments');

export function isDemoUrl(url: string): boolean {
  return url.startsWith('demo://');
}

/**
 * The moment the demo cameras "started": this process's start, shared by every bundle that loads
 * this module. Numbering segments from the Unix epoch gave a discontinuity sequence in the
 * hundreds of millions, and hls.js keeps a sparse array indexed by it that it scans on every
 * playlist reload — seconds of CPU per reload, which froze any page playing a demo feed.
 */
const epoch: number = ((globalThis as { __vigilDemoEpoch?: number }).__vigilDemoEpoch ??= Date.now());

/**
 * The live playlist at `now` for a feed started at `startedAt`; segment n's discontinuity
 * number is floor(n / 6), where the loop restarts.
 */
export function demoPlaylist(now = Date.now(), startedAt = epoch): string {
  const newest = Math.max(0, Math.floor((now - startedAt) / 1000 / SEGMENT_SECONDS));
  const first = Math.max(0, newest - WINDOW + 1);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${SEGMENT_SECONDS}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / SEGMENT_COUNT)}`,
  ];
  for (let n = first; n <= newest; n++) {
    if (n !== first && n % SEGMENT_COUNT === 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${SEGMENT_SECONDS.toFixed(3)},`, `seg-${n}.ts`);
  }
  return lines.join('\n') + '\n';
}

/** A "stalled" demo feed's playlist never moves on from this moment after start. */
const STALLED_AFTER_MS = 60_000;

/**
 * Answers a GET for a demo:// URL the way an HTTP camera would. Feeds whose name starts with
 * `offline` answer 503, `stalled` ones freeze and `hevc` ones offer only H.265, so the demo
 * shows every camera status.
 */
export async function fetchDemo(url: string): Promise<Response> {
  const { host, pathname } = new URL(url.replace(/^demo:/, 'http:'));
  if (host.startsWith('offline')) return new Response('camera unreachable (demo)', { status: 503 });
  if (host.startsWith('hevc')) {
    // An H.265 camera: reachable, but no browser Vigil supports can decode it.
    const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="hvc1.1.6.L93.B0"\nmain.m3u8\n';
    return new Response(master, { headers: { 'Content-Type': 'application/vnd.apple.mpegurl' } });
  }
  const name = pathname.split('/').pop() ?? '';
  if (name === '' || name.endsWith('.m3u8')) {
    const playlist = demoPlaylist(host.startsWith('stalled') ? epoch + STALLED_AFTER_MS : Date.now());
    return new Response(playlist, { headers: { 'Content-Type': 'application/vnd.apple.mpegurl' } });
  }
  const match = /^seg-(\d{1,12})\.ts$/.exec(name);
  if (!match) return new Response('not found', { status: 404 });
  const file = path.join(SEGMENT_DIR, `seg${Number(match[1]) % SEGMENT_COUNT}.mpegts`);
  return new Response(new Uint8Array(await readFile(file)), { headers: { 'Content-Type': 'video/mp2t' } });
}
