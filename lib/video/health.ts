import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@/db/client';
import { cameras, type CameraStatus } from '@/db/schema';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { afterAlertsRaised } from '@/lib/alerts/raise';
import { RESTORED_OUTCOME, type AlertStatus } from '@/lib/domain/alerts';
import { publishEvent } from '@/lib/events/bus';
import { limiter } from '@/lib/jobs/limiter';
import { getLogger } from '@/lib/logger';
import { reconcileFacilities } from '@/lib/programme/reconcile';
import { probeUpstream, type CameraErrorCode, type ProbeResult } from '@/lib/video/probe';
import { LOCK } from '@/db/lock-keys';
import { holdLease, releaseLease } from '@/db/queries/job-leases';

export { probeUpstream, type ProbeResult } from '@/lib/video/probe';

export interface HealthState {
  status: CameraStatus;
  mediaSequence: number | null;
  sequenceChangedAt: Date | null;
}

export type NextHealthState = HealthState & { error: string | null; errorCode: CameraErrorCode | null };

/**
 * The next state from the previous one and a probe. A playlist whose media sequence has not
 * advanced for `stallTargetDurations` target durations is stalled; errors are offline.
 * (The sequence used is that of the newest segment, so a window that only grows counts too.)
 */
export function nextHealthState(prev: HealthState, probe: ProbeResult, now: Date, stallTargetDurations: number): NextHealthState {
  if (!probe.ok) return { status: probe.status, mediaSequence: prev.mediaSequence, sequenceChangedAt: prev.sequenceChangedAt, error: probe.error, errorCode: probe.code };
  if (prev.mediaSequence === null || probe.mediaSequence !== prev.mediaSequence || !prev.sequenceChangedAt) {
    return { status: 'live', mediaSequence: probe.mediaSequence, sequenceChangedAt: now, error: null, errorCode: null };
  }
  const frozenMs = now.getTime() - prev.sequenceChangedAt.getTime();
  const stalled = frozenMs > stallTargetDurations * probe.targetDuration * 1000;
  return {
    status: stalled ? 'stalled' : prev.status === 'stalled' ? 'stalled' : 'live',
    mediaSequence: prev.mediaSequence,
    sequenceChangedAt: prev.sequenceChangedAt,
    error: stalled ? `media sequence has not advanced for ${Math.round(frozenMs / 1000)} s` : null,
    errorCode: stalled ? 'stalled' : null,
  };
}

export interface HealthOptions {
  /** The deadline of one camera's whole probe (every request, headers and bodies). */
  timeoutMs: number;
  stallTargetDurations: number;
  alertGraceSeconds: number;
  /** How many cameras are probed at once. */
  concurrency: number;
  now?: () => Date;
}

type CameraRow = HealthState & { id: string; streamUrl: string; username: string | null; password: string | null; statusSince: Date; provinceCode: string; agencyId: string | null; name: string; facilityId: string | null };

async function loadCameras(database: Database): Promise<CameraRow[]> {
  const rows = await database.db
    .select({
      id: cameras.id,
      streamUrl: cameras.streamUrl,
      username: cameras.streamUsername,
      password: cameras.streamPassword,
      status: cameras.status,
      statusSince: cameras.statusSince,
      mediaSequence: cameras.mediaSequence,
      sequenceChangedAt: cameras.sequenceChangedAt,
      provinceCode: cameras.provinceCode,
      agencyId: cameras.agencyId,
      name: cameras.name,
      facilityId: cameras.facilityId,
    })
    .from(cameras)
    .where(and(isNotNull(cameras.streamUrl), isNull(cameras.retiredAt)));
  return rows.map((r) => ({ ...r, streamUrl: r.streamUrl! }));
}

interface QuietUpdate {
  id: string;
  seq: number | null;
  changed: string | null;
  checked: string;
}

/**
 * Probes one camera and records the outcome. A camera that stays live only needs its
 * bookkeeping updated: that goes to `quiet`, written for many cameras in one statement.
 * Returns the state it left the camera in.
 */
async function probeAndApply(database: Database, camera: CameraRow, options: HealthOptions, quiet: QuietUpdate[]): Promise<{ state: NextHealthState; statusSince: Date; changed: boolean; targetDuration: number | null }> {
  const probe = await probeUpstream({ streamUrl: camera.streamUrl, username: camera.username, password: camera.password }, options.timeoutMs);
  const now = options.now?.() ?? new Date();
  const state = nextHealthState(camera, probe, now, options.stallTargetDurations);
  const targetDuration = probe.ok ? probe.targetDuration : null;
  if (state.status === camera.status && state.status === 'live') {
    quiet.push({ id: camera.id, seq: state.mediaSequence, changed: state.sequenceChangedAt?.toISOString() ?? null, checked: now.toISOString() });
    return { state, statusSince: camera.statusSince, changed: false, targetDuration };
  }
  const changed = await applyState(database, camera, state, now, options);
  return { state, statusSince: changed ? now : camera.statusSince, changed, targetDuration };
}

