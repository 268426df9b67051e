// Planning imports (`npm run bench -- planning`): how long a 10,000-feature GeoJSON import takes
// end to end on the server side (every feature checked structurally and by PostGIS, then stored
// with its first version, in one transaction), for posts (points) and zones (polygons), on the
// embedded engine and, when DATABASE_URL is set, on that PostgreSQL server too. The browser's
// part (reading the file) is measured separately with the same reader.
import { sql } from 'drizzle-orm';
import { DOMParser } from '@xmldom/xmldom';
import { importPlanFeatures } from '@/lib/planning/import';
import type { PlanActor } from '@/lib/planning/store';
import { readPlanFile } from '@/lib/planning/read-file';
import { openTestDatabase } from '@/test/support/database';

const FEATURES = Number(process.env.BENCH_IMPORT_FEATURES ?? 10_000);

/** A deterministic grid of features over the border districts. */
function featureCollection(kind: 'posts' | 'zones') {
  const side = Math.ceil(Math.sqrt(FEATURES));
  const features = Array.from({ length: FEATURES }, (_, i) => {
    const x = 107.5 + (i % side) * (0.5 / side);
    const y = 21.3 + Math.floor(i / side) * (0.3 / side);
    const d = 0.2 / side;
    const geometry = kind === 'posts'
      ? { type: 'Point', coordinates: [x, y] }
      : { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x + d / 2, y + d * 1.3], [x, y + d], [x, y]]] };
    return { type: 'Feature', properties: { name: `Bench ${kind} ${i}`, kind: kind === 'posts' ? 'control_post' : 'patrol_sector' }, geometry };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

export async function planningBenches() {
  const engines = [{ name: 'pglite', url: undefined as string | undefined }, ...(process.env.DATABASE_URL ? [{ name: 'postgres', url: process.env.DATABASE_URL }] : [])];
  const rows = [];
  for (const engine of engines) {
    const saved = process.env.DATABASE_URL;
    if (engine.url) process.env.DATABASE_URL = engine.url;
    else delete process.env.DATABASE_URL;
    const database = await openTestDatabase();
    if (saved) process.env.DATABASE_URL = saved;
    try {
      const [planner] = await database.rows<PlanActor>(sql`
        SELECT id, display_name AS "displayName", role::text AS role, province_code AS "provinceCode", agency_id AS "agencyId" FROM users WHERE username = 'planner'`);
      for (const layer of ['posts', 'zones'] as const) {
        const text = featureCollection(layer);
        const t0 = performance.now();
        const read = readPlanFile(text, 'bench.geojson', (s) => new DOMParser().parseFromString(s, 'text/xml') as unknown as Document);
        const t1 = performance.now();
        if (!read.ok) throw new Error(read.reason);
        const dry = await importPlanFeatures(database, { actor: planner!, ip: null }, layer, { features: read.features, dryRun: true });
        const t2 = performance.now();
        const stored = await importPlanFeatures(database, { actor: planner!, ip: null }, layer, { features: read.features, dryRun: false });
        const t3 = performance.now();
        if (dry.errors.length || stored.created.length !== FEATURES) throw new Error(`import refused: ${JSON.stringify(dry.errors.slice(0, 3))}`);
        rows.push({
          engine: engine.name,
          layer,
          features: FEATURES,
          file_MB: +(text.length / 1024 / 1024).toFixed(1),
          read_ms: Math.round(t1 - t0),
          check_ms: Math.round(t2 - t1),
          check_and_store_ms: Math.round(t3 - t2),
          per_1000_ms: Math.round(((t3 - t2) / FEATURES) * 1000),
        });
      }
    } finally {
      await database.close();
    }
  }
  console.log(`GeoJSON import of ${FEATURES} features (read in the browser's reader, checked by the server, then checked again and stored):`);
  console.table(rows);
}
