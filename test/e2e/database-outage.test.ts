import { createServer, Socket, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';

// The database going away under signed-in users (the server engine, reached through a TCP relay
// this test can cut): every API answers 503 with Retry-After — the session lookup included —
// never 500; pages say the database is briefly away; nothing the requests carried (session
// ids) reaches the log; and all is well again once the database is back.

let relay: Server;
let relayPort = 0;
let up = true;
const sockets = new Set<Socket>();
let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  const target = new URL(process.env.DATABASE_URL);
  relay = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayPort = (relay.address() as { port: number }).port;
  server = await startServer({}, { connectVia: (url) => Object.assign(new URL(url), { hostname: '127.0.0.1', port: String(relayPort) }).toString() });
  cookie = await signInHttp(server.baseUrl, 'operator', DEMO_PASSWORD);
}, 600_000);

afterAll(async () => {
  up = true;
  await server?.stop();
  relay?.close();
});

const cut = () => {
  up = false;
  for (const s of sockets) s.destroy();
};

describe.runIf(Boolean(process.env.DATABASE_URL))('with the database unreachable', () => {
  it('answers 503 with Retry-After, never 500, keeps ids out of the log, and recovers', async () => {
    const get = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    expect((await get('/api/alerts')).status).toBe(200);
    // The session row this cookie names, which must not reach the log.
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ id: string }>(`SELECT s.id FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'operator' ORDER BY s.created_at DESC LIMIT 1`);
    await db.end();
    const sessionId = rows[0]!.id;

    cut();
    // Past the 5 s session cache: the session lookup itself must meet the outage.
    await new Promise((r) => setTimeout(r, 5_500));
    for (const path of ['/api/alerts', '/api/alerts/summary', '/api/layers/cameras', '/api/activity?kind=detections']) {
      const res = await get(path);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after'), path).toBe('5');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    }
    const action = await fetch(`${server.baseUrl}/api/alerts/00000000-0000-4000-8000-000000000000/transitions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify({ action: 'acknowledge', version: 1 }),
    });
    expect(action.status).toBe(503);
    // A page sends its reader to the page that says so and comes back.
    const page = await get('/alerts');
    expect([302, 303, 307]).toContain(page.status);
    expect(page.headers.get('location')).toMatch(/\/unavailable\?next=%2Falerts/);

    up = true;
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await get('/api/alerts')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
    expect(server.output()).toContain('database unavailable');
    expect(server.output()).not.toContain(sessionId);
    expect(server.output()).not.toMatch(/params:/);
  }, 180_000);
});
