import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { AppError } from '@/lib/api/errors';
import { importPlanFeatures, importPlanRequest } from '@/lib/planning/import';
import type { PlanAttributes, PlanLayer } from '@/lib/planning/layers';
import { createPlanFeature, updatePlanFeature, type PlanActor } from '@/lib/planning/store';
import { engineName, openTestDatabase } from '@/test/support/database';

// Every zone, route and post must touch Viet Nam's territory (admin_areas of Viet Nam): one
// wholly across the line is refused with outside_viet_nam however near it lies, through the
// API's write path (create, update) and through an import (checked in its worker thread and
// in-process); one across the line is accepted.

let database: Database;
let planner: PlanActor;

beforeAll(async () => {
  database = await openTestDatabase();
  const [found] = await database.rows<PlanActor>(sql`
    SELECT id, display_name AS "displayName", role::text AS role, province_code AS "provinceCode", agency_id AS "agencyId" FROM users WHERE username = 'planner'`);
  planner = found!;
});
afterAll(async () => database?.close());

const square = (x: number, y: number, d = 0.01) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
/** Wholly in China, north of Mong Cai: 2.85 km from the line at its nearest (its nearest province is still Quang Ninh). */
const IN_CHINA = square(107.97, 21.575);
/** Across the Ka Long river: part in Viet Nam, part in China. */
const ACROSS = square(107.9, 21.58);
/** Wholly in Viet Nam, near Mong Cai. */
const IN_VIET_NAM = square(107.9, 21.5);

const ctx = () => ({ actor: planner, ip: null });
const attrs = (name: string, kind: string): PlanAttributes => ({ name, kind, severity: 'high', notes: null, nameEn: null, agencyId: null });
const KIND: Record<PlanLayer, string> = { zones: 'restricted', routes: 'foot_patrol', posts: 'control_post' };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; codes: string[] }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, codes: (err.issues ?? []).map((i) => i.message) };
    throw err;
  }
  throw new Error('expected a refusal');
}

const zonesNamed = async (name: string) => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM zones WHERE name = ${name}`))[0]!.n;

function importRequest(features: { properties: Record<string, unknown>; geometry: unknown }[], dryRun = false): Request {
  return new Request('http://vigil.test/api/plans/zones/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ features, dryRun }) });
}

describe(`a shape must touch Viet Nam (${engineName})`, () => {
  it('refuses a zone wholly in China through the API write path, and stores nothing', async () => {
    const refused = await refusal(createPlanFeature(database, ctx(), 'zones', { attributes: attrs('Territory China', 'restricted'), geometry: IN_CHINA }));
    expect(refused).toEqual({ status: 422, codes: ['outside_viet_nam'] });
    expect(await zonesNamed('Territory China')).toBe(0);
  });

  it('accepts a zone across the line and one in Viet Nam, in Quang Ninh', async () => {
    for (const [name, geometry] of [['Territory across', ACROSS], ['Territory VN', IN_VIET_NAM]] as const) {
      const row = await createPlanFeature(database, ctx(), 'zones', { attributes: attrs(name, 'restricted'), geometry });
      expect(row.provinceCode).toBe('VN-13');
    }
  });

  it('refuses moving a zone wholly into China and keeps its shape', async () => {
    const row = await createPlanFeature(database, ctx(), 'zones', { attributes: attrs('Territory moved', 'restricted'), geometry: IN_VIET_NAM });
    const refused = await refusal(updatePlanFeature(database, ctx(), 'zones', row.id, { baseVersion: 1, geometry: IN_CHINA }));
    expect(refused).toEqual({ status: 422, codes: ['outside_viet_nam'] });
    const moved = await updatePlanFeature(database, ctx(), 'zones', row.id, { baseVersion: 1, geometry: ACROSS });
    expect(moved.version).toBe(2);
  });

  it('refuses a post or a route wholly in China, accepts a route across the line and a post at sea', async () => {
    const cases: [PlanLayer, unknown, boolean][] = [
      ['posts', { type: 'Point', coordinates: [107.975, 21.58] }, false],
      ['posts', { type: 'Point', coordinates: [107.905, 21.515] }, true],
      // At sea, 700 m off Mong Cai: the areas are land and the waters are not in the data, so it stands.
      ['posts', { type: 'Point', coordinates: [107.9, 21.5] }, true],
      ['routes', { type: 'LineString', coordinates: [[107.97, 21.575], [107.98, 21.585]] }, false],
      ['routes', { type: 'LineString', coordinates: [[107.905, 21.575], [107.905, 21.595]] }, true],
    ];
    for (const [layer, geometry, accepted] of cases) {
      const save = createPlanFeature(database, ctx(), layer, { attributes: attrs(`Territory ${layer}`, KIND[layer]), geometry });
      if (accepted) expect((await save).provinceCode).toBe('VN-13');
      else expect(await refusal(save)).toEqual({ status: 422, codes: ['outside_viet_nam'] });
    }
  });

  it('refuses an import with a zone wholly in China, naming that feature, and stores none of it', async () => {
    const features = [
      { properties: { name: 'Import VN' }, geometry: square(107.91, 21.5) },
      { properties: { name: 'Import China' }, geometry: IN_CHINA },
      { properties: { name: 'Import across' }, geometry: square(107.91, 21.58) },
    ];
    // In-process (tests, the bench) and through the API's request path, checked in a worker thread.
    const inProcess = await importPlanFeatures(database, ctx(), 'zones', { features, dryRun: false });
    const viaRequest = await importPlanRequest(database, ctx(), 'zones', importRequest(features));
    for (const result of [inProcess, viaRequest]) {
      expect(result.errors).toEqual([{ index: 1, problems: [{ code: 'outside_viet_nam' }] }]);
      expect(result.created).toEqual([]);
    }
    expect(await zonesNamed('Import VN')).toBe(0);
    const accepted = await importPlanRequest(database, ctx(), 'zones', importRequest([features[0]!, features[2]!]));
    expect(accepted).toMatchObject({ total: 2, valid: 2, errors: [], dryRun: false });
    expect(accepted.created).toHaveLength(2);
  });

  it('refuses a body that is not JSON, and a second import while one is running', async () => {
    expect(await refusal(importPlanRequest(database, ctx(), 'zones', new Request('http://vigil.test/', { method: 'POST', body: '{"features": [' })))).toMatchObject({ status: 400 });
    const features = [{ properties: { name: 'Import busy' }, geometry: square(107.92, 21.5) }];
    const first = importPlanRequest(database, ctx(), 'zones', importRequest(features, true));
    const second = await refusal(importPlanRequest(database, ctx(), 'zones', importRequest(features, true)));
    expect(second.status).toBe(503);
    expect((await first).valid).toBe(1);
  });
});
