import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { getBorderDistance } from '@/db/queries/border-distance';
import { foldText, listMapMatches } from '@/db/queries/search';
import { besideBorder } from '@/test/support/border-points';
import { engineName, openTestDatabase } from '@/test/support/database';

let database: Database;
beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const everyone = { provinceCode: null, agencyId: null };

describe(`map search (${engineName})`, () => {
  it('folds accents and đ, so officers can type without Vietnamese keyboards', () => {
    expect(foldText('Móng Cái – Đông Hưng')).toBe('mong cai – dong hung');
    expect(foldText('  Hải   Yên ')).toBe('hai yen');
  });

  it('finds places, zones, posts and cameras by name without accents, best matches first', async () => {
    const mongCai = await listMapMatches(database, everyone, 'mong cai');
    expect(mongCai.length).toBeGreaterThan(0);
    expect(foldText(mongCai[0]!.name)).toMatch(/^mong cai|mong cai/);
    expect(mongCai.every((h) => foldText(`${h.name} ${h.nameEn ?? ''} ${h.code ?? ''}`).includes('mong cai'))).toBe(true);
    const hotspot = await listMapMatches(database, everyone, 'hai yen');
    expect(hotspot.some((h) => h.kind === 'zone' && h.subkind === 'hotspot' && h.bbox !== null)).toBe(true);
    const byCode = await listMapMatches(database, everyone, 'cam-z1-2');
    expect(byCode[0]).toMatchObject({ kind: 'camera', code: 'CAM-Z1-2' });
    expect(await listMapMatches(database, everyone, 'zzzz-nothing')).toEqual([]);
  });

  it('keeps objects outside the caller’s scope out of the results', async () => {
    const health = { provinceCode: 'VN-13', agencyId: 'syt-qn' };
    expect(await listMapMatches(database, health, 'cam-z1')).toEqual([]);
    expect((await listMapMatches(database, health, 'camera')).every((h) => h.kind !== 'camera' || (h.code ?? '').startsWith('CAM-QF'))).toBe(true);
    // Place names are shared reference data.
    expect((await listMapMatches(database, health, 'mong cai')).some((h) => h.kind === 'place')).toBe(true);
  });
});

describe(`distance to the border (${engineName})`, () => {
  it('measures a point’s distance and side, and finds the nearest point of the line', async () => {
    const beside = besideBorder(database);
    const inside = await beside(500);
    const d = await getBorderDistance(database, inside.lon, inside.lat);
    expect(d!.side).toBe('vn');
    expect(d!.distanceM).toBeGreaterThan(470);
    expect(d!.distanceM).toBeLessThan(530);
    const outside = await beside(-300);
    expect((await getBorderDistance(database, outside.lon, outside.lat))!.side).toBe('cn');
    const [lon, lat] = d!.nearest;
    expect(Math.abs(lon - inside.lon) + Math.abs(lat - inside.lat)).toBeGreaterThan(0.002);
  });
});
