import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { signInHttp } from '@/test/support/session';
import { DEMO_PASSWORD } from '@/db/seed';
const base = 'http://127.0.0.1:3999';
const id = process.argv[2]!;
const cookie = await signInHttp(base, 'operator', DEMO_PASSWORD);
const tl = await (await fetch(`${base}/api/cameras/${id}/recordings`, { headers: { cookie } })).json();
const moment = Date.now() - 60_000;
const server = createServer(async (req, res) => {
  if (req.url === '/') { res.setHeader('content-type', 'text/html'); return res.end(`<video id=v muted></video><script src="/hls.js"></script><script>
    const h = new Hls(); window.h = h; h.on(Hls.Events.MANIFEST_PARSED, () => v.play()); h.loadSource('/api/cameras/${id}/recordings/playlist.m3u8?from=${new Date(moment).toISOString()}'); h.attachMedia(v);</script>`); }
  if (req.url === '/hls.js') return res.end(readFileSync('node_modules/hls.js/dist/hls.js'));
  const up = await fetch(base + req.url, { headers: { cookie } });
  res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? '' });
  res.end(Buffer.from(await up.arrayBuffer()));
});
await new Promise<void>((r) => server.listen(3998, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto('http://127.0.0.1:3998/');
for (let i = 0; i < 8; i++) {
  await page.waitForTimeout(700);
  console.log(await page.evaluate(() => { const h = (window as any).h; const v = document.getElementById('v') as HTMLVideoElement; const f = h.streamController.currentFrag; return { t: v.currentTime.toFixed(2), pd: h.playingDate?.getTime(), frag: f && { sn: f.sn, start: f.start.toFixed(2), pdt: f.programDateTime }, frag0: h.levels[0]?.details?.fragments.slice(0, 3).map((x: any) => [x.sn, x.start.toFixed(2)]), buf: v.buffered.length ? [v.buffered.start(0).toFixed(2), v.buffered.end(0).toFixed(2)] : null }; }).catch((e) => String(e)), 'moment', moment);
}
await browser.close(); server.close();
