import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';
import { openSse, type SseClient } from '@/test/support/sse';

// The live stream across restarts of the server, clean (SIGTERM) and crashed (kill -9), right
// after a burst of events and with 200 streams open: no acknowledged detection may be missing
// afterwards, a new stream must receive every new event, a "browser" that stayed connected
// through the restart must have received every event exactly once, and a replay from any id it
// saw must return exactly what followed. Both engines (the PostgreSQL server when DATABASE_URL is set).

let server: RunningServer;
let key: string;
let camera: { id: string; bearingDeg: number };
const CLIENTS = 200;

beforeAll(async () => {
  server = await startServer();
  const admin = await signInHttp(server.baseUrl, 'admin', DEMO_PASSWORD);
  const cameras = (await (await fetch(`${server.baseUrl}/api/layers/cameras`, { headers: { cookie: admin } })).json()) as { features: { id: string; properties: { code: string; bearingDeg: number } }[] };
  const z1 = cameras.features.find((f) => f.properties.code === 'CAM-Z1-2')!;
  camera = { id: z1.id, bearingDeg: z1.properties.bearingDeg };
  const created = await fetch(`${server.baseUrl}/api/devices`, {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json', origin: server.baseUrl },
    body: JSON.stringify({ name: 'restart box', cameraIds: [camera.id] }),
  });
  key = ((await created.json()) as { key: string }).key;
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

/** Detections (animals: no crossing, no alert) with fresh ids; returns the ids the server accepted. */
async function post(count: number): Promise<{ ids: string[]; events: object[] }> {
  const events = Array.from({ length: count }, (_, i) => ({
    id: `rs-${randomUUID()}`,
    cameraId: camera.id,
    observedAt: new Date(Date.now() - 2_000).toISOString(),
    class: 'animal',
    confidence: 0.8,
    count: 1,
    trackId: `rs-${randomUUID()}`,
    position: { bearingDeg: camera.bearingDeg, rangeM: 40 + i },
  }));
  const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(events) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { accepted: number };
  expect(body.accepted).toBe(count);
  return { ids: events.map((e) => e.id), events };
}

/** Which detection event ids (the devices' ids) a client received. */
function detectionIds(client: SseClient): Set<string> {
  const ids = new Set<string>();
  for (const m of client.messages()) {
    if (m.event !== 'detections') continue;
    for (const item of (JSON.parse(m.data) as { items: { trackId: string }[] }).items) ids.add(item.trackId);
  }
  return ids;
}
const trackOf = (events: object[]) => events.map((e) => (e as { trackId: string }).trackId);

async function waitUntil(check: () => boolean, what: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(['SIGTERM', 'SIGKILL'] as const)('live stream across a %s restart', (signal) => {
  it(
    'keeps every acknowledged detection, delivers every new event, and replays exactly what followed any id',
    async () => {
      const cookie = await signInHttp(server.baseUrl, 'operator', DEMO_PASSWORD);
      // The "browser" that stays connected through the restart, coming back with Last-Event-ID.
      const browser = openSse(server.baseUrl, cookie, { resume: true });
      await browser.ready;
      const crowd = Array.from({ length: CLIENTS }, () => openSse(server.baseUrl, cookie));
      await Promise.all(crowd.map((c) => c.ready));
      const startId = browser.lastId();
      expect(startId).toMatch(/^\d+$/);

      // A burst from 4 devices' worth of parallel batches, and the stop right behind it.
      const burst = await Promise.all(Array.from({ length: 8 }, () => post(25)));
      const burstEvents = burst.flatMap((b) => b.events);
      await waitUntil(() => trackOf(burstEvents).every((t) => detectionIds(crowd[0]!).has(t)), 'the burst to reach a stream');
      const { stopMs, startMs } = await server.restart(signal);
      crowd.forEach((c) => c.close());
      if (signal === 'SIGTERM') expect(server.output()).toMatch(/Vigil: stopped cleanly in \d+ ms \(database closed\)/);

      // Nothing acknowledged is missing: posting the burst again finds every event stored.
      const again = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(burstEvents) });
      expect(await again.json()).toMatchObject({ accepted: 0, duplicates: burstEvents.length });

      // A new stream after the restart receives every new event.
      const fresh = openSse(server.baseUrl, cookie);
      await fresh.ready;
      const after = await Promise.all(Array.from({ length: 4 }, () => post(10)));
      const afterTracks = after.flatMap((b) => trackOf(b.events));
      await waitUntil(() => afterTracks.every((t) => detectionIds(fresh).has(t)), 'new events on a new stream');
      // The stream that stayed connected got the burst and everything since, each event once.
      await waitUntil(() => afterTracks.every((t) => detectionIds(browser).has(t)), 'new events on the reconnected stream');
      expect(browser.connections()).toBeGreaterThanOrEqual(2);
      for (const t of [...trackOf(burstEvents), ...afterTracks]) expect(detectionIds(browser).has(t)).toBe(true);
      const seen = browser.eventIds();
      expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));

      // A replay from the start, and from an id in the middle, returns exactly what followed it.
      for (const from of [Number(startId), seen[Math.floor(seen.length / 2)]!]) {
        const replay = openSse(server.baseUrl, cookie, { lastEventId: String(from) });
        await replay.ready;
        const expected = seen.filter((id) => id > from);
        const last = seen.at(-1)!;
        await waitUntil(() => replay.eventIds().some((id) => id >= last), `the replay from ${from}`);
        // Events published since (camera health, say) may follow; up to the browser's last, the two agree exactly.
        expect(replay.eventIds().filter((id) => id <= last)).toEqual(expected);
        expect(replay.messages().some((m) => m.event === 'reset')).toBe(false);
        replay.close();
      }
      browser.close();
      fresh.close();
      console.log(`${signal}: stopped in ${stopMs} ms, healthy again in ${startMs} ms; ${seen.length} events across ${browser.connections()} connections`);
    },
    300_000,
  );
});

it('tells a browser whose last id is beyond the journal to reload, and starts it from the journal’s end', async () => {
  const cookie = await signInHttp(server.baseUrl, 'operator', DEMO_PASSWORD);
  const probe = openSse(server.baseUrl, cookie);
  await probe.ready;
  await waitUntil(() => probe.lastId() !== null, 'the first id');
  const newest = Number(probe.lastId());
  probe.close();
  const ahead = openSse(server.baseUrl, cookie, { lastEventId: String(newest + 1_000_000) });
  await ahead.ready;
  const reset = await ahead.waitFor((m) => m.event === 'reset');
  expect(Number(reset.id)).toBeLessThanOrEqual(newest + 50);
  // And from there the new events arrive.
  const { events } = await post(3);
  await waitUntil(() => trackOf(events).every((t) => detectionIds(ahead).has(t)), 'events after the reset');
  ahead.close();
});
