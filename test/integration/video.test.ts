import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { getUptime } from '@/db/queries/camera-health';
import { runHealthRound } from '@/lib/video/health';
import { openToken, sealToken } from '@/lib/video/token';
import { isDerivedFrom } from '@/lib/video/upstream';
import { subscribeEvents, type VigilEvent } from '@/lib/events/bus';
import { engineName, openTestDatabase } from '@/test/support/database';

let database: Database;
beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
});
afterAll(() => database?.close());

// A grace period longer than any run of these tests on a loaded machine: an alert is raised only
// where a test sets a camera's status back past it.
const options = { timeoutMs: 2000, stallTargetDurations: 3, alertGraceSeconds: 600, concurrency: 8 };
const statusOf = async (code: string) =>
  (await database.rows<{ status: string; last_error: string | null }>(sql`SELECT status::text, last_error FROM cameras WHERE code = ${code}`))[0]!;

describe(`camera health monitor (${engineName})`, () => {
  it('polls every camera, storing statuses and their changes', async () => {
    const round = await runHealthRound(database, options);
    expect(round?.polled).toBeGreaterThanOrEqual(37);
    expect((await statusOf('CAM-Z1-1')).status).toBe('live');
    expect(await statusOf('CAM-RB-05')).toMatchObject({ status: 'offline', last_error: expect.stringContaining('503') });
    const [changes] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM camera_status_changes`);
    expect(changes!.n).toBeGreaterThanOrEqual(37);
  });

  it('marks a frozen playlist stalled once it has not moved for several target durations', async () => {
    // The stalled demo feed's sequence never moves; pretend its last change was long ago.
    await database.rows(sql`UPDATE cameras SET sequence_changed_at = now() - interval '1 minute' WHERE code = 'CAM-RB-12'`);
    await runHealthRound(database, options);
    expect((await statusOf('CAM-RB-12')).status).toBe('stalled');
  });

  it('raises one alert per camera only after the grace period, and resolves it on recovery', async () => {
    const alerts = async () =>
      (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM alerts a JOIN cameras c ON c.id = a.camera_id WHERE c.code = 'CAM-RB-05' AND a.status <> 'resolved'`))[0]!.n;
    expect(await alerts()).toBe(0);
    await database.rows(sql`UPDATE cameras SET status_since = now() - interval '11 minutes' WHERE code = 'CAM-RB-05'`);
    await runHealthRound(database, options);
    await runHealthRound(database, options);
    expect(await alerts()).toBe(1);
    await database.rows(sql`UPDATE cameras SET stream_url = 'demo://recovered/live.m3u8' WHERE code = 'CAM-RB-05'`);
    await runHealthRound(database, options);
    expect((await statusOf('CAM-RB-05')).status).toBe('live');
    expect(await alerts()).toBe(0);
  });

  it('flags a stream a browser cannot play instead of calling it offline', async () => {
    await database.rows(sql`UPDATE cameras SET stream_url = 'demo://hevc-cam/live.m3u8' WHERE code = 'CAM-RB-03'`);
    await runHealthRound(database, options);
    expect(await statusOf('CAM-RB-03')).toMatchObject({ status: 'unsupported', last_error: expect.stringContaining('hvc1') });
  });

  it('calls an unreachable upstream offline', async () => {
    await database.rows(sql`UPDATE cameras SET stream_url = 'http://127.0.0.1:9/x.m3u8' WHERE code = 'CAM-RB-04'`);
    await runHealthRound(database, options);
    expect((await statusOf('CAM-RB-04')).status).toBe('offline');
  });

  // The embedded engine is one connection in one process: there is no second instance to exclude.
  it.skipIf(engineName !== 'postgres')('never runs two rounds at once on a shared server', async () => {
    const [a, b] = await Promise.all([runHealthRound(database, options), runHealthRound(database, options)]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
  });

  it('computes uptime from the stored changes', async () => {
    const [camera] = await database.rows<{ id: string }>(sql`SELECT id FROM cameras WHERE code = 'CAM-Z2-1'`);
    const t = Date.parse('2026-01-01T00:00:00Z');
    await database.rows(sql`DELETE FROM camera_status_changes WHERE camera_id = ${camera!.id}`);
    await database.rows(sql`INSERT INTO camera_status_changes (camera_id, status, at) VALUES
      (${camera!.id}, 'live', ${new Date(t)}), (${camera!.id}, 'offline', ${new Date(t + 3_600_000)}), (${camera!.id}, 'live', ${new Date(t + 4_500_000)})`);
    // 0–60 min live, 60–75 offline, 75–120 live: 105 of 120 minutes.
    const [u] = await getUptime(database, new Date(t), new Date(t + 7_200_000), [camera!.id]);
    expect(u!.uptimePct).toBeCloseTo(87.5, 5);
    // Time before the first known status is not counted against the camera.
    const [before] = await getUptime(database, new Date(t - 3_600_000), new Date(t + 3_600_000), [camera!.id]);
    expect(before!.uptimePct).toBeCloseTo(100, 5);
  });

  it('announces status changes through LISTEN/NOTIFY', async () => {
    const received: VigilEvent[] = [];
    const { unsubscribe: stop } = await subscribeEvents(database, (e) => received.push(e.event));
    await database.rows(sql`UPDATE cameras SET stream_url = 'demo://offline-again/live.m3u8' WHERE code = 'CAM-RB-05'`);
    await runHealthRound(database, options);
    for (let i = 0; i < 150 && !received.some((e) => e.topic === 'camera.status' && e.status === 'offline'); i++) await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(received.some((e) => e.topic === 'camera.status' && e.status === 'offline')).toBe(true);
  });
});

