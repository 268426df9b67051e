import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import { launchChromium, watchPageProblems, signedInContext } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';

// Sign-in, sessions and requests as an attacker would try them, against the real server.

let server: RunningServer;
let admin: string;

const api = (path: string, init: RequestInit & { cookie?: string } = {}) =>
  fetch(`${server.baseUrl}${path}`, { ...init, redirect: 'manual', headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers as Record<string, string>) } });
const sendJson = (path: string, cookie: string, body: unknown, method = 'POST') =>
  api(path, { method, cookie, headers: { 'Content-Type': 'application/json', Origin: server.baseUrl }, body: JSON.stringify(body) });

/** A fresh account, so tests that change or lock it touch nobody else. */
async function newUser(role = 'operator'): Promise<{ username: string; password: string; id: string }> {
  const username = `u-${randomUUID().slice(0, 8)}`;
  const password = `Pass-${randomUUID()}`;
  const res = await sendJson('/api/users', admin, { username, displayName: username, role, agencyId: 'ubnd-mongcai', provinceCode: 'VN-13', password });
  expect(res.status).toBe(201);
  return { username, password, id: ((await res.json()) as { id: string }).id };
}

async function signOut(cookie: string): Promise<number> {
  const csrf = (await (await api('/api/auth/csrf', { cookie })).json()) as { csrfToken: string };
  const res = await api('/api/auth/signout', { method: 'POST', cookie, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: 'true' }) });
  return res.status;
}

beforeAll(async () => {
  server = await startServer();
  admin = await signInHttp(server.baseUrl, 'admin', DEMO_PASSWORD);
}, 600_000);
afterAll(async () => {
  await server?.stop();
});

describe('sessions end on the server', () => {
  it('an old cookie is refused after sign-out, and the sign-out is audited', async () => {
    const user = await newUser();
    const cookie = await signInHttp(server.baseUrl, user.username, user.password);
    expect((await api('/api/layers/zones', { cookie })).status).toBe(200);
    expect(await signOut(cookie)).toBe(200);
    expect((await api('/api/layers/zones', { cookie })).status).toBe(401);
    expect((await api('/map', { cookie })).status).toBe(307);
    const audit = (await (await api(`/api/audit?action=auth.sign_out&actor=${encodeURIComponent(user.username)}`, { cookie: admin })).json()) as { entries: unknown[] };
    expect(audit.entries).toHaveLength(1);
  });

  it('a sign-out from another site is refused and the session goes on', async () => {
    const user = await newUser();
    const cookie = await signInHttp(server.baseUrl, user.username, user.password);
    // A page elsewhere posting the form, with or without the token it cannot read.
    const foreign: Record<string, string>[] = [{ Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'http://127.0.0.1:1' }];
    for (const headers of foreign) {
      const res = await api('/api/auth/signout', { method: 'POST', cookie, headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ json: 'true' }) });
      expect(res.status).toBe(403);
    }
    expect((await api('/api/layers/zones', { cookie })).status).toBe(200);
    expect(await signOut(cookie)).toBe(200);
  });

  it('a password change ends every session of the account, this one included', async () => {
    const user = await newUser();
    const [a, b] = [await signInHttp(server.baseUrl, user.username, user.password), await signInHttp(server.baseUrl, user.username, user.password)];
    const changed = await sendJson('/api/account/password', a, { currentPassword: user.password, newPassword: 'A-brand-new-passphrase' });
    expect(changed.status).toBe(200);
    expect((await api('/api/layers/zones', { cookie: a })).status).toBe(401);
    expect((await api('/api/layers/zones', { cookie: b })).status).toBe(401);
    expect(await signInHttp(server.baseUrl, user.username, 'A-brand-new-passphrase')).toContain('session-token');
  });

  it('disabling an account ends its open live stream', async () => {
    const user = await newUser();
    const cookie = await signInHttp(server.baseUrl, user.username, user.password);
    const res = await api('/api/events', { cookie });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // connected
    expect((await sendJson(`/api/users/${user.id}`, admin, { disabled: true }, 'PATCH')).status).toBe(200);
    // The stream checks its session every few seconds and then ends.
    const ended = (async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) return true;
      }
    })();
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 20_000));
    expect(await Promise.race([ended, timeout])).toBe(true);
    expect((await api('/api/layers/zones', { cookie })).status).toBe(401);
  });
});

