import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { listRecordingCameras, pinAlertClip, type RecordingCamera } from '@/db/queries/recordings';
import { AppError } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/permissions';
import { getRecordedMedia, getRecordingCamera, getRecordingPlaylist, getTimeline } from '@/lib/recording/playback';
import { pollCamera, startRecorder, type CameraCursor } from '@/lib/recording/recorder';
import { sweepRecordings } from '@/lib/recording/retention';
import { FolderStore } from '@/lib/recording/store';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { engineName, openTestDatabase } from '@/test/support/database';

// The recorder against a real live HLS upstream made by ffmpeg: segments copied once and back to
// back, a camera going down leaves a gap with its reason, retention and the disk budget spare
// pinned video, the free-space floor stops recording, and two instances never record twice.

process.env.CAMERA_NETWORKS = '127.0.0.1';

let database: Database;
let upstream: HlsUpstream;
let camera: RecordingCamera;
const root = mkdtempSync(path.join(tmpdir(), 'vigil-recordings-'));
// Playback reads the installation's store: the same folder (settings are read on first use).
process.env.RECORDINGS_DIR = root;
const store = new FolderStore(root);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  id: number;
  start_ms: number;
  duration_ms: number;
  media_sequence: number;
  storage_key: string;
  sha256: string;
  bytes: number;
}
const segments = () =>
  database.rows<Row>(sql`
    SELECT id::float8 AS id, (extract(epoch FROM started_at) * 1000)::float8 AS start_ms, duration_ms, media_sequence::float8 AS media_sequence, storage_key, sha256, bytes
    FROM recording_segments WHERE camera_id = ${camera.id} ORDER BY started_at`);

