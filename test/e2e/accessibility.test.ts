import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import vi from '@/messages/vi.json';
import { launchChromium, signedInContext } from '@/test/support/browser';
import { startServer, type DemoUser, type RunningServer } from '@/test/support/server';

// Every page through axe-core, in Vietnamese at a wall-screen size and in English on a tablet:
// no serious or critical violation may remain. The Vietnamese pages are also read for English
// words (words of the English catalogue that the Vietnamese one never uses).

/** Where the README's walkthrough finds its pictures. */
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

let server: RunningServer;
let browser: Browser;
let eventPath = '/events';
let facilityPath = '/programme';
let reportPath = '/programme/reports';

/** Words only the English interface uses: finding one on a Vietnamese page means untranslated text. */
function englishOnlyWords(): Set<string> {
  const words = (value: unknown, out: Set<string>) => {
    if (typeof value === 'string') for (const w of value.replace(/\{[^}]*\}/g, ' ').match(/[A-Za-z]{4,}/g) ?? []) out.add(w.toLowerCase());
    else if (value && typeof value === 'object') for (const v of Object.values(value)) words(v, out);
    return out;
  };
  const viWords = words(vi, new Set());
  const enWords = words(en, new Set());
  return new Set([...enWords].filter((w) => !viWords.has(w)));
}
/** Words that are data or names, not interface text: usernames, the language's own name, licence and dataset names. */
const NOT_INTERFACE = new Set(['english', 'leader', 'operator', 'planner', 'viewer', 'admin', 'telecom', 'geoboundaries', 'geonames', 'openstreetmap', 'plos', 'runfola']);
const ENGLISH = new Set([...englishOnlyWords()].filter((w) => !NOT_INTERFACE.has(w)));

interface PageCase {
  name: string;
  path: string;
  user: string;
  /** Something to do before checking (open a panel). */
  prepare?: (page: Page) => Promise<void>;
  /** The README's walkthrough shows this page (VIGIL_SCREENSHOTS=1 writes docs/screenshots/<name>.png). */
  screenshot?: string;
}

const PAGES: PageCase[] = [
  { name: 'login', path: '/login', user: '' },
  { name: 'map', path: '/map', user: 'operator' },
  {
    name: 'map with analysis panel',
    path: '/map',
    user: 'operator',
    prepare: async (page) => {
      const dock = page.getByTestId('right-dock');
      if ((await dock.getAttribute('class'))?.includes('closed')) await dock.locator('.dock-tab').click();
      await page.getByTestId('open-analysis').click();
      await page.getByTestId('analysis-total').waitFor();
    },
  },
  { name: 'map, objects in view', path: '/map', user: 'operator', prepare: async (page) => {
      const dock = page.getByTestId('left-dock');
      if ((await dock.getAttribute('class'))?.includes('closed')) await dock.locator('.dock-tab').click();
      await page.getByTestId('tab-objects').click();
    } },
  { name: 'map, drawing a zone', path: '/map', user: 'planner', screenshot: 'planner', prepare: async (page) => {
      const dock = page.getByTestId('left-dock');
      if ((await dock.getAttribute('class'))?.includes('closed')) await dock.locator('.dock-tab').click();
      await page.getByTestId('tab-plan').click();
      await page.getByTestId('plan-draw').click();
      await page.getByTestId('plan-form').waitFor();
    } },
  { name: 'map, importing a file', path: '/map', user: 'planner', prepare: async (page) => {
      const dock = page.getByTestId('left-dock');
      if ((await dock.getAttribute('class'))?.includes('closed')) await dock.locator('.dock-tab').click();
      await page.getByTestId('tab-plan').click();
      // The same open map as the drawing above: leave that drawing first.
      if (await page.getByTestId('plan-cancel').isVisible()) await page.getByTestId('plan-cancel').click();
      await page.getByTestId('plan-import').click();
      await page.getByTestId('import-panel').waitFor();
    } },
  { name: 'kiosk map', path: '/map?kiosk=1', user: 'operator' },
  { name: 'video wall', path: '/wall', user: 'operator' },
  { name: 'camera status', path: '/cameras', user: 'operator' },
  { name: 'events', path: '/events', user: 'operator' },
  { name: 'event detail', path: 'EVENT', user: 'operator' },
  { name: 'alert inbox', path: '/alerts', user: 'operator' },
  { name: 'alert inbox, an alert open', path: '/alerts', user: 'operator', screenshot: 'operator', prepare: async (page) => {
      await page.getByTestId('inbox-row').first().click();
      await page.getByTestId('alert-detail').waitFor();
    } },
  { name: 'alert inbox, snoozing and handing over', path: '/alerts', user: 'operator', prepare: async (page) => {
      await page.getByTestId('inbox-row').first().click();
      await page.getByTestId('handling-assign').click();
      await page.getByTestId('assign-to').waitFor();
    } },
  { name: 'alert detail in a second window', path: '/alerts/follow', user: 'operator' },
  { name: 'escalation policy', path: '/admin/escalation', user: 'admin', prepare: async (page) => {
      await page.getByTestId('policy-hotspot_crossing-critical').waitFor();
    } },
  { name: 'database briefly unavailable', path: '/unavailable?next=%2Falerts', user: '' },
  { name: 'leadership overview', path: '/overview', user: 'leader', screenshot: 'leader', prepare: async (page) => {
      await page.getByTestId('trend-chart').waitFor();
    } },
  { name: 'roster', path: '/roster', user: 'planner', prepare: async (page) => {
      await page.getByTestId('roster-grid').waitFor();
    } },
  { name: 'situation reports', path: '/reports', user: 'operator' },
  { name: 'camera admin', path: '/admin/cameras', user: 'admin' },
  { name: 'device keys', path: '/admin/devices', user: 'admin' },
  { name: 'accounts', path: '/admin/users', user: 'admin' },
  { name: 'my account', path: '/account', user: 'leader' },
  { name: 'data sources', path: '/about/data', user: 'leader' },
  { name: 'checking a report signature', path: '/verify', user: 'leader' },
  { name: 'camera programme', path: '/programme', user: 'dic', screenshot: 'programme', prepare: async (page) => {
      await page.getByTestId('programme-trend').waitFor();
    } },
  { name: 'quarantine facility, recording a survey', path: 'FACILITY', user: 'dic', screenshot: 'facility', prepare: async (page) => {
      await page.getByTestId('open-survey').click();
      await page.getByTestId('survey-form').waitFor();
    } },
  { name: 'daily reports', path: '/programme/reports', user: 'dic' },
  { name: 'a daily report', path: 'REPORT', user: 'dic' },
];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const context = await signedInContext(browser, 'operator');
  const page = await context.newPage();
  const list = (await (await page.request.get(`${server.baseUrl}/api/activity?kind=crossings&limit=1`)).json()) as { rows: { id: number }[] };
  eventPath = `/events/crossings/${list.rows[0]!.id}`;
  await context.close();
  const dicContext = await signedInContext(browser, 'dic');
  const dic = await dicContext.newPage();
  // A facility that can still be surveyed, and a report (made now if the schedule has not made one).
  const { facilities } = (await (await dic.request.get(`${server.baseUrl}/api/facilities?status=surveyed`)).json()) as { facilities: { id: string }[] };
  facilityPath = `/programme/facilities/${facilities[0]!.id}`;
  const made = await dic.request.post(`${server.baseUrl}/api/programme/reports`, { data: {}, headers: { Origin: server.baseUrl } });
  reportPath = `/programme/reports/${((await made.json()) as { report: { id: string } }).report.id}`;
  await dicContext.close();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const results: { page: string; locale: string; size: string; serious: number; moderate: number; english: string[] }[] = [];

