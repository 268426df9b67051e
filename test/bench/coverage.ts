// The border gap analysis (`npm run bench -- coverage`): how long one analysis of Quang Ninh's
// 110 km land and river border takes, by day and by night, with the demo's cameras and with
// ~500 cameras, computed afresh (the cache emptied before every round) and answered from the
// cache; plus the kilometre marks and a km-at lookup. Runs the queries directly (no HTTP) on
// the embedded engine and, when DATABASE_URL is set, on that PostgreSQL server too.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { getKmMarkers, getKmAt } from '@/db/queries/border-km-markers';
import { clearCoverageCache, getBorderCoverage } from '@/lib/coverage/analysis';
import { openTestDatabase } from '@/test/support/database';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const TARGET_CAMERAS = Number(process.env.BENCH_COVERAGE_CAMERAS ?? 500);
const PROVINCE = 'VN-13';
const scope = { provinceCode: PROVINCE, agencyId: null };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
};

async function time(rounds: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up: plans, caches
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { n: rounds, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95) };
}

/** Extra cameras along the border, 100–1,500 m inside Viet Nam, facing it roughly, half infrared (deterministic). */
async function addCameras(database: Database, count: number) {
  if (count <= 0) return;
  await database.rows(sql`
    INSERT INTO cameras (code, name, kind, infrared, bearing_deg, fov_deg, range_m, province_code, is_demo, confidence, geom)
    SELECT 'BENCH-' || i, 'Bench camera ' || i, 'fixed', i % 2 = 0,
      (degrees(ST_Azimuth(p.pt::geography, ST_LineInterpolatePoint(t.geom, least(p.f + 0.001, 1))::geography)) + 90 + (i * 37) % 60 - 30)::real,
      CASE WHEN i % 5 = 0 THEN 360 ELSE 40 + (i * 53) % 100 END, 200 + (i * 97) % 1300, ${PROVINCE}, true, 'demo',
      ST_Project(p.pt::geography, 100 + (i * 71) % 1400,
        ST_Azimuth(p.pt::geography, ST_LineInterpolatePoint(t.geom, least(p.f + 0.001, 1))::geography) + pi() / 2)::geometry
    FROM border_trace t
    CROSS JOIN generate_series(1, ${count}) i
    CROSS JOIN LATERAL (SELECT ((i * 0.6180339887) % 1) * 0.999 AS f) ff
    CROSS JOIN LATERAL (SELECT ff.f, ST_LineInterpolatePoint(t.geom, ff.f) AS pt) p
    WHERE t.province_code = ${PROVINCE}`);
}

async function benchEngine(engine: string) {
  const database = await openTestDatabase();
  const rows = [];
  try {
    const [{ n }] = (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM cameras WHERE retired_at IS NULL`)) as [{ n: number }];
    for (const [label, extra] of [['demo', 0], [`~${TARGET_CAMERAS}`, TARGET_CAMERAS - n]] as const) {
      await addCameras(database, extra);
      for (const period of ['day', 'night'] as const) {
        const fresh = await time(ROUNDS, async () => {
          clearCoverageCache();
          return getBorderCoverage(database, { scope, provinceCode: PROVINCE, period });
        });
        const answer = await getBorderCoverage(database, { scope, provinceCode: PROVINCE, period });
        const cached = await time(ROUNDS, () => getBorderCoverage(database, { scope, provinceCode: PROVINCE, period }));
        rows.push({ engine, cameras: answer.cameraCount, set: label, period, coveredKm: answer.coveredKm, totalKm: answer.totalKm, gaps: answer.gaps.length, fresh_p50_ms: fresh.p50_ms, fresh_p95_ms: fresh.p95_ms, cached_p50_ms: cached.p50_ms, cached_p95_ms: cached.p95_ms });
      }
    }
    const marks = await time(ROUNDS, () => getKmMarkers(database, PROVINCE));
    const at = await time(ROUNDS, () => getKmAt(database, PROVINCE, 107.96565, 21.53593));
    return { rows, extras: { engine, kmMarkers: marks, kmAt: at } };
  } finally {
    await database.close();
  }
}

export async function coverageBenches() {
  const engines: [string, string | undefined][] = [['pglite', undefined]];
  if (process.env.DATABASE_URL) engines.push(['postgres', process.env.DATABASE_URL]);
  const saved = process.env.DATABASE_URL;
  const rows = [];
  const extras = [];
  for (const [engine, url] of engines) {
    if (url) process.env.DATABASE_URL = url;
    else delete process.env.DATABASE_URL;
    const result = await benchEngine(engine);
    rows.push(...result.rows);
    extras.push(result.extras);
  }
  if (saved) process.env.DATABASE_URL = saved;
  console.log(`border gap analysis, ${ROUNDS} rounds each ("fresh": cache emptied before every round):`);
  console.table(rows);
  for (const e of extras) console.log(`${e.engine}: km marks`, e.kmMarkers, 'km-at', e.kmAt);
}
