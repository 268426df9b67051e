// `npm run bench`: measures the running app, printing numbers measured in one run.
// Layer GeoJSON response times through HTTP (session, permission, PostGIS, serialisation),
// on the embedded engine and, when DATABASE_URL is set, on the PostgreSQL server too.
import { gzipSync } from 'node:zlib';
import { launchChromium, signIn as signInPage } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';
import { benchHealthPolling, benchRecorder, startCameraFarm } from '@/test/bench/video';
import { benchEvidenceExport, benchPlayback } from '@/test/bench/recording';
import { benchVideoDelivery } from '@/test/bench/video-delivery';
import { benchHeatmap, benchIngest, benchSseLatency } from '@/test/bench/detections';
import { benchLiveBehindNginx } from '@/test/bench/nginx-live';
import { hardeningBenches } from '@/test/bench/hardening';
import { operationsBenches } from '@/test/bench/operations';
import { ogcBenches } from '@/test/bench/ogc';
import { coverageBenches } from '@/test/bench/coverage';
import { planningBenches } from '@/test/bench/planning';
import { importBenches } from '@/test/bench/imports';
import { programmeBenches } from '@/test/bench/programme';
import { liveBenches } from '@/test/bench/live';
import { incidentBenches } from '@/test/bench/incidents';
import { pageBenches } from '@/test/bench/pages';
import { benchRetention } from '@/test/bench/retention';

// The simulated cameras run on this machine: listed, as a restreamer on the same host would be
// (otherwise the in-process health and recorder benches would measure the refusal instead).
process.env.CAMERA_NETWORKS ??= '127.0.0.1';

