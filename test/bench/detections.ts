// Detection benchmarks on PostgreSQL + PostGIS, each in a database of its own:
// 1. sustained ingest through the HTTP API (validation, enrichment, crossings, cells), as a
//    ratio to a raw COPY of the same rows into the same table in the same run;
// 2. heatmap over 10 million detections, 30-day window, province zoom; and each point of a week
//    in a zoomed-in view, as vector tiles against GeoJSON;
// 3. SSE delivery latency from an ingest request to 200 connected clients.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openDatabase, type Database } from '@/db/client';
import { listCellCounts, foldPendingCells } from '@/db/queries/detection-cells';
import { simulateTracks, type SimCamera, type SimEvent } from '@/lib/simulation/traffic';
import { z } from 'zod';
import { heatmap } from '@/db/queries/detections';
import { eventKindSchema, withEventFilter } from '@/lib/detections/filters';
import { loadDetections } from '@/test/bench/load-detections';
import { benchPointViews } from '@/test/bench/point-views';
import { createScratchDatabase } from '@/test/support/database';
import { cpuSeconds, cpuSecondsSince, cpuSnapshot, vigilServerPid } from '@/test/support/process-cpu';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';
import { latencyStreams } from '@/test/support/sse';

/** The heatmap route's parameters (app/api/activity/heatmap), to run its query bare. */
const heatmapQuery = withEventFilter({ kind: eventKindSchema, zoom: z.coerce.number().min(0).max(22).default(9) });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const scratchDatabase = (serverUrl: string) => createScratchDatabase(serverUrl, 'vigil_bench');
const adminSession = (baseUrl: string) => signInHttp(baseUrl, 'admin', 'Vigil@2026');

async function simulatorKey(server: RunningServer, cookie: string, database: Database, name = 'bench'): Promise<{ id: string; key: string; cameras: SimCamera[] }> {
  const cameras = await database.rows<SimCamera>(sql`
    SELECT id, code, kind::text AS kind, bearing_deg AS "bearingDeg", fov_deg AS "fovDeg", range_m AS "rangeM" FROM cameras WHERE is_demo ORDER BY code`);
  const res = await fetch(`${server.baseUrl}/api/devices`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, cameraIds: cameras.map((c) => c.id) }),
  });
  const device = (await res.json()) as { id: string; key: string };
  return { id: device.id, key: device.key, cameras };
}

const perEvent = (seconds: number | null, events: number) => (seconds === null ? null : Math.round((seconds * 1e6) / events));

const COLUMNS = 'device_id, event_id, camera_id, observed_at, received_at, class, confidence, count, track_id, side, border_distance_m, zone_ids, province_code, agency_id, geom';

export async function benchIngest(serverUrl: string, events = 60_000) {
  const scratch = await scratchDatabase(serverUrl);
  const server = await startServer({ DEMO_TRAFFIC_DAYS: '0', JOBS: 'off' }, { useDatabase: scratch.url });
  const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
  try {
    return await measureIngest(server, scratch.url, database, await adminSession(server.baseUrl), { events });
  } finally {
    await database.close();
    await server.stop();
    await scratch.drop();
  }
}

/**
 * Simulated tracks sent through the HTTP API by concurrent clients, then the same rows, as
 * stored, COPYed into the same table: the rates, their ratio and the CPU each way. A device of
 * its own, so the copy reads back only its rows, whatever the table already holds.
 */
