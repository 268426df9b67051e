// Recording benchmarks, measured in one run: time from picking a past moment to the first frame
// and seek time (real Chromium, a real ffmpeg camera recorded by the running server), and the
// export of an hour of recorded video as a signed evidence package, then its check.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { pinAlertClip } from '@/db/queries/recordings';
import { launchChromium } from '@/test/support/browser';
import { HlsUpstream } from '@/test/support/hls-upstream';
import type { RunningServer } from '@/test/support/server';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
};

/**
 * A camera recorded by `server` for `recordSeconds`, then reviewed from a video-wall tile
 * `rounds` times: from the click on "review" to the first frame of the past moment (the video
 * has data and its time advances), and seeks by the time bar to moments 20–40 s away, to the
 * first frame of the new moment (the time bar waits 400 ms for the hand to stop: included).
 */
export async function benchPlayback(server: RunningServer, cookies: { admin: string; operator: string }, { recordSeconds = 75, rounds = 5 } = {}) {
  const upstream = new HlsUpstream({ programDateTime: true });
  await upstream.start();
  const browser = await launchChromium();
  try {
    const res = await fetch(`${server.baseUrl}/api/cameras`, {
      method: 'POST',
      headers: { cookie: cookies.admin, 'Content-Type': 'application/json', Origin: server.baseUrl },
      body: JSON.stringify({ name: 'Bench recorded camera', kind: 'fixed', lon: 107.95, lat: 21.47, bearingDeg: 0, fovDeg: 60, rangeM: 200, streamUrl: upstream.url, agencyId: 'bdbp-qn', record: true }),
    });
    if (res.status !== 201) throw new Error(`camera: HTTP ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    await new Promise((r) => setTimeout(r, recordSeconds * 1000));

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies(
      cookies.operator.split('; ').map((pair) => {
        const [name, ...rest] = pair.split('=');
        return { name: name!, value: rest.join('='), url: server.baseUrl };
      }),
    );
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/wall?cameras=${id}`);
    const tile = page.getByTestId('wall-tile').first();
    await tile.getByTestId('camera-player').waitFor({ timeout: 60_000 });
    /** Resolves once the recording shows a frame at or past `min` (camera clock) and its time advances. */
    const firstFrame = (min: number) =>
      page.waitForFunction(
        ([floor]) => {
          const video = document.querySelector<HTMLVideoElement>('[data-testid="recording-video"]');
          const clock = Number(document.querySelector('[data-testid="playback-clock"]')?.getAttribute('data-ms') || 0);
          return !!video && video.readyState >= 2 && video.currentTime > 0 && !video.paused && clock >= floor!;
        },
        [min],
        { timeout: 30_000, polling: 20 },
      );
    const open: number[] = [];
    const seek: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let t0 = performance.now();
      await tile.getByTestId('wall-review').click();
      await firstFrame(1);
      open.push(performance.now() - t0);
      const scrubber = tile.getByTestId('playback-scrubber');
      for (const back of [40_000, 20_000]) {
        const target = Math.round((Date.now() - back) / 1000) * 1000;
        t0 = performance.now();
        await scrubber.fill(String(target));
        await firstFrame(target - 1_000);
        seek.push(performance.now() - t0);
      }
      await tile.getByTestId('playback-live').click();
      await tile.getByTestId('camera-player').waitFor();
    }
    return { rounds, firstFrame_p50_ms: percentile(open, 50), firstFrame_max_ms: percentile(open, 100), seek_p50_ms: percentile(seek, 50), seek_max_ms: percentile(seek, 100) };
  } finally {
    await browser.close();
    await upstream.stop();
  }
}

/**
 * An hour of one camera's recording (1,800 segments of 2 s at ~2 Mbit/s, written to a store like
 * the recorder's) exported as an alert's evidence package, read through as a client would,
 * then checked as the verify page checks it: wall time, rate, CPU and memory of each.
 */
