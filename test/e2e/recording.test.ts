import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInContext, watchPageProblems } from '@/test/support/browser';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { openCameraDetails } from '@/test/support/map-camera';
import { startServer, type RunningServer } from '@/test/support/server';

// Recording end to end: the running server records a real ffmpeg camera (segments dated by the
// camera's clock), and an operator plays a past moment from the map: frames advance, and the
// moment the player shows is the one asked for, on the camera's clock.

let server: RunningServer;
let browser: Browser;
let upstream: HlsUpstream;
let operator: BrowserContext;
let cameraId: string;
/** The tip alert whose clip is played, then exported. */
let tipAlertId: string;
const center: [number, number] = [107.9 + Math.random() * 0.08, 21.45 + Math.random() * 0.04];

interface Timeline {
  recording: boolean;
  ranges: { fromMs: number; toMs: number }[];
  gaps: { fromMs: number; toMs: number; reason: string }[];
}
const timeline = async () => (await (await operator.request.get(`${server.baseUrl}/api/cameras/${cameraId}/recordings`)).json()) as Timeline;
const recordedMs = (t: Timeline) => t.ranges.reduce((sum, r) => sum + r.toMs - r.fromMs, 0);

beforeAll(async () => {
  upstream = new HlsUpstream({ programDateTime: true });
  await upstream.start();
  server = await startServer({ CAMERA_NETWORKS: '127.0.0.1' });
  browser = await launchChromium();
  const admin = await signedInContext(browser, 'admin');
  const res = await admin.request.post(`${server.baseUrl}/api/cameras`, {
    data: { name: 'E2E recorded camera', kind: 'fixed', lon: center[0], lat: center[1], bearingDeg: 10, fovDeg: 60, rangeM: 300, streamUrl: upstream.url, agencyId: 'bdbp-qn', record: true },
  });
  expect(res.status(), await res.text()).toBe(201);
  cameraId = ((await res.json()) as { id: string }).id;
  await admin.close();
  operator = await signedInContext(browser, 'operator', { viewport: { width: 1440, height: 900 } });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await upstream?.stop();
});

