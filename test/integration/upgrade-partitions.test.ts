import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { MIGRATIONS_FOLDER, migrateDatabase } from '@/db/migrate';
import { createScratchDatabase, engineName } from '@/test/support/database';

// An installation made before detections were partitioned (migration 0035) upgrades without
// losing a detection, a snapshot or a crossing: the database is built with the migrations up to
// 0034 only, given detections over several months, snapshots and a crossing, then migrated.

const BEFORE = '0035_partitioned_detections';
const dirs: string[] = [];
let database: Database | undefined;
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await database?.close();
  await drop?.();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The migrations folder as it was before `tag`: the files and a journal that ends just before it. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-migrations-'));
  dirs.push(dir);
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return dir;
}

describe(`upgrading to partitioned detections (${engineName})`, () => {
  it('keeps every detection, snapshot and crossing, each detection in its month', async () => {
    const serverUrl = process.env.DATABASE_URL;
    if (serverUrl) {
      const scratch = await createScratchDatabase(serverUrl, 'vigil_upgrade');
      drop = scratch.drop;
      database = await openDatabase({ databaseUrl: scratch.url, poolSize: 2, skipMigrations: true });
    } else {
      database = await openDatabase({ skipMigrations: true });
    }
    const old = migrationsBefore(BEFORE);
    await migrateDatabase(database, old);
    const db = database;
    await db.rows(sql`
      INSERT INTO cameras (code, name, province_code, kind, bearing_deg, fov_deg, range_m, geom)
      VALUES ('UP-1', 'upgrade camera', 'QN', 'ai', 0, 60, 500, ST_SetSRID(ST_MakePoint(107.95, 21.54), 4326))`);
    await db.rows(sql`
      INSERT INTO devices (name, camera_ids, key_prefix, key_hash)
      SELECT 'upgrade box', jsonb_build_array(id), 'vk_up', 'hash-up' FROM cameras WHERE code = 'UP-1'`);
    // 300 detections, one every 6 hours over 75 days back from now, tracks of 10 points.
    await db.rows(sql`
      INSERT INTO detections (device_id, event_id, camera_id, observed_at, class, confidence, count, track_id, side, province_code, geom)
      SELECT d.id, 'up-' || g, c.id, now() - (g * interval '6 hours'), 'person', 0.8, 1, 'up-t' || (g / 10), 'vn', 'QN', c.geom
      FROM generate_series(0, 299) g, devices d, cameras c WHERE d.name = 'upgrade box' AND c.code = 'UP-1'`);
    await db.rows(sql`INSERT INTO detection_snapshots (detection_id, jpeg, bytes) SELECT id, '\\xffd8ffd9'::bytea, 4 FROM detections WHERE event_id LIKE 'up-%' AND (substr(event_id, 4))::int % 7 = 0`);
    await db.rows(sql`
      INSERT INTO crossings (from_detection_id, to_detection_id, camera_id, track_id, direction, crossed_at, class, count, province_code, geom)
      SELECT a.id, b.id, a.camera_id, a.track_id, 'into_vn', b.observed_at, 'person', 1, 'QN', a.geom
      FROM detections a JOIN detections b ON b.event_id = 'up-41' WHERE a.event_id = 'up-40'`);
    const snapshot = async () =>
      db.rows<{ id: string; event: string; at: string; snap: boolean }>(sql`
        SELECT d.id::text, d.event_id AS event, d.observed_at::text AS at, EXISTS (SELECT 1 FROM detection_snapshots s WHERE s.detection_id = d.id) AS snap
        FROM detections d ORDER BY d.id`);
    const crossings = async () => db.rows<{ pair: string }>(sql`SELECT from_detection_id || '>' || to_detection_id AS pair FROM crossings ORDER BY id`);
    const before = { rows: await snapshot(), crossings: await crossings() };
    expect(before.rows).toHaveLength(300);
    expect(before.rows.filter((r) => r.snap)).toHaveLength(43);

    await migrateDatabase(db);

    expect(await snapshot()).toEqual(before.rows);
    expect(await crossings()).toEqual(before.crossings);
    // Each in its month's partition, none left in the default one; new ids continue the old ones.
    const [placed] = await db.rows<{ wrong: number; kept: number }>(sql`
      SELECT count(*) FILTER (WHERE tableoid::regclass::text <> 'detections_' || to_char(observed_at AT TIME ZONE 'UTC', 'YYYY_MM'))::int AS wrong,
             count(*) FILTER (WHERE tableoid::regclass::text = 'detections_kept')::int AS kept
      FROM detections`);
    expect(placed).toEqual({ wrong: 0, kept: 0 });
    const [next] = await db.rows<{ id: string; top: string }>(sql`SELECT nextval('detections_id_seq')::text AS id, (SELECT max(id) FROM detections)::text AS top`);
    expect(BigInt(next!.id)).toBeGreaterThan(BigInt(next!.top));
  });
});
