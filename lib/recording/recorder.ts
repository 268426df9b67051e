import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '@/db/client';
import { holdLease, releaseLease } from '@/db/queries/job-leases';
import { insertGap, insertSegment, listRecordingCameras, getLastSegment, type LastSegment, type RecordingCamera } from '@/db/queries/recordings';
import { limiter } from '@/lib/jobs/limiter';
import { getLogger } from '@/lib/logger';
import type { RecordingStore } from '@/lib/recording/store';
import { reportRecordingPaused, reportRecordingResumed } from '@/lib/recording/disk-alert';
import { sweepRecordings, type RetentionOptions, type SweepResult } from '@/lib/recording/retention';
import { parsePlaylist, pickVariant, PlaylistError, type MediaPlaylist, type MediaSegment } from '@/lib/video/hls';
import { sniffMediaType } from '@/lib/video/media-sniff';
import { fetchUpstream, readLimited, readLimitedText, SEGMENT_MAX_BYTES, splitCredentials, UpstreamError } from '@/lib/video/upstream';

// The recorder copies each recording camera's HLS segments, as the camera made them, into the
// recording store: no decoding, no transcoding, no ffmpeg. One instance records (a lease); the
// next segment to copy is worked out from the newest stored row, so whichever instance holds
// the lease goes on where the last one stopped, and a segment is never stored twice.

const INIT_MAX_BYTES = 1024 * 1024;

export interface RecorderOptions extends RetentionOptions {
  store: RecordingStore;
  /** Deadline of one playlist or segment fetch. */
  timeoutMs: number;
  /** Cameras fetched at once. */
  concurrency: number;
}

/** What the recorder keeps per camera between polls (the database keeps the rest). */
export interface CameraCursor {
  mediaUrl?: string;
  last?: LastSegment | null;
  /** Why the last poll failed, kept until the next stored segment closes the gap. */
  failure?: string;
  /** Init sections stored, by upstream URL. */
  inits: Map<string, string>;
}

export interface PollResult {
  stored: number;
  /** Milliseconds to wait before the next poll. */
  nextPollMs: number;
  failure?: string;
}

/** Where a segment starts, in ms: the camera's own clock when the playlist gives one, else ours. */
function startTimes(playlist: MediaPlaylist, last: LastSegment | null | undefined, now: number): number[] {
  const segments = playlist.segments;
  const durations = segments.map((s) => (Number.isFinite(s.duration) && s.duration > 0 ? s.duration * 1000 : playlist.targetDuration * 1000));
  const starts: number[] = new Array<number>(segments.length);
  // Without dates: the newest segment ends about now (a live playlist's edge) ...
  let end = now;
  for (let i = segments.length - 1; i >= 0; i--) {
    starts[i] = end - durations[i]!;
    end = starts[i]!;
  }
  // ... unless the stored timeline continues into this playlist: then it goes on from there, so
  // consecutive segments stay back to back whatever the poll's timing.
  if (last) {
    const index = last.mediaSequence - playlist.mediaSequence;
    // index -1: the last stored segment just left the window, and the first one here follows it.
    if (index >= -1 && index < segments.length - 1 && !segments.slice(index + 1).some((s) => s.discontinuity)) {
      let t = last.endMs;
      for (let i = index + 1; i < segments.length; i++) {
        starts[i] = t;
        t += durations[i]!;
      }
    }
  }
  return segments.map((s, i) => s.programDateTime ?? starts[i]!);
}

function keyFor(cameraId: string, startMs: number, sequence: number, ext: string): string {
  const d = new Date(startMs);
  const day = d.toISOString().slice(0, 10);
  const hour = d.toISOString().slice(11, 13);
  return `${cameraId}/${day}/${hour}/${Math.round(startMs)}-${sequence}.${ext}`;
}

async function fetchBytes(camera: RecordingCamera, url: string, max: number, timeoutMs: number): Promise<Buffer> {
  return readLimited(await fetchUpstream(camera, url, timeoutMs), max, 'segment');
}

/** The segments of this playlist not yet stored, with their sequence numbers and start times. */
export function newSegments(playlist: MediaPlaylist, last: LastSegment | null | undefined, now: number): { segment: MediaSegment; sequence: number; startMs: number; durationMs: number }[] {
  const starts = startTimes(playlist, last, now);
  const newest = playlist.mediaSequence + playlist.segments.length - 1;
  // A camera or restreamer that restarted numbers from the beginning again: everything is new.
  const restarted = last != null && newest < last.mediaSequence;
  return playlist.segments
    .map((segment, i) => ({
      segment,
      sequence: playlist.mediaSequence + i,
      startMs: starts[i]!,
      durationMs: (Number.isFinite(segment.duration) && segment.duration > 0 ? segment.duration : playlist.targetDuration) * 1000,
    }))
    .filter((s) => !last || restarted || s.sequence > last.mediaSequence)
    // Never a segment that would start inside what is already stored (clocks disagree after a restart).
    .filter((s) => !last || s.startMs >= last.endMs - 250);
}

