// OGC API – Features (`npm run bench -- ogc`): GET /ogc/collections/<c>/items?limit=1000 over
// HTTP with a personal API token, p50/p95 over BENCH_ROUNDS requests, for 1,000 posts and
// 1,000 zones added to a scratch database, on the embedded engine and (with DATABASE_URL)
// on the PostgreSQL server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '@/db/client';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';

const FEATURES = Number(process.env.BENCH_OGC_FEATURES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
};

/** FEATURES posts (points) and FEATURES zones (small squares) around Móng Cái, owned by no agency (the data folder is not seeded yet). */
async function addFeatures(database: Database): Promise<void> {
  const rows = (make: (i: number, x: number, y: number) => string) =>
    sql.raw(Array.from({ length: FEATURES }, (_, i) => make(i, 107.3 + (i % 40) * 0.02, 21.2 + Math.floor(i / 40) * 0.02)).join(',\n'));
  await database.rows(sql`INSERT INTO checkpoints (code, name, kind, staffing, agency_id, province_code, geom) VALUES ${rows(
    (i, x, y) => `('BENCH-P-${i}', 'Chốt đo ${i}', 'control_post', 4, NULL, 'VN-13', ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326))`,
  )}`);
  await database.rows(sql`INSERT INTO zones (code, name, kind, agency_id, province_code, geom) VALUES ${rows(
    (i, x, y) =>
      `('BENCH-Z-${i}', 'Vùng đo ${i}', 'patrol_sector', NULL, 'VN-13', ST_Multi(ST_SetSRID(ST_GeomFromText('POLYGON((${x} ${y}, ${x + 0.015} ${y}, ${x + 0.015} ${y + 0.015}, ${x} ${y + 0.015}, ${x} ${y}))'), 4326)))`,
  )}`);
}

async function measure(server: RunningServer, engine: string) {
  const cookie = await signInHttp(server.baseUrl, 'leader', 'Vigil@2026');
  const created = await fetch(`${server.baseUrl}/api/tokens`, {
    method: 'POST',
    headers: { cookie, 'Content-Type': 'application/json', Origin: server.baseUrl },
    body: JSON.stringify({ name: 'bench' }),
  });
  const { token } = (await created.json()) as { token: string };
  const rows = [];
  for (const collection of ['posts', 'zones']) {
    const url = `${server.baseUrl}/ogc/collections/${collection}/items?limit=1000`;
    const get = async () => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${collection}: HTTP ${res.status} ${body.slice(0, 200)}`);
      return { ms, bytes: body.length, returned: (JSON.parse(body) as { numberReturned: number }).numberReturned };
    };
    // Warm up: the first calls compile the route and fill the caches.
    for (let i = 0; i < 3; i++) await get();
    const times: number[] = [];
    let last = { bytes: 0, returned: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const r = await get();
      times.push(r.ms);
      last = r;
    }
    rows.push({ engine, collection, features: last.returned, kB: +(last.bytes / 1024).toFixed(0), n: ROUNDS, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95) });
  }
  return rows;
}

export async function ogcBenches() {
  const results = [];
  // Embedded engine: the features go into a data folder before the server opens it (one process at a time).
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-bench-ogc-'));
  try {
    const database = await openDatabase({ dataDir });
    await addFeatures(database);
    await database.close();
    const server = await startServer({ DATABASE_URL: '', DATA_DIR: dataDir, DEMO_TRAFFIC_DAYS: '0' });
    try {
      results.push(...(await measure(server, 'pglite')));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (process.env.DATABASE_URL) {
    // Server engine: a scratch database per server; the features are added while it runs.
    const server = await startServer({ DEMO_TRAFFIC_DAYS: '0' });
    try {
      const database = await openDatabase({ databaseUrl: server.databaseUrl!, poolSize: 1 });
      await addFeatures(database);
      await database.close();
      results.push(...(await measure(server, 'postgres')));
    } finally {
      await server.stop();
    }
  }
  console.log(`OGC API items, limit=1000, ${FEATURES} added features per collection:`);
  console.table(results);
}
