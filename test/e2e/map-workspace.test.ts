import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVn2000 } from '@/lib/geo/coordinates';
import { launchChromium, watchPageProblems, signedInContext } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';

// The map as officers use it on a tablet and a wall screen: nothing covers anything, search
// finds places and coordinates, the tools measure, the view prints, kiosk mode has no chrome.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openMap(width: number, height: number, locale = 'vi', path = '/map'): Promise<{ page: Page; problems: string[] }> {
  const context = await signedInContext(browser, 'operator', { viewport: { width, height }, hasTouch: width <= 1024, acceptDownloads: true });
  await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: server.baseUrl }]);
  const page = await context.newPage();
  const problems = watchPageProblems(page);
  await page.goto(`${server.baseUrl}${path}`);
  await page.waitForFunction(() => window.__vigil?.ready === true, null, { timeout: 60_000 });
  return { page, problems };
}

/** Boxes of the visible panels and controls that must never overlap each other. */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selectors = ['.map-dock.left .dock-body:not([hidden])', '.map-dock.left .dock-tab', '.map-dock.right .dock-body:not([hidden])', '.map-dock.right .dock-tab', '.map-toolbar', '.maplibregl-ctrl-top-right', '.maplibregl-ctrl-bottom-right', '.maplibregl-ctrl-bottom-left', '.cursor-readout', '.app-header'];
    const boxes = selectors.flatMap((sel) => [...document.querySelectorAll(sel)].map((el) => ({ sel, r: el.getBoundingClientRect() }))).filter((b) => b.r.width > 0 && b.r.height > 0);
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) hits.push(`${boxes[i]!.sel} × ${boxes[j]!.sel}`);
      }
    return hits;
  });
}

describe('layout', () => {
  it.each([
    [1024, 768, 'vi'],
    [1024, 768, 'en'],
    [1920, 1080, 'vi'],
    [3840, 2160, 'en'],
  ] as const)('%i×%i (%s): no panel covers another or a map control; the header does not wrap', async (width, height, locale) => {
    const { page, problems } = await openMap(width, height, locale);
    expect(await overlaps(page)).toEqual([]);
    // Unfold both docks (a tablet starts with them folded): still nothing overlaps.
    for (const side of ['left-dock', 'right-dock']) {
      const dock = page.getByTestId(side);
      if ((await dock.getAttribute('class'))?.includes('closed')) await dock.locator('.dock-tab').click();
    }
    await page.getByTestId('open-analysis').click();
    expect(await overlaps(page)).toEqual([]);
    const header = await page.locator('.app-header').boundingBox();
    expect(header!.height).toBeLessThan(80 * (width > 3000 ? 2 : 1));
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('kiosk mode shows the map and the live feed with no header or panels, and stays live', async () => {
    const { page, problems } = await openMap(1920, 1080, 'vi', '/map?kiosk=1');
    expect(await page.locator('.app-header').count()).toBe(0);
    expect(await page.locator('.map-dock').count()).toBe(0);
    await page.getByTestId('kiosk-bar').waitFor();
    await page.locator('[data-testid=map][data-live-connected=true]').waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('map tools', () => {
  let page: Page;
  let problems: string[];
  beforeAll(async () => {
    ({ page, problems } = await openMap(1600, 1000));
  });
  afterAll(async () => {
    await page.context().close();
  });

  it('finds a place without its accents, flies there and highlights it', async () => {
    await page.getByTestId('map-search').fill('mong cai');
    const first = page.locator('[data-testid=search-results] [role=option]').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/Móng Cái/);
    await page.getByTestId('map-search').press('Enter');
    await page.waitForFunction(() => window.__vigil!.map.getZoom() > 11.5, null, { timeout: 10_000 });
  });

  it('goes to a position typed in VN-2000', async () => {
    const v = toVn2000(107.9647, 21.5305);
    await page.getByTestId('map-search').fill(`VN2000 ${v.x.toFixed(1)} ${v.y.toFixed(1)}`);
    const option = page.locator('[data-testid=search-results] [role=option]').first();
    await option.waitFor();
    expect(await option.textContent()).toMatch(/VN-2000/);
    await option.click();
    await page.waitForFunction(() => {
      const c = window.__vigil!.map.getCenter();
      return Math.abs(c.lng - 107.9647) < 0.002 && Math.abs(c.lat - 21.5305) < 0.002;
    }, null, { timeout: 10_000 });
  });

  it('shows the cursor position in the system chosen', async () => {
    await page.getByTestId('coordinate-system').selectOption('vn2000');
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('cursor-position').textContent()).toMatch(/^X \d{7},\d{2} · Y \d{6},\d{2}$/);
    await page.getByTestId('coordinate-system').selectOption('mgrs');
    await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('cursor-position').textContent()).toMatch(/^4[89]Q [A-Z]{2} \d{5} \d{5}$/);
  });

  it('measures a distance between two clicks, with its bearing', async () => {
    await page.getByTestId('tools-toggle').click();
    await page.getByTestId('tool-line').click();
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 - 150, box.y + box.height / 2 + 100);
    await page.mouse.click(box.x + box.width / 2 + 150, box.y + box.height / 2 + 100);
    const text = await page.getByTestId('tool-result').textContent();
    expect(text).toMatch(/Tổng chiều dài [\d.,]+ (m|km)/);
    expect(text).toMatch(/phương vị đoạn cuối 0?9\d°/);
  });

  it('gives a point’s distance to the border and its side', async () => {
    await page.getByTestId('tools-toggle').click();
    await page.getByTestId('tool-border').click();
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 + 120);
    await expect.poll(() => page.getByTestId('tool-result').textContent(), { timeout: 10_000 }).toMatch(/Cách biên giới [\d.,]+ (m|km), phía (Việt Nam|Trung Quốc)/);
  });

  it('exports the view as PNG and PDF', async () => {
    await page.getByTestId('tools-toggle').click();
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-png').click()]);
    expect(png.suggestedFilename()).toMatch(/^vigil-ban-do-\d{8}-\d{4}\.png$/);
    const pngBytes = readFileSync((await png.path())!);
    expect([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(pngBytes.length).toBeGreaterThan(50_000);
    if (!(await page.getByTestId('print-pdf').isVisible())) await page.getByTestId('tools-toggle').click();
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-pdf').click()]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(problems).toEqual([]);
  });

  it('reaches map objects from the keyboard through the list of what is in view', async () => {
    await page.getByTestId('tab-objects').click();
    const first = page.locator('[data-testid=visible-objects] button').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('details-panel').waitFor();
  });

  it('says at once that a camera the health monitor calls offline is offline', async () => {
    await page.getByTestId('map-search').fill('CAM-RB-05');
    await page.locator('[data-testid=search-results] [role=option]').first().waitFor();
    await page.getByTestId('map-search').press('Enter');
    const player = page.locator('[data-testid=details-panel] [data-testid=camera-player]');
    await player.waitFor();
    // The demo camera CAM-RB-05 answers 503: the monitor has it offline within a few seconds of start.
    await expect.poll(() => player.getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
    expect(await player.textContent()).toMatch(/Mất kết nối|Máy chủ camera báo lỗi/);
  });
});
