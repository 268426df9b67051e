import 'server-only';
import type { Database } from '@/db/client';
import { getLogger } from '@/lib/logger';
import { getSettings } from '@/lib/settings';
import { foldPendingCells } from '@/db/queries/detection-cells';
import { escalateOverdueAlerts } from '@/lib/alerts/escalation';
import { pruneEvents } from '@/lib/events/bus';
import { startHealthMonitor } from '@/lib/video/health';
import { startRecorder } from '@/lib/recording/recorder';
import { getRecordingStore } from '@/lib/recording/settings';
import { reconcileFacilities } from '@/lib/programme/reconcile';
import { runDailyReports } from '@/lib/programme/reports';
import { sweepDetections } from '@/lib/detections/retention';
import { makeDetectionPartitions } from '@/db/queries/detection-retention';
import { checkDataDisk } from '@/lib/storage/data-disk';

/** A periodic job: a name, an interval and a handler. Rounds never overlap within a process. */
interface JobDefinition {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

/** Starts a job; the returned function stops it and resolves once a round in progress has ended. */
function schedule(job: JobDefinition): () => Promise<void> {
  let running: Promise<void> | null = null;
  const round = async () => {
    try {
      const result = await job.run();
      if (result) getLogger().debug({ job: job.name, result }, 'job round');
    } catch (err) {
      getLogger().error({ job: job.name, err: (err as Error).message }, 'job failed');
    }
  };
  const tick = () => {
    if (running) return;
    running = round().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, job.intervalMs);
  timer.unref?.();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * Starts Vigil's periodic jobs: in the app process for the embedded default, or in the
 * separate worker (`npm run worker`) in production. The same code either way; cross-instance
 * exclusion is inside each job (advisory locks), not here.
 */
export function startJobs(database: Database): () => Promise<void> {
  const s = getSettings();
  // Recording cameras' segments copied as they appear; retention and the disk floor kept.
  const recorder =
    s.RECORDING === 'on'
      ? startRecorder(database, {
          store: getRecordingStore(),
          timeoutMs: 10_000,
          // As many at once as the health monitor: hanging cameras must not hold up the others.
          concurrency: 64,
          retentionHours: s.RECORDING_RETENTION_HOURS,
          budgetBytes: s.RECORDING_DISK_BUDGET_GB * 1e9,
          minFreeBytes: s.RECORDING_MIN_FREE_GB * 1e9,
        })
      : null;
  const stops = [
    // Each camera on its own schedule and deadline, so one slow camera delays no other.
    startHealthMonitor(database, {
      pollSeconds: s.HEALTH_POLL_SECONDS,
      timeoutMs: Math.min(5_000, s.HEALTH_POLL_SECONDS * 1000),
      stallTargetDurations: s.STALL_TARGET_DURATIONS,
      alertGraceSeconds: s.CAMERA_ALERT_GRACE_SECONDS,
      concurrency: 64,
    }),
    ...(recorder ? [() => recorder.stop()] : []),
    schedule({ name: 'fold-cells', intervalMs: 5_000, run: () => foldPendingCells(database) }),
    schedule({ name: 'alert-escalation', intervalMs: 10_000, run: () => escalateOverdueAlerts(database) }),
    // The health monitor updates a facility when one of its cameras changes; this round also
    // catches what no camera change announces (the alert's grace period ending, a plan edited).
    schedule({ name: 'facility-status', intervalMs: 15_000, run: () => database.db.transaction((tx) => reconcileFacilities(tx, null, { alertGraceSeconds: s.CAMERA_ALERT_GRACE_SECONDS })) }),
    // The camera programme's daily report, at the programme's report time (idempotent across instances).
    schedule({ name: 'daily-reports', intervalMs: 30_000, run: () => runDailyReports(database) }),
    schedule({ name: 'live-events-prune', intervalMs: 5 * 60_000, run: () => pruneEvents(database) }),
    // Whole months dropped, then at most a minute of small batches every 5 minutes (measured
    // 80,000 rows/s on the embedded engine; npm run bench -- retention): far above any event
    // rate it takes, without holding its one connection for long at a time.
    // Months made three ahead: a month missing would send its rows to the default partition.
    schedule({ name: 'detection-partitions', intervalMs: 3_600_000, run: () => makeDetectionPartitions(database, 3) }),
    schedule({ name: 'data-disk', intervalMs: 60_000, run: () => checkDataDisk(database, { dataDir: s.DATA_DIR, databaseDiskGb: s.DATABASE_DISK_GB, warnPercent: s.DATA_DISK_WARN_PERCENT }) }),
    ...(s.DETECTION_RETENTION_DAYS > 0
      ? [schedule({ name: 'detection-retention', intervalMs: 5 * 60_000, run: () => sweepDetections(database, { retentionDays: s.DETECTION_RETENTION_DAYS }) })]
      : []),
  ];
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
