// The operations center under 30 days of simulated history (`npm run bench -- alerts`):
// 1. a crossing posted by a device → its alert row visible in an inbox open in Chromium,
//    p50/p95 over 120 crossings (each its own alert: incident grouping is set to 0 minutes);
// 2. the inbox and the overview: API response times and page load to the figures drawn.
import { launchChromium, signIn } from '@/test/support/browser';
import { startServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';

const PASSWORD = 'Vigil@2026';
const CROSSINGS = Number(process.env.BENCH_CROSSINGS ?? 120);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
};
const summary = (values: number[]) => ({ n: values.length, p50_ms: percentile(values, 50), p95_ms: percentile(values, 95), max_ms: +Math.max(...values).toFixed(1) });

export async function operationsBenches(env: Record<string, string> = {}) {
  const t0 = Date.now();
  const server = await startServer({ DEMO_TRAFFIC_DAYS: '30', INCIDENT_WINDOW_MINUTES: '0', ...env });
  console.log(`server with 30 days of simulated history ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const browser = await launchChromium();
  try {
    const admin = await signInHttp(server.baseUrl, 'admin', PASSWORD);
    const operatorCookie = await signInHttp(server.baseUrl, 'operator', PASSWORD);
    const leaderCookie = await signInHttp(server.baseUrl, 'leader', PASSWORD);
    const cams = (await (await fetch(`${server.baseUrl}/api/layers/cameras`, { headers: { cookie: admin } })).json()) as { features: { id: string; properties: { code: string; bearingDeg: number } }[] };
    const cam = cams.features.find((f) => f.properties.code === 'CAM-Z1-2')!;
    const created = await fetch(`${server.baseUrl}/api/devices`, {
      method: 'POST',
      headers: { cookie: admin, 'Content-Type': 'application/json', Origin: server.baseUrl },
      body: JSON.stringify({ name: 'bench box', cameraIds: [cam.id] }),
    });
    const key = ((await created.json()) as { key: string }).key;

    const trend = (await (await fetch(`${server.baseUrl}/api/overview`, { headers: { cookie: leaderCookie } })).json()).trend as { date: string; into: number; out: number }[];
    const month = (await (await fetch(`${server.baseUrl}/api/activity/heatmap?kind=detections&from=${new Date(Date.now() - 31 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`, { headers: { cookie: leaderCookie } })).json()) as { total?: number };
    const counts = (await (await fetch(`${server.baseUrl}/api/alerts?state=all&limit=500`, { headers: { cookie: operatorCookie } })).json()) as { groups: unknown[] };
    console.log(`history: ${month.total ?? '?'} detections over 31 days; ${trend.reduce((n, d) => n + d.into + d.out, 0)} crossings in the 14-day trend; inbox (all states, first 500): ${counts.groups.length} groups`);

    // 1. Detection posted → alert row in an open inbox.
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'operator', PASSWORD, '/alerts');
    await page.waitForFunction(() => document.querySelector('[data-testid=alert-inbox]')?.getAttribute('data-connected') === 'true', null, { timeout: 60_000 });
    await page.evaluate(() => {
      const seen = new Map<string, number>();
      for (const el of document.querySelectorAll('[data-testid=inbox-row]')) seen.set(el.getAttribute('data-alert-id')!, 0);
      (window as unknown as { __rowSeen: Map<string, number> }).__rowSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid=inbox-row]')) {
          const id = el.getAttribute('data-alert-id')!;
          if (!seen.has(id)) seen.set(id, performance.timeOrigin + performance.now());
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    const latencies: number[] = [];
    for (let i = 0; i < CROSSINGS; i++) {
      const track = `bench-${Date.now()}-${i}`;
      const events = [420, 300, 60].map((rangeM, k) => ({
        id: `${track}-${k}`,
        cameraId: cam.id,
        observedAt: new Date(Date.now() - 15_000 + k * 5_000).toISOString(),
        class: 'person',
        confidence: 0.9,
        count: 2,
        trackId: track,
        position: { bearingDeg: cam.properties.bearingDeg, rangeM },
      }));
      const before = await page.evaluate(() => (window as unknown as { __rowSeen: Map<string, number> }).__rowSeen.size);
      const sent = Date.now();
      const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(events) });
      if (res.status !== 200) throw new Error(`ingest: HTTP ${res.status}`);
      const shown = await page.waitForFunction(
        (n) => {
          const seen = (window as unknown as { __rowSeen: Map<string, number> }).__rowSeen;
          return seen.size > n ? Math.max(...seen.values()) : false;
        },
        before,
        { timeout: 30_000, polling: 20 },
      );
      latencies.push(Number(await shown.jsonValue()) - sent);
    }
    console.log(`crossing posted → alert row in an open inbox (target: p95 < 2,000 ms):`, summary(latencies));
    await context.close();

    // 2. API response times and page loads.
    const api = async (url: string, cookie: string) => {
      const times: number[] = [];
      for (let i = 0; i < ROUNDS + 2; i++) {
        const s = performance.now();
        const r = await fetch(`${server.baseUrl}${url}`, { headers: { cookie } });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status}`);
        if (i >= 2) times.push(performance.now() - s);
      }
      return summary(times);
    };
    console.table({
      'GET /api/alerts (inbox, open)': await api('/api/alerts?state=open', operatorCookie),
      'GET /api/alerts (all states, 500)': await api('/api/alerts?state=all&limit=500', operatorCookie),
      'GET /api/overview': await api('/api/overview', leaderCookie),
      'GET /api/roster/now': await api('/api/roster/now', leaderCookie),
    });
    const pageLoad = async (user: string, path: string, ready: () => boolean) => {
      const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      await signIn(await ctx.newPage(), server.baseUrl, user, PASSWORD, null);
      const times: number[] = [];
      for (let i = 0; i < 8; i++) {
        const p = await ctx.newPage();
        const s = Date.now();
        await p.goto(`${server.baseUrl}${path}`);
        await p.waitForFunction(ready, null, { timeout: 60_000 });
        if (i > 0) times.push(Date.now() - s);
        await p.close();
      }
      await ctx.close();
      return summary(times);
    };
    console.table({
      'inbox page → rows listed': await pageLoad('operator', '/alerts', () => document.querySelectorAll('[data-testid=inbox-row]').length > 0),
      'overview page → figures and trend drawn': await pageLoad('leader', '/overview', () => !!document.querySelector('[data-testid=trend-chart] canvas') && !!document.querySelector('[data-testid=tile-handled-value]')),
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}
