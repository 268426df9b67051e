import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { COLLECTION_IDS, type CollectionId } from '@/db/queries/ogc-collections';
import { createApiToken, listApiTokens, revokeApiToken } from '@/lib/auth/api-tokens';
import { forgetUser } from '@/lib/auth/session';
import { rng } from '@/lib/simulation/traffic';
import { intersects, type Box, type Feature } from '@/test/support/bbox-reference';
import { engineName, openTestDatabase } from '@/test/support/database';
import { allOgcPages, callOgc } from '@/test/support/ogc-client';

// The OGC API – Features routes and the layer exports, called as Next calls them, with personal
// API tokens: paging, bbox and datetime against references computed here from the same features,
// validation, token states, scope, and what a camera never tells.

let database: Database;
const tokens: Record<'admin' | 'operator' | 'viewer' | 'other', string> = { admin: '', operator: '', viewer: '', other: '' };
const ids: Record<'admin' | 'operator' | 'viewer' | 'other', string> = { admin: '', operator: '', viewer: '', other: '' };

// Seeded, so a failure can be re-run.
const rnd = rng(20261129);
const between = (a: number, b: number) => a + (b - a) * rnd();
/** The area the generated features lie in (around Móng Cái). */
const AREA = { w: 107.3, s: 21.2, e: 108.1, n: 21.7 };

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  // The routes ask getDatabase() for the process's database: make it this one.
  (globalThis as Record<symbol, unknown>)[Symbol.for('vigil.database')] = Promise.resolve(database);

  const point = () => `POINT(${between(AREA.w, AREA.e)} ${between(AREA.s, AREA.n)})`;
  const values = (n: number, row: (i: number) => string) => sql.raw(Array.from({ length: n }, (_, i) => row(i)).join(',\n'));
  // Posts: 300 here, 20 in another province, 5 retired; ten with known times for datetime.
  await database.rows(sql`INSERT INTO checkpoints (code, name, kind, agency_id, province_code, geom) VALUES ${values(
    300,
    (i) => `('T-P-${i}', 'Chốt thử ${i}', 'control_post', '${i % 3 === 0 ? 'syt-qn' : 'bdbp-qn'}', 'VN-13', ST_GeomFromText('${point()}', 4326))`,
  )}`);
  await database.rows(sql`INSERT INTO checkpoints (code, name, kind, agency_id, province_code, geom) VALUES ${values(20, (i) => `('T-HN-${i}', 'Other ${i}', 'control_post', 'ubnd-qn', 'VN-HN', ST_GeomFromText('${point()}', 4326))`)}`);
  await database.rows(sql`INSERT INTO checkpoints (code, name, kind, province_code, retired_at, geom) VALUES ${values(5, (i) => `('T-RET-${i}', 'Retired ${i}', 'control_post', 'VN-13', now(), ST_GeomFromText('${point()}', 4326))`)}`);
  for (let i = 0; i < 10; i++) {
    await database.rows(sql`UPDATE checkpoints SET updated_at = ${new Date(Date.UTC(2020, 0, 1 + i)).toISOString()}::timestamptz WHERE code = ${`T-P-${i}`}`);
  }
  // Routes: lines of 2–6 vertices; zones: small triangles and quadrilaterals.
  const line = () => {
    const [x, y] = [between(AREA.w, AREA.e), between(AREA.s, AREA.n)];
    return `LINESTRING(${Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => `${x + between(-0.08, 0.08)} ${y + between(-0.08, 0.08)}`).join(', ')})`;
  };
  const polygon = () => {
    const [x, y] = [between(AREA.w, AREA.e), between(AREA.s, AREA.n)];
    const corners = 3 + Math.floor(rnd() * 2);
    const ring = Array.from({ length: corners }, (_, k) => {
      const angle = (2 * Math.PI * k) / corners;
      const r = between(0.01, 0.06);
      return `${x + r * Math.cos(angle)} ${y + r * Math.sin(angle)}`;
    });
    return `MULTIPOLYGON(((${[...ring, ring[0]].join(', ')})))`;
  };
  await database.rows(sql`INSERT INTO patrol_routes (code, name, kind, agency_id, province_code, geom) VALUES ${values(
    40,
    (i) => `('T-R-${i}', 'Tuyến ${i}', 'foot_patrol', 'bdbp-qn', '${i < 4 ? 'VN-HN' : 'VN-13'}', ST_GeomFromText('${line()}', 4326))`,
  )}`);
  await database.rows(sql`INSERT INTO patrol_routes (code, name, kind, province_code, retired_at, geom) VALUES ('T-R-RET', 'Retired', 'boat_patrol', 'VN-13', now(), ST_GeomFromText(${line()}, 4326))`);
  await database.rows(sql`INSERT INTO zones (code, name, kind, agency_id, province_code, geom) VALUES ${values(
    30,
    (i) => `('T-Z-${i}', 'Vùng ${i}', 'hotspot', 'bdbp-qn', '${i < 3 ? 'VN-HN' : 'VN-13'}', ST_GeomFromText('${polygon()}', 4326))`,
  )}`);
  await database.rows(sql`INSERT INTO cameras (code, name, kind, bearing_deg, fov_deg, range_m, agency_id, province_code, geom) VALUES ${values(
    5,
    (i) => `('T-CAM-HN-${i}', 'Other cam ${i}', 'fixed', 90, 60, 300, 'ubnd-qn', 'VN-HN', ST_GeomFromText('${point()}', 4326))`,
  )}`);
  // A camera whose upstream secrets must never be served.
  await database.rows(sql`UPDATE cameras SET stream_url = 'rtsp://cam-user-x9:cam-pass-x9@10.9.9.9/secret-path-x9', stream_username = 'cam-user-x9',
    stream_password = 'cam-pass-x9', last_error = 'upstream-said-x9' WHERE code = 'CAM-Z1-1'`);

  const userId = async (username: string) => (await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = ${username}`))[0]!.id;
  ids.admin = await userId('admin');
  ids.operator = await userId('operator');
  ids.viewer = await userId('viewer');
  const [other] = await database.rows<{ id: string }>(sql`INSERT INTO users (username, display_name, password_hash, role, agency_id, province_code)
    VALUES ('op-hn-ogc', 'Hà Nội operator', 'not-a-hash', 'operator', 'ubnd-qn', 'VN-HN') RETURNING id`);
  ids.other = other!.id;
  for (const who of ['admin', 'operator', 'viewer', 'other'] as const) {
    tokens[who] = (await createApiToken(database, { id: ids[who], username: who }, { name: `test ${who}` })).token;
  }
});
afterAll(async () => {
  await database?.close();
});

/** Calls the route of `path` with the admin's token unless another (or none) is given. */
const call = (path: string, options: { token?: string | null; headers?: Record<string, string> } = {}) => callOgc(path, options.token === undefined ? tokens.admin : options.token, options.headers);
const allPages = (collection: string, query = '', token?: string, limit = 1000) => allOgcPages(collection, query, token ?? tokens.admin, limit);

describe(`OGC API – Features (${engineName})`, () => {
  it('has a landing page, conformance, an OpenAPI definition and the five collections with their extents', async () => {
    const landing = await call('/ogc');
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toBe('application/json');
    const rels = landing.json().links.map((l: { rel: string }) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    expect(landing.json().links.find((l: { rel: string }) => l.rel === 'data').href).toBe('http://vigil.test/ogc/collections');
    const conformance = (await call('/ogc/conformance?f=json')).json();
    expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
    const api = await call('/ogc/api');
    expect(api.headers.get('content-type')).toContain('application/vnd.oai.openapi+json');
    expect(api.json().openapi).toMatch(/^3\.0/);
    expect(api.json().components.parameters.limit.schema).toMatchObject({ maximum: 10000, default: 100 });

    const collections = (await call('/ogc/collections')).json().collections as { id: string; extent?: { spatial: { bbox: number[][]; crs: string } }; links: { rel: string }[] }[];
    expect(collections.map((c) => c.id)).toEqual([...COLLECTION_IDS]);
    for (const c of collections) {
      expect(c.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'items']));
      expect(c.extent!.spatial.crs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
      // The extent is that of the features served.
      const { features } = await allPages(c.id, '', undefined, 10_000);
      const xs = features.flatMap((f) => JSON.stringify(f.geometry.coordinates).match(/-?\d+\.?\d*,-?\d+\.?\d*/g)!.map((p) => p.split(',').map(Number)));
      const [w, s, e, n] = c.extent!.spatial.bbox[0]!;
      expect(w).toBeCloseTo(Math.min(...xs.map((p) => p[0]!)), 5);
      expect(s).toBeCloseTo(Math.min(...xs.map((p) => p[1]!)), 5);
      expect(e).toBeCloseTo(Math.max(...xs.map((p) => p[0]!)), 5);
      expect(n).toBeCloseTo(Math.max(...xs.map((p) => p[1]!)), 5);
    }
    const one = (await call('/ogc/collections/posts')).json();
    expect(one).toMatchObject({ id: 'posts', itemType: 'feature' });
    expect(one.extent.temporal.interval[0][0]).toBe('2020-01-01T00:00:00Z');
  });

  it('pages through every collection: all pages together are every live row exactly once', async () => {
    const tables: Record<CollectionId, string> = { zones: 'zones', routes: 'patrol_routes', posts: 'checkpoints', cameras: 'cameras', border: 'border_lines' };
    for (const id of COLLECTION_IDS) {
      const live = id === 'border' ? sql`true` : sql`retired_at IS NULL`;
      const expected = (await database.rows<{ id: string }>(sql`SELECT id::text AS id FROM ${sql.raw(tables[id])} WHERE ${live}`)).map((r) => r.id).sort();
      const limit = id === 'border' ? 1 : 17;
      const { features, pages, matched } = await allPages(id, '', undefined, limit);
      const got = features.map((f) => f.id);
      expect(new Set(got).size, `${id}: no feature twice`).toBe(got.length);
      expect([...got].sort(), id).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
      expect(new Set(matched)).toEqual(new Set([expected.length]));
    }
    // The retired ones are not served, not even by id.
    const [retired] = await database.rows<{ id: string }>(sql`SELECT id::text AS id FROM checkpoints WHERE code = 'T-RET-0'`);
    expect((await call(`/ogc/collections/posts/items/${retired!.id}`)).status).toBe(404);
  });

  it('links a middle page to the next and previous ones and keeps the filters in them', async () => {
    const body = (await call('/ogc/collections/posts/items?limit=50&offset=100&bbox=107.3,21.2,108.1,21.7')).json();
    const link = (rel: string) => new URL(body.links.find((l: { rel: string }) => l.rel === rel).href);
    expect(link('next').searchParams.get('offset')).toBe('150');
    expect(link('prev').searchParams.get('offset')).toBe('50');
    expect(link('next').searchParams.get('bbox')).toBe('107.3,21.2,108.1,21.7');
    expect(link('self').searchParams.get('offset')).toBe('100');
    const first = (await call('/ogc/collections/posts/items?limit=50')).json();
    expect(first.links.map((l: { rel: string }) => l.rel)).not.toContain('prev');
    const past = (await call('/ogc/collections/posts/items?limit=50&offset=100000')).json();
    expect(past).toMatchObject({ numberReturned: 0, features: [] });
  });

  it('filters by bbox exactly as a reference computed from the same features', async () => {
    const seeded = rng(7);
    for (const id of COLLECTION_IDS) {
      const { features: all } = await allPages(id, '', undefined, 10_000);
      for (let round = 0; round < 12; round++) {
        const w = AREA.w - 0.2 + seeded() * (AREA.e - AREA.w);
        const s = AREA.s - 0.1 + seeded() * (AREA.n - AREA.s);
        const box: Box = [+w.toFixed(5), +s.toFixed(5), +(w + 0.02 + seeded() * 0.4).toFixed(5), +(s + 0.02 + seeded() * 0.3).toFixed(5)];
        const expected = all.filter((f) => intersects(f.geometry, box)).map((f) => f.id).sort();
        const { features } = await allPages(id, `bbox=${box.join(',')}`, undefined, 10_000);
        expect(features.map((f) => f.id).sort(), `${id} bbox=${box.join(',')}`).toEqual(expected);
      }
    }
  });

  it('filters by datetime: instants, intervals, open ends, dates', async () => {
    const { features: posts } = await allPages('posts', '', undefined, 10_000);
    const { features: cameras } = await allPages('cameras', '', undefined, 10_000);
    const at = (f: Feature, key: string) => Date.parse(f.properties[key]);
    const cases: [string, number | null, number | null][] = [
      ['2020-01-04T00:00:00Z', Date.UTC(2020, 0, 4), Date.UTC(2020, 0, 4)],
      ['2020-01-03T00:00:00Z/2020-01-06T00:00:00Z', Date.UTC(2020, 0, 3), Date.UTC(2020, 0, 6)],
      ['../2020-01-02T00:00:00Z', null, Date.UTC(2020, 0, 2)],
      ['/2020-01-02T00:00:00+07:00', null, Date.UTC(2020, 0, 1, 17)],
      ['2020-01-08T00:00:00Z/..', Date.UTC(2020, 0, 8), null],
      ['2020-01-05', Date.UTC(2020, 0, 5), Date.UTC(2020, 0, 6) - 1],
      ['../..', null, null],
    ];
    for (const [datetime, start, end] of cases) {
      const keep = (t: number) => (start === null || t >= start) && (end === null || t <= end);
      const { features } = await allPages('posts', `datetime=${encodeURIComponent(datetime)}`, undefined, 10_000);
      expect(features.map((f) => f.id).sort(), datetime).toEqual(posts.filter((f) => keep(at(f, 'updated_at'))).map((f) => f.id).sort());
    }
    expect((await allPages('posts', 'datetime=2020-01-03T00:00:00Z/2020-01-06T00:00:00Z')).features).toHaveLength(4);
    // Cameras by the time their status began; an instant copied from a feature finds it.
    const camera = cameras[0]!;
    const { features: same } = await allPages('cameras', `datetime=${encodeURIComponent(camera.properties.status_since)}`);
    expect(same.map((f) => f.id)).toContain(camera.id);
    expect(same.every((f) => f.properties.status_since === camera.properties.status_since)).toBe(true);
  });

  it('refuses bad parameters with 400 and a reason, unknown things with 404, unacceptable types with 406', async () => {
    const bad = [
      'bbox=1,2,3',
      'bbox=108,21,107,22',
      'bbox=107,22,108,21',
      'bbox=107,21,108,95',
      'bbox=a,b,c,d',
      'limit=0',
      'limit=10001',
      'limit=ten',
      'limit=1.5',
      'offset=-1',
      'datetime=yesterday',
      'datetime=2020-02-30',
      'datetime=2020-01-06T00:00:00Z/2020-01-03T00:00:00Z',
      'datetime=2020-01-01T00:00:00Z/2020-01-02T00:00:00Z/2020-01-03T00:00:00Z',
      'f=xml',
      'crs=EPSG:3857',
      'name=Chốt',
    ];
    for (const query of bad) {
      const res = await call(`/ogc/collections/posts/items?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json(), query).toMatchObject({ code: 'InvalidParameterValue' });
      expect(res.json().description.length, query).toBeGreaterThan(10);
    }
    expect((await call('/ogc/collections/border/items?datetime=2020-01-01')).status).toBe(400);
    expect((await call('/ogc/collections?limit=5')).status).toBe(400);
    expect((await call('/ogc/collections/nothing')).status).toBe(404);
    expect((await call('/ogc/collections/nothing/items')).json()).toMatchObject({ code: 'NotFound' });
    expect((await call('/ogc/collections/posts/items/not-a-uuid')).status).toBe(404);
    expect((await call('/ogc/collections/posts/items/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('/ogc/collections/border/items/no-such-line')).status).toBe(404);
    expect((await call('/ogc/collections/posts/items', { headers: { Accept: 'text/html' } })).status).toBe(406);
    expect((await call('/ogc/collections/posts/items', { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })).status).toBe(200);
    expect((await call('/ogc/collections/posts/items?f=json', { headers: { Accept: 'text/html' } })).status).toBe(200);
    const items = await call('/ogc/collections/posts/items', { headers: { Accept: 'application/geo+json' } });
    expect(items.headers.get('content-type')).toBe('application/geo+json');
    const limited = (await call('/ogc/collections/posts/items')).json();
    expect(limited.numberReturned).toBe(100);
    const single = await call(`/ogc/collections/posts/items/${limited.features[0].id}`);
    expect(single.json()).toMatchObject({ type: 'Feature', id: limited.features[0].id, properties: limited.features[0].properties });
    expect(single.json().links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'collection']);
  });

  it('never serves a camera’s upstream URL, credentials or upstream error text', async () => {
    const [camera] = await database.rows<{ id: string }>(sql`SELECT id::text AS id FROM cameras WHERE code = 'CAM-Z1-1'`);
    const texts = [
      (await call('/ogc/collections/cameras/items?limit=10000')).text,
      (await call(`/ogc/collections/cameras/items/${camera!.id}`)).text,
      (await call('/api/export/cameras?format=geojson')).text,
      (await call('/api/export/cameras?format=kml')).text,
      (await call('/api/export/cameras?format=csv')).text,
    ];
    for (const text of texts) {
      expect(text).toContain(camera!.id);
      for (const secret of ['x9', 'stream_url', 'streamUrl', 'stream_username', 'stream_password', 'last_error', 'rtsp:']) expect(text).not.toContain(secret);
    }
    const feature = JSON.parse(texts[1]!);
    expect(Object.keys(feature.properties).sort()).toEqual(
      ['code', 'name', 'name_en', 'kind', 'infrared', 'bearing_deg', 'fov_deg', 'range_m', 'night_range_m', 'status', 'status_since', 'province_code', 'agency_id'].sort(),
    );
  });
});

