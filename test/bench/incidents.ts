// `npm run bench -- incidents`: what raising hotspot alerts costs ingest, beside 3 days of demo
// alerts, and what an operator feels meanwhile. The same 10,000 events (tracks that cross the
// line at the hotspots' AI cameras, posted shuffled in batches of 250) are sent as people (every
// crossing raises an alert and joins an incident) and as animals (no alert), by 1 and by 4
// clients; while people are posted, an operator acknowledges the newest group every 300 ms.
// Targets: people ≤ 2× animals; acknowledge p95 < 500 ms; a 409 only when the incident really changed.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '@/db/seed';
import { rng } from '@/lib/simulation/traffic';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';

const EVENTS = Number(process.env.BENCH_INCIDENT_EVENTS ?? 10_000);
const BATCH = 250;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(0) : NaN;
};

interface Camera {
  id: string;
  bearingDeg: number;
}

/** Tracks walking from China across the line toward a hotspot camera, 3 points each, over 6 hours ending `hoursAgo` ago. */
function tracks(cameras: Camera[], events: number, cls: 'person' | 'animal', hoursAgo: number) {
  const out: object[][] = [];
  const now = Date.now() - hoursAgo * 3_600_000;
  for (let i = 0; i * 3 < events; i++) {
    const camera = cameras[i % cameras.length]!;
    const track = `bench-${cls}-${randomUUID()}`;
    const start = now - 6 * 3_600_000 + Math.floor((i / (events / 3)) * 6 * 3_600_000);
    out.push(
      [420, 300, 60].map((rangeM, k) => ({
        id: `${track}-${k}`,
        cameraId: camera.id,
        observedAt: new Date(start + k * 4_000).toISOString(),
        class: cls,
        confidence: 0.9,
        count: 1 + (i % 4),
        trackId: track,
        position: { bearingDeg: camera.bearingDeg + ((i % 7) - 3) * 3, rangeM },
      })),
    );
  }
  return out;
}

/** Shuffled (deterministically) and cut into batches. */
function batches(allTracks: object[][], seed: number): object[][] {
  const events = allTracks.flat();
  const random = rng(seed);
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  const out: object[][] = [];
  for (let i = 0; i < events.length; i += BATCH) out.push(events.slice(i, i + BATCH));
  return out;
}

async function post(server: RunningServer, key: string, work: object[][], clients: number): Promise<number> {
  const queue = [...work];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(batch) });
        if (res.status !== 200) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** An operator acknowledging the newest new group, again and again, until told to stop. */
function operator(server: RunningServer, cookie: string) {
  const latencies: number[] = [];
  let conflicts = 0;
  let realConflicts = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const list = (await (await fetch(`${server.baseUrl}/api/alerts?state=new&sort=time&limit=1`, { headers: { cookie } })).json()) as { groups: { id: string; version: number }[] };
      const g = list.groups[0];
      if (g) {
        const t0 = performance.now();
        const res = await fetch(`${server.baseUrl}/api/alerts/${g.id}/transitions`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', origin: server.baseUrl },
          body: JSON.stringify({ action: 'acknowledge', version: g.version }),
        });
        latencies.push(performance.now() - t0);
        if (res.status === 409) {
          conflicts++;
          // Did the incident really change since it was read (a member joined or changed)?
          const now = (await (await fetch(`${server.baseUrl}/api/alerts/${g.id}`, { headers: { cookie } })).json()) as { group?: { version: number } };
          if (now.group && now.group.version !== g.version) realConflicts++;
        } else await res.arrayBuffer();
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    finish: async () => {
      stop = true;
      await loop;
      return { acks: latencies.length, p50_ms: percentile(latencies, 50), p95_ms: percentile(latencies, 95), conflicts, conflictsWhereIncidentChanged: realConflicts };
    },
  };
}

async function benchEngine(engine: string, env: Record<string, string>) {
  const server = await startServer({ ...env, DEMO_TRAFFIC_DAYS: '3' });
  try {
    const admin = await signInHttp(server.baseUrl, 'admin', DEMO_PASSWORD);
    const operatorCookie = await signInHttp(server.baseUrl, 'operator', DEMO_PASSWORD);
    const layer = (await (await fetch(`${server.baseUrl}/api/layers/cameras`, { headers: { cookie: admin } })).json()) as { features: { id: string; properties: { code: string; kind: string; bearingDeg: number } }[] };
    const cameras = layer.features.filter((f) => f.properties.kind === 'ai').map((f) => ({ id: f.id, bearingDeg: f.properties.bearingDeg }));
    const created = await fetch(`${server.baseUrl}/api/devices`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify({ name: 'incident bench', cameraIds: cameras.map((c) => c.id) }) });
    const key = ((await created.json()) as { key: string }).key;
    const rows: Record<string, unknown>[] = [];
    let slot = 0;
    // Each run has 6 hours of its own, so no run's incidents are denser for the runs before it.
    const span = () => 6 * slot++;
    for (const clients of (process.env.BENCH_CLIENTS ?? '1,4').split(',').map(Number)) {
      // The cost of alerts on ingest alone, then the same again with an operator at work.
      const animals = await post(server, key, batches(tracks(cameras, EVENTS, 'animal', span()), clients), clients);
      const people = await post(server, key, batches(tracks(cameras, EVENTS, 'person', span()), clients + 10), clients);
      const op = operator(server, operatorCookie);
      const withOperator = await post(server, key, batches(tracks(cameras, EVENTS, 'person', span()), clients + 20), clients);
      const ack = await op.finish();
      rows.push({
        engine,
        clients,
        events: EVENTS,
        animals_s: +animals.toFixed(1),
        people_s: +people.toFixed(1),
        ratio: +(people / animals).toFixed(2),
        people_with_operator_s: +withOperator.toFixed(1),
        ...Object.fromEntries(Object.entries(ack).map(([k, v]) => [`ack_${k}`, v])),
      });
    }
    const open = (await (await fetch(`${server.baseUrl}/api/alerts?state=open&limit=500`, { headers: { cookie: operatorCookie } })).json()) as { groups: { count: number; firstAt: string; lastAt: string }[] };
    const spans = open.groups.map((g) => (Date.parse(g.lastAt) - Date.parse(g.firstAt)) / 60_000);
    console.log(`${engine}: ${open.groups.length} open incidents afterwards; largest ${Math.max(...open.groups.map((g) => g.count))} alerts; longest span ${Math.max(...spans).toFixed(0)} min`);
    return rows;
  } finally {
    await server.stop();
  }
}

export async function incidentBenches(): Promise<void> {
  const only = process.env.BENCH_ENGINE;
  const rows: Record<string, unknown>[] = [];
  if (!only || only === 'embedded') rows.push(...(await benchEngine('embedded', { DATABASE_URL: '' })));
  if (process.env.DATABASE_URL && (!only || only === 'postgres')) rows.push(...(await benchEngine('postgres', { DATABASE_URL: process.env.DATABASE_URL })));
  console.log(`ingest of ${EVENTS} hotspot events as people vs as animals, and an operator acknowledging meanwhile (targets: ratio ≤ 2, ack p95 < 500 ms, 409s only when the incident changed)`);
  console.table(rows);
}
