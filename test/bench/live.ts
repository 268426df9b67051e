// `npm run bench -- live`: fan-out of the live stream — one operator session's N streams, events
// posted through the ingest API, the time from each post to its arrival on every stream — on
// the embedded engine and, with DATABASE_URL, on the PostgreSQL server; then the same after a
// clean restart and after a crash, the case where streams once went silent.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '@/db/seed';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';
import { latencyStreams } from '@/test/support/sse';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function deviceFor(server: RunningServer): Promise<{ key: string; camera: { id: string; bearingDeg: number } }> {
  const admin = await signInHttp(server.baseUrl, 'admin', DEMO_PASSWORD);
  const layer = (await (await fetch(`${server.baseUrl}/api/layers/cameras`, { headers: { cookie: admin } })).json()) as { features: { id: string; properties: { code: string; bearingDeg: number } }[] };
  const f = layer.features.find((x) => x.properties.code === 'CAM-Z1-2')!;
  const res = await fetch(`${server.baseUrl}/api/devices`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify({ name: `bench ${randomUUID()}`, cameraIds: [f.id] }) });
  return { key: ((await res.json()) as { key: string }).key, camera: { id: f.id, bearingDeg: f.properties.bearingDeg } };
}

/** N streams, `posts` single-event posts 200 ms apart; latency of every (post, stream) pair. */
async function fanOut(server: RunningServer, device: Awaited<ReturnType<typeof deviceFor>>, clients: number, posts: number) {
  const cookie = await signInHttp(server.baseUrl, 'operator', DEMO_PASSWORD);
  const streams = latencyStreams(server.baseUrl, cookie, clients, 'fan-');
  const { sentAt, latencies } = streams;
  await streams.ready();
  for (let i = 0; i < posts; i++) {
    const trackId = `fan-${randomUUID()}`;
    const event = { id: trackId, cameraId: device.camera.id, observedAt: new Date().toISOString(), class: 'animal', confidence: 0.9, count: 1, trackId, position: { bearingDeg: device.camera.bearingDeg, rangeM: 60 } };
    sentAt.set(trackId, performance.now());
    await (await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${device.key}`, 'Content-Type': 'application/json' }, body: JSON.stringify([event]) })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 200));
  }
  const until = Date.now() + 10_000;
  while (latencies.length < clients * posts && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  await streams.close();
  latencies.sort((a, b) => a - b);
  return { clients, posts, delivered: `${latencies.length}/${clients * posts}`, p50_ms: +percentile(latencies, 50).toFixed(1), p95_ms: +percentile(latencies, 95).toFixed(1), max_ms: +(latencies.at(-1) ?? NaN).toFixed(1) };
}

export async function liveBenches(): Promise<void> {
  const clients = Number(process.env.BENCH_LIVE_CLIENTS ?? 1_000);
  const engines: [string, Record<string, string>][] = [['embedded', { DATABASE_URL: '' }]];
  if (process.env.DATABASE_URL) engines.push(['postgres', { DATABASE_URL: process.env.DATABASE_URL }]);
  const rows: Record<string, unknown>[] = [];
  for (const [engine, env] of engines) {
    const server = await startServer({ ...env, DEMO_TRAFFIC_DAYS: '0' });
    try {
      const device = await deviceFor(server);
      rows.push({ engine, when: 'fresh', ...(await fanOut(server, device, clients, 20)) });
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        const { stopMs, startMs } = await server.restart(signal);
        rows.push({ engine, when: `after ${signal}`, stop_ms: stopMs, start_ms: startMs, ...(await fanOut(server, device, clients, 20)) });
      }
    } finally {
      await server.stop();
    }
  }
  console.log(`live stream fan-out: one post every 200 ms to ${clients} streams of one operator session (target: every event delivered, p95 < 250 ms)`);
  console.table(rows);
}
