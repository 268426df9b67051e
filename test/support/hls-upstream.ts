import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A stand-in for a camera behind a restreamer (MediaMTX, go2rtc): ffmpeg encodes a live test
 * pattern to HLS and a small HTTP server serves it, answering 404 while ffmpeg is stopped, as
 * a restreamer does when its source is gone. It also serves misbehaving playlists.
 */
export class HlsUpstream {
  private ffmpeg: ChildProcess | null = null;
  private server: Server | null = null;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'vigil-hls-'));
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/live/index.m3u8`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/garbage.m3u8') return void res.end('<html><body>login required</body></html>');
      if (url.pathname === '/huge.m3u8') {
        // An endless body: the proxy must stop reading, not buffer it.
        res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' });
        const chunk = Buffer.alloc(64 * 1024, '#');
        const write = () => {
          while (res.write(chunk)) if (res.destroyed) return;
          if (!res.destroyed) res.once('drain', write);
        };
        res.write('#EXTM3U\n');
        return write();
      }
      if (url.pathname === '/hang.m3u8') return; // never answers
      const file = path.join(this.dir, path.basename(url.pathname));
      if (!this.ffmpeg || !url.pathname.startsWith('/live/') || !existsSync(file)) {
        res.writeHead(404).end('no such stream');
        return;
      }
      res.writeHead(200, { 'Content-Type': file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t', 'Cache-Control': 'no-cache' });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    await this.startFfmpeg();
  }

  async startFfmpeg(): Promise<void> {
    rmSync(path.join(this.dir, 'index.m3u8'), { force: true });
    this.ffmpeg = spawn(
      'ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
        '-g', '15', '-keyint_min', '15', '-sc_threshold', '0',
        '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_flags', 'delete_segments+omit_endlist',
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

  async stopFfmpeg(): Promise<void> {
    const proc = this.ffmpeg;
    this.ffmpeg = null;
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
