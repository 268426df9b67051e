// Large planning imports against the production build (`npm run bench -- imports`): a ~30 MB
// GeoJSON body of many valid zones inside Quang Ninh posted to /api/plans/zones/import (first
// as the preview, dryRun, then stored) while /api/health is called every 50 ms, each call
// timed on its own. Prints each import's time, the health latencies during it (p50/p95/max)
// and the server's memory (RSS of the server's processes) before, at peak and after. On the
// embedded engine and, when DATABASE_URL is set, on the PostgreSQL server too.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pointInRing } from '@/lib/planning/geometry-check';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';

const TARGET_BYTES = Number(process.env.BENCH_IMPORT_MB ?? 30) * 1024 * 1024;
const POLL_MS = 50;

type Ring = [number, number][];

/** Zones of 40 vertices (~130 m across) centred inside Quang Ninh's province area, in a fixed pseudo-random order, until the body is TARGET_BYTES. */
export function quangNinhZonesBody(targetBytes = TARGET_BYTES): string {
  const areas = JSON.parse(readFileSync(path.join(process.cwd(), 'db/seed-data/quang-ninh.geojson'), 'utf8')) as {
    features: { properties: { admin_level: number }; geometry: { type: string; coordinates: unknown } }[];
  };
  const province = areas.features.find((f) => f.properties.admin_level === 4)!.geometry;
  const polygons = (province.type === 'Polygon' ? [province.coordinates] : province.coordinates) as Ring[][];
  const inside = (p: [number, number]) => polygons.some((rings) => pointInRing(p, rings[0]!) && !rings.slice(1).some((hole) => pointInRing(p, hole)));
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; ) {
    const centre: [number, number] = [106.6 + random() * 1.45, 20.85 + random() * 0.8];
    if (!inside(centre)) continue;
    const r = 0.0006 + random() * 0.0006;
    const ring: Ring = Array.from({ length: 40 }, (_, k) => {
      const a = (k / 40) * 2 * Math.PI;
      return [+(centre[0] + r * Math.cos(a)).toFixed(7), +(centre[1] + r * 0.93 * Math.sin(a)).toFixed(7)];
    });
    ring.push(ring[0]!);
    const feature = JSON.stringify({ type: 'Feature', properties: { name: `Bench zone ${i}`, kind: 'patrol_sector', severity: 'low', notes: 'bench import' }, geometry: { type: 'Polygon', coordinates: [ring] } });
    parts.push(feature);
    bytes += feature.length + 1;
    i++;
  }
  return `{"features":[${parts.join(',')}],"dryRun":false}`;
}

/** RSS in MB of a process and all its descendants (npm start → server → …). */
function treeRssMb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      rss.set(pid, (Number(fields[21]) * 4096) / 1024 / 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const visit = (pid: number) => {
    total += rss.get(pid) ?? 0;
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return total;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Posts one import while polling health every POLL_MS (each call timed on its own, not waiting for the previous). */
async function timedImport(server: RunningServer, cookie: string, body: string) {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let failed = 0;
  let peakRss = treeRssMb(server.pid);
  const poll = setInterval(() => {
    peakRss = Math.max(peakRss, treeRssMb(server.pid));
    const t0 = performance.now();
    pending.push(
      fetch(`${server.baseUrl}/api/health`)
        .then(async (res) => {
          await res.arrayBuffer();
          if (!res.ok) failed++;
          latencies.push(performance.now() - t0);
        })
        .catch(() => void failed++),
    );
  }, POLL_MS);
  const t0 = performance.now();
  const res = await fetch(`${server.baseUrl}/api/plans/zones/import`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body });
  const result = (await res.json()) as { total?: number; valid?: number; created?: string[]; errors?: unknown[]; error?: unknown };
  const importMs = performance.now() - t0;
  clearInterval(poll);
  await Promise.all(pending);
  if (res.status !== 200) throw new Error(`import: HTTP ${res.status} ${JSON.stringify(result).slice(0, 500)}`);
  latencies.sort((a, b) => a - b);
  return { result, importMs, latencies, failed, peakRss };
}

export async function importBenches() {
  const body = quangNinhZonesBody();
  const features = (body.match(/"Feature"/g) ?? []).length;
  const engines = [{ name: 'pglite', url: '' }, ...(process.env.DATABASE_URL ? [{ name: 'postgres', url: process.env.DATABASE_URL }] : [])];
  const rows = [];
  for (const engine of engines) {
    const server = await startServer({ DATABASE_URL: engine.url }, { fresh: true });
    try {
      const cookie = await signInHttp(server.baseUrl, 'planner', 'Vigil@2026');
      for (let i = 0; i < 5; i++) await (await fetch(`${server.baseUrl}/api/health`)).arrayBuffer();
      for (const dryRun of [true, false]) {
        const rssBefore = treeRssMb(server.pid);
        const run = await timedImport(server, cookie, dryRun ? body.replace(/"dryRun":false}$/, '"dryRun":true}') : body);
        await new Promise((r) => setTimeout(r, 2000));
        rows.push({
          engine: engine.name,
          step: dryRun ? 'preview (dryRun)' : 'store',
          body_MB: +(body.length / 1024 / 1024).toFixed(1),
          features,
          valid: run.result.valid,
          created: run.result.created?.length ?? 0,
          import_s: +(run.importMs / 1000).toFixed(1),
          health_calls: run.latencies.length,
          health_failed: run.failed,
          health_p50_ms: Math.round(percentile(run.latencies, 50)),
          health_p95_ms: Math.round(percentile(run.latencies, 95)),
          health_max_ms: Math.round(run.latencies.at(-1) ?? NaN),
          rss_before_MB: Math.round(rssBefore),
          rss_peak_MB: Math.round(run.peakRss),
          rss_after_MB: Math.round(treeRssMb(server.pid)),
        });
      }
    } finally {
      await server.stop();
    }
  }
  console.log(`Planning import of a ${(body.length / 1024 / 1024).toFixed(1)} MB GeoJSON body (${features} zones in Quang Ninh), /api/health called every ${POLL_MS} ms during it (production build):`);
  console.table(rows);
}
