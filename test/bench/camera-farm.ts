// A farm of simulated HLS cameras for benchmarks, run as its own process so its CPU time is
// not counted against the code under test. GET /cam/<n>/index.m3u8 is a live playlist whose
// media sequence advances every 2 s; /seg/<name> serves a fixed-size segment (named by camera and
// sequence, as a camera names them: a name is never reused); /stats counts the GETs of each.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

// MPEG-TS-shaped (a sync byte every 188): the proxy and the recorder both check segments are video.
const SEGMENT = randomBytes(Math.ceil(Number(process.env.SEGMENT_BYTES ?? 512 * 1024) / 188) * 188);
for (let i = 0; i < SEGMENT.length; i += 188) SEGMENT[i] = 0x47;
const fetches: Record<string, number> = {};
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(fetches));
    return;
  }
  if (url.endsWith('.m3u8')) {
    const seq = Math.floor(Date.now() / 2000);
    const body = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${seq}`];
    const cam = /^\/cam\/([^/]+)\//.exec(url)?.[1] ?? '0';
    for (let i = 0; i < 4; i++) body.push('#EXTINF:2.000,', `/seg/c${cam}-${seq + i}.ts`);
    res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' }).end(body.join('\n') + '\n');
    return;
  }
  if (url.startsWith('/seg/')) {
    fetches[url] = (fetches[url] ?? 0) + 1;
    res.writeHead(200, { 'Content-Type': 'video/mp2t', 'Content-Length': SEGMENT.length }).end(SEGMENT);
    return;
  }
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
