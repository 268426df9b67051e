import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPageProblems, signedInContext } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';

// Drawing end to end: a planner draws a polygon with terra-draw on the real map and saves it;
// a second signed-in browser sees it appear without reloading; a refused shape shows its
// reasons; a leader has no drawing tools and the API refuses their edits.

let server: RunningServer;
let browser: Browser;
let planner: BrowserContext;
let watcher: BrowserContext;
let leader: BrowserContext;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  planner = await signedInContext(browser, 'planner', { viewport: { width: 1400, height: 900 }, locale: 'vi-VN' });
  watcher = await signedInContext(browser, 'operator', { viewport: { width: 1280, height: 800 } });
  leader = await signedInContext(browser, 'leader', { viewport: { width: 1280, height: 800 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openMap(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/map`);
  await page.waitForFunction(() => window.__vigil?.ready === true, undefined, { timeout: 60_000 });
  return page;
}

/** Zone names the page's map has loaded (its GeoJSON source, whatever is on screen). */
const zoneNames = (page: Page) =>
  page.evaluate(() => {
    const map = window.__vigil!.map;
    return map.querySourceFeatures('zones').map((f) => String(f.properties.name));
  });

/** Moves the map so a known spot is in the middle at a drawing zoom, and returns the canvas box. */
async function centre(page: Page, lon: number, lat: number) {
  await page.evaluate(([x, y]) => window.__vigil!.map.jumpTo({ center: [x!, y!], zoom: 14 }), [lon, lat]);
  await page.waitForFunction(() => window.__vigil!.map.loaded());
  const box = (await page.getByTestId('map').boundingBox())!;
  return { cx: box.x + box.width / 2, cy: box.y + box.height / 2 };
}

describe('planning on the map', () => {
  it('a planner draws and saves a zone, and another browser sees it without reload', async () => {
    const page = await openMap(planner);
    const problems = watchPageProblems(page);
    const other = await openMap(watcher);
    await expect.poll(() => other.getByTestId('map').getAttribute('data-live-connected'), { timeout: 20_000 }).toBe('true');

    await page.getByTestId('tab-plan').click();
    await page.getByTestId('plan-layer-zones').check();
    await page.getByTestId('plan-draw').click();
    // A quiet spot inland of Mong Cai, away from the border line so nothing snaps.
    const { cx, cy } = await centre(page, 107.93, 21.55);
    const corners: [number, number][] = [[-90, -70], [90, -70], [90, 70], [-90, 70]];
    for (const [dx, dy] of corners) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(150);
    }
    // Closing on the first vertex finishes the polygon.
    await page.mouse.click(cx + corners[0]![0], cy + corners[0]![1]);
    await expect.poll(() => page.getByTestId('plan-save').isDisabled()).toBe(true); // no name yet
    const name = `Khu vực thử ${Date.now()}`;
    await page.getByTestId('plan-name').fill(name);
    await page.getByTestId('plan-severity').selectOption('high');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-saved').waitFor();
    expect(await page.getByTestId('plan-saved').textContent()).toContain(name);

    // The other browser's map redraws the layer from the live event.
    await expect.poll(() => zoneNames(other), { timeout: 20_000 }).toContain(name);
    await expect.poll(() => zoneNames(page), { timeout: 20_000 }).toContain(name);

    // The stored shape is the one drawn: a valid polygon with four corners around the spot.
    const zones = (await (await planner.request.get(`${server.baseUrl}/api/layers/zones`)).json()) as { features: { id: string; geometry: { coordinates: number[][][][] }; properties: { name: string; severity: string; version: number } }[] };
    const saved = zones.features.find((f) => f.properties.name === name)!;
    expect(saved.properties).toMatchObject({ severity: 'high', version: 1 });
    const ring = saved.geometry.coordinates[0]![0]!;
    expect(ring).toHaveLength(5);
    const lons = ring.map((p) => p[0]!), lats = ring.map((p) => p[1]!);
    expect(Math.min(...lons)).toBeLessThan(107.93);
    expect(Math.max(...lons)).toBeGreaterThan(107.93);
    expect(Math.min(...lats)).toBeLessThan(21.55);
    expect(Math.max(...lats)).toBeGreaterThan(21.55);
    const history = (await (await planner.request.get(`${server.baseUrl}/api/plans/zones/${saved.id}/versions`)).json()) as { versions: { changedByName: string }[] };
    expect(history.versions).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('shows the reasons for a refused shape and saves the repaired one only when accepted', async () => {
    const page = await openMap(planner);
    await page.getByTestId('tab-plan').click();
    await page.getByTestId('plan-layer-zones').check();
    await page.getByTestId('plan-draw').click();
    const { cx, cy } = await centre(page, 107.9, 21.56);
    // A bow-tie: the diagonals cross. terra-draw lets it be drawn; the server refuses it.
    const points: [number, number][] = [[-80, -60], [80, 60], [80, -60], [-80, 60]];
    for (const [dx, dy] of points) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(150);
    }
    await page.mouse.click(cx + points[0]![0], cy + points[0]![1]);
    await page.getByTestId('plan-name').fill('Hình lỗi');
    await page.getByTestId('plan-save').click();
    const invalid = page.getByTestId('plan-invalid');
    await invalid.waitFor();
    // The reason, in Vietnamese, and nothing stored yet.
    expect(await invalid.textContent()).toContain('Các cạnh tự cắt nhau');
    const names = async () =>
      ((await (await planner.request.get(`${server.baseUrl}/api/layers/zones`)).json()) as { features: { properties: { name: string }; geometry: { coordinates: unknown[] } }[] }).features.filter((f) => f.properties.name === 'Hình lỗi');
    expect(await names()).toHaveLength(0);
    // The repaired preview is drawn on the map; accepting it stores the two triangles.
    await expect.poll(() => page.evaluate(() => window.__vigil!.map.querySourceFeatures('plan-preview').length)).toBeGreaterThan(0);
    await page.getByTestId('plan-accept-repair').click();
    await page.getByTestId('plan-saved').waitFor();
    const stored = await names();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.geometry.coordinates).toHaveLength(2);
  });

  it('gives a leader no drawing tools, and the API refuses their edits', async () => {
    const page = await openMap(leader);
    await page.getByTestId('tab-layers').waitFor();
    expect(await page.getByTestId('tab-plan').count()).toBe(0);
    // Selecting a zone shows its details but no Edit button.
    const zones = (await (await leader.request.get(`${server.baseUrl}/api/layers/zones`)).json()) as { features: { id: string }[] };
    expect(zones.features.length).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-edit-selected').count()).toBe(0);
    const refused = await leader.request.post(`${server.baseUrl}/api/plans/zones`, {
      data: { attributes: { name: 'x', kind: 'restricted', severity: 'low' }, geometry: { type: 'Polygon', coordinates: [[[107.9, 21.5], [107.91, 21.5], [107.91, 21.51], [107.9, 21.5]]] } },
      headers: { Origin: server.baseUrl },
    });
    expect(refused.status()).toBe(403);
  });
});
