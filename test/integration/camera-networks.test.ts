import { networkInterfaces } from 'node:os';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createCamera } from '@/lib/cameras/manage';
import type { CurrentUser } from '@/lib/auth/session';
import { parseAddressList } from '@/lib/net/address-list';
import { allowedAddresses, cameraMayUse } from '@/lib/video/camera-networks';
import { probeUpstream } from '@/lib/video/probe';
import { fetchUpstream } from '@/lib/video/upstream';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { engineName, openTestDatabase } from '@/test/support/database';

// Settings are read on first use: cameras here may live only on 10.0.0.0/8 and one address.
process.env.CAMERA_NETWORKS = '10.0.0.0/8, 192.0.2.7';

let database: Database;
let upstream: HlsUpstream;
beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  upstream = new HlsUpstream();
  await upstream.start();
});
afterAll(async () => {
  await upstream?.stop();
  await database?.close();
});

describe('the networks cameras may live on', () => {
  it('parses addresses and ranges of both families and refuses anything else', () => {
    const n = parseAddressList(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);
    expect(['10.1.2.3', '192.0.2.7', '::ffff:10.9.9.9', 'fd12::1'].map(n.allows)).toEqual([true, true, true, true]);
    expect(['11.0.0.1', '192.0.2.8', '127.0.0.1', 'fe80::1', 'not-an-ip'].map(n.allows)).toEqual([false, false, false, false, false]);
    expect(parseAddressList([]).allows('127.0.0.1')).toBe(true);
    expect(() => parseAddressList(['10.0.0.0/33'])).toThrow(/prefix/);
    expect(() => parseAddressList(['camera.local'])).toThrow(/not an IP/);
  });
});

describe('the server’s own addresses', () => {
  const none = parseAddressList([]);
  it('are refused even when any address is allowed: loopback, link-local, unspecified, its interfaces', async () => {
    for (const address of ['127.0.0.1', '127.5.0.1', '::1', '::ffff:127.0.0.1', '169.254.169.254', 'fe80::1', '0.0.0.0', '::']) {
      expect(cameraMayUse(none, address), address).toBe(false);
    }
    const interfaces = Object.values(networkInterfaces()).flatMap((l) => l ?? []);
    for (const { address } of interfaces) expect(cameraMayUse(none, address), address).toBe(false);
    // The same addresses spelled as IPv4-mapped IPv6, as the URL parser writes them ([::ffff:c000:202]).
    for (const { address } of interfaces.filter((i) => i.family === 'IPv4')) {
      const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
      const mapped = `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
      expect(cameraMayUse(none, mapped), mapped).toBe(false);
    }
    await expect(allowedAddresses(none, 'localhost')).rejects.toThrow(/outside the networks/);
    await expect(allowedAddresses(none, '[::1]')).rejects.toThrow(/outside the networks/);
    // Other hosts stay allowed with no list.
    expect(cameraMayUse(none, '10.20.0.5')).toBe(true);
    expect(cameraMayUse(none, '2001:db8::5')).toBe(true);
  });

  it('are allowed when listed explicitly (a restreamer on the same machine)', async () => {
    const local = parseAddressList(['127.0.0.1']);
    expect(cameraMayUse(local, '127.0.0.1')).toBe(true);
    expect(cameraMayUse(local, '127.0.0.2')).toBe(false);
    await expect(allowedAddresses(local, '127.0.0.1')).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});

describe(`camera upstreams outside the allowed networks (${engineName})`, () => {
  const upstreamOf = (streamUrl: string) => ({ streamUrl, username: null, password: null });

  it('are never fetched, by address or by a name that resolves outside', async () => {
    await expect(fetchUpstream(upstreamOf(upstream.url), upstream.url, 2_000)).rejects.toMatchObject({ kind: 'not_allowed' });
    const byName = upstream.url.replace('127.0.0.1', 'localhost');
    await expect(fetchUpstream(upstreamOf(byName), byName, 2_000)).rejects.toMatchObject({ kind: 'not_allowed' });
    expect(await probeUpstream(upstreamOf(upstream.url), 2_000)).toMatchObject({ ok: false, status: 'offline', code: 'not_allowed' });
  });

  it('are refused when an administrator enters one, with the reason', async () => {
    const [admin] = await database.rows<CurrentUser>(sql`
      SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.agency_id AS "agencyId", u.province_code AS "provinceCode", a.name AS "agencyName", a.name_en AS "agencyNameEn"
      FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = 'admin'`);
    const input = { name: 'Outside', kind: 'fixed' as const, infrared: false, lon: 107.9, lat: 21.5, bearingDeg: 0, fovDeg: 60, rangeM: 200, streamUrl: upstream.url };
    await expect(createCamera(database, admin!, input)).rejects.toMatchObject({ status: 400, issues: [{ path: 'body.streamUrl', message: 'host_not_allowed' }] });
    // The built-in demo feed is always allowed.
    await expect(createCamera(database, admin!, { ...input, streamUrl: 'demo://inside/live.m3u8' })).resolves.toMatchObject({ id: expect.any(String) });
  });
});
