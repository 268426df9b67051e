// Live delivery in the reference deployment: Debian's nginx (TLS, deploy/nginx/vigil.conf) in
// front of two Vigil instances on one PostgreSQL database, 1,000 browsers' event streams spread
// over both by nginx. Each round posts a track that crosses the border in a hotspot zone through
// nginx; measured are the detections reaching every stream, and the hotspot alert it raises
// reaching every stream (what an open alert inbox hears and then shows).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { createScratchDatabase } from '@/test/support/database';
import { startNginx } from '@/test/support/nginx';
import { freePort, startServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';
import { latencyStreams } from '@/test/support/sse';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (list: number[], expected: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return { delivered: sorted.length, expected, p50_ms: +percentile(sorted, 50).toFixed(1), p95_ms: +percentile(sorted, 95).toFixed(1), max_ms: +sorted.at(-1)!.toFixed(1) };
};

export async function benchLiveBehindNginx(serverUrl: string, clients = 1_000, posts = 20) {
  // nginx's certificate is self-signed for this run; this process makes no other TLS calls.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const scratch = await createScratchDatabase(serverUrl, 'vigil_bench');
  const port = await freePort();
  const accelKey = randomBytes(24).toString('base64url');
  const env = {
    DEMO_TRAFFIC_DAYS: '0',
    JOBS: 'off',
    TRUSTED_PROXIES: '127.0.0.1',
    NEXTAUTH_URL: `https://127.0.0.1:${port}`,
    SIGN_IN_DELAY_MS: '0',
    VIDEO_ACCEL_KEY: accelKey,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
  };
  const a = await startServer(env, { useDatabase: scratch.url });
  const b = await startServer(env, { shareDatabaseWith: a });
  const nginx = await startNginx({ port, instances: [a, b].map((s) => new URL(s.baseUrl).host), accelKey });
  const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 1 });
  let streams: ReturnType<typeof latencyStreams> | undefined;
  try {
    const origin = nginx.baseUrl;
    const cookie = await signInHttp(origin, 'admin', 'Vigil@2026');
    const [camera] = await database.rows<{ id: string; bearingDeg: number }>(sql`SELECT id, bearing_deg AS "bearingDeg" FROM cameras WHERE code = 'CAM-Z1-2'`);
    const created = await fetch(`${origin}/api/devices`, { method: 'POST', headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'bench', cameraIds: [camera!.id] }) });
    const { key } = (await created.json()) as { key: string };
    streams = latencyStreams(origin, cookie, clients, 'ngx-');
    await streams.ready();
    // Per round: when the ingest answered, and when the first and the last stream heard it.
    const answered: number[] = [];
    const rounds: { first: number; last: number }[] = [];
    // Two warm-up rounds per instance first, not counted (nginx takes turns): an instance's first
    // ingest compiles its code paths and fills its caches, which a running system did long ago.
    const warmUp = 4;
    for (let i = -warmUp; i < posts; i++) {
      const trackId = `ngx-${i}-${randomBytes(3).toString('hex')}`;
      // Three points walking across the border line in the camera's hotspot zone (the live test's track).
      const events = [420, 300, 60].map((rangeM, k) => ({
        id: `${trackId}-${k}`,
        cameraId: camera!.id,
        observedAt: new Date(Date.now() - 15_000 + k * 5_000).toISOString(),
        class: 'person',
        confidence: 0.9,
        count: 2,
        trackId,
        position: { bearingDeg: camera!.bearingDeg, rangeM },
      }));
      const at = performance.now();
      const counted = i >= 0;
      if (counted) streams.sentAt.set(trackId, at);
      streams.alert.sentAt = counted ? at : null;
      const heardBefore = streams.latencies.length;
      const res = await fetch(`${origin}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(events) });
      const result = (await res.json()) as { crossings?: number };
      if (counted) answered.push(performance.now() - at);
      if (res.status !== 200 || result.crossings !== 1) throw new Error(`ingest through nginx: HTTP ${res.status} ${JSON.stringify(result)}`);
      // Every stream hears this round before the next one is posted.
      await new Promise((r) => setTimeout(r, 1_500));
      const heard = streams.latencies.slice(heardBefore).sort((x, y) => x - y);
      if (counted) rounds.push({ first: heard[0] ?? NaN, last: heard.at(-1) ?? NaN });
    }
    await new Promise((r) => setTimeout(r, 1_000));
    await streams.close();
    return {
      clients,
      posts,
      detections: summary(streams.latencies, clients * posts),
      ingestAnswered: summary(answered, posts),
      ingestAnsweredEachRound: answered.map((ms) => Math.round(ms)),
      firstStreamHeard: summary(rounds.map((r) => r.first), posts),
      lastStreamHeard: summary(rounds.map((r) => r.last), posts),
      alerts: summary(streams.alert.latencies, clients * posts),
    };
  } finally {
    await streams?.close();
    await database.close();
    await nginx.stop();
    await b.stop();
    await a.stop();
    await scratch.drop();
  }
}