describe('sign-in', () => {
  it('is throttled after 10 failures for an account, even with the right password next', async () => {
    const user = await newUser();
    for (let i = 0; i < 10; i++) await expect(signInHttp(server.baseUrl, user.username, 'wrong')).rejects.toThrow(/failed/);
    await expect(signInHttp(server.baseUrl, user.username, user.password)).rejects.toThrow(/failed/);
    const audit = (await (await api(`/api/audit?action=auth.sign_in_throttled&actor=${user.username}`, { cookie: admin })).json()) as { entries: { ip: string }[] };
    expect(audit.entries).toHaveLength(1);
  }, 120_000);

  it('records the connection’s address, not one a client claims in X-Forwarded-For', async () => {
    const user = await newUser();
    await signInHttp(server.baseUrl, user.username, user.password, { 'X-Forwarded-For': '6.6.6.6' });
    const audit = (await (await api(`/api/audit?action=auth.sign_in&actor=${user.username}`, { cookie: admin })).json()) as { entries: { action: string; ip: string }[] };
    expect(audit.entries.find((e) => e.action === 'auth.sign_in')?.ip).toBe('127.0.0.1');
  });

  it.each(['/%5Cevil.example', '/%09/evil.example', '//evil.example', 'https://evil.example/'])('never sends a signed-in user to %s', async (target) => {
    const res = await api(`/login?callbackUrl=${target}`, { cookie: admin });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('requests from elsewhere', () => {
  it('refuses a state change from another origin (another port of this host) or sent as a form', async () => {
    const cameras = (await (await api('/api/layers/cameras', { cookie: admin })).json()) as { features: { id: string }[] };
    const target = cameras.features[0]!.id;
    const otherPort = server.baseUrl.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`);
    const crossSite = await api(`/api/cameras/${target}/retire`, { method: 'POST', cookie: admin, headers: { Origin: otherPort, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    const form = await api('/api/devices', { method: 'POST', cookie: admin, headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ name: 'forged', cameraIds: [target] }) });
    expect(form.status).toBe(415);
    const after = (await (await api('/api/layers/cameras', { cookie: admin })).json()) as { features: { id: string }[] };
    expect(after.features.map((f) => f.id)).toContain(target);
    const devices = (await (await api('/api/devices', { cookie: admin })).json()) as { devices: { name: string }[] };
    expect(devices.devices.map((d) => d.name)).not.toContain('forged');
  });

  it('serves pages under a nonce Content-Security-Policy that the map and player work under', async () => {
    const res = await api('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // The map renders with no policy violation (a violation is a console error).
    const browser = await launchChromium();
    try {
      const page = await (await signedInContext(browser, 'operator')).newPage();
      const problems = watchPageProblems(page);
      await page.goto(`${server.baseUrl}/map`);
      await page.waitForFunction(() => window.__vigil?.ready === true, null, { timeout: 60_000 });
      expect(problems.filter((p) => /Content Security Policy|violates/i.test(p))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('keeps upstream error details from everyone but administrators', async () => {
    const operator = await signInHttp(server.baseUrl, 'operator', DEMO_PASSWORD);
    const poll = async (cookie: string) => ((await (await api('/api/cameras', { cookie })).json()) as { cameras: { code: string; lastError: string | null; lastErrorCode: string | null }[] }).cameras.find((c) => c.code === 'CAM-RB-05');
    await expect.poll(async () => (await poll(admin))?.lastErrorCode, { timeout: 30_000 }).toBe('http');
    expect((await poll(admin))?.lastError).toMatch(/HTTP 503/);
    expect(await poll(operator)).toMatchObject({ lastErrorCode: 'http', lastError: null });
  });
});

describe.runIf(!process.env.DATABASE_URL)('the embedded engine', () => {
  it('refuses a second npm start on the same data folder, naming the folder and the holder', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: server.dataDir, PORT: '0', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(`The data folder ${server.dataDir} is in use by process`);
  }, 120_000);
});

// Last in this file: the guessing below locks this address for unknown browsers for 15 minutes.
describe('sign-in under a guessing attack', () => {
  /** The credentials flow as a browser runs it, with the cookies that browser holds; the cookies it is given back. */
  async function browserSignIn(username: string, password: string, jar: string[]): Promise<{ ok: boolean; cookies: string[] }> {
    const csrfRes = await fetch(`${server.baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrf = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const res = await api('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: [...csrf, ...jar].join('; '), Origin: server.baseUrl },
      body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
    });
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    return { ok: cookies.some((c) => /session-token=./.test(c)), cookies };
  }

  it('gives a browser the cookie of the account that signed in, whatever the form repeats', async () => {
    const [victim, attacker] = [await newUser(), await newUser()];
    const csrfRes = await fetch(`${server.baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const body = `csrfToken=${encodeURIComponent(csrfToken)}&username=${victim.username}&username=${attacker.username}&password=${encodeURIComponent(attacker.password)}&json=true`;
    const res = await api('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), Origin: server.baseUrl },
      body,
    });
    const devices = res.headers.getSetCookie().filter((c) => c.startsWith('vigil-device-'));
    // Whichever of the two the library took, the cookie names that account and no other.
    expect(devices).toHaveLength(1);
    const session = (await (await api('/api/auth/session', { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') })).json()) as { user?: { id: string } };
    const who = [victim, attacker].find((u) => u.id === session.user?.id)!;
    expect(who).toBeDefined();
    // The cookie a plain sign-in as that account gets has the same name: it is that account's.
    const first = await browserSignIn(who.username, who.password, []);
    expect(first.cookies.find((c) => c.startsWith('vigil-device-'))!.split('=')[0]).toBe(devices[0]!.split('=')[0]);
  });

  it('1,000 wrong passwords from one address do not stop the officer’s usual browser, and the device cookie is the key', async () => {
    const user = await newUser();
    const first = await browserSignIn(user.username, user.password, []);
    expect(first.ok).toBe(true);
    const device = first.cookies.filter((c) => c.startsWith('vigil-device-'));
    expect(device).toHaveLength(1);
    for (let i = 0; i < 1_000; i += 25) {
      await Promise.all(Array.from({ length: 25 }, () => browserSignIn(user.username, 'a wrong guess', [])));
    }
    // An unknown browser is refused even with the right password; the usual one signs in.
    expect((await browserSignIn(user.username, user.password, [])).ok).toBe(false);
    expect((await browserSignIn(user.username, user.password, device)).ok).toBe(true);
    const failed = (await (await api(`/api/audit?action=auth.sign_in_failed&actor=${user.username}&limit=500`, { cookie: admin })).json()) as { entries: unknown[] };
    expect(failed.entries.length).toBeLessThanOrEqual(10);
  }, 300_000);
});
