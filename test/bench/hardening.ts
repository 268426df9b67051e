// Measurements behind the hardening work, each against a real server started as `npm start`
// does (the embedded engine, or the PostgreSQL server in DATABASE_URL):
// 1. crossings when a track's points arrive shuffled, by one client and by four at once,
//    compared with the crossings of the sorted points;
// 2. how long a killed camera takes to be reported, with slow and hanging cameras present;
// 3. the server's memory while a client sends a 256 MB body without Content-Length;
// 4. how many sign-in attempts an attacker gets checked per minute.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { startServer, type RunningServer } from '@/test/support/server';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { signInHttp } from '@/test/support/session';

const PASSWORD = 'Vigil@2026';
const json = (cookie: string, body: unknown) => ({ method: 'POST', headers: { cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** A deterministic shuffle (xorshift), so a run can be repeated. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  const rand = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 2 ** 32);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Two points 120 m either side of the border line near the Mong Cai gate, from the border layer itself. */
async function pointsBesideBorder(server: RunningServer, cookie: string): Promise<[[number, number], [number, number]]> {
  const border = (await (await fetch(`${server.baseUrl}/api/layers/border`, { headers: { cookie } })).json()) as { features: { properties: { section: string }; geometry: { coordinates: [number, number][][] } }[] };
  let best: { a: [number, number]; b: [number, number]; d: number } | null = null;
  for (const f of border.features.filter((x) => x.properties.section !== 'maritime')) {
    for (const line of f.geometry.coordinates) {
      for (let i = 1; i < line.length; i++) {
        const [a, b] = [line[i - 1]!, line[i]!];
        const d = Math.hypot((a[0] + b[0]) / 2 - 107.95, (a[1] + b[1]) / 2 - 21.54);
        const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        if (len > 0.0015 && (!best || d < best.d)) best = { a, b, d };
      }
    }
  }
  const { a, b } = best!;
  const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const off = 120 / 111_320; // ~120 m in degrees of latitude; enough either side
  const normal = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
  return [
    [mid[0]! + normal[0]! * off, mid[1]! + normal[1]! * off],
    [mid[0]! - normal[0]! * off, mid[1]! - normal[1]! * off],
  ];
}

/** Point offsets in seconds: consecutive pairs have crossing times no other pair can have. */
const OFFSETS = [0, 10, 25, 45, 70];

export async function benchCrossingsUnderDisorder(server: RunningServer, tracks = 2_000) {
  const admin = await signInHttp(server.baseUrl, 'admin', PASSWORD);
  const cameras = (await (await fetch(`${server.baseUrl}/api/layers/cameras`, { headers: { cookie: admin } })).json()) as { features: { id: string; properties: { code: string } }[] };
  const cameraId = cameras.features.find((f) => f.properties.code === 'CAM-Z2-1')!.id;
  const { key } = (await (await fetch(`${server.baseUrl}/api/devices`, json(admin, { name: 'disorder bench', cameraIds: [cameraId] }))).json()) as { key: string };
  const [p, q] = await pointsBesideBorder(server, admin);
  const post = async (events: unknown[]) => {
    const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(events) });
    const result = (await res.json()) as { rejected: unknown[] };
    if (res.status !== 200 || result.rejected.length > 0) throw new Error(`ingest HTTP ${res.status}: ${JSON.stringify(result).slice(0, 300)}`);
  };
  const results = [];
  for (const [label, clients, hoursAgo] of [
    // 2,000 tracks 100 s apart span 56 hours: both runs lie within the 7 days a device may report.
    ['one client, shuffled', 1, 130],
    ['four clients at once, shuffled', 4, 70],
  ] as const) {
    const base = Date.now() - hoursAgo * 3_600_000;
    const events = [];
    for (let t = 0; t < tracks; t++) {
      const trackId = `disorder-${clients}-${t}`;
      // Tracks start a second apart: every pair's crossing time identifies the pair.
      for (let k = 0; k < OFFSETS.length; k++) {
        const [lon, lat] = k % 2 === 0 ? p : q;
        events.push({ id: `${trackId}-${k}`, cameraId, trackId, observedAt: new Date(base + t * 100_000 + OFFSETS[k]! * 1000).toISOString(), class: 'person', confidence: 0.9, position: { lon, lat } });
      }
    }
    const batches: unknown[][] = [];
    const shuffled = shuffle(events, 7 + clients);
    for (let i = 0; i < shuffled.length; i += 500) batches.push(shuffled.slice(i, i + 500));
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => { while (next < batches.length) await post(batches[next++]!); }));
    const seconds = (performance.now() - t0) / 1000;
    // Classify every stored crossing of these tracks by its time: a true pair's crossing falls at
    // the middle of two consecutive points; anything else is spurious.
    const from = new Date(base - 60_000).toISOString();
    const to = new Date(base + tracks * 100_000 + 120_000).toISOString();
    const exported = await fetch(`${server.baseUrl}/api/activity/export?kind=crossings&camera=${cameraId}&from=${from}&to=${to}&format=geojson`, { headers: { cookie: admin } });
    if (exported.status !== 200) throw new Error(`export HTTP ${exported.status}: ${await exported.text()}`);
    const features = ((await exported.json()) as { features: { properties: { at: string; trackId: string } }[] }).features;
    const truthMid = OFFSETS.slice(1).map((o, i) => (o + OFFSETS[i]!) / 2);
    const found = new Set<string>();
    let spurious = 0;
    for (const { properties } of features) {
      if (!properties.trackId.startsWith(`disorder-${clients}-`)) continue;
      const t = Number(properties.trackId.split('-').at(-1));
      const offset = (Date.parse(properties.at) - (base + t * 100_000)) / 1000;
      const pair = truthMid.findIndex((m) => Math.abs(m - offset) < 1.5);
      if (pair < 0) spurious++;
      else found.add(`${t}:${pair}`);
    }
    const truth = tracks * (OFFSETS.length - 1);
    results.push({ case: label, points: events.length, trueCrossings: truth, stored: found.size + spurious, missing: truth - found.size, spurious, seconds: +seconds.toFixed(1) });
  }
  return results;
}

