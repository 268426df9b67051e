import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { runHealthRound, startHealthMonitor } from '@/lib/video/health';
import { getSegment, getStreamCamera, getEntryPlaylist } from '@/lib/video/proxy';
import { sealToken, stableMediaId } from '@/lib/video/token';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { engineName, openTestDatabase } from '@/test/support/database';

// Camera health and the video proxy against real HLS upstreams made by ffmpeg, some of them
// misbehaving on purpose: H.265-only media behind a playlist that names no codec, a playlist
// that ended, one sent a few bytes at a time, one that never answers, segments that are HTML.

// The ffmpeg upstreams run on this machine, which a camera may reach only when it is listed (as
// for a restreamer on the same host). Settings are read on first use.
process.env.CAMERA_NETWORKS = '127.0.0.1';

let database: Database;
const upstreams: HlsUpstream[] = [];
const upstream = async (options?: ConstructorParameters<typeof HlsUpstream>[0]) => {
  const u = new HlsUpstream(options);
  upstreams.push(u);
  await u.start();
  return u;
};

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
});
afterAll(async () => {
  await Promise.all(upstreams.map((u) => u.stop()));
  await database?.close();
});

async function addCamera(streamUrl: string): Promise<string> {
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO cameras (code, name, province_code, kind, bearing_deg, fov_deg, range_m, stream_url, geom)
    VALUES (${`T-${randomUUID()}`}, 'test camera', 'VN-13', 'fixed', 0, 60, 300, ${streamUrl}, ST_SetSRID(ST_MakePoint(107.9, 21.5), 4326))
    RETURNING id`);
  return row!.id;
}
const stateOf = async (id: string) =>
  (await database.rows<{ status: string; code: string | null; error: string | null; checked: string | null }>(
    sql`SELECT status::text, last_error_code AS code, last_error AS error, last_checked_at AS checked FROM cameras WHERE id = ${id}`,
  ))[0]!;
const round = (timeoutMs = 5_000) => runHealthRound(database, { timeoutMs, stallTargetDurations: 3, alertGraceSeconds: 600, concurrency: 16 });

describe(`camera health from the media itself (${engineName})`, () => {
  it('calls a camera whose media is H.265 unplayable, whatever its playlist says, and H.264 live', async () => {
    const [hevcTs, hevcMp4, avcMp4] = await Promise.all([upstream({ codec: 'h265' }), upstream({ codec: 'h265', segments: 'fmp4' }), upstream({ segments: 'fmp4' })]);
    const ids = await Promise.all([hevcTs, hevcMp4, avcMp4].map((u) => addCamera(u.url)));
    await round();
    const [ts, mp4, avc] = await Promise.all(ids.map(stateOf));
    expect(ts).toMatchObject({ status: 'unsupported', code: 'codec', error: expect.stringContaining('H.265') });
    expect(mp4).toMatchObject({ status: 'unsupported', code: 'codec', error: expect.stringContaining('hvc1') });
    expect(avc).toMatchObject({ status: 'live', code: null });
  }, 90_000);

  it('calls a playlist that ended offline (a stopped source), not unplayable', async () => {
    const u = upstreams[0]!;
    const id = await addCamera(u.urlOf('ended.m3u8'));
    await round();
    expect(await stateOf(id)).toMatchObject({ status: 'offline', code: 'ended' });
  });

  it('reports a killed camera while slow and hanging cameras are still being probed', async () => {
    const live = await upstream();
    const killed = await addCamera(live.url);
    const slow = await addCamera(live.urlOf('slow.m3u8'));
    const hanging = await addCamera(live.urlOf('hang.m3u8'));
    // Long deadlines: a monitor that waited for every camera of a round would report nothing for 12 s.
    const stop = startHealthMonitor(database, { pollSeconds: 1, timeoutMs: 12_000, stallTargetDurations: 3, alertGraceSeconds: 600, concurrency: 16 });
    try {
      const until = async (id: string, status: string, ms: number) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          if ((await stateOf(id)).status === status) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      };
      expect(await until(killed, 'live', 8_000)).toBe(true);
      await live.stopFfmpeg();
      expect(await until(killed, 'offline', 8_000)).toBe(true);
      // The slow and hanging cameras' first probes have not finished: they held nobody up.
      expect(await stateOf(slow)).toMatchObject({ status: 'unknown', checked: null });
      expect(await stateOf(hanging)).toMatchObject({ status: 'unknown', checked: null });
      // Each is cut off at its own deadline: headers or body, it does not matter which is slow.
      expect(await until(hanging, 'offline', 15_000)).toBe(true);
      expect(await until(slow, 'offline', 5_000)).toBe(true);
      expect(await stateOf(slow)).toMatchObject({ code: 'timeout' });
      expect(await stateOf(hanging)).toMatchObject({ code: 'timeout' });
    } finally {
      stop();
    }
  }, 90_000);
});

describe(`video proxy serves media only (${engineName})`, () => {
  const operator = async () =>
    (await database.rows<{ id: string; username: string; role: 'operator'; agencyId: string; provinceCode: string }>(
      sql`SELECT id, username, role, agency_id AS "agencyId", province_code AS "provinceCode" FROM users WHERE username = 'operator'`,
    ))[0]!;
  const segmentRef = (cameraId: string, userId: string, url: string) => ({ id: stableMediaId(url), token: sealToken({ c: cameraId, s: userId, u: url, k: 'g', e: Date.now() + 60_000 }) });

  it('refuses a segment that is an HTML page, and never passes its type through', async () => {
    const u = upstreams[0]!;
    const user = await operator();
    const id = await addCamera(u.urlOf('html/index.m3u8'));
    const camera = await getStreamCamera(database, user, id);
    await expect(getSegment(camera, user, segmentRef(id, user.id, u.urlOf('html/page.ts')), new AbortController().signal)).rejects.toMatchObject({ status: 502 });
  });

  it('serves MPEG-TS labelled application/octet-stream as video/mp2t, with nosniff', async () => {
    const u = await upstream({ segmentType: 'application/octet-stream' });
    const user = await operator();
    const id = await addCamera(u.url);
    const camera = await getStreamCamera(database, user, id);
    const playlist = await (await fetch(u.url)).text();
    const segment = playlist.split('\n').find((l) => l.endsWith('.ts'))!;
    const res = await getSegment(camera, user, segmentRef(id, user.id, new URL(segment, u.url).href), new AbortController().signal);
    expect(res.headers.get('content-type')).toBe('video/mp2t');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes[0]).toBe(0x47);
    expect(bytes[188]).toBe(0x47);
  }, 60_000);

  it('answers 504 for an upstream that sends its playlist too slowly, never 500', async () => {
    const u = upstreams[0]!;
    const user = await operator();
    const id = await addCamera(u.urlOf('slow.m3u8'));
    const camera = await getStreamCamera(database, user, id);
    await expect(getEntryPlaylist(database, camera, user, null)).rejects.toMatchObject({ status: 504 });
  }, 30_000);
});
