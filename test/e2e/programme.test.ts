import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import vi from '@/messages/vi.json';
import { launchChromium, signIn, watchPageProblems, signedInContext } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';

// The camera programme end to end: the province's Department of Information and Communications
// makes the day's report and downloads it as PDF and XLSX, and both files, read back with
// Debian's pdftotext and with exceljs, carry the figures the facility list says; a telecom
// company's staff see only their facilities, and a facility they connect counts as connected
// only because its cameras are live.

let server: RunningServer;
let browser: Browser;
let dic: BrowserContext;
let telecom: BrowserContext;
const downloads = mkdtempSync(path.join(tmpdir(), 'vigil-programme-'));

interface FacilityRow {
  id: string;
  code: string | null;
  name: string;
  status: string;
  telecomAgencyId: string | null;
  provinceCode: string;
}

beforeAll(async () => {
  // The programme needs no simulated AI-camera traffic.
  server = await startServer({ DEMO_TRAFFIC_DAYS: '0' });
  browser = await launchChromium();
  dic = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  await dic.addCookies([{ name: 'NEXT_LOCALE', value: 'vi', url: server.baseUrl }]);
  await signIn(await dic.newPage(), server.baseUrl, 'dic', DEMO_PASSWORD, null);
  telecom = await signedInContext(browser, 'telecom', { viewport: { width: 1024, height: 768 }, hasTouch: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const facilities = async (context: BrowserContext, query = '') =>
  ((await (await context.request.get(`${server.baseUrl}/api/facilities${query}`)).json()) as { facilities: FacilityRow[] }).facilities;

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const target = path.join(downloads, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

describe('the quarantine-facility camera programme', () => {
  it('a province user makes the daily report and downloads PDF and XLSX with the expected figures', async () => {
    const page = await dic.newPage();
    const problems = watchPageProblems(page);
    // The Department's people start from the programme.
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/programme$/);
    await page.getByTestId('programme-dashboard').waitFor();

    await page.goto(`${server.baseUrl}/programme/reports`);
    await page.getByTestId('generate-report').click();
    await page.waitForURL(/\/programme\/reports\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page.getByTestId('programme-report').waitFor();
    const reportId = (await page.getByTestId('programme-report').getAttribute('data-report-id'))!;
    const report = (await (await dic.request.get(`${server.baseUrl}/api/programme/reports/${reportId}`)).json()) as { scopeKey: string; figures: { cutoffAt: string; totals: { total: number; byStatus: Record<string, number> } } };
    expect(report.scopeKey).toBe('VN-13');

    // The expected figures: each facility of the list with its status at the report's cut-off,
    // read from that facility's own history (another query than the report's). The health
    // monitor may change a status between the cut-off and now, so the current status is not it.
    const list = await facilities(dic, '?province=VN-13');
    const cutoff = Date.parse(report.figures.cutoffAt);
    const statusAtCutoff = new Map<string, string>();
    for (const f of list) {
      const detail = (await (await dic.request.get(`${server.baseUrl}/api/facilities/${f.id}`)).json()) as { history: { at: string; toStatus: string | null }[] };
      const last = detail.history.filter((h) => h.toStatus !== null && Date.parse(h.at) <= cutoff).sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
      statusAtCutoff.set(f.id, last?.toStatus ?? 'not_surveyed');
    }
    const count = (status: string) => list.filter((f) => statusAtCutoff.get(f.id) === status).length;
    expect(report.figures.totals.total).toBe(list.length);
    expect(report.figures.totals.byStatus.connected).toBe(count('connected'));
    expect(report.figures.totals.byStatus.degraded).toBe(count('degraded'));
    const pct = `${(Math.round((1000 * count('connected')) / list.length) / 10).toString().replace('.', ',')}%`;

    const pdf = await download(page, 'download-pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(vi.programme.report.title);
    expect(text).toContain('Quảng Ninh');
    const line = (label: string) => new RegExp(`^\\s*${label}\\s+([\\d.,%]+)\\s*$`, 'm').exec(text)?.[1];
    expect(line(vi.programme.fig.facilities)).toBe(String(list.length));
    expect(line(vi.programme.status.connected)).toBe(String(count('connected')));
    expect(line(vi.programme.status.degraded)).toBe(String(count('degraded')));
    expect(line(vi.programme.fig.connectedPct)).toBe(pct);
    // The map and the chart are in the file (vector drawings), and Vietnamese text is real text.
    expect(text).toContain(vi.programme.report.map);
    expect(text).toMatch(/Đã thống nhất phương án/);

    const xlsx = await download(page, 'download-xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    const summary = book.getWorksheet(vi.programme.xlsx.summary)!;
    const value = (label: string) => {
      let found: unknown;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(value(vi.programme.fig.facilities)).toBe(list.length);
    expect(value(vi.programme.status.connected)).toBe(count('connected'));
    expect(value(vi.programme.status.degraded)).toBe(count('degraded'));
    expect(value(vi.programme.fig.connectedPct)).toBeCloseTo(count('connected') / list.length, 3);
    const sheet = book.getWorksheet(vi.programme.xlsx.facilities)!;
    expect(sheet.rowCount - 1).toBe(list.length);

    // Made once: asking again for the same day and scope gives the same report.
    const again = await dic.request.post(`${server.baseUrl}/api/programme/reports`, { data: { scope: 'VN-13' }, headers: { Origin: server.baseUrl } });
    expect(again.status()).toBe(200);
    expect(((await again.json()) as { report: { id: string } }).report.id).toBe(reportId);
    expect(problems).toEqual([]);
  });

  it('telecom staff see only their company’s facilities, and one they connect is connected because its cameras are live', async () => {
    const mine = await facilities(telecom);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((f) => f.telecomAgencyId === 'vnpt-qn')).toBe(true);
    const all = await facilities(dic);
    const others = all.filter((f) => f.telecomAgencyId !== 'vnpt-qn');
    expect(others.length).toBeGreaterThan(0);
    // Another company's facility does not exist for them; nor do the province's reports.
    expect((await telecom.request.get(`${server.baseUrl}/api/facilities/${others[0]!.id}`)).status()).toBe(404);
    expect((await telecom.request.get(`${server.baseUrl}/api/programme/reports`)).ok()).toBe(true);
    expect(((await (await telecom.request.get(`${server.baseUrl}/api/programme/reports`)).json()) as { reports: unknown[] }).reports).toEqual([]);

    const site = mine.find((f) => f.code === 'QF-DEMO-2')!;
    expect(site.status).toBe('plan_agreed');
    const page = await telecom.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${server.baseUrl}/programme`);
    await page.getByTestId('facility-table').waitFor();
    expect(await page.getByTestId('facility-table').locator('tbody tr').count()).toBe(mine.length);
    await page.goto(`${server.baseUrl}/programme/facilities/${site.id}`);
    await page.getByTestId('start-connect').click();
    await page.getByTestId('confirm-connect').click();
    // Its two cameras play the demo feed: live in the health monitor, so it is connected.
    await expect.poll(() => page.getByTestId('facility-view').getAttribute('data-status'), { timeout: 30_000 }).toBe('connected');
    await expect.poll(async () => (await page.getByTestId('facility-history').textContent()) ?? '').toMatch(/Connected|Đã kết nối/);
    expect(problems).toEqual([]);
  });
});
