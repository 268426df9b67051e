import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface HlsUpstreamOptions {
  /** Video codec of the live stream (H.265 cameras exist; browsers cannot play them). */
  codec?: 'h264' | 'h265';
  /** MPEG-TS segments, or fMP4 (CMAF) with an init segment. */
  segments?: 'mpegts' | 'fmp4';
  /** After ffmpeg stops, keep serving the last files (a frozen restreamer) instead of 404. */
  serveStale?: boolean;
  /** Content-Type sent with segments (cameras often say application/octet-stream). */
  segmentType?: string;
  /** Stamp each segment with EXT-X-PROGRAM-DATE-TIME (the camera's clock), as restreamers can. */
  programDateTime?: boolean;
}

/**
 * A stand-in for a camera behind a restreamer (MediaMTX, go2rtc): ffmpeg encodes a live test
 * pattern to HLS and a small HTTP server serves it, answering 404 while ffmpeg is stopped, as
 * a restreamer does when its source is gone. It also serves misbehaving playlists:
 * /garbage.m3u8 (HTML), /huge.m3u8 (endless), /hang.m3u8 (never answers), /slow.m3u8 (a valid
 * playlist a few bytes at a time), /ended.m3u8 (#EXT-X-ENDLIST), /html/index.m3u8 (segments
 * that are HTML pages).
 */
export class HlsUpstream {
  private ffmpeg: ChildProcess | null = null;
  private server: Server | null = null;
  private stopped = false;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'vigil-hls-'));
  port = 0;
  /** GETs of each file under /live/ (segments and playlists), to show what was fetched how often. */
  readonly fetches = new Map<string, number>();

  constructor(private readonly options: HlsUpstreamOptions = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/live/index.m3u8`;
  }

  urlOf(name: string): string {
    return `http://127.0.0.1:${this.port}/${name}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/garbage.m3u8') return void res.end('<html><body>login required</body></html>');
      if (url.pathname === '/huge.m3u8') return endless(res);
      if (url.pathname === '/hang.m3u8') return; // never answers
      if (url.pathname === '/slow.m3u8') return drip(res, '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:2,\nslow-1.ts\n');
      if (url.pathname === '/ended.m3u8') {
        res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' });
        return void res.end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:2,\nlive/a.ts\n#EXT-X-ENDLIST\n');
      }
      if (url.pathname === '/html/index.m3u8') {
        res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' });
        return void res.end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:2,\npage.ts\n');
      }
      if (url.pathname === '/html/page.ts') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return void res.end('<!doctype html><script>alert(document.cookie)</script>');
      }
      const file = path.join(this.dir, path.basename(url.pathname));
      this.fetches.set(path.basename(url.pathname), (this.fetches.get(path.basename(url.pathname)) ?? 0) + 1);
      const serving = this.ffmpeg !== null || (this.options.serveStale && this.stopped);
      if (!serving || !url.pathname.startsWith('/live/') || !existsSync(file)) {
        res.writeHead(404).end('no such stream');
        return;
      }
      const type = file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : (this.options.segmentType ?? (this.options.segments === 'fmp4' ? 'video/mp4' : 'video/mp2t'));
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    await this.startFfmpeg();
  }

  async startFfmpeg(): Promise<void> {
    rmSync(path.join(this.dir, 'index.m3u8'), { force: true });
    this.stopped = false;
    const video =
      this.options.codec === 'h265'
        ? ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1']
        : ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline'];
    const container = this.options.segments === 'fmp4' ? ['-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', 'init.mp4'] : [];
    this.ffmpeg = spawn(
      'ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15',
        ...video, '-pix_fmt', 'yuv420p', '-g', '15', '-keyint_min', '15', '-sc_threshold', '0',
        '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_flags', `delete_segments+omit_endlist${this.options.programDateTime ? '+program_date_time' : ''}`, ...container,
        path.join(this.dir, 'index.m3u8'),
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    while (!existsSync(path.join(this.dir, 'index.m3u8'))) {
      if (Date.now() > deadline) throw new Error('ffmpeg produced no playlist');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The target duration ffmpeg wrote into the live playlist. */
  targetDuration(): number {
    const m = /#EXT-X-TARGETDURATION:(\d+)/.exec(readFileSync(path.join(this.dir, 'index.m3u8'), 'utf8'));
    return Number(m?.[1] ?? 1);
  }

  async stopFfmpeg(): Promise<void> {
    const proc = this.ffmpeg;
    this.ffmpeg = null;
    this.stopped = true;
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    }
  }

  async stop(): Promise<void> {
    await this.stopFfmpeg();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An endless body: a reader must stop, not buffer it. */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' });
  const chunk = Buffer.alloc(64 * 1024, '#');
  const write = () => {
    while (res.write(chunk)) if (res.destroyed) return;
    if (!res.destroyed) res.once('drain', write);
  };
  res.write('#EXTM3U\n');
  write();
}

/** A valid body sent two bytes every 300 ms: answers at once, finishes much later. */
function drip(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' });
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed || at >= text.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(text.slice(at, at + 2));
    at += 2;
  }, 300);
  res.once('close', () => clearInterval(timer));
}
