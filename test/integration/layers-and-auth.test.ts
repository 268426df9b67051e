import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { listAdminCameras, listCameraOptions } from '@/db/queries/cameras';
import { getLayerCounts, getLayerGeoJson } from '@/db/queries/layers';
import { listFacilityOptions } from '@/db/queries/programme';
import { listZoneOptions } from '@/db/queries/zones';
import { DEMO_PASSWORD } from '@/db/seed';
import { authenticate } from '@/lib/auth/options';
import { engineName, openTestDatabase } from '@/test/support/database';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const everything = { provinceCode: null, agencyId: null };
const parse = (s: string) => JSON.parse(s) as { type: string; features: { id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[] };

describe(`GeoJSON layers (${engineName})`, () => {
  it('serves cameras as valid GeoJSON without their stream URLs', async () => {
    await database.rows(sql`UPDATE cameras SET stream_url = 'http://user:secret@10.0.0.9/live.m3u8' WHERE code = 'CAM-Z1-1'`);
    const raw = await getLayerGeoJson(database, 'cameras', { scope: everything });
    const fc = parse(raw);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThanOrEqual(36);
    expect(raw).not.toContain('secret');
    expect(raw).not.toContain('stream');
    const z1 = fc.features.find((f) => f.properties.code === 'CAM-Z1-1');
    expect(z1?.properties.hasStream).toBe(true);
    expect(z1?.geometry.type).toBe('Point');
  });

  it('filters by bbox using the geometry', async () => {
    // Around the Mong Cai gate only: the hotspot cameras there, not Binh Lieu's.
    const near = parse(await getLayerGeoJson(database, 'cameras', { scope: everything, bbox: [107.9, 21.5, 108.0, 21.6] }));
    const all = parse(await getLayerGeoJson(database, 'cameras', { scope: everything }));
    expect(near.features.length).toBeGreaterThan(0);
    expect(near.features.length).toBeLessThan(all.features.length);
    for (const f of near.features) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      expect(lon).toBeGreaterThanOrEqual(107.9);
      expect(lon).toBeLessThanOrEqual(108.0);
      expect(lat).toBeGreaterThanOrEqual(21.5);
      expect(lat).toBeLessThanOrEqual(21.6);
    }
  });

  it('limits an agency to its own objects but shares reference layers', async () => {
    const health = { provinceCode: 'VN-13', agencyId: 'syt-qn' };
    const cameras = parse(await getLayerGeoJson(database, 'cameras', { scope: health }));
    const [{ own } = { own: -1 }] = await database.rows<{ own: number }>(sql`SELECT count(*)::int AS own FROM cameras WHERE agency_id = 'syt-qn' AND province_code = 'VN-13' AND retired_at IS NULL`);
    expect(own).toBeGreaterThanOrEqual(8);
    expect(cameras.features.length).toBe(own);
    expect(new Set(cameras.features.map((f) => f.properties.agencyId))).toEqual(new Set(['syt-qn']));
    const border = parse(await getLayerGeoJson(database, 'border', { scope: health }));
    expect(border.features).toHaveLength(3);
    const counts = await getLayerCounts(database, health);
    expect(counts.cameras).toBe(own);
    expect(counts.checkpoints).toBe(0);
  });

  it('returns an empty collection for another province', async () => {
    const other = parse(await getLayerGeoJson(database, 'zones', { scope: { provinceCode: 'VN-09', agencyId: null } }));
    expect(other.features).toEqual([]);
  });
});

describe(`the lists pages choose from (${engineName})`, () => {
  // The camera administration page once narrowed its lists by province only.
  it("keeps cameras, zones and facilities to the scope's province and agency", async () => {
    const health = { provinceCode: 'VN-13', agencyId: 'syt-qn' };
    const idsOf = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id).sort();
    const idsWhere = (table: string, where: ReturnType<typeof sql>) => idsOf(database.rows<{ id: string }>(sql`SELECT id FROM ${sql.raw(table)} WHERE ${where}`));
    const own = sql`province_code = 'VN-13' AND agency_id = 'syt-qn'`;
    expect(await idsOf(listAdminCameras(database, health))).toEqual(await idsWhere('cameras', own));
    expect(await idsOf(listCameraOptions(database, health))).toEqual(await idsWhere('cameras', sql`${own} AND retired_at IS NULL`));
    expect(await idsOf(listZoneOptions(database, health))).toEqual(await idsWhere('zones', own));
    expect(await idsOf(listFacilityOptions(database, health))).toEqual(await idsWhere('quarantine_facilities', own));
    // The province has other agencies' cameras, which the agency's list leaves out.
    const province = await idsOf(listAdminCameras(database, { provinceCode: 'VN-13', agencyId: null }));
    expect(province).toEqual(await idsWhere('cameras', sql`province_code = 'VN-13'`));
    expect(province.length).toBeGreaterThan((await idsWhere('cameras', own)).length);
  });
});

describe(`sign-in (${engineName})`, () => {
  const anon = { ip: null, userAgent: null };
  const auditCount = async (action: string, actorName: string) =>
    (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND actor_name = ${actorName}`))[0]!.n;

  it('accepts the right password and records the sign-in', async () => {
    const before = await auditCount('auth.sign_in', 'planner');
    const user = await authenticate(database, { username: 'Planner', password: DEMO_PASSWORD }, { ip: '127.0.0.1', userAgent: null });
    expect(user?.name).toContain('Tham mưu');
    expect(await auditCount('auth.sign_in', 'planner')).toBe(before + 1);
  });

  it('refuses a wrong password, an unknown user and malformed input, recording the failures', async () => {
    const before = await auditCount('auth.sign_in_failed', 'planner');
    expect(await authenticate(database, { username: 'planner', password: 'wrong' }, anon)).toBeNull();
    expect(await auditCount('auth.sign_in_failed', 'planner')).toBe(before + 1);
    expect(await authenticate(database, { username: 'nobody', password: 'x' }, anon)).toBeNull();
    expect(await auditCount('auth.sign_in_failed', 'nobody')).toBeGreaterThanOrEqual(1);
    expect(await authenticate(database, { username: 'planner' }, anon)).toBeNull();
    expect(await authenticate(database, null, anon)).toBeNull();
  });

  it('stores passwords as argon2id hashes', async () => {
    const [row] = await database.rows<{ h: string }>(sql`SELECT password_hash AS h FROM users WHERE username = 'leader'`);
    expect(row!.h.startsWith('$argon2id$')).toBe(true);
  });

  it('refuses a disabled user even with the right password', async () => {
    await database.rows(sql`UPDATE users SET disabled = true WHERE username = 'viewer'`);
    expect(await authenticate(database, { username: 'viewer', password: DEMO_PASSWORD }, anon)).toBeNull();
    await database.rows(sql`UPDATE users SET disabled = false WHERE username = 'viewer'`);
  });
});