async function flushQuiet(database: Database, quiet: QuietUpdate[]): Promise<void> {
  if (quiet.length === 0) return;
  const batch = quiet.splice(0, quiet.length);
  await database.db.execute(sql`
    UPDATE cameras c SET last_checked_at = v.checked, last_error = NULL, last_error_code = NULL, media_sequence = v.seq, sequence_changed_at = v.changed
    FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS v(id uuid, seq bigint, changed timestamptz, checked timestamptz)
    WHERE c.id = v.id`);
}

/** Writes a camera's new state; a status change is stored, announced and may raise or resolve an alert, all in one transaction. */
async function applyState(database: Database, camera: CameraRow, next: NextHealthState, now: Date, options: HealthOptions): Promise<boolean> {
  const statusChanged = next.status !== camera.status;
  const since = statusChanged ? now : camera.statusSince;
  return database.db.transaction(async (tx) => {
    await tx
      .update(cameras)
      .set({
        status: next.status,
        statusSince: since,
        lastCheckedAt: now,
        lastError: next.error,
        lastErrorCode: next.errorCode,
        mediaSequence: next.mediaSequence,
        sequenceChangedAt: next.sequenceChangedAt,
      })
      .where(eq(cameras.id, camera.id));
    if (statusChanged) {
      await tx.execute(sql`INSERT INTO camera_status_changes (camera_id, status, at, error, error_code) VALUES (${camera.id}, ${next.status}, ${now}, ${next.error}, ${next.errorCode})`);
      await publishEvent(tx, {
        topic: 'camera.status',
        cameraId: camera.id,
        status: next.status,
        since: since.toISOString(),
        errorCode: next.errorCode,
        provinceCode: camera.provinceCode,
        agencyId: camera.agencyId,
      });
    }
    // A quarantine facility's status follows its cameras (lib/programme/status), in this same transaction.
    if (statusChanged && camera.facilityId) await reconcileFacilities(tx, [camera.facilityId], { now, alertGraceSeconds: options.alertGraceSeconds });
    const down = next.status === 'offline' || next.status === 'stalled';
    if (down && now.getTime() - since.getTime() >= options.alertGraceSeconds * 1000) {
      const message = `Camera "${camera.name}" ${next.status} since ${since.toISOString()}${next.errorCode ? ` (${next.errorCode})` : ''}`;
      // One alert per outage: while the camera stays down, an alert someone dismissed (e.g.
      // planned maintenance) is not raised again; the next outage raises a new one.
      const [inserted] = rowsOf<{ id: string }>(await tx.execute(sql`
        INSERT INTO alerts (kind, severity, camera_id, zone_id, occurred_at, geom, message, province_code, agency_id)
        SELECT 'camera_down', 'warning', c.id, c.zone_id, ${since}, c.geom, ${message}, c.province_code, c.agency_id
        FROM cameras c
        WHERE c.id = ${camera.id} AND NOT EXISTS (
          SELECT 1 FROM alerts a WHERE a.kind = 'camera_down' AND a.camera_id = c.id
            AND a.created_at >= coalesce((SELECT max(s.at) FROM camera_status_changes s WHERE s.camera_id = c.id AND s.status = 'live'), '-infinity'))
        ON CONFLICT DO NOTHING
        RETURNING id`));
      if (inserted) await afterAlertsRaised(tx, [inserted.id]);
    } else if (next.status === 'live') {
      const restored = rowsOf<{ id: string; status: AlertStatus }>(await tx.execute(sql`
        WITH target AS (
          SELECT id, status FROM alerts
          WHERE kind = 'camera_down' AND camera_id = ${camera.id} AND status IN ('new', 'acknowledged', 'dispatched') FOR UPDATE)
        UPDATE alerts a SET status = 'resolved', resolved_at = ${now}, outcome = ${RESTORED_OUTCOME}, version = a.version + 1, updated_at = ${now}
        FROM target t WHERE a.id = t.id
        RETURNING a.id, t.status`));
      await recordTransitions(tx, restored.map((r) => ({ alertId: r.id, action: 'restore', fromStatus: r.status, toStatus: 'resolved' })));
      await publishAlertChanges(tx, restored.map((r) => r.id), 'restored');
    }
    return statusChanged;
  });
}

/**
 * One polling round over every camera with a stream, each probe within its own deadline and
 * `concurrency` at a time. Returns null when another instance is running a round (advisory
 * lock), so two instances never double the work or the alerts. The continuous monitor
 * (startHealthMonitor) is what runs in production; a round is the same work done once.
 */
