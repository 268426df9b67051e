import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPageProblems, signedInContext } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';

// The duty team's loop end to end: a crossing posted by a device appears in an open inbox
// without reload (with its sound and notification hooks called), an operator acknowledges,
// dispatches and resolves it, and the leaders' overview moves with it.

let server: RunningServer;
let browser: Browser;
let operator: BrowserContext;
let leader: BrowserContext;
let key: string;
let camera: { id: string; bearingDeg: number };

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const admin = await signedInContext(browser, 'admin');
  const cameras = (await (await admin.request.get(`${server.baseUrl}/api/layers/cameras`)).json()) as { features: { id: string; properties: { code: string; bearingDeg: number } }[] };
  const z1 = cameras.features.find((f) => f.properties.code === 'CAM-Z1-2')!;
  camera = { id: z1.id, bearingDeg: z1.properties.bearingDeg };
  const created = await admin.request.post(`${server.baseUrl}/api/devices`, { data: { name: 'e2e operations box', cameraIds: [camera.id] } });
  key = ((await created.json()) as { key: string }).key;
  await admin.close();
  operator = await signedInContext(browser, 'operator', { viewport: { width: 1600, height: 1000 }, locale: 'vi-VN' });
  // The browser's notification permission, granted, with a constructor that records its calls.
  await operator.addInitScript(() => {
    const calls: { title: string }[] = [];
    (window as unknown as { __notifications: typeof calls }).__notifications = calls;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string) {
        calls.push({ title });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
    const signals: unknown[] = [];
    (window as unknown as { __signals: unknown[] }).__signals = signals;
    window.addEventListener('vigil:alert-signal', (e) => signals.push((e as CustomEvent).detail));
  });
  await (await operator.newPage()).goto(`${server.baseUrl}/alerts`);
  leader = await signedInContext(browser, 'leader', { viewport: { width: 1920, height: 1080 } });
  await (await leader.newPage()).goto(`${server.baseUrl}/overview`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const crossing = (trackId: string) =>
  [420, 300, 60].map((rangeM, i) => ({
    id: `${trackId}-${i}`,
    cameraId: camera.id,
    observedAt: new Date(Date.now() - 20_000 + i * 5_000).toISOString(),
    class: 'person',
    confidence: 0.9,
    count: 4,
    trackId,
    position: { bearingDeg: camera.bearingDeg, rangeM },
  }));

const tile = async (page: Page, id: string) => Number(((await page.getByTestId(`${id}-value`).textContent()) ?? '').replace(/\D/g, ''));

describe('operations center', () => {
  it('takes a crossing from the device to the inbox, through acknowledge, dispatch and resolve, into the overview', async () => {
    const overview = await leader.newPage();
    await overview.goto(`${server.baseUrl}/overview`);
    await overview.getByTestId('tile-handled').waitFor();
    await expect.poll(() => overview.getByTestId('overview').getAttribute('data-connected'), { timeout: 20_000 }).toBe('true');
    const handledBefore = await tile(overview, 'tile-handled');
    const interceptedBefore = await tile(overview, 'tile-intercepted');

    const inbox = await operator.newPage();
    const problems = watchPageProblems(inbox);
    await inbox.goto(`${server.baseUrl}/alerts`);
    await inbox.getByTestId('inbox-count').waitFor();
    await expect.poll(() => inbox.evaluate(() => document.querySelector('[data-testid=alert-inbox]')?.getAttribute('data-connected')), { timeout: 20_000 }).toBe('true');

    const res = await fetch(`${server.baseUrl}/api/ingest/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(crossing(`ops-${Date.now()}`)),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { crossings: number }).crossings).toBe(1);

    // The new alert appears without reload, and the hooks ran: sound, notification, title count.
    const row = inbox.locator('[data-testid=inbox-row][data-status=new]', { hasText: /4 người/ }).first();
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => inbox.evaluate(() => (window as unknown as { __signals: unknown[] }).__signals.length), { timeout: 10_000 }).toBeGreaterThan(0);
    const signal = (await inbox.evaluate(() => (window as unknown as { __signals: { severity: string; notified: boolean }[] }).__signals[0]))!;
    expect(signal).toMatchObject({ severity: 'critical', notified: true });
    expect(await inbox.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications.length)).toBeGreaterThan(0);
    await expect.poll(() => inbox.title(), { timeout: 10_000 }).toMatch(/^\(\d+\)/);
    // Next writes the page's own title when its metadata arrives, possibly after the count: the
    // count comes back.
    await inbox.evaluate(() => (document.title = document.title.replace(/^\(\d+\)\s*/, '')));
    await expect.poll(() => inbox.title(), { timeout: 5_000 }).toMatch(/^\(\d+\)/);

    await row.click();
    const detail = inbox.getByTestId('alert-detail');
    await detail.waitFor();
    await inbox.getByTestId('action-acknowledge').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('acknowledged');

    await inbox.getByTestId('action-dispatch').click();
    const suggestions = inbox.getByTestId('dispatch-suggestions');
    await suggestions.locator('input[type=checkbox]').first().waitFor({ timeout: 15_000 });
    await suggestions.locator('input[type=checkbox]').first().check();
    await inbox.getByTestId('confirm-dispatch').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('dispatched');
    await inbox.getByTestId('dispatch').first().waitFor();

    await inbox.getByTestId('action-resolve').click();
    await inbox.getByTestId('outcome-intercepted').check();
    await inbox.getByTestId('intercepted-count').fill('4');
    await inbox.getByTestId('confirm-resolve').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 10_000 }).toBe('resolved');
    const history = await inbox.getByTestId('alert-history').textContent();
    expect(history).toMatch(/Trực ban TTĐH/);

    // The overview reloads itself on the live events and counts the handled alert.
    await expect.poll(() => tile(overview, 'tile-handled'), { timeout: 45_000 }).toBeGreaterThan(handledBefore);
    expect(await tile(overview, 'tile-intercepted')).toBe(interceptedBefore + 4);
    expect(problems).toEqual([]);
  });

  it('shows the roster and the signed shift reports (as PDF), and a leader cannot act on an alert', async () => {
    const page = await leader.newPage();
    await page.goto(`${server.baseUrl}/roster`);
    await page.getByTestId('staffing-table').waitFor();
    expect(await page.locator('[data-testid=staffing-table] tbody tr').count()).toBeGreaterThan(50);
    expect(await page.getByTestId('plan-save').count()).toBe(0);
    // The demo's signed shift reports, readable by a leader and downloadable as PDF with the Noto Sans text font.
    const { reports } = (await (await page.request.get(`${server.baseUrl}/api/situation-reports`)).json()) as { reports: { id: string; status: string }[] };
    expect(reports.filter((r) => r.status === 'signed').length).toBeGreaterThanOrEqual(3);
    const pdf = await page.request.get(`${server.baseUrl}/api/situation-reports/${reports[0]!.id}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = (await pdf.body()).toString('latin1');
    expect(bytes.startsWith('%PDF-')).toBe(true);
    expect(bytes).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    const alerts = await page.request.get(`${server.baseUrl}/api/alerts?state=open`);
    expect(alerts.status()).toBe(200);
    const { groups } = (await alerts.json()) as { groups: { id: string; version: number }[] };
    if (groups[0]) {
      const denied = await page.request.post(`${server.baseUrl}/api/alerts/${groups[0].id}/transitions`, { data: { action: 'acknowledge', version: groups[0].version } });
      expect(denied.status()).toBe(403);
    }
  });
});