describe(`HLS proxy (${engineName})`, () => {
  it('rewrites the entry playlist to signed app URLs and audits the playback start', async () => {
    const { getEntryPlaylist, getStreamCamera } = await import('@/lib/video/proxy');
    const [user] = await database.rows<{ id: string; username: string; role: 'operator'; agencyId: string; provinceCode: string }>(
      sql`SELECT id, username, role, agency_id AS "agencyId", province_code AS "provinceCode" FROM users WHERE username = 'operator'`,
    );
    const [camera] = await database.rows<{ id: string }>(sql`SELECT id FROM cameras WHERE code = 'CAM-Z1-2'`);
    const stream = await getStreamCamera(database, user!, camera!.id);
    const res = await getEntryPlaylist(database, stream, user!, '10.1.2.3');
    const text = await res.text();
    expect(text).toContain(`/api/cameras/${camera!.id}/hls/p/`);
    expect(text).not.toContain('demo://');
    const [audit] = await database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'camera.playback_start' AND target_id = ${camera!.id} AND actor_id = ${user!.id} AND ip = '10.1.2.3'`,
    );
    expect(audit!.n).toBe(1);
  });
});

describe('media URL tokens and upstream scope', () => {
  // Valid for an hour: a loaded machine may take minutes to reach these tests after the file starts.
  const token = { c: 'cam', s: 'user', u: 'https://cam.local/live/seg1.ts', k: 'g' as const, e: Date.now() + 3_600_000 };

  it('round-trips and hides the upstream URL', () => {
    const sealed = sealToken(token);
    expect(sealed).not.toContain('cam.local');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('cam.local');
    expect(openToken(sealed)).toEqual(token);
  });

  it('refuses tampered and expired tokens', () => {
    const sealed = sealToken(token);
    const flipped = sealed.slice(0, 20) + (sealed[20] === 'A' ? 'B' : 'A') + sealed.slice(21);
    expect(openToken(flipped)).toBeNull();
    expect(openToken('garbage')).toBeNull();
    expect(openToken(sealToken({ ...token, e: Date.now() - 1 }))).toBeNull();
  });

  it('fetches only URLs on the camera’s own upstream origin', () => {
    const upstream = { streamUrl: 'https://user:pw@cam.local:8443/live/index.m3u8', username: null, password: null };
    expect(isDerivedFrom(upstream, 'https://cam.local:8443/live/seg1.ts')).toBe(true);
    expect(isDerivedFrom(upstream, 'https://cam.local:8443/other/seg1.ts')).toBe(true);
    expect(isDerivedFrom(upstream, 'https://evil.example/seg1.ts')).toBe(false);
    expect(isDerivedFrom(upstream, 'http://cam.local:8443/live/seg1.ts')).toBe(false);
    expect(isDerivedFrom(upstream, 'file:///etc/passwd')).toBe(false);
    expect(isDerivedFrom(upstream, 'https://x@cam.local:8443/live/seg1.ts')).toBe(false);
    expect(isDerivedFrom({ streamUrl: 'demo://a/live.m3u8', username: null, password: null }, 'http://a/live.m3u8')).toBe(false);
  });
});
