import { toKML as toKml } from '@placemarkio/tokml';
import { kml as fromKml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '@/db/client';
import { getLayerGeoJson } from '@/db/queries/layers';
import { listPlanVersions } from '@/db/queries/plan-features';
import { judgeGeometry } from '@/lib/planning/geometry-verdict';
import { AppError } from '@/lib/api/errors';
import { importPlanFeatures } from '@/lib/planning/import';
import { checkPlanGeometry } from '@/lib/planning/geometry-check';
import { planAttributesSchema, type PlanAttributes } from '@/lib/planning/layers';
import { createPlanFeature, restorePlanVersion, retirePlanFeature, updatePlanFeature, type PlanActor } from '@/lib/planning/store';
import { engineName, openTestDatabase } from '@/test/support/database';

// Drawing on both engines: what the server refuses (and why), the repaired preview that is
// stored only when accepted, versions and the version check under concurrent saves, retiring
// and restoring, imports that store all or nothing, and a KML round trip.

let database: Database;
let planner: PlanActor;
let admin: PlanActor;

async function actor(username: string): Promise<PlanActor> {
  const [u] = await database.rows<PlanActor>(sql`
    SELECT id, display_name AS "displayName", role::text AS role, province_code AS "provinceCode", agency_id AS "agencyId" FROM users WHERE username = ${username}`);
  return u!;
}

beforeAll(async () => {
  database = await openTestDatabase();
  planner = await actor('planner');
  admin = await actor('admin');
});
afterAll(async () => database?.close());

// A square of ~1 km near Mong Cai, inside Viet Nam.
const X = 107.9, Y = 21.5, D = 0.01;
const square = (x = X, y = Y, d = D) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
const bowtie = { type: 'Polygon', coordinates: [[[X, Y], [X + D, Y + D], [X + D, Y], [X, Y + D], [X, Y]]] };
const attrs = (name: string, kind = 'restricted'): PlanAttributes => ({ name, kind, severity: 'high', notes: null, nameEn: null, agencyId: null });

async function problemsOf(promise: Promise<unknown>): Promise<{ status: number; codes: string[]; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, codes: (err.issues ?? []).map((i) => i.message), details: err.details };
    throw err;
  }
  throw new Error('expected a refusal');
}

const count = async (table: string) => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n;