async function measureIngest(server: RunningServer, databaseUrl: string, database: Database, cookie: string, options: { events: number; concurrency?: number; batch?: number }) {
  const { events, concurrency = 4, batch = 1_000 } = options;
  const { id: deviceId, key, cameras } = await simulatorKey(server, cookie, database, `bench ingest ${randomBytes(3).toString('hex')}`);
  const now = Date.now();
  const all: SimEvent[] = [];
  // Enough simulated days, at a higher intensity, to fill the run; all within the last 6 days.
  for (const track of simulateTracks(cameras, now - 6 * 86_400_000, now - 60_000, { seed: 7, intensity: 12 })) {
    all.push(...track);
    if (all.length >= events) break;
  }
  const batches: string[] = [];
  for (let i = 0; i < all.length; i += batch) batches.push(all.slice(i, i + batch).map((e) => JSON.stringify(e)).join('\n'));
  // Warm-up batch (compiles the route, fills caches), not counted.
  const warm = simulateTracks(cameras, now - 7 * 86_400_000 + 3_600_000, now - 6 * 86_400_000, { seed: 8 }).next().value ?? [];
  await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(warm) });

  let next = 0;
  let accepted = 0;
  // Where the CPU goes (when PostgreSQL runs on this machine): its processes, and Vigil's.
  const vigil = vigilServerPid(server.pid);
  const pgCpu0 = cpuSnapshot('postgres');
  const vigilCpu0 = cpuSeconds(vigil);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const body = batches[next++]!;
        const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-ndjson' }, body });
        const result = (await res.json()) as { accepted: number };
        if (res.status !== 200) throw new Error(`ingest HTTP ${res.status}: ${JSON.stringify(result)}`);
        accepted += result.accepted;
      }
    }),
  );
  const httpSeconds = (performance.now() - t0) / 1000;
  const pgCpuApi = cpuSecondsSince(pgCpu0, 'postgres');
  const vigilCpuApi = cpuSeconds(vigil) - vigilCpu0;

  // The same rows, read back and COPYed into the same table (new event ids, same everything else).
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const chunks: Buffer[] = [];
    await pipeline(
      client.query(copyTo(`COPY (SELECT device_id, event_id || ':copy', camera_id, observed_at, received_at, class, confidence, count, track_id, side, border_distance_m, zone_ids, province_code, agency_id, geom FROM detections WHERE device_id = '${deviceId}') TO STDOUT`)),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) chunks.push(chunk);
      },
    );
    const pgCpu1 = cpuSnapshot('postgres');
    const t1 = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY detections (${COLUMNS}) FROM STDIN`)));
    const copySeconds = (performance.now() - t1) / 1000;
    const pgCpuCopy = cpuSecondsSince(pgCpu1, 'postgres');
    const [{ n }] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM detections WHERE device_id = $1', [deviceId])).rows as [{ n: number }];
    const httpRate = accepted / httpSeconds;
    const copyRate = accepted / copySeconds;
    return {
      events: accepted,
      rowsAfterCopy: n,
      batch,
      concurrency,
      httpEventsPerS: Math.round(httpRate),
      copyRowsPerS: Math.round(copyRate),
      ratio: +(httpRate / copyRate).toFixed(2),
      // CPU microseconds per event: PostgreSQL through the API and by COPY, and Vigil's process.
      postgresCpuUsPerEventApi: perEvent(pgCpuApi, accepted),
      postgresCpuUsPerRowCopy: perEvent(pgCpuCopy, accepted),
      vigilCpuUsPerEvent: perEvent(vigilCpuApi, accepted),
    };
  } finally {
    await client.end();
  }
}

export async function benchHeatmap(serverUrl: string, rows = 10_000_000, rounds = 40) {
  const scratch = await scratchDatabase(serverUrl);
  const server = await startServer({ DEMO_TRAFFIC_DAYS: '0', JOBS: 'off' }, { useDatabase: scratch.url });
  const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
  try {
    const cookie = await adminSession(server.baseUrl);
    await simulatorKey(server, cookie, database);
    const [{ id: camera } = { id: '' }] = await database.rows<{ id: string }>(sql`SELECT id FROM cameras WHERE code = 'CAM-Z1-2'`);
    // Detections over 30 days in the fields of view of the demo cameras, COPYed into their months.
    const load = await loadDetections(scratch.url, database, { rows, days: 30 });
    const t1 = performance.now();
    // The same path as live ingest: counted into the pending cells, folded by the job's function.
    await database.rows(sql`INSERT INTO detection_cells_pending (hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9) ${listCellCounts(sql`detections`)}`);
    await foldPendingCells(database);
    for (const table of ['detection_cells_hourly', 'detection_cells_daily', 'detection_zones_daily', 'detection_cells_pending']) await database.rows(sql.raw(`VACUUM ANALYZE ${table}`));
    const rollupSeconds = (performance.now() - t1) / 1000;
    // What autovacuum does to freshly loaded months in its own time (statistics, the visibility
    // map index-only scans need), done now so it does not run in the middle of the measurements.
    const t2 = performance.now();
    await database.rows(sql`VACUUM (ANALYZE) detections`);
    const vacuumSeconds = (performance.now() - t2) / 1000;
    const [cells] = await database.rows<{ hourly: number; daily: number }>(
      sql`SELECT (SELECT count(*)::int FROM detection_cells_hourly) AS hourly, (SELECT count(*)::int FROM detection_cells_daily) AS daily`,
    );

    const to = new Date();
    const days = (n: number) => `from=${new Date(to.getTime() - n * 86_400_000).toISOString()}&to=${to.toISOString()}`;
    const cases = {
      '30 days, all detections, province zoom 8': `${days(30)}&kind=detections&zoom=8`,
      '30 days, people at night, conf ≥ 0.7, zoom 8': `${days(30)}&kind=detections&zoom=8&class=person&daynight=night&minConfidence=0.7`,
      '7 days by hour (playback), zoom 8': `${days(7)}&kind=detections&zoom=8`,
      '30 days, one camera, zoom 14': `${days(30)}&kind=detections&zoom=14&camera=${camera}`,
    };
    const out: Record<string, unknown>[] = [];
    for (const [name, q] of Object.entries(cases)) {
      const url = `${server.baseUrl}/api/activity/heatmap?${q}`;
      for (let i = 0; i < 3; i++) await (await fetch(url, { headers: { Cookie: cookie } })).arrayBuffer();
      // The same query without HTTP, session and JSON: what the route adds is the ratio. The two
      // take turns, so whatever else the machine does at a moment weighs on both alike.
      const parsed = heatmapQuery.parse(Object.fromEntries(new URLSearchParams(q)));
      const { kind, zoom, ...filter } = parsed;
      const times: number[] = [];
      const bare: number[] = [];
      let body: { total: number; items: unknown[]; mode: string } | null = null;
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        const res = await fetch(url, { headers: { Cookie: cookie } });
        body = (await res.json()) as { total: number; items: unknown[]; mode: string };
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`heatmap HTTP ${res.status}`);
        const b = performance.now();
        await heatmap(database, { provinceCode: null, agencyId: null }, filter, kind, zoom);
        bare.push(performance.now() - b);
      }
      times.sort((a, b) => a - b);
      bare.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      out.push({ case: name, detections: body!.total, mode: body!.mode, items: body!.items.length, p50_ms: +percentile(times, 50).toFixed(1), p95_ms: +p95.toFixed(1), bare_p95_ms: +percentile(bare, 95).toFixed(1), route_vs_bare: +(p95 / percentile(bare, 95)).toFixed(2) });
    }
    // Search pages at this volume: newest first, following the cursor 40 pages deep.
    for (const [name, q] of Object.entries({ 'search, 30 days, 50 a page': `${days(30)}&kind=detections&limit=50`, 'search, one camera, people': `${days(30)}&kind=detections&limit=50&camera=${camera}&class=person` })) {
      const times: number[] = [];
      let cursor = '';
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        const res = await fetch(`${server.baseUrl}/api/activity?${q}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { Cookie: cookie } });
        const body = (await res.json()) as { rows: unknown[]; next: string | null };
        times.push(performance.now() - t);
        if (!body.next) break;
        cursor = encodeURIComponent(body.next);
      }
      times.sort((a, b) => a - b);
      out.push({ case: `${name} (${times.length} pages)`, detections: null, mode: 'rows', items: 50, p50_ms: +percentile(times, 50).toFixed(1), p95_ms: +percentile(times, 95).toFixed(1) });
    }
    // Each point of a week in a wall screen's view around three cameras (the same three every run;
    // the loader gives every camera as many points): tiles against GeoJSON.
    const busiest = await database.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM cameras WHERE is_demo AND kind = 'ai' ORDER BY code LIMIT 3`);
    const points = await benchPointViews(server.baseUrl, cookie, busiest.map((c) => [Number(c.lon), Number(c.lat)]), { from: new Date(to.getTime() - 7 * 86_400_000), to });
    // Last, so it disturbs none of the reads above: ingest into the table at this size.
    const ingest = await measureIngest(server, scratch.url, database, cookie, { events: 60_000 });
    return { rows, loadSeconds: load.seconds, loadRowsPerS: load.rowsPerS, rollupSeconds: +rollupSeconds.toFixed(1), vacuumSeconds: +vacuumSeconds.toFixed(1), hourlyCells: cells!.hourly, dailyCells: cells!.daily, queries: out, points, ingest };
  } finally {
    await database.close();
    await server.stop();
    await scratch.drop();
  }
}

export async function benchSseLatency(serverUrl: string, clients = 200, posts = 20) {
  const scratch = await scratchDatabase(serverUrl);
  const server = await startServer({ DEMO_TRAFFIC_DAYS: '0', JOBS: 'off' }, { useDatabase: scratch.url });
  const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
  let streams: ReturnType<typeof latencyStreams> | undefined;
  try {
    const cookie = await adminSession(server.baseUrl);
    const { key, cameras } = await simulatorKey(server, cookie, database);
    const camera = cameras.find((c) => c.kind === 'ai')!;
    streams = latencyStreams(server.baseUrl, cookie, clients, 'sse-');
    const { sentAt, latencies } = streams;
    await streams.ready();
    for (let i = 0; i < posts; i++) {
      const trackId = `sse-${i}-${randomBytes(3).toString('hex')}`;
      const event = { id: trackId, cameraId: camera.id, observedAt: new Date().toISOString(), class: 'person', confidence: 0.9, count: 1, trackId, position: { bearingDeg: camera.bearingDeg, rangeM: 100 } };
      sentAt.set(trackId, performance.now());
      const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    await streams.close();
    latencies.sort((a, b) => a - b);
    return {
      clients,
      posts,
      delivered: latencies.length,
      expected: clients * posts,
      p50_ms: +percentile(latencies, 50).toFixed(1),
      p95_ms: +percentile(latencies, 95).toFixed(1),
      max_ms: +latencies.at(-1)!.toFixed(1),
    };
  } finally {
    await streams?.close();
    await database.close();
    await server.stop();
    await scratch.drop();
  }
}
