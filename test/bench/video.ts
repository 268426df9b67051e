// Video benchmarks: segment throughput through the HLS proxy vs straight from the upstream
// (50 concurrent viewers, same run), and one health-polling round over 1,000 cameras.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { runHealthRound } from '@/lib/video/health';
import type { RunningServer } from '@/test/support/server';

export async function startCameraFarm(): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(path.join(process.cwd(), 'test/bench/camera-farm.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
  return { port, child };
}

/** Bytes per second that `viewers` concurrent clients pull by fetching URLs in a loop for `ms`. */
async function throughput(urls: () => Promise<string[]>, headers: Record<string, string>, viewers: number, ms: number) {
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

export async function benchProxyThroughput(server: RunningServer, cookie: string, farmPort: number, adminCookie: string) {
  const create = await fetch(`${server.baseUrl}/api/cameras`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: adminCookie },
    body: JSON.stringify({ name: 'bench camera', kind: 'fixed', lon: 107.9, lat: 21.5, bearingDeg: 0, fovDeg: 60, rangeM: 100, streamUrl: `http://127.0.0.1:${farmPort}/cam/1/index.m3u8`, agencyId: 'bdbp-qn' }),
  });
  if (create.status !== 201) throw new Error(`create camera: HTTP ${create.status}`);
  const { id } = (await create.json()) as { id: string };
  // Resolve the signed segment URLs once per viewer round, as a player does on each reload.
  const entry = await (await fetch(`${server.baseUrl}/api/cameras/${id}/hls/index.m3u8`, { headers: { Cookie: cookie } })).text();
  const media = server.baseUrl + entry.split('\n').find((l) => l.startsWith('/api/'))!;
  const proxied = async () => (await (await fetch(media, { headers: { Cookie: cookie } })).text()).split('\n').filter((l) => l.startsWith('/api/')).map((l) => server.baseUrl + l);
  const direct = async () => {
    const text = await (await fetch(`http://127.0.0.1:${farmPort}/cam/1/index.m3u8`)).text();
    return text.split('\n').filter((l) => l.startsWith('/seg/')).map((l) => `http://127.0.0.1:${farmPort}${l}`);
  };
  const viewers = 50;
  const ms = Number(process.env.BENCH_VIDEO_MS ?? 10_000);
  await throughput(proxied, { Cookie: cookie }, 5, 1000); // warm-up
  const d = await throughput(direct, {}, viewers, ms);
  const p = await throughput(proxied, { Cookie: cookie }, viewers, ms);
  return { viewers, directMBps: +d.mbPerS.toFixed(1), proxyMBps: +p.mbPerS.toFixed(1), proxyToDirect: +(p.mbPerS / d.mbPerS).toFixed(2), proxyRequests: p.requests };
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