describe(`personal API tokens (${engineName})`, () => {
  it('stores only a SHA-256 of the token, lists the owner’s tokens without it, and audits creation and revocation', async () => {
    const created = await createApiToken(database, { id: ids.operator, username: 'operator' }, { name: 'QGIS', expiresInDays: 30 }, '10.0.0.7');
    expect(created.token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const [row] = await database.rows<Record<string, unknown>>(sql`SELECT * FROM api_tokens WHERE id = ${created.id}`);
    expect(row!.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const listed = await listApiTokens(database, ids.operator);
    expect(listed.map((t) => t.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(JSON.stringify(listed)).not.toContain(row!.token_hash as string);
    // Someone else's token cannot be revoked (nor seen).
    await expect(revokeApiToken(database, created.id, { id: ids.viewer, username: 'viewer' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await listApiTokens(database, ids.viewer)).map((t) => t.id)).not.toContain(created.id);
    await revokeApiToken(database, created.id, { id: ids.operator, username: 'operator' }, '10.0.0.7');
    const audit = await database.rows<{ action: string; details: unknown }>(sql`SELECT action, details FROM audit_log WHERE target_id = ${created.id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['api_token.create', 'api_token.revoke']);
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it('answers 401 with WWW-Authenticate for no, malformed, unknown, revoked and expired tokens and a disabled user', async () => {
    const fresh = async (userId: string, name: string) => createApiToken(database, { id: userId, username: name }, { name });
    const revoked = await fresh(ids.operator, 'to revoke');
    expect((await call('/ogc/collections', { token: revoked.token })).status).toBe(200);
    await revokeApiToken(database, revoked.id, { id: ids.operator, username: 'operator' });
    const expired = await fresh(ids.operator, 'expired');
    await database.rows(sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ${expired.id}`);

    const [user] = await database.rows<{ id: string }>(sql`INSERT INTO users (username, display_name, password_hash, role, agency_id, province_code)
      VALUES ('soon-disabled', 'Soon disabled', 'not-a-hash', 'planner', 'bdbp-qn', 'VN-13') RETURNING id`);
    const disabled = await fresh(user!.id, 'soon-disabled');
    expect((await call('/ogc/collections/zones/items', { token: disabled.token })).status).toBe(200);
    await database.rows(sql`UPDATE users SET disabled = true WHERE id = ${user!.id}`);
    forgetUser(user!.id); // as lib/users/manage does when it disables an account

    const cases: [string, string][] = [
      ['revoked', revoked.token],
      ['expired', expired.token],
      ['disabled user', disabled.token],
      ['unknown', `vgl_${'A'.repeat(43)}`],
      ['malformed', 'vgl_short'],
      ['device key', `vk_${'A'.repeat(43)}`],
    ];
    for (const [why, token] of cases) {
      for (const path of ['/ogc', '/ogc/collections/zones/items', '/api/export/zones?format=csv']) {
        const res = await call(path, { token });
        expect(res.status, `${why} ${path}`).toBe(401);
        expect(res.headers.get('www-authenticate'), `${why} ${path}`).toMatch(/^Bearer/);
      }
    }
    const res = await call('/ogc/collections/zones/items', { token: expired.token });
    expect(res.json()).toMatchObject({ code: 'Unauthorized' });
  });

  it('acts as its user: a province’s operator sees its province, an agency viewer its agency, another province its own', async () => {
    for (const id of ['zones', 'routes', 'posts', 'cameras'] as const) {
      const operator = (await allPages(id, '', tokens.operator, 10_000)).features;
      const other = (await allPages(id, '', tokens.other, 10_000)).features;
      const viewer = (await allPages(id, '', tokens.viewer, 10_000)).features;
      const admin = (await allPages(id, '', tokens.admin, 10_000)).features;
      expect(operator.length, id).toBeGreaterThan(0);
      expect(other.length, id).toBeGreaterThan(0);
      expect(operator.every((f) => f.properties.province_code === 'VN-13'), id).toBe(true);
      expect(other.every((f) => f.properties.province_code === 'VN-HN'), id).toBe(true);
      expect(viewer.every((f) => f.properties.agency_id === 'syt-qn'), id).toBe(true);
      expect(operator.length + other.length, id).toBe(admin.filter((f) => ['VN-13', 'VN-HN'].includes(f.properties.province_code)).length);
      // Nor by id, nor in an export.
      expect((await call(`/ogc/collections/${id}/items/${other[0]!.id}`, { token: tokens.operator })).status).toBe(404);
      const exported = JSON.parse((await call(`/api/export/${id}?format=geojson`, { token: tokens.operator })).text) as { features: Feature[] };
      expect(exported.features.map((f) => f.id).sort()).toEqual(operator.map((f) => f.id).sort());
    }
    // The extent is the caller's too.
    const mine = (await call('/ogc/collections/zones', { token: tokens.other })).json();
    const { features } = await allPages('zones', '', tokens.other);
    expect(features).toHaveLength(3);
    expect(mine.extent.spatial.bbox[0][0]).toBeGreaterThanOrEqual(AREA.w - 0.1);
  });
});

describe(`layer exports (${engineName})`, () => {
  it('exports every collection as GeoJSON, KML and CSV with the OGC API’s features, named and audited', async () => {
    for (const id of COLLECTION_IDS) {
      const { features } = await allPages(id, '', undefined, 10_000);
      const geojson = await call(`/api/export/${id}?format=geojson`);
      expect(geojson.status).toBe(200);
      expect(geojson.headers.get('content-type')).toBe('application/geo+json');
      expect(geojson.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="vigil-${id}-\\d{8}-\\d{4}\\.geojson"$`));
      const fc = geojson.json() as { features: Feature[] };
      expect(fc.features.map((f) => f.id)).toEqual(features.map((f) => f.id));
      expect(fc.features.map((f) => f.properties)).toEqual(features.map((f) => f.properties));

      const kml = await call(`/api/export/${id}?format=kml`);
      expect(kml.headers.get('content-type')).toContain('application/vnd.google-earth.kml+xml');
      expect(kml.text.match(/<Placemark[ >]/g)?.length ?? 0).toBe(features.length);
      expect(kml.text).not.toContain('<value>null</value>');
      expect(kml.headers.get('content-disposition')).toContain('.kml"');

      const csv = await call(`/api/export/${id}?format=csv`);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const header = csv.text.split('\n')[0]!.split(',');
      expect(header[0]).toBe('id');
      expect(header.at(-1)).toBe('wkt');
      expect(header.slice(1, -1)).toEqual(Object.keys(features[0]!.properties));
      expect(csv.headers.get('x-total-rows')).toBe(String(features.length));
    }
    const inBbox = (await call('/api/export/posts?format=geojson&bbox=107.3,21.2,107.7,21.45')).json() as { features: Feature[] };
    expect(inBbox.features.map((f) => f.id).sort()).toEqual((await allPages('posts', 'bbox=107.3,21.2,107.7,21.45', undefined, 10_000)).features.map((f) => f.id).sort());
    expect((await call('/api/export/posts?format=shp')).status).toBe(400);
    expect((await call('/api/export/nothing?format=csv')).status).toBe(404);
    const audit = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'layer.export' AND actor_id = ${ids.admin}`);
    expect(audit[0]!.n).toBeGreaterThanOrEqual(COLLECTION_IDS.length * 3);
  });

  it('keeps spreadsheet formulas in names as text', async () => {
    await database.rows(sql`INSERT INTO checkpoints (code, name, kind, province_code, geom) VALUES ('T-F', '=HYPERLINK("http://evil")', 'control_post', 'VN-13', ST_SetSRID(ST_MakePoint(107.5, 21.5), 4326))`);
    const csv = (await call('/api/export/posts?format=csv')).text;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