/**
 * One poll of one camera: reads its media playlist and stores every segment not stored yet.
 * A stretch the recorder missed (camera down, upstream too slow, the recorder itself stopped)
 * becomes a gap with the reason the polls gave.
 */
export async function pollCamera(database: Database, store: RecordingStore, camera: RecordingCamera, cursor: CameraCursor, options: Pick<RecorderOptions, 'timeoutMs'>, now = Date.now()): Promise<PollResult> {
  try {
    const entry = splitCredentials(camera).url;
    let playlist: MediaPlaylist | null = null;
    if (!cursor.mediaUrl) {
      const first = parsePlaylist(await readLimitedText(await fetchUpstream(camera, entry, options.timeoutMs)));
      if (first.kind === 'master') {
        const variant = pickVariant(first);
        if (!variant) throw new PlaylistError('no variant a browser can play');
        cursor.mediaUrl = new URL(variant.uri, entry).href;
      } else {
        cursor.mediaUrl = entry;
        playlist = first;
      }
    }
    const mediaUrl = cursor.mediaUrl;
    if (!playlist) {
      const parsed = parsePlaylist(await readLimitedText(await fetchUpstream(camera, mediaUrl, options.timeoutMs)));
      if (parsed.kind !== 'media') throw new PlaylistError('expected a media playlist');
      playlist = parsed;
    }
    if (cursor.last === undefined) cursor.last = await getLastSegment(database, camera.id);
    let initKey: string | null = null;
    if (playlist.mapUri) {
      const initUrl = new URL(playlist.mapUri, mediaUrl).href;
      initKey = cursor.inits.get(initUrl) ?? null;
      if (!initKey) {
        const bytes = await fetchBytes(camera, initUrl, INIT_MAX_BYTES, options.timeoutMs);
        if (sniffMediaType(bytes) !== 'video/mp4') throw new UpstreamError('init section is not MP4', 'bad_media');
        initKey = `${camera.id}/init/${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.mp4`;
        await store.put(initKey, bytes);
        cursor.inits.set(initUrl, initKey);
      }
    }
    let stored = 0;
    for (const s of newSegments(playlist, cursor.last, now)) {
      const bytes = await fetchBytes(camera, new URL(s.segment.uri, mediaUrl).href, SEGMENT_MAX_BYTES, options.timeoutMs);
      const type = sniffMediaType(bytes.subarray(0, 376));
      if (type !== 'video/mp2t' && type !== 'video/mp4') throw new UpstreamError('segment is not video', 'bad_media');
      const key = keyFor(camera.id, s.startMs, s.sequence, type === 'video/mp2t' ? 'ts' : 'm4s');
      await store.put(key, bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // false: another holder stored this moment already (a takeover raced this one). Its row is
      // kept, and the file is left alone: under the same key it is that row's file.
      await insertSegment(database, { cameraId: camera.id, startMs: s.startMs, durationMs: s.durationMs, mediaSequence: s.sequence, storageKey: key, initKey, contentType: type, bytes: bytes.length, sha256 });
      const last = cursor.last;
      // Missed time between the stored timeline and this segment is a gap, with the reason the polls gave.
      if (last && s.startMs - last.endMs > Math.max(1500, (playlist.targetDuration * 1000) / 2)) {
        await insertGap(database, camera.id, last.endMs, s.startMs, cursor.failure ?? 'missed');
      }
      cursor.last = { mediaSequence: s.sequence, startMs: s.startMs, endMs: s.startMs + s.durationMs };
      cursor.failure = undefined;
      stored++;
    }
    // A stream that ended is over: look for a new one later, from the entry playlist.
    if (playlist.endList) {
      cursor.mediaUrl = undefined;
      return { stored, nextPollMs: 5_000 };
    }
    // About when the next segment appears (what players do for a live playlist).
    return { stored, nextPollMs: Math.max(500, (playlist.targetDuration * 1000) / (stored > 0 ? 1 : 2)) };
  } catch (err) {
    // The entry playlist may have changed (a restarted restreamer): start from it again.
    cursor.mediaUrl = undefined;
    const failure = err instanceof UpstreamError ? err.kind : err instanceof PlaylistError ? 'not_hls' : 'error';
    if (!(err instanceof UpstreamError) && !(err instanceof PlaylistError)) getLogger().warn({ camera: camera.code, err: (err as Error).message }, 'recording failed');
    cursor.failure = failure;
    return { stored: 0, nextPollMs: 2_000, failure };
  }
}

export interface RecorderHandle {
  /** Stops recording; resolves when the fetches in flight have ended. */
  stop(): Promise<void>;
  /** Whether this instance holds the recorder's lease (tests, /api/health). */
  readonly leading: boolean;
  /** The last retention sweep's result. */
  readonly lastSweep: SweepResult | null;
}

const LEASE = 'recorder';

/**
 * Starts the recorder: every recording camera polled on its own schedule, `concurrency` at a
 * time, and the retention sweep (retention, disk budget, free-space floor) every `sweepMs`.
 */
export function startRecorder(database: Database, options: RecorderOptions & { tickMs?: number; sweepMs?: number; leaseMs?: number }): RecorderHandle {
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const tickMs = options.tickMs ?? 500;
  const sweepMs = options.sweepMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 15_000;
  const run = limiter(options.concurrency);
  const cursors = new Map<string, CameraCursor & { dueAt: number; running: boolean; streamUrl: string }>();
  const inFlight = new Set<Promise<unknown>>();
  let cameras: RecordingCamera[] = [];
  let camerasAt = 0;
  let sweptAt = 0;
  let leader = false;
  let paused = false;
  let stopped = false;
  let ticking: Promise<void> | null = null;
  let lastSweep: SweepResult | null = null;

  const tickOnce = async () => {
    const wasLeader = leader;
    leader = await holdLease(database, LEASE, holder, leaseMs);
    if (!leader) {
      cursors.clear();
      return;
    }
    if (!wasLeader) getLogger().info({ holder }, 'recorder running here');
    const now = Date.now();
    if (now - sweptAt >= sweepMs) {
      sweptAt = now;
      const first = lastSweep === null;
      lastSweep = await sweepRecordings(database, options.store, options);
      // The first sweep here settles the alert too: an instance that took over finds it as left.
      if (lastSweep.paused !== paused || first) {
        if (lastSweep.paused) {
          getLogger().error({ freeBytes: lastSweep.freeBytes, minFreeBytes: options.minFreeBytes }, 'recording stopped: free space below the floor');
          await reportRecordingPaused(database, lastSweep.freeBytes, options.minFreeBytes);
        } else {
          if (!first) getLogger().info({ freeBytes: lastSweep.freeBytes }, 'recording resumed: free space above the floor again');
          await reportRecordingResumed(database);
        }
      }
      paused = lastSweep.paused;
    }
    if (paused) return;
    if (now - camerasAt >= 10_000) {
      cameras = await listRecordingCameras(database);
      camerasAt = now;
      const present = new Set(cameras.map((c) => c.id));
      for (const id of cursors.keys()) if (!present.has(id)) cursors.delete(id);
    }
    for (const camera of cameras) {
      let cursor = cursors.get(camera.id);
      // A reconfigured camera (new URL) starts again from its entry playlist.
      if (!cursor || cursor.streamUrl !== camera.streamUrl) cursors.set(camera.id, (cursor = { dueAt: now, running: cursor?.running ?? false, streamUrl: camera.streamUrl, inits: new Map() }));
      if (cursor.running || now < cursor.dueAt) continue;
      cursor.running = true;
      const c = cursor;
      const poll = run(() => pollCamera(database, options.store, camera, c, options))
        .then((result) => {
          c.dueAt = Date.now() + result.nextPollMs;
        })
        .catch((err: unknown) => {
          // The database, not the camera, failed: the stored timeline is read again next time.
          c.last = undefined;
          c.dueAt = Date.now() + 2_000;
          getLogger().warn({ camera: camera.code, err: (err as Error).message }, 'recording round failed');
        })
        .finally(() => {
          c.running = false;
          inFlight.delete(poll);
        });
      inFlight.add(poll);
    }
  };

  const tick = async () => {
    if (ticking || stopped) return;
    ticking = tickOnce()
      .catch((err: unknown) => getLogger().warn({ err: (err as Error).message }, 'recorder tick failed'))
      .finally(() => {
        ticking = null;
      });
    await ticking;
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref?.();
  void tick();
  return {
    get leading() {
      return leader;
    },
    get lastSweep() {
      return lastSweep;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await Promise.allSettled([...inFlight]);
      if (leader) await releaseLease(database, LEASE, holder).catch(() => undefined);
    },
  };
}
