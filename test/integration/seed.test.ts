import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { seedDatabase } from '@/lib/demo/seed';
import { getMigrationStatus } from '@/db/migrate';
import { engineName, openTestDatabase } from '@/test/support/database';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const count = async (table: string, where = 'true') =>
  (await database.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)))[0]!.n;

describe(`schema and seed (${engineName})`, () => {
  it('applies every migration', async () => {
    const status = await getMigrationStatus(database);
    expect(status.current).toBe(true);
    expect(status.applied).toBe(status.expected);
  });

  it('loads the real border with its measured length', async () => {
    const rows = await database.rows<{ section: string; km: number }>(
      sql`SELECT section::text, round((ST_Length(geom::geography) / 1000)::numeric, 1)::float AS km FROM border_lines ORDER BY section`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.section, r.km]))).toEqual({ land: 106.8, river: 3.6, maritime: 30.2 });
    const [trace] = await database.rows<{ km: number }>(sql`SELECT (ST_Length(geom::geography) / 1000)::float AS km FROM border_trace`);
    expect(trace!.km).toBeGreaterThan(110.3);
    expect(trace!.km).toBeLessThan(110.5);
  });

  it('seeds the demo set the brief describes', async () => {
    expect(await count('cameras', "is_demo AND code LIKE 'CAM-%' AND code NOT LIKE 'CAM-QF-__-__-%'")).toBe(37);
    expect(await count('cameras', "kind = 'ai'")).toBeGreaterThanOrEqual(9);
    expect(await count('checkpoints', "kind = 'control_post'")).toBeGreaterThanOrEqual(90);
    expect(await count('zones', "kind = 'hotspot' AND code IN ('Z1', 'Z2', 'BEN-NGOC')")).toBe(3);
    expect(await count('quarantine_facilities')).toBeGreaterThanOrEqual(4);
    expect(await count('users', 'is_demo')).toBe(8);
  });

  it('seeds the demo objects the README counts', async () => {
    // The README's figures are read from it, so a changed demo set fails here until the README says so.
    const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const m = /the (\d+) cameras, the (\d+) control posts, (\d+) of the (\d+) quarantine facilities/.exec(readme);
    expect(m, 'the README names the demo objects').not.toBeNull();
    const [cameras, posts, demoFacilities, facilities] = m!.slice(1).map(Number);
    expect(await count('cameras', 'is_demo')).toBe(cameras);
    expect(await count('checkpoints', "is_demo AND kind = 'control_post'")).toBe(posts);
    expect(await count('quarantine_facilities', 'is_demo')).toBe(demoFacilities);
    expect(await count('quarantine_facilities')).toBe(facilities);
  });

  it('places demo posts, cameras and hotspots on the Vietnamese side of the border', async () => {
    for (const table of ['checkpoints', 'cameras']) {
      const outside = await count(table, `is_demo AND NOT ST_Within(geom, (SELECT geom FROM admin_areas WHERE code = 'VNM'))`);
      expect.soft(outside, `${table} outside Viet Nam`).toBe(0);
    }
    // Zones may reach over the river and estuary, but never into China.
    const zonesInChina = await count('zones', `ST_Within(ST_PointOnSurface(geom), (SELECT geom FROM admin_areas WHERE code = 'CHN'))`);
    expect(zonesInChina).toBe(0);
    const zonesInVietnam = await count('zones', `ST_Intersects(geom, (SELECT geom FROM admin_areas WHERE code = 'VNM'))`);
    expect(zonesInVietnam).toBe(await count('zones'));
  });

  it('is idempotent and never overwrites what users changed', async () => {
    const before = await count('cameras');
    await database.rows(sql`UPDATE cameras SET name = 'Renamed by operator' WHERE code = 'CAM-RB-01'`);
    await database.rows(sql`DELETE FROM cameras WHERE code = 'CAM-RB-02'`);
    await seedDatabase(database, { demo: true });
    expect(await count('cameras')).toBe(before - 1);
    expect(await count('cameras', "code = 'CAM-RB-01' AND name = 'Renamed by operator'")).toBe(1);
    expect(await count('border_lines')).toBe(3);
  });

  it('refuses to change or remove audit log rows', async () => {
    await database.rows(sql`INSERT INTO audit_log (action, actor_name) VALUES ('test.append', 'tester')`);
    const refused = (e: unknown) => /append-only/.test(String((e as Error).cause ?? e));
    await expect(database.rows(sql`UPDATE audit_log SET action = 'forged' WHERE action = 'test.append'`)).rejects.toSatisfy(refused);
    await expect(database.rows(sql`DELETE FROM audit_log WHERE action = 'test.append'`)).rejects.toSatisfy(refused);
    await expect(database.rows(sql`TRUNCATE audit_log`)).rejects.toSatisfy(refused);
    expect(await count('audit_log', "action = 'test.append'")).toBeGreaterThanOrEqual(1);
  });

  it('keeps every history append-only by one rule; the history of an alert goes only with it', async () => {
    const refusal = async (statement: ReturnType<typeof sql.raw>) => {
      try {
        await database.rows(statement);
        return 'allowed';
      } catch (e) {
        return /(\w+) is append-only: (\w+) refused/.exec(String((e as Error).cause ?? e))?.slice(1).join(' ') ?? String(e);
      }
    };
    const [alert] = await database.rows<{ id: string }>(sql`
      INSERT INTO alerts (kind, message, province_code) VALUES ('tip', 'append-only check', 'VN-13') RETURNING id`);
    await database.rows(sql`INSERT INTO alert_transitions (alert_id, action, to_status) VALUES (${alert!.id}, 'raised', 'new')`);
    for (const table of ['audit_log', 'plan_versions', 'facility_events', 'alert_transitions']) {
      expect(await count(table), table).toBeGreaterThan(0);
      expect(await refusal(sql.raw(`UPDATE ${table} SET id = id`))).toBe(`${table} UPDATE`);
      expect(await refusal(sql.raw(`DELETE FROM ${table}`))).toBe(`${table} DELETE`);
    }
    const functions = await database.rows<{ name: string }>(sql`
      SELECT DISTINCT p.proname AS name FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal AND t.tgrelid::regclass::text IN ('audit_log', 'plan_versions', 'facility_events', 'alert_transitions', 'programme_reports')`);
    expect(functions.map((f) => f.name)).toEqual(['refuse_change']);
    // Removing the alert (which never happens in use) takes its history with it, and only then.
    await database.rows(sql`DELETE FROM alerts WHERE id = ${alert!.id}`);
    expect(await count('alert_transitions', `alert_id = '${alert!.id}'`)).toBe(0);
  });
});
