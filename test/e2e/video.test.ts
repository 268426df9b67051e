import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPageProblems, signedInContext } from '@/test/support/browser';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { openCameraDetails } from '@/test/support/map-camera';
import { startServer, type RunningServer, type DemoUser } from '@/test/support/server';

let server: RunningServer;
let browser: Browser;
let upstream: HlsUpstream;
const contexts: Record<string, BrowserContext> = {};
const cameraIds: Record<string, string> = {};

async function contextFor(username: DemoUser): Promise<BrowserContext> {
  return (contexts[username] ??= await signedInContext(browser, username, { viewport: { width: 1440, height: 900 } }));
}

let created = 0;
const positions: Record<string, [number, number]> = {};
// A random spot per run, so cameras left by an earlier run on a shared database never cover these.
const base: [number, number] = [107.9 + Math.random() * 0.08, 21.5 + Math.random() * 0.04];
async function createCamera(name: string, streamUrl: string, agencyId = 'bdbp-qn'): Promise<string> {
  // Side by side, 150 m apart, so each has its own icon to click.
  const lon = base[0] + 0.0015 * created++;
  const lat = base[1];
  const admin = await contextFor('admin');
  const res = await admin.request.post(`${server.baseUrl}/api/cameras`, {
    data: { name, kind: 'fixed', lon, lat, bearingDeg: 10, fovDeg: 60, rangeM: 300, streamUrl, agencyId },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  positions[id] = [lon, lat];
  return id;
}

beforeAll(async () => {
  upstream = new HlsUpstream();
  await upstream.start();
  // Fast health polling so outages show within seconds.
  // The ffmpeg cameras run on this machine: listed, as a restreamer on the same host would be.
  server = await startServer({ CAMERA_NETWORKS: '127.0.0.1', HEALTH_POLL_SECONDS: '1', STALL_TARGET_DURATIONS: '3', CAMERA_ALERT_GRACE_SECONDS: '2' });
  browser = await launchChromium();
  cameraIds.live = await createCamera('E2E ffmpeg camera', upstream.url);
  cameraIds.garbage = await createCamera('E2E garbage camera', `http://127.0.0.1:${upstream.port}/garbage.m3u8`);
  cameraIds.huge = await createCamera('E2E huge camera', `http://127.0.0.1:${upstream.port}/huge.m3u8`);
  cameraIds.hang = await createCamera('E2E hanging camera', `http://127.0.0.1:${upstream.port}/hang.m3u8`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await upstream?.stop();
});

const openCameraOnMap = (page: Page, cameraId: string) => openCameraDetails(page, server.baseUrl, cameraId, positions[cameraId]!);

describe('live video through the proxy', () => {
  it('plays the camera in the map popup: time advances and frames are decoded', async () => {
    const page = await (await contextFor('operator')).newPage();
    const problems = watchPageProblems(page);
    await openCameraOnMap(page, cameraIds.live!);
    // With both cores busy (another end-to-end file beside this one) the ffmpeg camera can fall
    // behind real time and be called stalled for a moment (3 target durations here), and the
    // player waits for it to be live again: a minute, not half of one.
    await page.waitForFunction(() => document.querySelector('[data-testid="camera-player"]')?.getAttribute('data-state') === 'live', null, { timeout: 60_000 });
    const sample = () =>
      page.evaluate(() => {
        const v = document.querySelector('video')!;
        return { t: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames };
      });
    const a = await sample();
    await page.waitForFunction((t0) => document.querySelector('video')!.currentTime > t0 + 1.5, a.t, { timeout: 15_000 });
    const b = await sample();
    expect(b.t).toBeGreaterThan(a.t);
    expect(b.frames).toBeGreaterThan(a.frames);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the camera offline on the open map when ffmpeg dies, and live again when it returns', async () => {
    const page = await (await contextFor('operator')).newPage();
    await openCameraOnMap(page, cameraIds.live!);
    const statusText = () => page.getByTestId('details-panel').textContent();
    await page.waitForFunction(() => document.querySelector('[data-testid="details-panel"]')?.textContent?.includes('Trực tuyến'), null, { timeout: 20_000 });
    await upstream.stopFfmpeg();
    await page.waitForFunction(() => document.querySelector('[data-testid="details-panel"]')?.textContent?.includes('Mất kết nối'), null, { timeout: 20_000 });
    expect(await statusText()).toContain('Mất kết nối');
    await upstream.startFfmpeg();
    await page.waitForFunction(() => document.querySelector('[data-testid="details-panel"]')?.textContent?.includes('Trực tuyến'), null, { timeout: 30_000 });
    await page.close();
  });

  it('refuses a user without rights to the camera, for its playlist and its segments', async () => {
    const operator = await contextFor('operator');
    const entry = await operator.request.get(`${server.baseUrl}/api/cameras/${cameraIds.live}/hls/index.m3u8`);
    expect(entry.status()).toBe(200);
    const variant = (await entry.text()).split('\n').find((l) => l.startsWith('/api/'))!;
    const media = await operator.request.get(`${server.baseUrl}${variant}`);
    expect(media.status()).toBe(200);
    const segment = (await media.text()).split('\n').find((l) => l.startsWith('/api/'))!;
    expect((await operator.request.get(`${server.baseUrl}${segment}`)).status()).toBe(200);

    // The health department's viewer: the camera belongs to the border guard.
    const viewer = await contextFor('viewer');
    for (const url of [`/api/cameras/${cameraIds.live}/hls/index.m3u8`, variant, segment]) {
      expect((await viewer.request.get(`${server.baseUrl}${url}`)).status(), url).toBe(403);
    }
    // Without a session at all.
    expect((await fetch(`${server.baseUrl}${segment}`)).status).toBe(401);
  });

  it('refuses a tampered segment URL', async () => {
    const operator = await contextFor('operator');
    const entry = await operator.request.get(`${server.baseUrl}/api/cameras/${cameraIds.live}/hls/index.m3u8`);
    const variant = (await entry.text()).split('\n').find((l) => l.startsWith('/api/'))!;
    const segment = (await (await operator.request.get(`${server.baseUrl}${variant}`)).text()).split('\n').find((l) => l.startsWith('/api/'))!;
    const i = segment.indexOf('t=') + 12;
    const tampered = segment.slice(0, i) + (segment[i] === 'A' ? 'B' : 'A') + segment.slice(i + 1);
    expect((await operator.request.get(`${server.baseUrl}${tampered}`)).status()).toBe(403);
    // A valid token under another camera's path is refused too.
    expect((await operator.request.get(`${server.baseUrl}${segment.replace(cameraIds.live!, cameraIds.garbage!)}`)).status()).toBe(403);
    // And the page never learns the upstream address.
    expect(segment).not.toContain('127.0.0.1');
    expect(await entry.text()).not.toContain(String(upstream.port));
  });

  it('survives upstreams that send garbage, endless bodies or nothing', async () => {
    const operator = await contextFor('operator');
    const garbage = await operator.request.get(`${server.baseUrl}/api/cameras/${cameraIds.garbage}/hls/index.m3u8`);
    expect([415, 502]).toContain(garbage.status());
    // The reason, as a word; never what the upstream said (its body tells what answers there).
    const message = ((await garbage.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/not_hls/);
    expect(message).not.toMatch(/login required|html/i);
    const started = Date.now();
    const huge = await operator.request.get(`${server.baseUrl}/api/cameras/${cameraIds.huge}/hls/index.m3u8`);
    expect(huge.status()).toBe(502);
    const hang = await operator.request.get(`${server.baseUrl}/api/cameras/${cameraIds.hang}/hls/index.m3u8`, { timeout: 30_000 });
    expect(hang.status()).toBe(504);
    expect(Date.now() - started).toBeLessThan(20_000);
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
  });
});

describe('video wall', () => {
  it('cycles through the cameras a page at a time, and says which page it shows', async () => {
    const page = await (await contextFor('operator')).newPage();
    const problems = watchPageProblems(page);
    // The page's own clock, moved on by the test: no real 10 s wait for the cycle.
    await page.clock.install();
    await page.goto(`${server.baseUrl}/wall`);
    await page.getByTestId('layout-4').click();
    await page.getByTestId('wall-cycle').selectOption('10');
    const indicator = page.getByTestId('wall-page');
    await expect.poll(() => indicator.textContent()).toMatch(/^Trang 1\/\d+$/);
    const names = () => page.locator('[data-testid=wall-tile] header span').allTextContents();
    const first = await names();
    expect(first).toHaveLength(4);
    await page.clock.fastForward(10_500);
    await expect.poll(() => indicator.textContent(), { timeout: 5_000 }).toMatch(/^Trang 2\/\d+$/);
    expect(await names()).not.toEqual(first);
    // Offline and unplayable tiles say so at once instead of trying to play.
    expect(problems.filter((p) => !p.includes('/hls/'))).toEqual([]);
    await page.close();
  });
});
