import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPageProblems, signedInContext } from '@/test/support/browser';
import { startServer, type RunningServer, type DemoUser } from '@/test/support/server';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openMapAs(username: DemoUser): Promise<{ page: Page; problems: string[] }> {
  const context = await signedInContext(browser, username, { viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = watchPageProblems(page);
  await page.goto(`${server.baseUrl}/map`);
  await page.waitForFunction(() => window.__vigil?.ready === true, null, { timeout: 60_000 });
  return { page, problems };
}

describe('without a session', () => {
  it('answers every API with 401 JSON', async () => {
    for (const path of ['/api/layers/cameras', '/api/layers/border?bbox=107,21,108,22', '/api/layers']) {
      const res = await fetch(`${server.baseUrl}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('redirects pages to the login page', async () => {
    const res = await fetch(`${server.baseUrl}/map`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toContain('/login?callbackUrl=%2Fmap');
  });

  it('reports the engine and migrations on the health endpoint', async () => {
    const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { engine: string; migrations: { current: boolean } };
    expect(health.engine).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(health.migrations.current).toBe(true);
  });
});

describe('the map for leadership', () => {
  let page: Page;
  let problems: string[];
  beforeAll(async () => {
    ({ page, problems } = await openMapAs('leader'));
  });

  it('is in Vietnamese by default', async () => {
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(1);
  });

  it('renders the real border line and the cameras', async () => {
    const rendered = await page.evaluate(() => {
      const { map, overlay } = window.__vigil!;
      const canvas = map.getCanvas();
      const border = map.queryRenderedFeatures(undefined, { layers: ['border-land', 'border-river'] });
      const box = { x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight };
      const cameras = overlay.pickObjects({ ...box, layerIds: ['cameras'] });
      // At the district view cameras close together are drawn as one circle with their count.
      const clusters = overlay.pickObjects({ ...box, layerIds: ['camera-clusters'] }).map((p) => (p.object as { count: number }).count);
      const labels = map.queryRenderedFeatures(undefined, { layers: ['place-label'] }).map((f) => String(f.properties.name));
      const zoneLabels = map.queryRenderedFeatures(undefined, { layers: ['zone-label'] }).map((f) => String(f.properties.name));
      return { border: border.length, sections: [...new Set(border.map((f) => f.properties.section))], cameras: cameras.length, clustered: clusters.reduce((a, b) => a + b, 0), clusters: clusters.length, labels, zoneLabels };
    });
    expect(rendered.border).toBeGreaterThan(0);
    expect(rendered.sections).toContain('land');
    // Overlapping icons hide some from picking; most of the 37 must be there, alone or in clusters.
    expect(rendered.clusters).toBeGreaterThan(0);
    expect(rendered.cameras + rendered.clustered).toBeGreaterThan(25);
    // Each hotspot is labelled once, whatever the tiles.
    expect(rendered.zoneLabels.length).toBeGreaterThan(0);
    expect(new Set(rendered.zoneLabels).size).toBe(rendered.zoneLabels.length);
    expect(rendered.labels.some((name) => name.includes('Móng Cái'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows a camera’s details when it is clicked', async () => {
    const target = await page.evaluate(async () => {
      const { map, overlay } = window.__vigil!;
      const settle = () => new Promise((r) => map.once('idle', r));
      map.jumpTo({ center: [107.9, 21.56], zoom: 12 });
      await settle();
      const canvas = map.getCanvas();
      const pick = () => overlay.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['cameras'] });
      // Past the clustering zoom the cameras are drawn one by one once the layers are rebuilt.
      for (let i = 0; i < 100 && pick().length < 3; i++) await new Promise((r) => requestAnimationFrame(r));
      const picked = pick();
      type Picked = { geometry: { coordinates: [number, number] }; properties: { name: string; isDemo: boolean } };
      // Only a seeded camera: other suites sharing this database add their own (not badged Demo).
      const first = picked.map((p) => p.object as Picked).find((o) => o?.properties.isDemo);
      if (!first) return null;
      // Close enough that no neighbouring camera's icon overlaps the one clicked.
      map.jumpTo({ center: first.geometry.coordinates, zoom: 17 });
      await settle();
      const p = map.project(first.geometry.coordinates);
      const rect = canvas.getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y, name: first.properties.name };
    });
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    const panel = page.getByTestId('details-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(target!.name);
    expect(await panel.textContent()).toContain('Demo');
    expect(problems).toEqual([]);
  });

  it('refuses a malformed bbox with a 400 that says why', async () => {
    const res = await page.request.get(`${server.baseUrl}/api/layers/cameras?bbox=108,21,107,22`);
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { issues: { message: string }[] } };
    expect(body.error.issues.map((i) => i.message).join(' ')).toContain('west must be less than east');
    const unknown = await page.request.get(`${server.baseUrl}/api/layers/secrets`);
    expect(unknown.status()).toBe(404);
  });

  it('switches to English', async () => {
    await page.getByTestId('locale').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });
});

describe('an agency viewer', () => {
  it('sees only their agency’s cameras', async () => {
    const { page, problems } = await openMapAs('viewer');
    const res = await page.request.get(`${server.baseUrl}/api/layers/cameras`);
    const fc = (await res.json()) as { features: { properties: { agencyId: string } }[] };
    expect(fc.features.length).toBeGreaterThan(0);
    expect(new Set(fc.features.map((f) => f.properties.agencyId))).toEqual(new Set(['syt-qn']));
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('a wrong password', () => {
  it('keeps the user on the login page with a message', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('username').fill('leader');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('sign-in').click();
    await page.getByRole('alert').waitFor();
    expect(page.url()).toContain('/login');
    await page.close();
  });
});
