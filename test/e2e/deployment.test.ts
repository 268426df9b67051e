import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import { createScratchDatabase } from '@/test/support/database';
import { launchChromium, signIn, watchPageProblems } from '@/test/support/browser';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { openCameraDetails } from '@/test/support/map-camera';
import { startPgBouncer, type RunningPgBouncer } from '@/test/support/pgbouncer';
import { startReplica, type RunningReplica } from '@/test/support/replica';
import { startNginx, type RunningNginx } from '@/test/support/nginx';
import { freePort, startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';
import { openSse, type SseClient } from '@/test/support/sse';

// The reference deployment of deploy/nginx/vigil.conf, started for real: Debian's nginx (TLS) in
// front of two Vigil instances on one PostgreSQL server, the periodic jobs in their own worker
// process. Sessions, the alert workflow, sign-in throttling and the live stream work through
// either instance, a killed instance loses no event, and camera segments go camera → nginx →
// browser, fetched once for ten viewers. A streaming replica (pg_basebackup) takes the heavy
// reads, and is left alone while it lags or is down. The second instance reaches PostgreSQL
// through PgBouncer in transaction mode (LISTEN and session locks straight), so everything above
// also runs through it. Server engine only: the embedded one is one process.

// nginx's certificate is self-signed for this test; nothing else in this process makes TLS calls.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const ACCEL_KEY = randomBytes(24).toString('base64url');
let a: RunningServer;
let b: RunningServer;
let nginx: RunningNginx;
let worker: ChildProcess;
let replica: RunningReplica;
let bouncer: RunningPgBouncer;
let dropDatabase: (() => Promise<void>) | undefined;
let workerLog = '';
const camera = new HlsUpstream();
/** The camera the segment test adds (the browser's walk plays it). */
let deploymentCamera: string;

/** A request to nginx from another loopback address than nginx's own, as a client elsewhere would be. */
function fromClient(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; localAddress: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress: init.localAddress, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Signs in over nginx from `localAddress`, claiming `forwardedFor` as its address; the session cookie or null. */
async function signInFrom(localAddress: string, username: string, password: string, forwardedFor: string): Promise<string | null> {
  const csrf = await fromClient(`${nginx.baseUrl}/api/auth/csrf`, { localAddress });
  const csrfCookie = ([csrf.headers['set-cookie']].flat().filter(Boolean) as string[]).map((c) => c.split(';')[0]).join('; ');
  const res = await fromClient(`${nginx.baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    localAddress,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie, 'X-Forwarded-For': forwardedFor },
    body: new URLSearchParams({ csrfToken: (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken, username, password, json: 'true' }).toString(),
  });
  const session = ([res.headers['set-cookie']].flat().filter(Boolean) as string[]).find((c) => c.includes('session-token'));
  return session ? session.split(';')[0]! : null;
}

beforeAll(async () => {
  const port = await freePort();
  const origin = `https://127.0.0.1:${port}`;
  // The test camera is on this machine: listed, as a restreamer on the same host would be.
  await camera.start();
  // The database first (the run's seeded template), then its replica, then the instances on both.
  const scratch = await createScratchDatabase(process.env.DATABASE_URL!, 'vigil_dep', inject('serverTemplate').database);
  dropDatabase = scratch.drop;
  replica = await startReplica(scratch.url);
  const env = {
    JOBS: 'off',
    TRUSTED_PROXIES: '127.0.0.1',
    VIDEO_ACCEL_KEY: ACCEL_KEY,
    NEXTAUTH_URL: origin,
    SIGN_IN_DELAY_MS: '0',
    CAMERA_NETWORKS: '127.0.0.1',
    DATABASE_READ_URL: replica.url,
    DATABASE_READ_MAX_LAG_SECONDS: '1',
    // The same session secret on both instances, so a session is valid on either.
    AUTH_SECRET: randomBytes(32).toString('base64url'),
  };
  a = await startServer(env, { useDatabase: scratch.url });
  bouncer = await startPgBouncer(scratch.url);
  b = await startServer(
    { ...env, DATABASE_DIRECT_URL: scratch.url },
    { shareDatabaseWith: a, connectVia: (url) => bouncer.via(url) },
  );
  worker = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: a.databaseUrl!, DATA_DIR: a.dataDir, LOG_LEVEL: 'info', CAMERA_NETWORKS: '127.0.0.1', HEALTH_POLL_SECONDS: '2', CAMERA_ALERT_GRACE_SECONDS: '600', RECORDING: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (d: Buffer) => (workerLog += d.toString()));
  worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
  nginx = await startNginx({ port, instances: [a.baseUrl, b.baseUrl].map((u) => new URL(u).host), accelKey: ACCEL_KEY });
}, 600_000);

afterAll(async () => {
  worker?.kill('SIGTERM');
  await nginx?.stop();
  await b?.stop();
  await a?.stop();
  await bouncer?.stop();
  await replica?.remove();
  await dropDatabase?.();
  await camera.stop();
});

const get = (url: string, cookie: string, headers: Record<string, string> = {}) => fetch(url, { headers: { cookie, ...headers } });

describe.runIf(Boolean(process.env.DATABASE_URL))('the reference deployment: nginx, two instances, a worker', () => {
  it('redirects plain HTTP to HTTPS and keeps one session and one alert workflow across both instances', async () => {
    const redirect = await fetch(`http://127.0.0.1:${nginx.httpPort}/alerts`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toMatch(/^https:\/\//);

    const operator = await signInHttp(nginx.baseUrl, 'operator', DEMO_PASSWORD);
    expect(operator).toContain('__Secure-');
    // nginx spreads these over both instances; each answers from the one session.
    for (let i = 0; i < 6; i++) expect((await get(`${nginx.baseUrl}/api/alerts?state=open&limit=5`, operator)).status).toBe(200);
    for (const instance of [a, b]) expect((await get(`${instance.baseUrl}/api/alerts?state=open&limit=5`, operator)).status).toBe(200);
    // The second instance's queries went through PgBouncer.
    expect(bouncer.log()).toContain(`db=${new URL(a.databaseUrl!).pathname.slice(1)}`);
    const page = await get(`${nginx.baseUrl}/alerts`, operator);
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toContain('max-age=');
    expect(page.headers.get('content-security-policy')).toContain('nonce-');

    // Acknowledged through nginx; the same stale version sent straight to either instance is refused.
    const { groups } = (await (await get(`${nginx.baseUrl}/api/alerts?state=open&limit=5`, operator)).json()) as { groups: { id: string; version: number }[] };
    const group = groups[0]!;
    const ack = await fetch(`${nginx.baseUrl}/api/alerts/${group.id}/transitions`, { method: 'POST', headers: { cookie: operator, 'Content-Type': 'application/json', Origin: nginx.baseUrl }, body: JSON.stringify({ action: 'acknowledge', version: group.version }) });
    expect(ack.status).toBe(200);
    for (const instance of [a, b]) {
      const stale = await fetch(`${instance.baseUrl}/api/alerts/${group.id}/transitions`, { method: 'POST', headers: { cookie: operator, 'Content-Type': 'application/json', Origin: nginx.baseUrl }, body: JSON.stringify({ action: 'acknowledge', version: group.version }) });
      expect(stale.status).toBe(409);
    }
  });

  it('throttles sign-in by the client address nginx passes on, not one the client claims, across both instances', async () => {
    const admin = await signInHttp(nginx.baseUrl, 'admin', DEMO_PASSWORD);
    // Ten failures spread over both instances lock the account on both.
    for (let i = 0; i < 10; i++) expect(await signInFrom('127.0.0.7', 'leader', 'wrong', '6.6.6.6')).toBeNull();
    expect(await signInFrom('127.0.0.7', 'leader', DEMO_PASSWORD, '6.6.6.6')).toBeNull();
    const audit = (await (await get(`${nginx.baseUrl}/api/audit?action=auth.sign_in_failed&actor=leader`, admin)).json()) as { entries: { ip: string }[] };
    expect(audit.entries.length).toBeGreaterThanOrEqual(10);
    // The address the client connected to nginx from: neither nginx's own nor the forged header.
    expect(new Set(audit.entries.map((e) => e.ip))).toEqual(new Set(['127.0.0.7']));
  });

  it('keeps a live stream whole when the instance serving it is killed: the browser reconnects with Last-Event-ID', async () => {
    const admin = await signInHttp(nginx.baseUrl, 'admin', DEMO_PASSWORD);
    const cameras = (await (await get(`${nginx.baseUrl}/api/layers/cameras`, admin)).json()) as { features: { id: string; properties: { code: string; bearingDeg: number } }[] };
    const z1 = cameras.features.find((f) => f.properties.code === 'CAM-Z1-2')!;
    const created = await fetch(`${nginx.baseUrl}/api/devices`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json', origin: nginx.baseUrl }, body: JSON.stringify({ name: 'deployment box', cameraIds: [z1.id] }) });
    const { key } = (await created.json()) as { key: string };
    const sent: string[] = [];
    const post = async () => {
      const id = `dep-${randomUUID()}`;
      const res = await fetch(`${nginx.baseUrl}/api/ingest/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify([{ id, cameraId: z1.id, observedAt: new Date(Date.now() - 2_000).toISOString(), class: 'animal', confidence: 0.8, count: 1, trackId: id, position: { bearingDeg: z1.properties.bearingDeg, rangeM: 50 } }]),
      });
      // Acknowledged by whichever instance nginx chose: from then on it must reach the browser.
      if (res.status === 200) sent.push(id);
    };

    // Opened one after another, nginx's round robin puts them on both instances.
    const streams: SseClient[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        streams.push(openSse(nginx.baseUrl, admin, { resume: true }));
        await streams.at(-1)!.ready;
      }
      for (let i = 0; i < 5; i++) await post();
      // One instance crashes (kill -9) and comes back; nginx sends everything to the other meanwhile.
      const restarting = a.restart('SIGKILL');
      for (let i = 0; i < 10; i++) {
        await post();
        await new Promise((r) => setTimeout(r, 300));
      }
      await restarting;
      for (let i = 0; i < 5; i++) await post();
      expect(sent.length).toBeGreaterThanOrEqual(15);
      for (const stream of streams) {
        await expect.poll(() => sent.filter((id) => !stream.messages().some((m) => m.event === 'detections' && m.data.includes(id))), { timeout: 20_000 }).toEqual([]);
        // Each event once, in order, whichever instance sent it.
        const ids = stream.eventIds();
        expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
      }
      // The streams on the killed instance came back through nginx.
      expect(streams.filter((s) => s.connections() >= 2).length).toBeGreaterThanOrEqual(1);
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('serves camera segments from nginx after Vigil allows them: one camera fetch for ten viewers, nothing of the camera in the answer', async () => {
    const admin = await signInHttp(nginx.baseUrl, 'admin', DEMO_PASSWORD);
    const operator = await signInHttp(nginx.baseUrl, 'operator', DEMO_PASSWORD);
    const created = await fetch(`${nginx.baseUrl}/api/cameras`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie: admin, Origin: nginx.baseUrl },
      body: JSON.stringify({ name: 'deployment camera', kind: 'fixed', lon: 107.9, lat: 21.5, bearingDeg: 0, fovDeg: 60, rangeM: 100, streamUrl: camera.url, streamUsername: 'cam', streamPassword: 's3cret-pass', agencyId: 'bdbp-qn' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    deploymentCamera = id;

    // The worker, not the web instances (JOBS=off), polls the camera and finds it live.
    await expect.poll(async () => ((await (await get(`${nginx.baseUrl}/api/cameras/${id}/health`, operator)).json()) as { status: string }).status, { timeout: 30_000 }).toBe('live');
    expect(workerLog).toContain('Vigil worker running');

    const entry = await (await get(`${nginx.baseUrl}/api/cameras/${id}/hls/index.m3u8`, operator)).text();
    const mediaPath = entry.split('\n').find((l) => l.startsWith('/api/'))!;
    const media = await (await get(`${nginx.baseUrl}${mediaPath}`, operator)).text();
    const segmentPath = media.split('\n').filter((l) => l.startsWith('/api/')).at(-1)!;
    const upstreamName = (n: string) => camera.fetches.get(n) ?? 0;
    const before = new Map(camera.fetches);

    const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${nginx.baseUrl}${segmentPath}`, operator)));
    const bodies = await Promise.all(answers.map(async (r) => Buffer.from(await r.arrayBuffer())));
    for (const [i, res] of answers.entries()) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('video/mp2t');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(bodies[i]![0]).toBe(0x47);
      expect(bodies[i]!.equals(bodies[0]!)).toBe(true);
      const headers = JSON.stringify([...res.headers]);
      expect(headers).not.toMatch(/x-vigil|x-accel|s3cret|127\.0\.0\.1:\d+\/live/i);
    }
    const fetched = [...camera.fetches].filter(([n, count]) => n.endsWith('.ts') && count > (before.get(n) ?? 0));
    // Ten viewers of one segment: one fetch from the camera.
    expect(fetched).toHaveLength(1);
    expect(upstreamName(fetched[0]![0]) - (before.get(fetched[0]![0]) ?? 0)).toBe(1);

    // Straight to an instance (no nginx, so no accel key): the instance streams the segment itself.
    const direct = await get(`${a.baseUrl}${segmentPath}`, operator, { 'X-Vigil-Accel-Key': 'not-the-key' });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('x-accel-redirect')).toBeNull();
    expect(Buffer.from(await direct.arrayBuffer()).equals(bodies[0]!)).toBe(true);

    // A segment URL issued to another user is refused by Vigil before nginx fetches anything.
    const planner = await signInHttp(nginx.baseUrl, 'planner', DEMO_PASSWORD);
    expect((await get(`${nginx.baseUrl}${segmentPath}`, planner)).status).toBe(403);
  });

  it('plays that camera in a browser signed in through nginx: frames decoded, every segment sent by nginx', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      const segments: { status: number; headers: Record<string, string> }[] = [];
      page.on('response', (res) => {
        if (new URL(res.url()).pathname.includes('/hls/') && !res.url().includes('.m3u8')) segments.push({ status: res.status(), headers: res.headers() });
      });
      await signIn(page, nginx.baseUrl, 'operator', DEMO_PASSWORD, null);
      await openCameraDetails(page, nginx.baseUrl, deploymentCamera, [107.9, 21.5]);
      await page.waitForFunction(() => document.querySelector('[data-testid="camera-player"]')?.getAttribute('data-state') === 'live', null, { timeout: 60_000 });
      const sample = () => page.evaluate(() => ({ t: document.querySelector('video')!.currentTime, frames: document.querySelector('video')!.getVideoPlaybackQuality().totalVideoFrames }));
      const first = await sample();
      await page.waitForFunction((t0) => document.querySelector('video')!.currentTime > t0 + 1.5, first.t, { timeout: 20_000 });
      expect((await sample()).frames).toBeGreaterThan(first.frames);
      // The segments came from nginx's hand-over: its type and headers, nothing of Vigil's or the camera's.
      expect(segments.length).toBeGreaterThan(0);
      for (const segment of segments) {
        expect(segment.status).toBe(200);
        expect(segment.headers['x-content-type-options']).toBe('nosniff');
        expect(JSON.stringify(segment.headers)).not.toMatch(/x-vigil|x-accel|s3cret/i);
      }
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('sends heavy reads to the replica, and to the primary while the replica lags or is down', async () => {
    // (The leader's account is locked by the throttling test above: the operator searches.)
    const operator = await signInHttp(nginx.baseUrl, 'operator', DEMO_PASSWORD);
    const admin = await signInHttp(nginx.baseUrl, 'admin', DEMO_PASSWORD);
    const cameras = (await (await get(`${nginx.baseUrl}/api/layers/cameras`, admin)).json()) as { features: { id: string; properties: { code: string; bearingDeg: number } }[] };
    const z1 = cameras.features.find((f) => f.properties.code === 'CAM-Z1-2')!;
    const created = await fetch(`${nginx.baseUrl}/api/devices`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json', origin: nginx.baseUrl }, body: JSON.stringify({ name: 'replica box', cameraIds: [z1.id] }) });
    const { key } = (await created.json()) as { key: string };
    const send = async (id: string) => {
      const res = await fetch(`${nginx.baseUrl}/api/ingest/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify([{ id, cameraId: z1.id, observedAt: new Date(Date.now() - 1_000).toISOString(), class: 'vehicle', confidence: 0.9, count: 1, trackId: id, position: { bearingDeg: z1.properties.bearingDeg, rangeM: 60 } }]),
      });
      expect(res.status).toBe(200);
    };
    /** The search of the last hour at that camera, through nginx: the event ids it lists. */
    const search = async () => {
      const q = new URLSearchParams({ kind: 'detections', camera: z1.id, from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), limit: '500' });
      const res = await get(`${nginx.baseUrl}/api/activity?${q}`, operator);
      expect(res.status).toBe(200);
      return JSON.stringify(await res.json());
    };
    const onReplica = async (id: string) => (await replica.query<{ n: number }>(`SELECT count(*)::int AS n FROM detections WHERE event_id = '${id}'`))[0]!.n;
    /** Scans of the detections' partitions the replica itself has run (its own statistics: only reads served there count). */
    const replicaScans = async () =>
      Number((await replica.query<{ n: string }>(`SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::text AS n FROM pg_stat_user_tables WHERE relname LIKE 'detections%'`))[0]!.n);

    // Current: the search is answered from the replica.
    const first = `rep-${randomUUID()}`;
    await send(first);
    await expect.poll(() => onReplica(first), { timeout: 15_000 }).toBe(1);
    const scansBefore = await replicaScans();
    await expect.poll(async () => (await search()).includes(first), { timeout: 15_000 }).toBe(true);
    // A backend reports its statistics when idle, within about ten seconds.
    await expect.poll(replicaScans, { timeout: 20_000, interval: 1_000 }).toBeGreaterThan(scansBefore);

    // Replay paused: the replica falls behind, and a new event is still found — by the primary.
    await replica.query('SELECT pg_wal_replay_pause()');
    const second = `rep-${randomUUID()}`;
    await send(second);
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await onReplica(second)).toBe(0);
    expect(await search()).toContain(second);

    // Down: reads go on, from the primary; back, it catches up and serves again.
    await replica.query('SELECT pg_wal_replay_resume()');
    await replica.stop();
    const third = `rep-${randomUUID()}`;
    await send(third);
    for (let i = 0; i < 4; i++) expect(await search()).toContain(third);
    await replica.start();
    await expect.poll(() => onReplica(third), { timeout: 30_000 }).toBe(1);
  });
});