export async function runHealthRound(database: Database, options: HealthOptions): Promise<{ polled: number; changed: number; ms: number } | null> {
  return database.withConnection(async (db) => {
    const [lock] = rowsOf<{ ok: boolean }>(await db.execute(sql`SELECT pg_try_advisory_lock(${LOCK.healthRound}) AS ok`));
    if (!lock?.ok) return null;
    try {
      const started = Date.now();
      const rows = await loadCameras(database);
      const quiet: QuietUpdate[] = [];
      const run = limiter(options.concurrency);
      const results = await Promise.all(rows.map((camera) => run(() => probeAndApply(database, camera, options, quiet))));
      await flushQuiet(database, quiet);
      return { polled: rows.length, changed: results.filter((r) => r.changed).length, ms: Date.now() - started };
    } finally {
      await db.execute(sql`SELECT pg_advisory_unlock(${LOCK.healthRound})`);
    }
  });
}

const LEASE = 'camera-health';

/** Per camera: when its next probe is due, whether one is running, and the state it left. */
interface ScheduleEntry {
  dueAt: number;
  running: boolean;
  url: string;
  state?: HealthState & { statusSince: Date };
}

export interface MonitorOptions extends HealthOptions {
  pollSeconds: number;
}

/**
 * The camera health monitor: every camera is probed on its own schedule (every poll interval,
 * and again right when a frozen playlist would count as stalled), within its own deadline and
 * a limit on probes at once, so a slow or hanging camera delays nobody else's status. One
 * instance at a time holds the monitor's lease; another takes over when it stops renewing.
 */
/** Starts the monitor; the returned function stops it and resolves once its probes in flight have finished. */
export function startHealthMonitor(database: Database, options: MonitorOptions): () => Promise<void> {
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const intervalMs = options.pollSeconds * 1000;
  const tickMs = Math.min(500, intervalMs);
  const leaseMs = Math.max(10_000, 3 * intervalMs);
  const run = limiter(options.concurrency);
  const schedule = new Map<string, ScheduleEntry>();
  const quiet: QuietUpdate[] = [];
  let leader = false;
  let ticking: Promise<void> | null = null;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();

  const start = (camera: CameraRow, entry: ScheduleEntry) => {
    entry.running = true;
    const startedAt = Date.now();
    // While this process leads it is the only writer: the state it left is newer than a row
    // read before its own quiet updates were flushed.
    const current: CameraRow = entry.state ? { ...camera, ...entry.state } : camera;
    const probe = run(() => probeAndApply(database, current, options, quiet))
      .then((result) => {
        entry.state = { status: result.state.status, mediaSequence: result.state.mediaSequence, sequenceChangedAt: result.state.sequenceChangedAt, statusSince: result.statusSince };
        let due = startedAt + intervalMs;
        // A live playlist that did not move: look again the moment it would count as stalled.
        if (result.state.status === 'live' && result.state.sequenceChangedAt && result.targetDuration) {
          const stallAt = result.state.sequenceChangedAt.getTime() + options.stallTargetDurations * result.targetDuration * 1000 + 50;
          due = Math.min(due, Math.max(stallAt, Date.now() + 100));
        }
        entry.dueAt = due;
      })
      .catch((err: unknown) => {
        getLogger().warn({ camera: camera.id, err: (err as Error).message }, 'camera health probe failed');
        entry.dueAt = startedAt + intervalMs;
      })
      .finally(() => {
        entry.running = false;
        inFlight.delete(probe);
      });
    inFlight.add(probe);
  };

  const tick = async () => {
    if (ticking || stopped) return;
    ticking = tickOnce().finally(() => {
      ticking = null;
    });
    await ticking;
  };
  const tickOnce = async () => {
    try {
      const wasLeader = leader;
      leader = await holdLease(database, LEASE, holder, leaseMs);
      if (!leader) {
        schedule.clear();
        return;
      }
      if (!wasLeader) getLogger().info({ holder }, 'camera health monitor running here');
      await flushQuiet(database, quiet);
      const rows = await loadCameras(database);
      const now = Date.now();
      const present = new Set<string>();
      for (const camera of rows) {
        present.add(camera.id);
        let entry = schedule.get(camera.id);
        // A reconfigured camera (new URL) starts again from what its row says.
        if (!entry || entry.url !== camera.streamUrl) schedule.set(camera.id, (entry = { dueAt: now, running: entry?.running ?? false, url: camera.streamUrl }));
        if (!entry.running && now >= entry.dueAt) start(camera, entry);
      }
      for (const id of schedule.keys()) if (!present.has(id)) schedule.delete(id);
    } catch (err) {
      getLogger().warn({ err: (err as Error).message }, 'camera health monitor tick failed');
    }
  };

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref?.();
  void tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await ticking;
    await Promise.allSettled([...inFlight]);
    await flushQuiet(database, quiet).catch(() => undefined);
    // Another instance takes over at once instead of waiting for the lease to run out.
    if (leader) await releaseLease(database, LEASE, holder).catch(() => undefined);
  };
}