/** Polls the camera as the recorder does, for `ms`. */
async function record(cursor: CameraCursor, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await pollCamera(database, store, camera, cursor, { timeoutMs: 3000 });
    await sleep(300);
  }
}

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  upstream = new HlsUpstream({ programDateTime: true });
  await upstream.start();
  // Only the test's camera records here: the demo's recording cameras are switched off.
  await database.rows(sql`UPDATE cameras SET record = false`);
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO cameras (code, name, province_code, kind, bearing_deg, fov_deg, range_m, stream_url, record, geom)
    VALUES (${`REC-${randomUUID().slice(0, 8)}`}, 'recorded camera', 'VN-22', 'fixed', 0, 60, 300, ${upstream.url}, true, ST_SetSRID(ST_MakePoint(107.9, 21.5), 4326))
    RETURNING id`);
  camera = (await listRecordingCameras(database)).find((c) => c.id === row!.id)!;
}, 120_000);

afterAll(async () => {
  await upstream?.stop();
  await database?.close();
  rmSync(root, { recursive: true, force: true });
});

describe(`recorder (${engineName})`, () => {
  it('records only the cameras chosen, and by default AI cameras in a hotspot and facility cameras (of the demo’s, the hotspots only)', async () => {
    expect(camera).toBeDefined();
    const ids = (await listRecordingCameras(database)).map((c) => c.id);
    expect(ids).toEqual([camera.id]);
    await database.rows(sql`UPDATE cameras SET record = NULL WHERE id <> ${camera.id}`);
    const [expected] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM cameras c LEFT JOIN zones z ON z.id = c.zone_id
      WHERE c.retired_at IS NULL AND c.stream_url IS NOT NULL AND ((c.kind = 'ai' AND z.kind = 'hotspot') OR (c.facility_id IS NOT NULL AND NOT c.is_demo))`);
    expect(expected!.n).toBeGreaterThan(0);
    expect((await listRecordingCameras(database)).length).toBe(expected!.n + 1);
    await database.rows(sql`UPDATE cameras SET record = false WHERE id <> ${camera.id}`);
  });

  it('copies every segment once, byte for byte, back to back on the camera’s clock', async () => {
    const cursor: CameraCursor = { inits: new Map() };
    await record(cursor, 6000);
    // A second recorder starting from the database goes on where the first stopped.
    await record({ inits: new Map() }, 2500);
    const rows = await segments();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const [name, n] of upstream.fetches) if (name.endsWith('.ts')) expect({ name, n }).toEqual({ name, n: 1 });
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.media_sequence).toBe(rows[i - 1]!.media_sequence + 1);
      // ffmpeg dates each segment from its own clock: consecutive ones meet within a frame or two.
      expect(Math.abs(rows[i]!.start_ms - (rows[i - 1]!.start_ms + rows[i - 1]!.duration_ms))).toBeLessThan(150);
    }
    for (const r of rows) {
      const bytes = readFileSync(path.join(root, r.storage_key));
      expect(bytes.length).toBe(r.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(r.sha256);
      expect(bytes[0]).toBe(0x47);
    }
    // The camera's clock, not ours: the newest segment began within seconds of now.
    expect(Math.abs(Date.now() - rows.at(-1)!.start_ms)).toBeLessThan(10_000);
  }, 60_000);

  it('records the time a camera was down as a gap with the reason, and goes on when it is back', async () => {
    const cursor: CameraCursor = { inits: new Map() };
    const before = (await segments()).at(-1)!;
    await upstream.stopFfmpeg();
    await record(cursor, 3000);
    expect(cursor.failure).toBe('http');
    await upstream.startFfmpeg();
    await record(cursor, 5000);
    const after = (await segments()).filter((r) => r.start_ms > before.start_ms);
    expect(after.length).toBeGreaterThan(0);
    const gaps = await database.rows<{ from_ms: number; to_ms: number; reason: string }>(sql`
      SELECT (extract(epoch FROM from_at) * 1000)::float8 AS from_ms, (extract(epoch FROM to_at) * 1000)::float8 AS to_ms, reason
      FROM recording_gaps WHERE camera_id = ${camera.id}`);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.reason).toBe('http');
    expect(gaps[0]!.from_ms).toBeCloseTo(before.start_ms + before.duration_ms, -1);
    expect(gaps[0]!.to_ms).toBeCloseTo(after[0]!.start_ms, -1);
    expect(gaps[0]!.to_ms - gaps[0]!.from_ms).toBeGreaterThan(2500);
  }, 60_000);

  it('plays back any recorded stretch as dated VOD HLS, through tokens bound to the user and the stretch', async () => {
    const operator: Actor & { username: string } = { id: randomUUID(), username: 'op', role: 'operator', agencyId: 'bdbp-qn', provinceCode: 'VN-22' };
    const rows = await segments();
    const ref = await getRecordingCamera(database, operator, camera.id);
    const from = rows[0]!.start_ms;
    const to = rows.at(-1)!.start_ms + rows.at(-1)!.duration_ms;
    const timeline = await getTimeline(database, ref, from - 60_000, to + 60_000);
    // Two recorded stretches around the outage, and the outage as a gap with its reason.
    expect(timeline.ranges).toHaveLength(2);
    expect(timeline.gaps).toEqual([expect.objectContaining({ reason: 'http' })]);
    expect(timeline.ranges[0]!.toMs).toBeCloseTo(timeline.gaps[0]!.fromMs, -1);
    expect(timeline.ranges[1]!.fromMs).toBeCloseTo(timeline.gaps[0]!.toMs, -1);

    const playlist = await (await getRecordingPlaylist(database, ref, operator, from, to, '127.0.0.1')).text();
    const lines = playlist.split('\n');
    expect(lines).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(lines).toContain('#EXT-X-ENDLIST');
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    const dates = lines.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')).map((l) => Date.parse(l.slice(25)));
    expect(dates).toEqual(rows.map((r) => r.start_ms));
    const urls = lines.filter((l) => l.startsWith('/api/'));
    expect(urls).toHaveLength(rows.length);
    // A segment comes back byte for byte; the token opens nothing for another user or another stretch.
    const url = new URL(urls[0]!, 'http://x');
    const segmentId = Number(url.pathname.split('/').pop());
    const token = url.searchParams.get('t')!;
    const body = Buffer.from(await (await getRecordedMedia(database, ref, operator, 's', segmentId, token)).arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(rows[0]!.sha256);
    await expect(getRecordedMedia(database, ref, { ...operator, id: randomUUID() }, 's', segmentId, token)).rejects.toMatchObject({ code: 'forbidden' });
    const narrow = new URL(
      (await (await getRecordingPlaylist(database, ref, operator, rows.at(-1)!.start_ms, to, null)).text()).split('\n').find((l) => l.startsWith('/api/'))!,
      'http://x',
    ).searchParams.get('t')!;
    await expect(getRecordedMedia(database, ref, operator, 's', segmentId, narrow)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getRecordedMedia(database, ref, operator, 's', segmentId, token.slice(0, -2) + 'xx')).rejects.toBeInstanceOf(AppError);
    // Each playlist is audited with the stretch asked for.
    const audit = await database.rows<{ details: { from: string; to: string } }>(sql`
      SELECT details FROM audit_log WHERE action = 'camera.recording_playback' AND target_id = ${camera.id} ORDER BY id`);
    expect(audit).toHaveLength(2);
    expect(Date.parse(audit[0]!.details.from)).toBe(from);
    // Planners and other provinces may not review recordings.
    await expect(getRecordingCamera(database, { ...operator, role: 'planner' }, camera.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getRecordingCamera(database, { ...operator, provinceCode: 'VN-HN' }, camera.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('deletes what is past retention or over the budget, oldest first, never a pinned clip', async () => {
    const rows = await segments();
    const old = rows.slice(0, 4);
    // The four oldest segments are made 100 hours old; the second is in an open alert's clip.
    for (const [i, r] of old.entries()) await database.rows(sql`UPDATE recording_segments SET started_at = now() - make_interval(hours => 100, secs => ${10 - i}) WHERE id = ${r.id}`);
    const [alert] = await database.rows<{ id: string }>(sql`
      INSERT INTO alerts (kind, severity, camera_id, message, province_code) VALUES ('camera_down', 'warning', ${camera.id}, 'test', 'VN-22') RETURNING id`);
    const [pinned] = await database.rows<{ s: number }>(sql`SELECT (extract(epoch FROM started_at) * 1000)::float8 AS s FROM recording_segments WHERE id = ${old[1]!.id}`);
    await pinAlertClip(database, alert!.id, [camera.id], pinned!.s + 10, pinned!.s + 20);
    const options = { retentionHours: 72, budgetBytes: 0, minFreeBytes: 0 };
    const sweep = await sweepRecordings(database, store, options);
    expect(sweep.deleted).toBe(3);
    const left = new Set((await segments()).map((r) => r.id));
    expect(old.map((r) => left.has(r.id))).toEqual([false, true, false, false]);
    expect(() => readFileSync(path.join(root, old[0]!.storage_key))).toThrow();
    // Resolved, the clip goes with retention; marked as evidence first, it stays.
    await database.rows(sql`UPDATE alerts SET status = 'resolved', evidence_at = now() WHERE id = ${alert!.id}`);
    expect((await sweepRecordings(database, store, options)).deleted).toBe(0);
    await database.rows(sql`UPDATE alerts SET evidence_at = NULL WHERE id = ${alert!.id}`);
    expect((await sweepRecordings(database, store, options)).deleted).toBe(1);
    // Over budget: the oldest go until the rest fit.
    const all = await segments();
    const total = all.reduce((s, r) => s + r.bytes, 0);
    const budget = await sweepRecordings(database, store, { ...options, budgetBytes: total - all[0]!.bytes - all[1]!.bytes });
    expect(budget.deleted).toBe(2);
    expect((await segments()).map((r) => r.id)).toEqual(all.slice(2).map((r) => r.id));
    expect(budget.storedBytes).toBeLessThanOrEqual(total - all[0]!.bytes - all[1]!.bytes);
  }, 60_000);

  it('stops recording below the free-space floor and raises an alert, resolved when space is back', async () => {
    const count = (await segments()).length;
    const recorder = startRecorder(database, { store, timeoutMs: 3000, concurrency: 2, retentionHours: 72, budgetBytes: 0, minFreeBytes: Number.MAX_SAFE_INTEGER, tickMs: 100, sweepMs: 100 });
    await sleep(3000);
    await recorder.stop();
    expect(recorder.lastSweep?.paused).toBe(true);
    expect((await segments()).length).toBe(count);
    // The duty officers see it: one open critical alert in the recording camera's province, raised once.
    const open = () => database.rows<{ id: string; severity: string; province_code: string }>(sql`
      SELECT id, severity, province_code FROM alerts WHERE kind = 'recording_paused' AND status IN ('new', 'acknowledged', 'dispatched')`);
    expect(await open()).toEqual([expect.objectContaining({ severity: 'critical', province_code: 'VN-22' })]);
    const [alert] = await open();
    // Space back: recording goes on and the alert resolves itself.
    const resumed = startRecorder(database, { store, timeoutMs: 3000, concurrency: 2, retentionHours: 72, budgetBytes: 0, minFreeBytes: 0, tickMs: 100, sweepMs: 100 });
    await sleep(3000);
    await resumed.stop();
    expect(await open()).toEqual([]);
    const [closed] = await database.rows<{ status: string; outcome: string }>(sql`SELECT status, outcome FROM alerts WHERE id = ${alert!.id}`);
    expect(closed).toEqual({ status: 'resolved', outcome: 'restored' });
    expect((await segments()).length).toBeGreaterThan(count);
  }, 30_000);

  it('two instances: one records, the other takes over when it stops, and no moment is stored twice', async () => {
    const options = { store, timeoutMs: 3000, concurrency: 2, retentionHours: 72, budgetBytes: 0, minFreeBytes: 0, tickMs: 100, leaseMs: 3000 };
    const a = startRecorder(database, options);
    await sleep(500);
    const b = startRecorder(database, options);
    await sleep(3000);
    expect([a.leading, b.leading]).toEqual([true, false]);
    const during = (await segments()).length;
    await a.stop();
    await sleep(3500);
    expect(b.leading).toBe(true);
    await b.stop();
    const rows = await segments();
    expect(rows.length).toBeGreaterThan(during);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.start_ms).toBeGreaterThanOrEqual(rows[i - 1]!.start_ms + rows[i - 1]!.duration_ms - 250);
    const sequences = rows.map((r) => r.media_sequence).slice(-8);
    expect(new Set(sequences).size).toBe(sequences.length);
  }, 60_000);
});
