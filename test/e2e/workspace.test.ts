import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInContext, watchPageProblems } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';

// The duty officer's workspace on a wide screen: an alarm opens into its video (the crossing's
// snapshot at once, the best covering camera playing) beside the map of open incidents; a second
// window follows the selection; a snooze and a hand-over reach another operator's screen live.

let server: RunningServer;
let browser: Browser;
let operator: BrowserContext;
let colleague: BrowserContext;
let key: string;
const cameras: Record<string, { id: string; bearingDeg: number }> = {};
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 7), Buffer.from([0xff, 0xd9])]);

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const admin = await signedInContext(browser, 'admin');
  const layer = (await (await admin.request.get(`${server.baseUrl}/api/layers/cameras`)).json()) as { features: { id: string; properties: { code: string; bearingDeg: number } }[] };
  for (const code of ['CAM-Z1-2', 'CAM-Z2-1', 'CAM-BEN-NGOC-2']) {
    const f = layer.features.find((x) => x.properties.code === code)!;
    cameras[code] = { id: f.id, bearingDeg: f.properties.bearingDeg };
  }
  const created = await admin.request.post(`${server.baseUrl}/api/devices`, { data: { name: 'workspace box', cameraIds: Object.values(cameras).map((c) => c.id) } });
  key = ((await created.json()) as { key: string }).key;
  await admin.close();
  operator = await signedInContext(browser, 'operator', { viewport: { width: 1920, height: 1080 } });
  colleague = await signedInContext(browser, 'admin', { viewport: { width: 1440, height: 900 } });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A group of `people` crossing into Viet Nam in front of a camera, the last point with a snapshot. */
async function crossing(code: string, people: number): Promise<void> {
  const camera = cameras[code]!;
  const track = `ws-${code}-${Date.now()}`;
  const events = [420, 300, 60].map((rangeM, i) => ({
    id: `${track}-${i}`,
    cameraId: camera.id,
    observedAt: new Date(Date.now() - 20_000 + i * 5_000).toISOString(),
    class: 'person',
    confidence: 0.9,
    count: people,
    trackId: track,
    position: { bearingDeg: camera.bearingDeg, rangeM },
    ...(i === 2 ? { snapshot: JPEG.toString('base64') } : {}),
  }));
  const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(events) });
  expect(((await res.json()) as { crossings: number }).crossings).toBe(1);
}

async function openInbox(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/alerts`);
  await page.getByTestId('inbox-count').waitFor();
  await expect.poll(() => page.getByTestId('alert-inbox').getAttribute('data-connected'), { timeout: 20_000 }).toBe('true');
  return page;
}

describe('the duty officer’s workspace', () => {
  it('opens an alarm into its video and map on a wide screen, and a second window follows the selection', async () => {
    const inbox = await openInbox(operator);
    const problems = watchPageProblems(inbox);
    // Wide: list, map of open incidents and detail side by side.
    await inbox.getByTestId('incident-map').waitFor();
    await crossing('CAM-Z1-2', 7);
    const row = inbox.locator('[data-testid=inbox-row][data-status=new]', { hasText: /7 người/ }).first();
    await row.waitFor({ timeout: 20_000 });
    const groupId = (await row.getAttribute('data-alert-id'))!;
    await row.click();
    // The picture at once: the crossing's snapshot, and the nearest covering camera playing, muted.
    const snapshot = inbox.getByTestId('alert-snapshot').locator('img');
    await snapshot.waitFor();
    await expect.poll(() => snapshot.evaluate((img) => (img as HTMLImageElement).naturalWidth >= 0 && (img as HTMLImageElement).complete), { timeout: 10_000 }).toBe(true);
    const best = inbox.locator('[data-testid=covering-camera][data-best=true]');
    await best.waitFor();
    await expect.poll(() => best.getByTestId('camera-player').getAttribute('data-state'), { timeout: 45_000 }).toBe('live');
    expect(await best.locator('video').evaluate((v) => (v as HTMLVideoElement).muted)).toBe(true);
    await expect.poll(() => inbox.getByTestId('incident-map').getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => inbox.getByTestId('alert-map').getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');

    // A second window on a second monitor shows the detail of whatever is selected.
    const [popup] = await Promise.all([operator.waitForEvent('page'), inbox.getByTestId('second-window').click()]);
    await popup.getByTestId('alert-follower').waitFor();
    await expect.poll(() => popup.getByTestId('alert-follower').getAttribute('data-following'), { timeout: 15_000 }).toBe(groupId);
    await popup.getByTestId('alert-detail').waitFor();
    // Another alarm, elsewhere, selected in the inbox: the second window follows.
    await crossing('CAM-Z2-1', 3);
    const other = inbox.locator('[data-testid=inbox-row][data-status=new]', { hasText: /3 người/ }).first();
    await other.waitFor({ timeout: 20_000 });
    const otherId = (await other.getAttribute('data-alert-id'))!;
    expect(otherId).not.toBe(groupId);
    await other.click();
    await expect.poll(() => popup.getByTestId('alert-follower').getAttribute('data-following'), { timeout: 15_000 }).toBe(otherId);
    await popup.close();
    expect(problems.filter((p) => !p.includes('/hls/'))).toEqual([]);
    await inbox.close();
  });

  it('shows a snooze and a hand-over to another operator on their screen as they happen', async () => {
    const mine = await openInbox(operator);
    const theirs = await openInbox(colleague);
    // Far from the first test's alarms, so it is an incident of its own.
    await crossing('CAM-BEN-NGOC-2', 2);
    const row = mine.locator('[data-testid=inbox-row][data-status=new]', { hasText: /2 người/ }).first();
    await row.waitFor({ timeout: 20_000 });
    const groupId = (await row.getAttribute('data-alert-id'))!;
    await row.click();
    await mine.getByTestId('alert-detail').waitFor();

    await mine.getByTestId('handling-snooze').click();
    await mine.getByTestId('snooze-reason').fill('đội tuần tra đã ở hiện trường');
    await mine.getByTestId('confirm-snooze').click();
    await mine.getByTestId('alert-snoozed').waitFor({ timeout: 10_000 });
    // Their list shows it put aside, without a reload.
    const theirRow = theirs.locator(`[data-testid=inbox-row][data-alert-id="${groupId}"]`);
    await expect.poll(() => theirRow.getAttribute('class'), { timeout: 15_000 }).toMatch(/snoozed/);

    await mine.getByTestId('handling-assign').click();
    const admin = await mine.getByTestId('assign-to').locator('option', { hasText: /Quản trị|admin/i }).first().getAttribute('value');
    await mine.getByTestId('assign-to').selectOption(admin!);
    await mine.getByTestId('handover-note').fill('Đội 3 sẽ báo lại lúc 14:00');
    await mine.getByTestId('confirm-assign').click();
    await mine.getByTestId('alert-assignee').waitFor({ timeout: 10_000 });
    // The colleague it was handed to sees it theirs, and why, in the history.
    await expect.poll(() => theirRow.locator('.assignee').count(), { timeout: 15_000 }).toBe(1);
    await theirRow.click();
    const history = theirs.getByTestId('alert-history');
    await expect.poll(() => history.textContent(), { timeout: 15_000 }).toMatch(/Đội 3 sẽ báo lại lúc 14:00/);
    expect(await history.textContent()).toMatch(/Tạm hoãn/);
    await mine.close();
    await theirs.close();
  });
});
