import { chromium } from 'playwright-core';
import { signInHttp } from '@/test/support/session';
import { openCameraDetails } from '@/test/support/map-camera';
import { DEMO_PASSWORD } from '@/db/seed';
const base = 'http://127.0.0.1:3999';
const id = process.argv[2]!;
const cookie = await signInHttp(base, 'operator', DEMO_PASSWORD);
const pairs = cookie.split('; ').map((c) => { const i = c.indexOf('='); return { name: c.slice(0, i), value: c.slice(i + 1), url: base }; });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
await context.addCookies(pairs);
await context.addInitScript({ content: 'window.__name = (f) => f' });
const page = await context.newPage();
page.on('request', (r) => { if (r.url().includes('playlist.m3u8')) console.log('REQ', new URL(r.url()).searchParams.get('from')); });
await openCameraDetails(page, base, id, [107.95, 21.46]);
const t0 = Date.now();
await page.getByTestId('open-playback').click();
console.log('clicked', t0 - 60_000);
for (let i = 0; i < 12; i++) {
  await page.waitForTimeout(500);
  console.log(await page.evaluate(() => ({ ms: document.querySelector('[data-testid=playback-clock]')?.getAttribute('data-ms'), t: (document.querySelector('[data-testid=recording-video]') as HTMLVideoElement)?.currentTime })));
}
await page.screenshot({ path: '/tmp/exp/playback.png' });
await browser.close();