/** The camera status as the API reports it. */
async function statusOf(server: RunningServer, cookie: string, id: string): Promise<string | undefined> {
  const body = (await (await fetch(`${server.baseUrl}/api/cameras`, { headers: { cookie } })).json()) as { cameras: { id: string; status: string }[] };
  return body.cameras.find((c) => c.id === id)?.status;
}

export async function benchKilledUpstream(server: RunningServer, settings: { pollSeconds: number; stallTargetDurations: number }) {
  const admin = await signInHttp(server.baseUrl, 'admin', PASSWORD);
  const results = [];
  for (const mode of ['restreamer answers 404', 'restreamer keeps the last playlist'] as const) {
    const upstream = new HlsUpstream({ serveStale: mode === 'restreamer keeps the last playlist' });
    await upstream.start();
    try {
      const add = async (name: string, streamUrl: string) => {
        const res = await fetch(`${server.baseUrl}/api/cameras`, json(admin, { name, kind: 'fixed', lon: 107.9, lat: 21.5, bearingDeg: 0, fovDeg: 60, rangeM: 200, streamUrl }));
        return ((await res.json()) as { id: string }).id;
      };
      const killed = await add('bench killed', upstream.url);
      for (let i = 0; i < 5; i++) await add(`bench slow ${i}`, upstream.urlOf('slow.m3u8'));
      for (let i = 0; i < 5; i++) await add(`bench hanging ${i}`, upstream.urlOf('hang.m3u8'));
      const until = async (want: (s: string | undefined) => boolean, ms: number) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          const s = await statusOf(server, admin, killed);
          if (want(s)) return s;
          await new Promise((r) => setTimeout(r, 100));
        }
        return null;
      };
      await until((s) => s === 'live', 60_000);
      // Let it run live a while, so the monitor has the stream's rhythm.
      await new Promise((r) => setTimeout(r, 3_000));
      const targetDuration = upstream.targetDuration();
      const t0 = Date.now();
      await upstream.stopFfmpeg();
      const reported = await until((s) => s === 'offline' || s === 'stalled', 120_000);
      const seconds = (Date.now() - t0) / 1000;
      const target = settings.stallTargetDurations * targetDuration + settings.pollSeconds + 2;
      results.push({ case: mode, reported, seconds: +seconds.toFixed(1), targetSeconds: target, withinTarget: seconds <= target });
    } finally {
      await upstream.stop();
    }
  }
  return results;
}

