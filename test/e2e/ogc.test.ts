import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import { COLLECTION_IDS } from '@/db/queries/ogc-collections';
import { startServer, type RunningServer } from '@/test/support/server';
import { launchChromium, watchPageProblems, signedInContext } from '@/test/support/browser';
import { signInHttp } from '@/test/support/session';

// The OGC API as GIS clients meet it: GDAL's OAPIF driver (what QGIS uses too) reads every
// collection from the real server with a personal API token made through the API, and finds
// what the API says is there.

const run = promisify(execFile);
let server: RunningServer;
let adminToken: string;
let viewerToken: string;
let adminCookie: string;
let work: string;

/** A token made as a signed-in user does on the account page. */
async function createToken(cookie: string, name: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/tokens`, {
    method: 'POST',
    headers: { cookie, 'Content-Type': 'application/json', Origin: server.baseUrl },
    body: JSON.stringify({ name, expiresInDays: 1 }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

const gdal = (token: string) => ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`, '--config', 'GDAL_HTTP_TIMEOUT', '60'];

/** What the API itself says a collection holds for this token. */
async function matched(collection: string, token: string): Promise<{ count: number; ids: string[] }> {
  const res = await fetch(`${server.baseUrl}/ogc/collections/${collection}/items?limit=10000`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { numberMatched: number; features: { id: string }[] };
  expect(body.features).toHaveLength(body.numberMatched);
  return { count: body.numberMatched, ids: body.features.map((f) => f.id).sort() };
}

beforeAll(async () => {
  server = await startServer();
  work = mkdtempSync(path.join(tmpdir(), 'vigil-ogc-'));
  adminCookie = await signInHttp(server.baseUrl, 'admin', DEMO_PASSWORD);
  adminToken = await createToken(adminCookie, 'GDAL e2e');
  viewerToken = await createToken(await signInHttp(server.baseUrl, 'viewer', DEMO_PASSWORD), 'viewer GDAL');
  // A few patrol routes through the planning API, so that collection has features too.
  const planner = await signInHttp(server.baseUrl, 'planner', DEMO_PASSWORD);
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${server.baseUrl}/api/plans/routes`, {
      method: 'POST',
      headers: { cookie: planner, 'Content-Type': 'application/json', Origin: server.baseUrl },
      body: JSON.stringify({
        attributes: { name: `Tuyến e2e ${i}`, kind: 'foot_patrol' },
        geometry: { type: 'LineString', coordinates: [[107.9 + i * 0.01, 21.5], [107.91 + i * 0.01, 21.51], [107.92 + i * 0.01, 21.505]] },
      }),
    });
    expect(res.status, await res.text()).toBeLessThan(300);
  }
});

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('API tokens on the account page', () => {
  it('creates a token shown once with a copy button, which works until it is revoked there', async () => {
    const browser = await launchChromium();
    try {
      const context = await signedInContext(browser, 'planner');
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      await page.goto(`${server.baseUrl}/account`);
      await page.getByTestId('token-name').fill('QGIS e2e');
      await page.getByTestId('token-days').fill('30');
      await page.getByTestId('token-create').click();
      const shown = page.getByTestId('new-token');
      const token = (await shown.locator('code').textContent())!;
      expect(token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
      await shown.getByRole('button').click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(token);
      const row = page.getByTestId('token-table').locator('tr', { hasText: 'QGIS e2e' });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain(token.slice(0, 12));
      expect(await row.textContent()).not.toContain(token.slice(12));

      const bearer = { Authorization: `Bearer ${token}` };
      expect((await fetch(`${server.baseUrl}/ogc/collections/posts/items?limit=1`, { headers: bearer })).status).toBe(200);
      // Once the page is reloaded the token is gone from it; only its prefix stays.
      await page.reload();
      expect(await page.getByTestId('new-token').count()).toBe(0);
      expect(await page.content()).not.toContain(token);

      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId('token-table').locator('tr', { hasText: 'QGIS e2e' }).getByRole('button').click();
      await expect.poll(async () => (await fetch(`${server.baseUrl}/ogc/collections/posts/items?limit=1`, { headers: bearer })).status).toBe(401);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('OGC API – Features over HTTP', () => {
  it('asks for credentials without a session or token, accepts a session, and accepts tokens nowhere else', async () => {
    const anonymous = await fetch(`${server.baseUrl}/ogc`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.json()).toMatchObject({ code: 'Unauthorized' });
    const items = await fetch(`${server.baseUrl}/ogc/collections/zones/items`, { redirect: 'manual' });
    expect(items.status).toBe(401);

    const withSession = await fetch(`${server.baseUrl}/ogc/collections`, { headers: { cookie: adminCookie } });
    expect(withSession.status).toBe(200);
    expect(((await withSession.json()) as { collections: { id: string }[] }).collections.map((c) => c.id)).toEqual([...COLLECTION_IDS]);

    const bearer = { Authorization: `Bearer ${adminToken}` };
    expect((await fetch(`${server.baseUrl}/ogc/collections`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/api/export/zones?format=kml`, { headers: bearer })).status).toBe(200);
    // The rest of the API knows only sessions (and the ingest API only device keys).
    for (const url of ['/api/layers/zones', '/api/tokens', '/api/cameras', '/api/openapi.json']) {
      expect((await fetch(`${server.baseUrl}${url}`, { headers: bearer, redirect: 'manual' })).status, url).toBe(401);
    }
    expect((await fetch(`${server.baseUrl}/api/ingest/cameras`, { headers: bearer })).status).toBe(401);
    // A token cannot make tokens.
    const minted = await fetch(`${server.baseUrl}/api/tokens`, { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
    expect(minted.status).toBe(401);
  });

  it('GDAL lists every collection with the API’s feature counts', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', `OAPIF:${server.baseUrl}/ogc`, ...gdal(adminToken)], { maxBuffer: 16 * 1024 * 1024 });
    const layers = new Map<string, number>();
    for (const block of stdout.split(/\nLayer name: /).slice(1)) {
      const name = block.split('\n')[0]!.trim();
      layers.set(name, Number(/Feature Count: (-?\d+)/.exec(block)?.[1]));
    }
    expect([...layers.keys()].sort()).toEqual([...COLLECTION_IDS].sort());
    for (const id of COLLECTION_IDS) expect(layers.get(id), id).toBe((await matched(id, adminToken)).count);
  });

  it.each([...COLLECTION_IDS])('ogr2ogr copies every feature of %s, across pages', async (id) => {
    const out = path.join(work, `${id}.geojson`);
    // Small pages, so GDAL follows the next links several times.
    await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.baseUrl}/ogc`, id, '-oo', 'PAGE_SIZE=7', ...gdal(adminToken)], { maxBuffer: 16 * 1024 * 1024 });
    const copied = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { id: string } }[] };
    const api = await matched(id, adminToken);
    expect(api.count).toBeGreaterThan(0);
    expect(copied.features).toHaveLength(api.count);
    expect(copied.features.map((f) => f.properties.id).sort()).toEqual(api.ids);
  });

  it('GDAL reads what the token’s user may see: an agency viewer gets its agency’s cameras only', async () => {
    const out = path.join(work, 'viewer-cameras.geojson');
    await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.baseUrl}/ogc`, 'cameras', ...gdal(viewerToken)]);
    const copied = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { id: string; agency_id: string } }[] };
    const viewer = await matched('cameras', viewerToken);
    expect(copied.features.map((f) => f.properties.id).sort()).toEqual(viewer.ids);
    expect(copied.features.every((f) => f.properties.agency_id === 'syt-qn')).toBe(true);
    expect(viewer.count).toBeLessThan((await matched('cameras', adminToken)).count);
    // Nothing of a camera's upstream leaves the server, whatever the client.
    expect(readFileSync(out, 'utf8')).not.toMatch(/stream_|password|username|last_error/);
  });
});