describe('recording and playback', () => {
  it('records a camera for a minute, with the time it was down as a gap', async () => {
    // Down for a few seconds in the middle: the recorder keeps the gap and its reason.
    await new Promise((r) => setTimeout(r, 30_000));
    await upstream.stopFfmpeg();
    await new Promise((r) => setTimeout(r, 6_000));
    await upstream.startFfmpeg();
    let t = await timeline();
    for (let i = 0; i < 90 && recordedMs(t) < 62_000; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      t = await timeline();
    }
    expect(t.recording).toBe(true);
    expect(recordedMs(t)).toBeGreaterThanOrEqual(60_000);
    expect(t.ranges).toHaveLength(2);
    expect(t.gaps).toEqual([expect.objectContaining({ reason: 'http' })]);
    expect(t.gaps[0]!.toMs - t.gaps[0]!.fromMs).toBeGreaterThan(4_000);
  }, 180_000);

  it('plays a past moment from the map: frames advance and the picture’s time is the moment asked', async () => {
    const page = await operator.newPage();
    const problems = watchPageProblems(page);
    const asked: number[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/recordings/playlist.m3u8')) asked.push(Date.parse(new URL(r.url()).searchParams.get('from')!));
    });
    const t = await timeline();
    await openCameraDetails(page, server.baseUrl, cameraId, center);
    await page.getByTestId('open-playback').click();
    // Review opens a minute back.
    await expect.poll(() => asked.length).toBe(1);
    const clock = page.getByTestId('playback-clock');
    const video = page.getByTestId('recording-video');
    const sample = async () => ({
      ms: Number((await clock.getAttribute('data-ms')) || 0),
      ...(await video.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames }))),
    });
    /** Plays from `moment` (through the time bar), and checks the picture's time against the camera's clock. */
    const playFrom = async (moment: number, expectedStart: number) => {
      // The time bar moves in whole seconds from its start: the moment asked is within half a second.
      await page.getByTestId('playback-scrubber').fill(String(moment));
      await expect.poll(() => asked.some((at) => Math.abs(at - moment) <= 500), { timeout: 10_000 }).toBe(true);
      await expect.poll(async () => (await sample()).ms, { timeout: 30_000 }).toBeGreaterThanOrEqual(expectedStart - 1_000);
      const a = await sample();
      // The picture shown is the camera's moment: where the time bar asked, within a segment (1 s).
      expect(a.ms).toBeGreaterThanOrEqual(expectedStart - 1_000);
      expect(a.ms).toBeLessThanOrEqual(expectedStart + 1_000 + a.t * 1000);
      await page.waitForTimeout(2_000);
      const b = await sample();
      // Frames advance, and the clock with them, second for second.
      expect(b.frames).toBeGreaterThan(a.frames);
      expect(b.t - a.t).toBeGreaterThan(1);
      expect(Math.abs(b.ms - a.ms - (b.t - a.t) * 1000)).toBeLessThan(300);
    };
    const [first, second] = t.ranges;
    // Ten seconds into the first recorded stretch, on the camera's clock.
    await playFrom(first!.fromMs + 10_000, first!.fromMs + 10_000);
    // A moment the camera was down: the player says so and plays from where the recording resumes.
    const inGap = Math.round((t.gaps[0]!.fromMs + t.gaps[0]!.toMs) / 2);
    await playFrom(inGap, second!.fromMs);
    await page.getByTestId('playback-skipped').waitFor();
    // The time bar shows the gap, and the way back to live works.
    await expect.poll(() => page.getByTestId('playback-gaps').count()).toBe(1);
    await page.getByTestId('playback-live').click();
    await page.getByTestId('camera-player').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('an alert keeps its clip and its detail plays it at once', async () => {
    const t = await timeline();
    // A resident's tip of something 100 m in front of the camera, 40 s into the recording.
    const occurred = t.ranges[0]!.fromMs + 40_000;
    const res = await operator.request.post(`${server.baseUrl}/api/tips`, {
      data: { receivedAt: new Date(occurred).toISOString(), channel: 'phone', lon: center[0], lat: center[1] + 0.0009, description: 'người qua sông', severity: 'warning' },
      headers: { Origin: server.baseUrl },
    });
    expect(res.status(), await res.text()).toBe(200);
    const { alertId } = (await res.json()) as { alertId: string };
    tipAlertId = alertId;
    const page = await operator.newPage();
    await page.goto(`${server.baseUrl}/alerts?alert=${alertId}`);
    const clip = page.getByTestId('alert-clip');
    await clip.waitFor();
    expect(await clip.getAttribute('data-camera-id')).toBe(cameraId);
    const clock = clip.getByTestId('playback-clock');
    await expect.poll(async () => Number((await clock.getAttribute('data-ms')) || 0), { timeout: 30_000 }).toBeGreaterThan(0);
    // The clip starts its pre-roll (30 s) before the moment, and plays on.
    const start = Number(await clock.getAttribute('data-ms'));
    expect(start).toBeGreaterThanOrEqual(occurred - 30_000 - 1_000);
    expect(start).toBeLessThan(occurred - 30_000 + 3_000);
    await expect.poll(async () => Number(await clock.getAttribute('data-ms')), { timeout: 10_000 }).toBeGreaterThan(start + 1_000);
    // Kept as evidence: the clip outlives retention once the alert is resolved.
    const keep = page.getByTestId('keep-evidence');
    expect(await keep.getAttribute('aria-pressed')).toBe('false');
    await keep.click();
    await expect.poll(() => keep.getAttribute('aria-pressed')).toBe('true');
    await page.close();
  }, 120_000);

  it('exports the alert’s evidence package, which /verify finds valid, and a changed copy altered', async () => {
    const page = await operator.newPage();
    await page.goto(`${server.baseUrl}/alerts?alert=${tipAlertId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-evidence').click()]);
    expect(download.suggestedFilename()).toMatch(/^vigil-evidence-\d{8}-\d{4}-[0-9a-f]{8}\.zip$/);
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-evidence-'));
    const good = path.join(dir, download.suggestedFilename());
    await download.saveAs(good);
    const files = unzipSync(readFileSync(good));
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString()) as { clips: { cameraId: string; file: string; segments: unknown[] }[] };
    const clip = manifest.clips.find((c) => c.cameraId === cameraId)!;
    // The clip runs from the pre-roll (30 s) to the post-roll: dozens of recorded segments.
    expect(clip.segments.length).toBeGreaterThan(20);
    const video = files[clip.file]!;
    video[4096] = video[4096]! ^ 0xff;
    const bad = path.join(dir, 'changed.zip');
    writeFileSync(bad, zipSync(files));

    await page.goto(`${server.baseUrl}/verify`);
    const form = page.getByTestId('evidence-verify-form');
    const result = form.getByTestId('evidence-result');
    await form.getByTestId('evidence-file').setInputFiles(good);
    await form.getByTestId('evidence-submit').click();
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 30_000 }).toBe('valid');
    await form.getByTestId('evidence-file').setInputFiles(bad);
    await form.getByTestId('evidence-submit').click();
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 30_000 }).toBe('altered');
    expect(await form.getByTestId('evidence-problems').textContent()).toContain(clip.file);
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  }, 120_000);

  it('writes each playback to the audit log with the stretch asked for', async () => {
    const admin = await signedInContext(browser, 'admin');
    const res = await admin.request.get(`${server.baseUrl}/api/audit?action=camera.recording_playback&limit=5`);
    expect(res.status()).toBe(200);
    const { entries } = (await res.json()) as { entries: { action: string; targetId: string; details: { from: string; to: string } }[] };
    const mine = entries.filter((e) => e.targetId === cameraId);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(Date.parse(mine[0]!.details.to) - Date.parse(mine[0]!.details.from)).toBeGreaterThan(0);
    await admin.close();
  });

  it('a wall tile plays back its camera and returns to live', async () => {
    const page = await operator.newPage();
    await page.goto(`${server.baseUrl}/wall?cameras=${cameraId}`);
    const tile = page.getByTestId('wall-tile').first();
    await tile.getByTestId('wall-review').click();
    const clock = tile.getByTestId('playback-clock');
    await expect.poll(async () => Number((await clock.getAttribute('data-ms')) || 0), { timeout: 30_000 }).toBeGreaterThan(0);
    const first = Number(await clock.getAttribute('data-ms'));
    await expect.poll(async () => Number(await clock.getAttribute('data-ms')), { timeout: 10_000 }).toBeGreaterThan(first + 1_000);
    await tile.getByTestId('playback-live').click();
    await tile.getByTestId('camera-player').waitFor();
    await page.close();
  }, 120_000);

  it('an administrator turns a camera’s recording off in the camera form, and the recorder stops', async () => {
    const admin = await signedInContext(browser, 'admin', { viewport: { width: 1440, height: 900 } });
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/admin/cameras`);
    await page.locator(`tr[data-camera-id="${cameraId}"]`).getByTestId('edit-camera').click();
    const choice = page.getByTestId('camera-record');
    expect(await choice.inputValue()).toBe('on');
    await choice.selectOption('off');
    await page.getByTestId('save-camera').click();
    await page.getByTestId('camera-form').waitFor({ state: 'detached' });
    expect((await timeline()).recording).toBe(false);
    // The recorder reads its list of cameras every 10 s: after that, nothing new is added, and
    // what was recorded stays (retention decides).
    await new Promise((r) => setTimeout(r, 11_000));
    const recorded = recordedMs(await timeline());
    expect(recorded).toBeGreaterThan(60_000);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(recordedMs(await timeline())).toBe(recorded);
    await admin.close();
  }, 120_000);

  it('a planner is not offered recordings, and the server refuses them', async () => {
    const planner = await signedInContext(browser, 'planner', { viewport: { width: 1440, height: 900 } });
    const page = await planner.newPage();
    await openCameraDetails(page, server.baseUrl, cameraId, center);
    await page.getByTestId('camera-player').waitFor();
    expect(await page.getByTestId('open-playback').count()).toBe(0);
    expect((await planner.request.get(`${server.baseUrl}/api/cameras/${cameraId}/recordings`)).status()).toBe(403);
    await planner.close();
  }, 120_000);
});
