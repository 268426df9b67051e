// Video benchmarks: the simulated camera farm and the throughput loop that segment delivery
// (video-delivery.ts) uses, one health-polling round over 1,000 cameras, and the recorder copying
// 100 cameras.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import type { RecordingCamera } from '@/db/queries/recordings';
import { limiter } from '@/lib/jobs/limiter';
import { pollCamera, type CameraCursor } from '@/lib/recording/recorder';
import { FolderStore } from '@/lib/recording/store';
import { runHealthRound } from '@/lib/video/health';

export async function startCameraFarm(): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(path.join(process.cwd(), 'test/bench/camera-farm.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
  return { port, child };
}

/** Bytes per second that `viewers` concurrent clients pull by fetching URLs in a loop for `ms`. */
export async function throughput(urls: () => Promise<string[]>, headers: Record<string, string>, viewers: number, ms: number) {
  const deadline = Date.now() + ms;
  let bytes = 0;
  let requests = 0;
  const viewer = async () => {
    while (Date.now() < deadline) {
      for (const url of await urls()) {
        const res = await fetch(url, { headers });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${url}`);
        bytes += body.byteLength;
        requests++;
        if (Date.now() >= deadline) break;
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: viewers }, viewer));
  const seconds = (Date.now() - started) / 1000;
  return { mbPerS: bytes / 1e6 / seconds, requests };
}

/** One health round over `n` cameras of the farm, on the engine in DATABASE_URL (or PGlite). */
export async function benchHealthPolling(farmPort: number, n = 1000) {
  const url = process.env.DATABASE_URL || undefined;
  const database = await openDatabase({ databaseUrl: url, poolSize: 8 });
  try {
    await database.rows(sql`
      INSERT INTO cameras (code, name, kind, bearing_deg, fov_deg, range_m, province_code, is_demo, confidence, stream_url, geom)
      SELECT 'BENCH-' || i || '-' || extract(epoch FROM now())::bigint, 'Bench ' || i, 'fixed', 0, 60, 100, 'VN-13', true, 'demo',
             'http://127.0.0.1:' || ${farmPort} || '/cam/' || i || '/index.m3u8', ST_SetSRID(ST_MakePoint(107.5 + i * 0.0005, 21.5), 4326)
      FROM generate_series(1, ${n}) i`);
    const options = { timeoutMs: 5000, stallTargetDurations: 3, alertGraceSeconds: 60, concurrency: 64 };
    await runHealthRound(database, options); // first round: every camera changes unknown → live
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const round = await runHealthRound(database, options);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // What the job costs: CPU seconds per round over the default 5 s polling interval.
    return { engine: database.engine, cameras: round?.polled ?? 0, roundMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), coresAt5sInterval: +(cpuMs / 5000).toFixed(2) };
  } finally {
    await database.rows(sql`UPDATE cameras SET retired_at = now() WHERE code LIKE 'BENCH-%' AND retired_at IS NULL`);
    await database.close();
  }
}

/**
 * The recorder copying `n` cameras of the farm (segments of SEGMENT_BYTES every 2 s, ~2 Mbit/s
 * at 512 KB) for `seconds`: CPU (cores), memory, and the disk write rate. No transcoding: the
 * cost is fetching, hashing and writing bytes, and one row per segment.
 */
export async function benchRecorder(farmPort: number, n = 100, seconds = 30) {
  const url = process.env.DATABASE_URL || undefined;
  const database = await openDatabase({ databaseUrl: url, poolSize: 8 });
  const root = mkdtempSync(path.join(tmpdir(), 'vigil-bench-rec-'));
  const store = new FolderStore(root);
  const tag = `BENCH-REC-${Date.now()}`;
  try {
    const cameras = await database.rows<RecordingCamera>(sql`
      INSERT INTO cameras (code, name, kind, bearing_deg, fov_deg, range_m, province_code, is_demo, confidence, stream_url, record, geom)
      SELECT ${tag} || '-' || i, 'Bench ' || i, 'fixed', 0, 60, 100, 'VN-13', true, 'demo',
             'http://127.0.0.1:' || ${farmPort} || '/cam/' || i || '/index.m3u8', true, ST_SetSRID(ST_MakePoint(107.5 + i * 0.0005, 21.5), 4326)
      FROM generate_series(1, ${n}) i
      RETURNING id, code, stream_url AS "streamUrl", NULL::text AS username, NULL::text AS password, NULL::int AS "retentionHours"`);
    const cursors = new Map(cameras.map((c) => [c.id, { inits: new Map(), dueAt: 0 } as CameraCursor & { dueAt: number }]));
    const run = limiter(16);
    // The first poll of each camera stores its whole window: measure the steady state after it.
    await Promise.all(cameras.map((c) => run(() => pollCamera(database, store, c, cursors.get(c.id)!, { timeoutMs: 10_000 }))));
    const rss0 = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const [{ bytes: bytes0 } = { bytes: 0 }] = await database.rows<{ bytes: number }>(sql`SELECT coalesce(sum(bytes), 0)::float8 AS bytes FROM recording_segments s JOIN cameras c ON c.id = s.camera_id WHERE c.code LIKE ${tag + '%'}`);
    const t0 = performance.now();
    const end = Date.now() + seconds * 1000;
    const busy = new Set<string>();
    let peakRss = rss0;
    while (Date.now() < end) {
      for (const c of cameras) {
        const cursor = cursors.get(c.id)!;
        if (busy.has(c.id) || Date.now() < cursor.dueAt) continue;
        busy.add(c.id);
        void run(() => pollCamera(database, store, c, cursor, { timeoutMs: 10_000 })).then((r) => {
          cursor.dueAt = Date.now() + r.nextPollMs;
          busy.delete(c.id);
        });
      }
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 250));
    }
    while (busy.size) await new Promise((r) => setTimeout(r, 50));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const [{ bytes, segments } = { bytes: 0, segments: 0 }] = await database.rows<{ bytes: number; segments: number }>(sql`
      SELECT coalesce(sum(bytes), 0)::float8 AS bytes, count(*)::int AS segments FROM recording_segments s JOIN cameras c ON c.id = s.camera_id WHERE c.code LIKE ${tag + '%'}`);
    const written = bytes - bytes0;
    return {
      engine: database.engine,
      cameras: n,
      seconds,
      segments,
      // Cores the recorder kept busy (this process: fetching, hashing, writing, the engine when embedded).
      cores: +((cpu.user + cpu.system) / 1000 / wallMs).toFixed(2),
      mbitPerCamera: +((written * 8) / 1e6 / (wallMs / 1000) / n).toFixed(2),
      diskMBps: +(written / 1e6 / (wallMs / 1000)).toFixed(1),
      rssGrowthMB: Math.round((peakRss - rss0) / 1e6),
    };
  } finally {
    await database.rows(sql`DELETE FROM recording_segments WHERE camera_id IN (SELECT id FROM cameras WHERE code LIKE ${tag + '%'})`);
    await database.rows(sql`UPDATE cameras SET retired_at = now(), record = false WHERE code LIKE ${tag + '%'}`);
    await database.close();
    rmSync(root, { recursive: true, force: true });
  }
}