for (const [locale, width, height] of [
  ['vi', 1920, 1080],
  ['en', 1024, 768],
] as const) {
  describe(`accessibility in ${locale === 'vi' ? 'Vietnamese' : 'English'} at ${width}×${height}`, () => {
    const sessions = new Map<string, Page>();
    let active: Page | undefined;
    const pageFor = async (user: string) => {
      const key = user || 'anonymous';
      let page = sessions.get(key);
      // The user checked before leaves their page: a map or a video left open in the background
      // would keep drawing and decoding on the CPU the page under test needs.
      if (active && active !== page) await active.goto('about:blank');
      if (!page) {
        const context = await signedInContext(browser, (user || null) as DemoUser | null, { viewport: { width, height }, hasTouch: width <= 1024 });
        await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: server.baseUrl }]);
        page = await context.newPage();
        sessions.set(key, page);
      }
      active = page;
      return page;
    };
    afterAll(async () => {
      for (const page of sessions.values()) await page.context().close();
      if (locale === 'en') console.table(results);
    });

    it.each(PAGES.map((p) => [p.name, p] as const))('%s', async (_name, c) => {
      const page = await pageFor(c.user);
      const path = c.path === 'EVENT' ? eventPath : c.path === 'FACILITY' ? facilityPath : c.path === 'REPORT' ? reportPath : c.path;
      // The map's variants are states of one open map: it is not loaded again for each.
      const sameMap = path.startsWith('/map') && new URL(page.url(), server.baseUrl).pathname + new URL(page.url(), server.baseUrl).search === path;
      if (!sameMap) await page.goto(`${server.baseUrl}${path}`);
      if (c.path.startsWith('/map')) await page.waitForFunction(() => window.__vigil?.ready === true, null, { timeout: 60_000 });
      // Pages with live video never fall network-idle: wait for the page itself.
      else await page.locator('h1').first().waitFor();
      await c.prepare?.(page);
      // Legacy mode runs axe in the page itself; the default opens a blank page per check to merge
      // results across cross-origin frames, which Vigil's pages have none of (no iframes; child-src is 'self' and blob:),
      // and that page costs ~1 s a check in headless Chromium (measured: 1.3–3.4 s → 0.7–1.9 s).
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true).analyze();
      const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const english =
        locale === 'vi'
          ? // Codes in capitals (CAM-QF-MONGCAI-GATE-1) are identifiers, not words.
            [...new Set(((await page.evaluate(() => document.body.innerText)).match(/\b[A-Za-z][a-z]{3,}\b/g) ?? []).map((w) => w.toLowerCase()).filter((w) => ENGLISH.has(w)))]
          : [];
      results.push({ page: c.name, locale, size: `${width}×${height}`, serious: serious.length, moderate: axe.violations.length - serious.length, english });
      // In Vietnamese on the wall screen, as the operations center sees it.
      if (c.screenshot && locale === 'vi' && process.env.VIGIL_SCREENSHOTS) {
        // Small maps (the overview's, an alert's) drawn first: a picture of a loading map shows nothing.
        await page.waitForFunction(() => [...document.querySelectorAll('[data-ready]')].every((e) => e.getAttribute('data-ready') === 'true'), null, { timeout: 60_000 });
        await page.screenshot({ path: join(SCREENSHOTS, `${c.screenshot}.png`) });
      }
      expect(serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
      expect(english).toEqual([]);
    });
  });
}