describe(`geometry validation (${engineName})`, () => {
  const cases: [string, unknown, string][] = [
    ['a self-intersecting ring', bowtie, 'self_intersection'],
    ['a hole outside its shell', { type: 'Polygon', coordinates: [square().coordinates[0], [[X + 0.05, Y], [X + 0.06, Y], [X + 0.06, Y + 0.01], [X + 0.05, Y]]] }, 'hole_outside_shell'],
    ['an empty polygon', { type: 'Polygon', coordinates: [] }, 'empty'],
    ['a ring of three positions', { type: 'Polygon', coordinates: [[[X, Y], [X + D, Y], [X, Y]]] }, 'ring_too_short'],
    ['3D coordinates', { type: 'Polygon', coordinates: [square().coordinates[0]!.map(([x, y]) => [x, y, 12])] }, 'not_2d'],
    ['a null coordinate (NaN in JSON)', { type: 'Polygon', coordinates: [[[X, Y], [null, Y], [X + D, Y + D], [X, Y]]] }, 'not_number'],
    ['projected coordinates (UTM metres)', { type: 'Polygon', coordinates: [[[430000, 2380000], [431000, 2380000], [431000, 2381000], [430000, 2380000]]] }, 'outside_extent'],
    ['a CRS other than WGS 84', { ...square(), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3405' } } }, 'wrong_crs'],
    ['a line as a zone', { type: 'LineString', coordinates: [[X, Y], [X + D, Y]] }, 'wrong_type'],
    ['a huge ring', { type: 'Polygon', coordinates: [Array.from({ length: 20_002 }, (_, i) => [X + D * Math.cos((i / 20_001) * 2 * Math.PI), Y + D * Math.sin((i / 20_001) * 2 * Math.PI)])] }, 'too_many_vertices'],
  ];
  for (const [what, geometry, code] of cases) {
    it(`refuses ${what} (${code}) and stores nothing`, async () => {
      const before = await count('zones');
      const refused = await problemsOf(createPlanFeature(database, { actor: planner, ip: null }, 'zones', { attributes: attrs(what), geometry }));
      expect(refused.status).toBe(422);
      expect(refused.codes).toContain(code);
      expect(await count('zones')).toBe(before);
    });
  }

  it('offers the repaired shape of a bow-tie and stores it only when the planner accepts it', async () => {
    const verdict = await judgeGeometry(database.db, 'zones', bowtie);
    expect(verdict.valid).toBe(false);
    if (verdict.valid) return;
    expect(verdict.repaired?.type).toBe('MultiPolygon');
    expect((verdict.repaired!.coordinates as unknown[]).length).toBe(2); // the two triangles
    const created = await createPlanFeature(database, { actor: planner, ip: null }, 'zones', { attributes: attrs('repaired bow-tie'), geometry: bowtie, acceptRepair: true });
    const [row] = await database.rows<{ valid: boolean; parts: number }>(sql`SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts FROM zones WHERE id = ${created.id}`);
    expect(row).toEqual({ valid: true, parts: 2 });
  });

  it('never calls a shape valid when the database returns no verdict (GEOS failure on the embedded engine)', async () => {
    // PGlite's PostGIS ends a statement with no rows and no error when GEOS throws; this
    // connection answers every statement that way.
    const silent = { execute: async () => ({ rows: [] }) } as unknown as Db;
    const refused = await problemsOf(judgeGeometry(silent, 'zones', square()));
    expect(refused.status).toBe(422);
    expect(refused.codes).toEqual(['geometry_check_failed']);
  });

  it('agrees with PostGIS on which random rings are valid (ST_IsValid as the reference)', async () => {
    // Rings on a coarse grid, so touching vertices, collinear edges, spikes and repeated
    // points are common: the cases where hand-written checks usually go wrong.
    const ring = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 3, maxLength: 7 });
    await fc.assert(
      fc.asyncProperty(ring, async (points) => {
        const coords = points.map(([i, j]) => [X + i * 0.001, Y + j * 0.001]);
        const polygon = { type: 'Polygon', coordinates: [[...coords, coords[0]!]] };
        const [row] = await database.rows<{ valid: boolean; area: number; perimeter: number }>(sql`
          SELECT ST_IsValid(g) AS valid, ST_Area(g::geography) AS area, ST_Perimeter(g::geography) AS perimeter
          FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(polygon)}), 4326) AS g) x`);
        expect(row).toBeDefined();
        const ours = checkPlanGeometry('zones', polygon);
        // A ring with no area is invalid to PostGIS and to us (as a self-intersection or too short);
        // three corners in a line that floating point leaves a hair apart are valid to PostGIS
        // but a speck to us (under 1 m², or under 0.1 m wide: lib/planning/geometry-measure).
        const sized = row!.area >= 1 && (2 * row!.area) / row!.perimeter >= 0.1;
        expect({ points, ok: ours.ok }).toEqual({ points, ok: row!.valid && sized });
      }),
      { numRuns: 300 },
    );
  });

  it('accepts routes and posts of their own geometry types', async () => {
    const route = await createPlanFeature(database, { actor: planner, ip: null }, 'routes', {
      attributes: attrs('route', 'foot_patrol'),
      geometry: { type: 'LineString', coordinates: [[X, Y], [X + D, Y + D / 2], [X + 2 * D, Y]] },
    });
    const post = await createPlanFeature(database, { actor: planner, ip: null }, 'posts', { attributes: attrs('post', 'control_post'), geometry: { type: 'Point', coordinates: [X, Y] } });
    expect(route.geometry.type).toBe('LineString');
    expect(post.geometry).toEqual({ type: 'Point', coordinates: [X, Y] });
    expect(route.provinceCode).toBe(planner.provinceCode);
    // A national administrator's shape gets the province it lies in.
    const national = await createPlanFeature(database, { actor: admin, ip: null }, 'posts', { attributes: attrs('national post', 'control_post'), geometry: { type: 'Point', coordinates: [X, Y] } });
    expect(national.provinceCode).toBe(planner.provinceCode);
  });
});

