import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '@/db/seed';
import { roleAllows, type Action } from '@/lib/auth/permissions';
import type { Role } from '@/db/schema';
import { startNginx, type RunningNginx } from '@/test/support/nginx';
import { freePort, startServer, type RunningServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';

// Every API route and method, for every role and for nobody, over real HTTP, compared with the
// permission module: a role the module refuses gets 403, nobody gets 401, a role it allows gets
// past authorization (whatever the handler then says about the input). The table must name
// every route file's every method, so a new route cannot be added without being walked here.

let server: RunningServer;
/** On the server engine the walk goes through the reference deployment's nginx (TLS, deploy/nginx/vigil.conf). */
const VIA_NGINX = Boolean(process.env.DATABASE_URL);
let nginx: RunningNginx | undefined;
/** Where every request of the walk goes: nginx, or the instance itself. */
let base: string;
const cookies = new Map<Role, string>();
/** Each role's personal API token: accepted only by the routes marked `token`. */
const apiTokens = new Map<Role, string>();
let deviceKey: string;
/** A camera of the health department: in every demo role's province, and the viewer's agency. */
let ownCamera: string;
/** A border guard camera: outside the health department viewer's agency. */
let borderCamera: string;
let borderDetection: number;
let borderCrossing: number;
let someUser: string;

type Auth = Action | 'device' | 'device-or-session' | 'public' | 'next-auth';
interface RouteCase {
  /** The route as its folder names it, e.g. /api/cameras/[id]/health. */
  route: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  auth: Auth;
  url: () => string;
  body?: unknown;
  /** The route also accepts a personal API token (apiRoute's allowApiToken): GIS clients' routes only. */
  token?: true;
}

const nowhere = randomUUID();
const CASES: RouteCase[] = [
  { route: '/api/account/password', method: 'POST', auth: 'account:self', url: () => '/api/account/password', body: {} },
  { route: '/api/alerts', method: 'GET', auth: 'alert:read', url: () => '/api/alerts?state=open&limit=5' },
  { route: '/api/alerts/[id]', method: 'GET', auth: 'alert:read', url: () => `/api/alerts/${nowhere}` },
  { route: '/api/alerts/[id]/transitions', method: 'POST', auth: 'alert:handle', url: () => `/api/alerts/${nowhere}/transitions`, body: {} },
  { route: '/api/alerts/[id]/evidence', method: 'POST', auth: 'alert:handle', url: () => `/api/alerts/${nowhere}/evidence`, body: {} },
  { route: '/api/alerts/[id]/evidence-package', method: 'GET', auth: 'evidence:export', url: () => `/api/alerts/${nowhere}/evidence-package` },
  { route: '/api/alerts/[id]/dispatch-suggestions', method: 'GET', auth: 'alert:handle', url: () => `/api/alerts/${nowhere}/dispatch-suggestions` },
  { route: '/api/alerts/summary', method: 'GET', auth: 'alert:read', url: () => '/api/alerts/summary' },
  { route: '/api/alerts/map', method: 'GET', auth: 'alert:read', url: () => '/api/alerts/map' },
  { route: '/api/alerts/escalation', method: 'GET', auth: 'alert:read', url: () => '/api/alerts/escalation' },
  { route: '/api/alerts/escalation', method: 'PUT', auth: 'alert:policy', url: () => '/api/alerts/escalation', body: {} },
  { route: '/api/dispatches/[id]/report', method: 'POST', auth: 'alert:handle', url: () => `/api/dispatches/${nowhere}/report`, body: {} },
  { route: '/api/tips', method: 'POST', auth: 'tip:write', url: () => '/api/tips', body: {} },
  { route: '/api/teams', method: 'POST', auth: 'roster:write', url: () => '/api/teams', body: {} },
  { route: '/api/teams/[id]', method: 'PATCH', auth: 'roster:write', url: () => `/api/teams/${nowhere}`, body: {} },
  { route: '/api/roster', method: 'GET', auth: 'roster:read', url: () => '/api/roster?days=1' },
  { route: '/api/roster', method: 'PUT', auth: 'roster:write', url: () => '/api/roster', body: {} },
  { route: '/api/roster/now', method: 'GET', auth: 'roster:read', url: () => '/api/roster/now' },
  { route: '/api/overview', method: 'GET', auth: 'overview:read', url: () => '/api/overview' },
  { route: '/api/situation-reports', method: 'GET', auth: 'sitrep:read', url: () => '/api/situation-reports' },
  { route: '/api/situation-reports', method: 'POST', auth: 'sitrep:write', url: () => '/api/situation-reports', body: { shiftIndex: 99 } },
  { route: '/api/situation-reports/[id]', method: 'GET', auth: 'sitrep:read', url: () => `/api/situation-reports/${nowhere}` },
  { route: '/api/situation-reports/[id]', method: 'PATCH', auth: 'sitrep:write', url: () => `/api/situation-reports/${nowhere}`, body: {} },
  { route: '/api/situation-reports/[id]/sign', method: 'POST', auth: 'sitrep:write', url: () => `/api/situation-reports/${nowhere}/sign`, body: {} },
  { route: '/api/situation-reports/[id]/pdf', method: 'GET', auth: 'sitrep:read', url: () => `/api/situation-reports/${nowhere}/pdf` },
  { route: '/api/activity', method: 'GET', auth: 'detection:read', url: () => '/api/activity?kind=crossings&limit=1' },
  { route: '/api/activity/[kind]/[id]', method: 'GET', auth: 'detection:read', url: () => '/api/activity/detections/1' },
  { route: '/api/activity/[kind]/[id]/snapshot', method: 'GET', auth: 'detection:read', url: () => '/api/activity/detections/1/snapshot' },
  { route: '/api/activity/export', method: 'GET', auth: 'detection:export', url: () => '/api/activity/export?kind=crossings&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z' },
  { route: '/api/activity/heatmap', method: 'GET', auth: 'detection:read', url: () => '/api/activity/heatmap?kind=crossings' },
  { route: '/api/activity/points', method: 'GET', auth: 'detection:read', url: () => '/api/activity/points?bbox=107.9,21.5,108.0,21.6&zoom=14' },
  { route: '/api/activity/tiles/[z]/[x]/[y]', method: 'GET', auth: 'detection:read', url: () => '/api/activity/tiles/14/13101/7215' },
  { route: '/api/audit', method: 'GET', auth: 'audit:read', url: () => '/api/audit?limit=1' },
  { route: '/api/auth/[...nextauth]', method: 'GET', auth: 'next-auth', url: () => '/api/auth/csrf' },
  { route: '/api/auth/[...nextauth]', method: 'POST', auth: 'next-auth', url: () => '/api/auth/signout' },
  { route: '/api/basemap/pmtiles', method: 'GET', auth: 'map:view', url: () => '/api/basemap/pmtiles' },
  { route: '/api/border/km', method: 'GET', auth: 'layer:read', url: () => '/api/border/km?lon=107.9&lat=21.5' },
  { route: '/api/border/km-markers', method: 'GET', auth: 'layer:read', url: () => '/api/border/km-markers' },
  { route: '/api/plans/[layer]', method: 'POST', auth: 'zone:write', url: () => '/api/plans/zones', body: {} },
  { route: '/api/plans/[layer]/[id]', method: 'GET', auth: 'layer:read', url: () => `/api/plans/zones/${nowhere}` },
  { route: '/api/plans/[layer]/[id]', method: 'PATCH', auth: 'checkpoint:write', url: () => `/api/plans/posts/${nowhere}`, body: {} },
  { route: '/api/plans/[layer]/[id]', method: 'DELETE', auth: 'zone:write', url: () => `/api/plans/routes/${nowhere}?baseVersion=1` },
  { route: '/api/plans/[layer]/[id]/versions', method: 'GET', auth: 'layer:read', url: () => `/api/plans/zones/${nowhere}/versions` },
  { route: '/api/plans/[layer]/[id]/restore', method: 'POST', auth: 'zone:write', url: () => `/api/plans/zones/${nowhere}/restore`, body: {} },
  { route: '/api/plans/[layer]/validate', method: 'POST', auth: 'zone:write', url: () => '/api/plans/zones/validate', body: {} },
  { route: '/api/plans/[layer]/import', method: 'POST', auth: 'checkpoint:write', url: () => '/api/plans/posts/import', body: {} },
  { route: '/api/coverage', method: 'GET', auth: 'layer:read', url: () => '/api/coverage?period=night' },
  { route: '/api/coverage/preview', method: 'POST', auth: 'zone:write', url: () => '/api/coverage/preview', body: {} },
  { route: '/api/cameras', method: 'GET', auth: 'camera:read', url: () => '/api/cameras' },
  { route: '/api/cameras', method: 'POST', auth: 'camera:write', url: () => '/api/cameras', body: {} },
  { route: '/api/cameras/[id]', method: 'PATCH', auth: 'camera:write', url: () => `/api/cameras/${nowhere}`, body: {} },
  { route: '/api/cameras/[id]/health', method: 'GET', auth: 'camera:read', url: () => `/api/cameras/${ownCamera}/health` },
  { route: '/api/cameras/[id]/hls/[...path]', method: 'GET', auth: 'camera:stream', url: () => `/api/cameras/${ownCamera}/hls/index.m3u8` },
  { route: '/api/cameras/[id]/recordings', method: 'GET', auth: 'recording:play', url: () => `/api/cameras/${ownCamera}/recordings` },
  { route: '/api/cameras/[id]/recordings/[...path]', method: 'GET', auth: 'recording:play', url: () => `/api/cameras/${ownCamera}/recordings/playlist.m3u8?from=2020-01-01T00:00:00Z` },
  { route: '/api/cameras/[id]/retire', method: 'POST', auth: 'camera:write', url: () => `/api/cameras/${nowhere}/retire`, body: {} },
  { route: '/api/devices', method: 'GET', auth: 'device:manage', url: () => '/api/devices' },
  { route: '/api/devices', method: 'POST', auth: 'device:manage', url: () => '/api/devices', body: {} },
  { route: '/api/devices/[id]', method: 'DELETE', auth: 'device:manage', url: () => `/api/devices/${nowhere}` },
  { route: '/api/events', method: 'GET', auth: 'account:self', url: () => '/api/events' },
  { route: '/api/geo/border-distance', method: 'GET', auth: 'reference:read', url: () => '/api/geo/border-distance?lon=107.9&lat=21.5' },
  { route: '/api/health', method: 'GET', auth: 'public', url: () => '/api/health' },
  { route: '/api/ingest/cameras', method: 'GET', auth: 'device', url: () => '/api/ingest/cameras' },
  { route: '/api/ingest/events', method: 'POST', auth: 'device', url: () => '/api/ingest/events', body: [] },
  { route: '/api/layers', method: 'GET', auth: 'layer:read', url: () => '/api/layers' },
  { route: '/api/layers/[layer]', method: 'GET', auth: 'camera:read', url: () => '/api/layers/cameras' },
  { route: '/api/openapi.json', method: 'GET', auth: 'device-or-session', url: () => '/api/openapi.json' },
  { route: '/api/search', method: 'GET', auth: 'map:view', url: () => '/api/search?q=mong%20cai' },
  { route: '/api/users', method: 'GET', auth: 'user:manage', url: () => '/api/users' },
  { route: '/api/users', method: 'POST', auth: 'user:manage', url: () => '/api/users', body: {} },
  { route: '/api/users/[id]', method: 'PATCH', auth: 'user:manage', url: () => `/api/users/${nowhere}`, body: {} },
  { route: '/api/users/[id]/unlock', method: 'POST', auth: 'user:manage', url: () => `/api/users/${nowhere}/unlock`, body: {} },
  { route: '/api/reports/verify', method: 'POST', auth: 'signature:verify', url: () => '/api/reports/verify', body: {} },
  { route: '/api/evidence/verify', method: 'POST', auth: 'signature:verify', url: () => '/api/evidence/verify', body: {} },
  { route: '/api/signing/keys', method: 'GET', auth: 'signature:verify', url: () => '/api/signing/keys' },
  { route: '/api/walls', method: 'GET', auth: 'camera:stream', url: () => '/api/walls' },
  { route: '/api/walls', method: 'PUT', auth: 'camera:stream', url: () => '/api/walls', body: {} },
  { route: '/api/walls', method: 'DELETE', auth: 'camera:stream', url: () => '/api/walls?name=never-saved' },
  { route: '/api/tokens', method: 'GET', auth: 'account:self', url: () => '/api/tokens' },
  { route: '/api/tokens', method: 'POST', auth: 'account:self', url: () => '/api/tokens', body: {} },
  { route: '/api/tokens/[id]', method: 'DELETE', auth: 'account:self', url: () => `/api/tokens/${nowhere}` },
  { route: '/api/facilities', method: 'GET', auth: 'facility:read', url: () => '/api/facilities?status=connected' },
  { route: '/api/facilities', method: 'POST', auth: 'facility:write', url: () => '/api/facilities', body: {} },
  { route: '/api/facilities/[id]', method: 'GET', auth: 'facility:read', url: () => `/api/facilities/${nowhere}` },
  { route: '/api/facilities/[id]', method: 'PATCH', auth: 'facility:write', url: () => `/api/facilities/${nowhere}`, body: {} },
  { route: '/api/facilities/[id]/contacts', method: 'POST', auth: 'facility:write', url: () => `/api/facilities/${nowhere}/contacts`, body: {} },
  { route: '/api/facilities/[id]/contacts/[contactId]', method: 'PATCH', auth: 'facility:write', url: () => `/api/facilities/${nowhere}/contacts/${nowhere}`, body: {} },
  { route: '/api/facilities/[id]/contacts/[contactId]', method: 'DELETE', auth: 'facility:write', url: () => `/api/facilities/${nowhere}/contacts/${nowhere}` },
  { route: '/api/facilities/[id]/steps/[step]', method: 'POST', auth: 'facility:progress', url: () => `/api/facilities/${nowhere}/steps/survey`, body: {} },
  { route: '/api/facilities/contacts', method: 'GET', auth: 'facility:read', url: () => '/api/facilities/contacts' },
  { route: '/api/programme', method: 'GET', auth: 'facility:read', url: () => '/api/programme' },
  { route: '/api/programme', method: 'PATCH', auth: 'programme:manage', url: () => '/api/programme', body: { deadline: 'not a date' } },
  { route: '/api/programme/reports', method: 'GET', auth: 'facility:read', url: () => '/api/programme/reports' },
  { route: '/api/programme/reports', method: 'POST', auth: 'programme:manage', url: () => '/api/programme/reports', body: { scope: 'nowhere' } },
  { route: '/api/programme/reports/[id]', method: 'GET', auth: 'facility:read', url: () => `/api/programme/reports/${nowhere}?format=pdf` },
  { route: '/api/export/[collection]', method: 'GET', auth: 'layer:read', url: () => '/api/export/zones?format=csv', token: true },
  { route: '/ogc', method: 'GET', auth: 'map:view', url: () => '/ogc', token: true },
  { route: '/ogc/conformance', method: 'GET', auth: 'map:view', url: () => '/ogc/conformance', token: true },
  { route: '/ogc/api', method: 'GET', auth: 'map:view', url: () => '/ogc/api', token: true },
  { route: '/ogc/collections', method: 'GET', auth: 'map:view', url: () => '/ogc/collections', token: true },
  { route: '/ogc/collections/[collectionId]', method: 'GET', auth: 'layer:read', url: () => '/ogc/collections/zones', token: true },
  { route: '/ogc/collections/[collectionId]/items', method: 'GET', auth: 'camera:read', url: () => '/ogc/collections/cameras/items?limit=1', token: true },
  { route: '/ogc/collections/[collectionId]/items/[featureId]', method: 'GET', auth: 'reference:read', url: () => '/ogc/collections/border/items/no-such-line', token: true },
];

/** Every route file under app/api with the methods it exports. */
function routeFiles(): { route: string; methods: string[] }[] {
  const out: { route: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === 'route.ts') {
        const text = readFileSync(full, 'utf8');
        const methods = new Set<string>();
        for (const m of text.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
        for (const m of text.matchAll(/handler as (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
        out.push({ route: '/' + path.relative('app', path.dirname(full)).split(path.sep).join('/'), methods: [...methods].sort() });
      }
    }
  };
  walk(path.join('app', 'api'));
  walk(path.join('app', 'ogc'));
  return out;
}

const ROLES: Role[] = ['leadership', 'operator', 'planner', 'agency_viewer', 'admin', 'telecom'];
const usernameOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.username;

async function call(c: RouteCase, headers: Record<string, string>): Promise<number> {
  const abort = new AbortController();
  const sendsBody = c.body !== undefined && c.method !== 'GET';
  const res = await fetch(`${base}${c.url()}`, {
    method: c.method,
    redirect: 'manual',
    signal: abort.signal,
    headers: { ...(sendsBody ? { 'Content-Type': 'application/json', Origin: base } : {}), ...headers },
    body: sendsBody ? JSON.stringify(c.body) : undefined,
  });
  abort.abort(); // the event stream never ends by itself
  return res.status;
}

beforeAll(async () => {
  if (VIA_NGINX) {
    // nginx's certificate is self-signed for this test; nothing else in this process makes TLS calls.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    const port = await freePort();
    const accelKey = randomUUID() + randomUUID();
    server = await startServer({ NEXTAUTH_URL: `https://127.0.0.1:${port}`, TRUSTED_PROXIES: '127.0.0.1', VIDEO_ACCEL_KEY: accelKey, SIGN_IN_DELAY_MS: '0' });
    nginx = await startNginx({ port, instances: [new URL(server.baseUrl).host], accelKey });
    base = nginx.baseUrl;
  } else {
    server = await startServer();
    base = server.baseUrl;
  }
  for (const role of ROLES) cookies.set(role, await signInHttp(base, usernameOf(role), DEMO_PASSWORD));
  for (const role of ROLES) {
    const res = await fetch(`${base}/api/tokens`, {
      method: 'POST',
      headers: { cookie: cookies.get(role)!, 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ name: 'authz walker' }),
    });
    apiTokens.set(role, ((await res.json()) as { token: string }).token);
  }
  const admin = cookies.get('admin')!;
  const get = async <T,>(url: string, cookie = admin) => (await (await fetch(`${base}${url}`, { headers: { cookie } })).json()) as T;
  const cams = await get<{ features: { id: string; properties: { agencyId: string | null; code: string } }[] }>('/api/layers/cameras');
  ownCamera = cams.features.find((f) => f.properties.agencyId === 'syt-qn')!.id;
  borderCamera = cams.features.find((f) => f.properties.code === 'CAM-Z1-2')!.id;
  const detections = await get<{ rows: { id: number; cameraId: string }[] }>(`/api/activity?kind=detections&camera=${borderCamera}&limit=1`);
  borderDetection = detections.rows[0]!.id;
  const crossings = await get<{ rows: { id: number }[] }>('/api/activity?kind=crossings&limit=1');
  borderCrossing = crossings.rows[0]!.id;
  someUser = (await get<{ users: { id: string; username: string }[] }>('/api/users')).users.find((u) => u.username === 'planner')!.id;
  const created = await fetch(`${base}/api/devices`, {
    method: 'POST',
    headers: { cookie: admin, 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ name: 'authz walker', cameraIds: [ownCamera] }),
  });
  deviceKey = ((await created.json()) as { key: string }).key;
}, 600_000);

afterAll(async () => {
  await nginx?.stop();
  await server?.stop();
});

describe(`authorization of every API route, for every role${VIA_NGINX ? ', through nginx' : ''}`, () => {
  it('the table names every route file and method', () => {
    const inTable = new Map<string, Set<string>>();
    for (const c of CASES) inTable.set(c.route, new Set([...(inTable.get(c.route) ?? []), c.method]));
    for (const { route, methods } of routeFiles()) {
      expect([...(inTable.get(route) ?? [])].sort(), `methods of ${route}`).toEqual(methods);
    }
    expect(inTable.size).toBe(routeFiles().length);
  });

  it.each(CASES.map((c) => [`${c.method} ${c.route}`, c] as const))('%s', async (_name, c) => {
    const results: Record<string, number> = {};
    const expected: Record<string, string> = {};
    results.anonymous = await call(c, {});
    expected.anonymous = c.auth === 'public' || c.auth === 'next-auth' ? 'allowed' : '401';
    for (const role of ROLES) {
      results[role] = await call(c, { cookie: cookies.get(role)! });
      expected[role] =
        c.auth === 'device'
          ? '401' // a session is not a device key
          : c.auth === 'public' || c.auth === 'next-auth' || c.auth === 'device-or-session'
            ? 'allowed'
            : roleAllows(role, c.auth)
              ? 'allowed'
              : '403';
    }
    for (const role of ROLES) {
      results[`${role} token`] = await call(c, { Authorization: `Bearer ${apiTokens.get(role)!}` });
      expected[`${role} token`] = c.token ? expected[role]! : c.auth === 'public' || c.auth === 'next-auth' ? 'allowed' : '401';
    }
    if (c.auth === 'device' || c.auth === 'device-or-session') {
      results.device = await call(c, { Authorization: `Bearer ${deviceKey}` });
      expected.device = 'allowed';
    }
    const seen = Object.fromEntries(Object.entries(results).map(([who, status]) => [who, status === 401 || status === 403 ? String(status) : 'allowed']));
    expect(seen).toEqual(expected);
  });
});

describe('objects of another scope', () => {
  const get = (url: string, cookie: string) => fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' });

  it('a health department viewer cannot reach the border guard’s cameras, detections or crossings by id', async () => {
    const viewer = cookies.get('agency_viewer')!;
    expect((await get(`/api/cameras/${borderCamera}/health`, viewer)).status).toBe(403);
    expect((await get(`/api/cameras/${borderCamera}/hls/index.m3u8`, viewer)).status).toBe(403);
    expect((await get(`/api/activity/detections/${borderDetection}`, viewer)).status).toBe(404);
    expect((await get(`/api/activity/detections/${borderDetection}/snapshot`, viewer)).status).toBe(404);
    expect((await get(`/api/activity/crossings/${borderCrossing}`, viewer)).status).toBe(404);
    const layer = (await (await get('/api/layers/cameras', viewer)).json()) as { features: { id: string }[] };
    expect(layer.features.map((f) => f.id)).toContain(ownCamera);
    expect(layer.features.map((f) => f.id)).not.toContain(borderCamera);
    const table = (await (await get('/api/cameras', viewer)).json()) as { cameras: { id: string }[] };
    expect(table.cameras.map((c) => c.id)).not.toContain(borderCamera);
    // Its own camera it may watch (the walker's case above) and read.
    expect((await get(`/api/cameras/${ownCamera}/health`, viewer)).status).toBe(200);
  });

  it('a user of another province sees nothing of this one, and a provincial admin cannot touch national accounts', async () => {
    const admin = cookies.get('admin')!;
    const post = (url: string, cookie: string, body: unknown, method = 'POST') =>
      fetch(`${base}${url}`, { method, headers: { cookie, 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify(body) });
    const suffix = randomUUID().slice(0, 6);
    for (const [username, role] of [
      [`op-hn-${suffix}`, 'operator'],
      [`ad-hn-${suffix}`, 'admin'],
    ] as const) {
      const res = await post('/api/users', admin, { username, displayName: 'Other province', role, agencyId: 'ubnd-qn', provinceCode: 'VN-HN', password: 'Another-province-2026' });
      expect(res.status).toBe(201);
    }
    const other = await signInHttp(base, `op-hn-${suffix}`, 'Another-province-2026');
    expect((await get(`/api/cameras/${borderCamera}/health`, other)).status).toBe(403);
    expect((await get(`/api/cameras/${borderCamera}/recordings`, other)).status).toBe(403);
    expect((await get(`/api/cameras/${borderCamera}/recordings/playlist.m3u8?from=2020-01-01T00:00:00Z`, other)).status).toBe(403);
    expect((await get(`/api/activity/detections/${borderDetection}`, other)).status).toBe(404);
    expect(((await (await get('/api/layers/cameras', other)).json()) as { features: unknown[] }).features).toEqual([]);
    const otherAdmin = await signInHttp(base, `ad-hn-${suffix}`, 'Another-province-2026');
    expect((await post(`/api/users/${someUser}`, otherAdmin, { disabled: true }, 'PATCH')).status).toBe(404);
    const visible = (await (await get('/api/users', otherAdmin)).json()) as { users: { provinceCode: string | null }[] };
    expect(visible.users.every((u) => u.provinceCode === 'VN-HN')).toBe(true);
    expect((await post('/api/users', otherAdmin, { username: `nat-${suffix}`, displayName: 'x', role: 'admin', agencyId: 'ubnd-qn', provinceCode: null, password: 'National-level-2026' })).status).toBe(403);
  });
});