export async function benchEvidenceExport(minutes = 60) {
  const root = mkdtempSync(path.join(tmpdir(), 'vigil-bench-export-'));
  process.env.RECORDINGS_DIR = root;
  process.env.DATA_DIR ??= root;
  // Imported after the settings they read are set (read once per process).
  const { exportEvidencePackage } = await import('@/lib/evidence/package');
  const { verifyEvidencePackage } = await import('@/lib/evidence/verify');
  const { FolderStore } = await import('@/lib/recording/store');
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, poolSize: 4 });
  const store = new FolderStore(root);
  const tag = `BENCH-EXP-${Date.now()}`;
  try {
    const [camera] = await database.rows<{ id: string }>(sql`
      INSERT INTO cameras (code, name, kind, bearing_deg, fov_deg, range_m, province_code, stream_url, record, geom)
      VALUES (${tag}, 'Bench export', 'fixed', 0, 60, 100, 'VN-22', 'http://127.0.0.1:9/none.m3u8', false, ST_SetSRID(ST_MakePoint(107.9, 21.5), 4326)) RETURNING id`);
    const segments = (minutes * 60) / 2;
    const start = Date.now() - minutes * 60_000 - 60_000;
    // Incompressible bytes of the size a 2 Mbit/s camera writes every 2 s.
    const payload = randomBytes(500 * 1024);
    const sha256 = createHash('sha256').update(payload).digest('hex');
    for (let i = 0; i < segments; i++) await store.put(`${camera!.id}/bench/${i}.ts`, payload);
    await database.rows(sql`
      INSERT INTO recording_segments (camera_id, started_at, duration_ms, media_sequence, storage_key, content_type, bytes, sha256)
      SELECT ${camera!.id}, to_timestamp((${start}::float8 + i * 2000) / 1000), 2000, i, ${camera!.id} || '/bench/' || i || '.ts', 'video/mp2t', ${payload.length}, ${sha256}
      FROM generate_series(0, ${segments - 1}) i`);
    const [alert] = await database.rows<{ id: string }>(sql`
      INSERT INTO alerts (kind, severity, camera_id, message, province_code) VALUES ('camera_down', 'warning', ${camera!.id}, 'bench', 'VN-22') RETURNING id`);
    await pinAlertClip(database, alert!.id, [camera!.id], start, start + minutes * 60_000);
    const actor = { id: randomUUID(), username: 'bench', displayName: 'Bench', role: 'operator' as const, agencyId: 'bdbp-qn', provinceCode: 'VN-22' };

    const rss0 = process.memoryUsage().rss;
    let peakRss = rss0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { body } = await exportEvidencePackage(database, actor, alert!.id, { readme: () => 'bench' }, null);
    // Read through as a browser saving the download does: to a file, nothing kept in memory.
    const file = path.join(root, 'package.zip');
    const out = await open(file, 'w');
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      await out.write(chunk);
      bytes += chunk.byteLength;
      if (++chunks % 64 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    await out.close();
    const exportMs = performance.now() - t0;
    const exportCpu = process.cpuUsage(cpu0);
    const t1 = performance.now();
    const verdict = verifyEvidencePackage(await readFile(file)).verdict;
    const verifyMs = performance.now() - t1;
    return {
      engine: database.engine,
      minutes,
      packageMB: Math.round(bytes / 1e6),
      exportSeconds: +(exportMs / 1000).toFixed(1),
      exportMBps: Math.round(bytes / 1e6 / (exportMs / 1000)),
      exportCores: +((exportCpu.user + exportCpu.system) / 1000 / exportMs).toFixed(2),
      rssGrowthMB: Math.round((peakRss - rss0) / 1e6),
      verifySeconds: +(verifyMs / 1000).toFixed(1),
      verdict,
    };
  } finally {
    await database.rows(sql`DELETE FROM recording_pins WHERE camera_id IN (SELECT id FROM cameras WHERE code = ${tag})`);
    await database.rows(sql`DELETE FROM recording_segments WHERE camera_id IN (SELECT id FROM cameras WHERE code = ${tag})`);
    await database.rows(sql`UPDATE cameras SET retired_at = now() WHERE code = ${tag}`);
    await database.close();
    rmSync(root, { recursive: true, force: true });
  }
}