/** Resident memory of a process and its descendants, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const children = (p: number): number[] => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
    stack.push(...children(p));
  }
  return Math.round(total / 1024);
}

export async function benchChunkedBody(server: RunningServer, megabytes = 256) {
  const admin = await signInHttp(server.baseUrl, 'admin', PASSWORD);
  const cameras = (await (await fetch(`${server.baseUrl}/api/layers/cameras`, { headers: { cookie: admin } })).json()) as { features: { id: string }[] };
  const { key } = (await (await fetch(`${server.baseUrl}/api/devices`, json(admin, { name: 'chunked bench', cameraIds: [cameras.features[0]!.id] }))).json()) as { key: string };
  const before = rssMb(server.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 50);
  const url = new URL(`${server.baseUrl}/api/ingest/events`);
  let sentMb = 0;
  let answeredAfterMb = 0;
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
      answeredAfterMb = sentMb;
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => (sentMb > 0 ? undefined : reject(err)));
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const write = () => {
      while (sentMb < megabytes) {
        sentMb++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
  clearInterval(sampler);
  return { bodyMb: megabytes, status, answeredAfterMb, rssBeforeMb: before, rssPeakMb: peak };
}

export async function benchSignInAttempts(server: RunningServer, seconds = 60) {
  // Signed in before the attack: the attack locks this machine's address too.
  const admin = await signInHttp(server.baseUrl, 'admin', PASSWORD);
  const audit = async (action: string) =>
    ((await (await fetch(`${server.baseUrl}/api/audit?action=${action}&limit=500`, { headers: { cookie: admin } })).json()) as { entries: { actorName: string }[] }).entries;
  const cases = [];
  for (const [label, accountOf] of [
    ['one account, one address', () => 'leader'],
    ['many accounts, one address (spraying)', (i: number) => `spray-${i}`],
  ] as const) {
    const end = Date.now() + seconds * 1000;
    let tried = 0;
    for (let i = 0; Date.now() < end; i++, tried++) {
      // next-auth answers a wrong password and a refused attempt alike; the audit log tells them apart.
      await signInHttp(server.baseUrl, accountOf(i), `guess-${i}`).catch(() => null);
    }
    const mine = (e: { actorName: string }) => (label.startsWith('one') ? e.actorName === 'leader' : e.actorName.startsWith('spray-'));
    const checked = (await audit('auth.sign_in_failed')).filter(mine).length;
    cases.push({ case: label, seconds, attempts: tried, passwordsChecked: checked, refusedUnchecked: tried - checked });
  }
  return cases;
}

/** `npm run bench -- hardening`: all four against a fresh server. */
export async function hardeningBenches() {
  const server = await startServer({ CAMERA_NETWORKS: '127.0.0.1', HEALTH_POLL_SECONDS: '5', STALL_TARGET_DURATIONS: '3', DEMO_TRAFFIC_DAYS: '0' });
  try {
    console.log('crossings with shuffled and concurrent arrival (2,000 tracks × 5 alternating points):');
    console.table(await benchCrossingsUnderDisorder(server));
    console.log('killed camera reported (poll 5 s, stall after 3 target durations), with 5 slow and 5 hanging cameras present:');
    console.table(await benchKilledUpstream(server, { pollSeconds: 5, stallTargetDurations: 3 }));
    console.log('memory while a 256 MB body arrives without Content-Length:', await benchChunkedBody(server));
  } finally {
    await server.stop();
  }
  // Sign-in last, on a server of its own: it locks accounts and this machine's address.
  const signInServer = await startServer({ DEMO_TRAFFIC_DAYS: '0' });
  try {
    console.log('sign-in attempts an attacker gets checked in one minute (sequential, one address; the address lock counts both cases together):');
    console.table(await benchSignInAttempts(signInServer));
  } finally {
    await signInServer.stop();
  }
}