describe(`versions and conflicts (${engineName})`, () => {
  it('keeps every save as a version, refuses a stale save naming who saved first, and restores', async () => {
    const ctx = { actor: planner, ip: null };
    const v1 = await createPlanFeature(database, ctx, 'zones', { attributes: attrs('Sector A'), geometry: square() });
    expect(v1.version).toBe(1);
    const v2 = await updatePlanFeature(database, { actor: admin, ip: null }, 'zones', v1.id, { baseVersion: 1, geometry: square(X, Y, 2 * D) });
    expect(v2.version).toBe(2);
    const stale = await problemsOf(updatePlanFeature(database, ctx, 'zones', v1.id, { baseVersion: 1, attributes: { ...attrs('Sector A'), severity: 'low' } }));
    expect(stale.status).toBe(409);
    expect(stale.details).toMatchObject({ version: 2, updatedBy: admin.displayName });
    const v3 = await updatePlanFeature(database, ctx, 'zones', v1.id, { baseVersion: 2, attributes: { ...attrs('Sector A'), severity: 'low' } });
    const history = await listPlanVersions(database.db, 'zones', v1.id);
    expect(history.map((h) => [h.version, h.action, h.changedFields])).toEqual([
      [3, 'update', ['severity']],
      [2, 'update', ['geometry']],
      [1, 'create', ['geometry', 'name', 'nameEn', 'kind', 'severity', 'notes', 'agencyId']],
    ]);
    expect(history[1]!.changedByName).toBe(admin.displayName);
    // Restoring version 1 is a new version with version 1's shape and attributes.
    const v4 = await restorePlanVersion(database, ctx, 'zones', v1.id, 1, v3.version);
    expect(v4.version).toBe(4);
    expect(v4.geometry).toEqual(v1.geometry);
    expect(v4.attributes.severity).toBe('high');
    // History cannot be rewritten.
    const rewrite = await database.db.execute(sql`UPDATE plan_versions SET attributes = '{}'::jsonb WHERE object_id = ${v1.id}`).then(
      () => 'updated',
      (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
    );
    expect(rewrite).toMatch(/append-only/);
    const audit = await database.rows<{ action: string }>(sql`SELECT action FROM audit_log WHERE target_id = ${v1.id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['plan.create', 'plan.update', 'plan.update', 'plan.restore']);
  });

  it('lets exactly one of simultaneous saves of the same version win', async () => {
    const ctx = { actor: planner, ip: null };
    const created = await createPlanFeature(database, ctx, 'zones', { attributes: attrs('Race'), geometry: square(X + 0.1, Y) });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => updatePlanFeature(database, ctx, 'zones', created.id, { baseVersion: 1, attributes: { ...attrs(`Race ${i}`) } })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof AppError && r.reason.status === 409)).toBe(true);
    expect((await listPlanVersions(database.db, 'zones', created.id)).length).toBe(2);
  });

  it('takes a retired object off the map and brings it back on restore', async () => {
    const ctx = { actor: planner, ip: null };
    const created = await createPlanFeature(database, ctx, 'routes', { attributes: attrs('Retire me', 'boat_patrol'), geometry: { type: 'LineString', coordinates: [[X, Y], [X + D, Y]] } });
    const onMap = async () => (JSON.parse(await getLayerGeoJson(database, 'routes', { scope: { provinceCode: null, agencyId: null } })) as { features: { id: string }[] }).features.some((f) => f.id === created.id);
    expect(await onMap()).toBe(true);
    const retired = await retirePlanFeature(database, ctx, 'routes', created.id, 1);
    expect(retired.retiredAt).not.toBeNull();
    expect(await onMap()).toBe(false);
    await restorePlanVersion(database, ctx, 'routes', created.id, 1, retired.version);
    expect(await onMap()).toBe(true);
  });

  it("keeps the attributes a partial edit leaves out, and the owning agency unless it is changed", async () => {
    const created = await createPlanFeature(database, { actor: planner, ip: null }, 'zones', {
      attributes: { name: 'Full', nameEn: 'Full EN', kind: 'patrol_sector', severity: 'critical', notes: 'keep me', agencyId: 'syt-qn' },
      geometry: square(X + 0.25, Y),
    });
    const edited = await updatePlanFeature(database, { actor: admin, ip: null }, 'zones', created.id, { baseVersion: 1, attributes: { name: 'Renamed' } });
    expect(edited.attributes).toEqual({ name: 'Renamed', nameEn: 'Full EN', kind: 'patrol_sector', severity: 'critical', notes: 'keep me', agencyId: 'syt-qn' });
    expect((await listPlanVersions(database.db, 'zones', created.id))[0]!.changedFields).toEqual(['name']);
  });

  it('places a shape in the province it lies in: a provincial planner cannot draw in another province', async () => {
    // Lao Cai, far from any province in the data: no province at all.
    const far = await problemsOf(createPlanFeature(database, { actor: planner, ip: null }, 'zones', { attributes: attrs('far'), geometry: square(104.0, 22.5) }));
    expect(far).toMatchObject({ status: 422, codes: ['outside_provinces'] });
    // A planner of another province drawing in Quang Ninh.
    const other = { ...planner, provinceCode: '01' };
    const refused = await problemsOf(createPlanFeature(database, { actor: other, ip: null }, 'zones', { attributes: attrs('not mine'), geometry: square() }));
    expect(refused).toMatchObject({ status: 422, codes: ['outside_your_province'] });
    // Moving an existing shape out of its province is refused too.
    const created = await createPlanFeature(database, { actor: planner, ip: null }, 'posts', { attributes: attrs('Mover', 'control_post'), geometry: { type: 'Point', coordinates: [X, Y] } });
    const moved = await problemsOf(updatePlanFeature(database, { actor: admin, ip: null }, 'posts', created.id, { baseVersion: 1, geometry: { type: 'Point', coordinates: [104.0, 22.5] } }));
    expect(moved.codes).toEqual(['outside_your_province']);
  });

  it('refuses names with direction overrides or invisible characters', () => {
    const schema = planAttributesSchema('zones');
    expect(schema.safeParse({ name: 'Khu \u202eA', kind: 'restricted' }).success).toBe(false);
    expect(schema.safeParse({ name: 'Khu\u200bA', kind: 'restricted' }).success).toBe(false);
    expect(schema.safeParse({ name: 'Khu vực Hải Yên', kind: 'restricted' }).success).toBe(true);
  });

  it('refuses a leader and a viewer, and a planner of another province sees no such object', async () => {
    const leader = await actor('leader');
    expect((await problemsOf(createPlanFeature(database, { actor: leader, ip: null }, 'zones', { attributes: attrs('no'), geometry: square() }))).status).toBe(403);
    const created = await createPlanFeature(database, { actor: planner, ip: null }, 'zones', { attributes: attrs('Mine'), geometry: square(X + 0.2, Y) });
    const elsewhere = { ...planner, provinceCode: '01' };
    expect((await problemsOf(updatePlanFeature(database, { actor: elsewhere, ip: null }, 'zones', created.id, { baseVersion: 1, attributes: attrs('theirs') }))).status).toBe(404);
  });
});

describe(`import (${engineName})`, () => {
  const feature = (i: number, geometry: unknown = { type: 'Point', coordinates: [X + (i % 40) * 0.002, Y + Math.floor(i / 40) * 0.001] }) => ({ type: 'Feature', properties: { name: `Post ${i}`, kind: 'wharf' }, geometry });

  it('reports every bad feature by index and stores nothing; a clean file is stored whole', async () => {
    const before = await count('checkpoints');
    const features = [
      feature(0),
      feature(1, { type: 'Point', coordinates: [X, Y, 5] }),
      feature(2),
      { properties: {}, geometry: { type: 'Point', coordinates: [X, Y] } },
      { properties: { name: 'Unknown kind', kind: 'nope' }, geometry: { type: 'Point', coordinates: [X, Y] } },
      { properties: { name: 'Lao Cai' }, geometry: { type: 'Point', coordinates: [104.0, 22.5] } },
    ];
    const result = await importPlanFeatures(database, { actor: planner, ip: null }, 'posts', { features, dryRun: false });
    expect(result.errors.map((e) => [e.index, e.problems[0]!.code, e.problems[0]!.field ?? null])).toEqual([
      [1, 'not_2d', null],
      [3, 'attribute', 'name'],
      [4, 'attribute', 'kind'],
      [5, 'outside_provinces', null],
    ]);
    expect(result.created).toEqual([]);
    expect(await count('checkpoints')).toBe(before);

    const good = Array.from({ length: 1200 }, (_, i) => feature(i));
    const dry = await importPlanFeatures(database, { actor: planner, ip: null }, 'posts', { features: good, dryRun: true });
    expect(dry).toMatchObject({ total: 1200, valid: 1200, errors: [], created: [] });
    expect(await count('checkpoints')).toBe(before);
    const stored = await importPlanFeatures(database, { actor: planner, ip: null }, 'posts', { features: good, dryRun: false });
    expect(stored.created).toHaveLength(1200);
    expect(await count('checkpoints')).toBe(before + 1200);
    const [v] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM plan_versions WHERE action = 'import' AND object_id = ANY(${`{${stored.created.join(',')}}`}::uuid[])`);
    expect(v!.n).toBe(1200);
  });

  it('round-trips zones through KML', async () => {
    const shapes = [square(X + 0.03, Y), { type: 'Polygon', coordinates: [square(X + 0.06, Y, 0.02).coordinates[0], [[X + 0.065, Y + 0.005], [X + 0.07, Y + 0.005], [X + 0.07, Y + 0.01], [X + 0.065, Y + 0.005]]] }];
    const text = toKml({ type: 'FeatureCollection', features: shapes.map((g, i) => ({ type: 'Feature', properties: { name: `KML ${i}`, description: 'từ KML' }, geometry: g as GeoJSON.Polygon })) });
    const parsed = fromKml(new DOMParser().parseFromString(text, 'text/xml') as unknown as Document);
    const result = await importPlanFeatures(database, { actor: planner, ip: null }, 'zones', { features: parsed.features.map((f) => ({ properties: f.properties, geometry: f.geometry })), dryRun: false });
    expect(result.errors).toEqual([]);
    const rows = await database.rows<{ name: string; notes: string; g: string }>(sql`
      SELECT name, description AS notes, ST_AsGeoJSON(geom, 7) AS g FROM zones WHERE id = ANY(${`{${result.created.join(',')}}`}::uuid[]) ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(['KML 0', 'KML 1']);
    expect(rows[0]!.notes).toBe('từ KML');
    const to7 = (v: unknown): unknown => (Array.isArray(v) ? v.map(to7) : Math.round((v as number) * 1e7) / 1e7);
    rows.forEach((r, i) => expect(JSON.parse(r.g).coordinates).toEqual(to7([shapes[i]!.coordinates])));
  });
});