const USERNAME = 'leader';
const PASSWORD = 'Vigil@2026';
const LAYERS = ['border', 'areas', 'zones', 'checkpoints', 'facilities', 'cameras'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

const signIn = (baseUrl: string, username = USERNAME) => signInHttp(baseUrl, username, PASSWORD);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function benchLayers(server: RunningServer, engine: string) {
  const cookie = await signIn(server.baseUrl);
  const rows = [];
  for (const layer of LAYERS) {
    const url = `${server.baseUrl}/api/layers/${layer}?bbox=106.5,20.6,109.2,22.5`;
    // Warm up: the first call compiles the route and fills PostgreSQL's caches.
    for (let i = 0; i < 3; i++) await (await fetch(url, { headers: { Cookie: cookie } })).arrayBuffer();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { Cookie: cookie } });
      const body = await res.arrayBuffer();
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${layer}: HTTP ${res.status}`);
      bytes = body.byteLength;
    }
    times.sort((a, b) => a - b);
    rows.push({ engine, layer, kB: +(bytes / 1024).toFixed(1), p50_ms: +percentile(times, 50).toFixed(1), p95_ms: +percentile(times, 95).toFixed(1) });
  }
  return rows;
}

/**
 * JavaScript the map page needs before it is interactive (its <script> chunks) and what it
 * loads lazily for the map itself (MapLibre, deck.gl), both gzip-compressed as served.
 */
async function benchMapPageJs(server: RunningServer) {
  const browser = await launchChromium();
  try {
    const login = await browser.newContext();
    await signInPage(await login.newPage(), server.baseUrl, USERNAME, PASSWORD);
    // A second context with the session but an empty HTTP cache, as on a first visit.
    const page = await (await browser.newContext({ storageState: await login.storageState() })).newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (res) => {
      if (res.request().resourceType() !== 'script') return;
      scripts.set(res.url(), gzipSync(await res.body()).byteLength);
    });
    const t0 = Date.now();
    const response = await page.goto(`${server.baseUrl}/map`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__vigil?.ready === true, null, { timeout: 60_000 });
    const mapReadyMs = Date.now() - t0;
    await page.waitForLoadState('networkidle');
    // First load: the chunks the server-rendered HTML names; everything else came lazily.
    const html = (await response?.text()) ?? '';
    const initial = new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => new URL(m[1]!, server.baseUrl).href));
    const sizes = { first: 0, lazy: 0 };
    for (const [url, gz] of scripts) sizes[initial.has(url) ? 'first' : 'lazy'] += gz;
    return { firstLoadKbGzip: +(sizes.first / 1024).toFixed(1), lazyMapKbGzip: +(sizes.lazy / 1024).toFixed(1), navigationToMapReadyMs: mapReadyMs };
  } finally {
    await browser.close();
  }
}

/** Detection benchmarks need the PostgreSQL server; `npm run bench -- detections` runs only them. */
async function detectionBenches(url: string) {
  // BENCH_ONLY=ingest|sse|nginx|heatmap runs one of them.
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'ingest') console.log('ingest through the HTTP API vs raw COPY (target: ≥ 0.30 of COPY and ≥ 3,000 events/s):', await benchIngest(url));
  if (!only || only === 'sse') console.log('SSE delivery, ingest → 200 clients (target: p95 < 250 ms):', await benchSseLatency(url));
  if (!only || only === 'nginx') console.log('live delivery through nginx to 1,000 streams on two instances, and the hotspot alert a crossing raises (target: p95 < 150 ms):', await benchLiveBehindNginx(url));
  if (only && only !== 'heatmap') return;
  const heat = await benchHeatmap(url, Number(process.env.BENCH_HEATMAP_ROWS ?? 10_000_000));
  console.log('heatmap, 30-day window (target: p95 < 300 ms):', { ...heat, queries: undefined, points: undefined });
  console.table(heat.queries);
  console.log('each point of 7 days in a 1920×1080 view around 3 AI cameras: vector tiles (6 at a time) vs one GeoJSON answer');
  console.table(heat.points);
}

if (process.argv.includes('hardening')) {
  await hardeningBenches();
  process.exit(0);
}

if (process.argv.includes('planning')) {
  await planningBenches();
  process.exit(0);
}

if (process.argv.includes('imports')) {
  await importBenches();
  process.exit(0);
}
if (process.argv.includes('programme')) {
  await programmeBenches();
  process.exit(0);
}
if (process.argv.includes('coverage')) {
  await coverageBenches();
  process.exit(0);
}

if (process.argv.includes('alerts')) {
  await operationsBenches();
  process.exit(0);
}

if (process.argv.includes('pages')) {
  await pageBenches();
  process.exit(0);
}

if (process.argv.includes('incidents')) {
  await incidentBenches();
  process.exit(0);
}

if (process.argv.includes('live')) {
  await liveBenches();
  process.exit(0);
}

if (process.argv.includes('recording')) {
  // `npm run bench -- recording`: playback and export only.
  const server = await startServer({});
  try {
    console.log('recorded video, a past moment picked → first frame, and seeks (target: first frame < 2 s):', await benchPlayback(server, { admin: await signIn(server.baseUrl, 'admin'), operator: await signIn(server.baseUrl, 'operator') }));
  } finally {
    await server.stop();
  }
  console.log('evidence package of 1 hour of one camera (~900 MB), exported and checked:', await benchEvidenceExport(60));
  process.exit(0);
}

const VIDEO_DELIVERY_TARGET = 'camera segments, 50 viewers, 512 KB segments: straight from the cameras, through Vigil (Node), through nginx (target: nginx ≥ 0.80 of direct; 1 camera fetch for 10 viewers):';
if (process.argv.includes('video')) {
  // `npm run bench -- video`: segment delivery only.
  const farm = await startCameraFarm();
  try {
    console.log(VIDEO_DELIVERY_TARGET, await benchVideoDelivery(farm.port));
  } finally {
    farm.child.kill();
  }
  process.exit(0);
}

const RETENTION_TARGET = 'detection retention, 30 days (1 track in 50 crossed: kept): a month\'s first 18 days deleted in batches, then the whole month dropped; and the disk a detection takes:';
async function retentionBenches() {
  const rows = Number(process.env.BENCH_RETENTION_ROWS ?? 200_000);
  const table = [await benchRetention('pglite', rows)];
  if (process.env.DATABASE_URL) table.push(await benchRetention('postgres', rows));
  console.log(RETENTION_TARGET);
  console.table(table);
}
if (process.argv.includes('retention')) {
  await retentionBenches();
  process.exit(0);
}

if (process.argv.includes('ogc')) {
  await ogcBenches();
  process.exit(0);
}

if (process.argv.includes('detections')) {
  if (!process.env.DATABASE_URL) throw new Error('the detection benchmarks run on PostgreSQL: set DATABASE_URL');
  await detectionBenches(process.env.DATABASE_URL);
  process.exit(0);
}

const results: Awaited<ReturnType<typeof benchLayers>> = [];
let pageJs: Awaited<ReturnType<typeof benchMapPageJs>> | undefined;
let playback: Awaited<ReturnType<typeof benchPlayback>> | undefined;
const farm = await startCameraFarm();
const engines: [string, Record<string, string>][] = [['pglite', { DATABASE_URL: '' }]];
if (process.env.DATABASE_URL) engines.push(['postgres', { DATABASE_URL: process.env.DATABASE_URL }]);
for (const [engine, env] of engines) {
  const server = await startServer(env);
  try {
    results.push(...(await benchLayers(server, engine)));
    if (engine === 'pglite') {
      pageJs = await benchMapPageJs(server);
      playback = await benchPlayback(server, { admin: await signIn(server.baseUrl, 'admin'), operator: await signIn(server.baseUrl, 'operator') });
    }
  } finally {
    await server.stop();
  }
}
console.table(results);
console.log('map page JavaScript:', pageJs);
console.log(VIDEO_DELIVERY_TARGET, await benchVideoDelivery(farm.port));
const health = await benchHealthPolling(farm.port, 1000);
console.log('health polling round over 1,000 simulated cameras (target: < 10 s, < 0.5 core):', health);
console.log('recorder, 100 cameras at ~2 Mbit/s, no transcoding (target: < 0.3 core):', await benchRecorder(farm.port, 100, 30));
console.log('recorded video, a past moment picked → first frame, and seeks on the time bar (target: first frame < 2 s):', playback);
console.log('evidence package of 1 hour of one camera (~900 MB), exported and checked:', await benchEvidenceExport(60));
farm.child.kill();
await retentionBenches();
if (process.env.DATABASE_URL) await detectionBenches(process.env.DATABASE_URL);
if (engines.length === 2) {
  for (const layer of LAYERS) {
    const [a, b] = ['pglite', 'postgres'].map((e) => results.find((r) => r.engine === e && r.layer === layer)!);
    console.log(`${layer}: pglite p50 / postgres p50 = ${(a!.p50_ms / b!.p50_ms).toFixed(2)}`);
  }
}
