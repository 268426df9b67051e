import 'server-only';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@/db/client';
import { claimDemoTraffic, demoCameras, demoOperator, demoReportingOperator, firstAdmin, unhandledDemoAlertGroups, writeDemoHandling } from '@/db/queries/demo';
import { authenticateDevice, createDeviceKey, type Device } from '@/lib/detections/device-keys';
import { ingestEvents } from '@/lib/detections/ingest';
import { openReport, signReport, updateReport } from '@/lib/reports/situation';
import { previousShift, shiftAt } from '@/lib/domain/shifts';
import { getSettings } from '@/lib/settings';
import { getLogger } from '@/lib/logger';
import { simulateTracks, type SimEvent } from '@/lib/simulation/traffic';

/** The demo simulator's key, readable by `npm run simulate` on this machine and nobody else. */
export const SIMULATOR_KEY_FILE = 'demo-device-key';
const DEVICE_NAME = 'Demo traffic simulator';
const BATCH = 2_000;

/**
 * The device the demo traffic is sent as. Its key exists in plain text only in DATA_DIR (mode
 * 0600), for the simulator; a missing or revoked key file gets a new device and key.
 */
export async function ensureSimulatorDevice(database: Database, dataDir: string): Promise<{ device: Device; key: string }> {
  const file = path.resolve(dataDir, SIMULATOR_KEY_FILE);
  const existing = await readFile(file, 'utf8').then((s) => s.trim(), () => null);
  if (existing) {
    const device = await authenticateDevice(database, `Bearer ${existing}`).catch(() => null);
    if (device) return { device, key: existing };
  }
  const admin = await firstAdmin(database);
  if (!admin) throw new Error('no admin user to own the demo simulator device');
  const cameraIds = (await demoCameras(database)).map((c) => c.id);
  const { key } = await createDeviceKey(database, { name: DEVICE_NAME, cameraIds, createdBy: admin.id, createdByName: admin.username });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { device: await authenticateDevice(database, `Bearer ${key}`), key };
}

/**
 * A few days of simulated traffic behind the demo, ingested once through the same code path as
 * the API (enrichment, crossings, hotspot alerts), so heatmaps and searches have something to
 * show on a first start. Alerts older than an hour are marked handled, as a duty shift would have.
 */
export async function seedDemoTraffic(database: Database, options: { days: number; dataDir: string; now?: number; onStart?: () => void }): Promise<number> {
  if (options.days <= 0) return 0;
  if (!(await claimDemoTraffic(database))) return 0;
  options.onStart?.();
  const now = options.now ?? Date.now();
  const { device } = await ensureSimulatorDevice(database, options.dataDir);
  const cameras = (await demoCameras(database)).filter((c) => device.cameraIds.includes(c.id));
  let pending: SimEvent[] = [];
  let accepted = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const result = await ingestEvents(database, device, pending, { now, backfill: true });
    accepted += result.accepted;
    pending = [];
  };
  for (const track of simulateTracks(cameras, now - options.days * 86_400_000, now - 60_000)) {
    pending.push(...track.filter((e) => Date.parse(e.observedAt) < now));
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  await handleDemoAlerts(database, now - 3_600_000);
  await signDemoReports(database, now);
  getLogger().info({ days: options.days, detections: accepted }, 'demo traffic history ingested');
  return accepted;
}

/** A small deterministic hash of a string, 0…2^31. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) % 2_147_483_648;
}

/**
 * The demo duty team's past work, so the inbox history, the overview's median times and the
 * trend have something true to the workflow to show: every hotspot alert group raised before
 * `before` was acknowledged within a few minutes by the demo operator, then most had the
 * nearest team on duty sent and reporting back, and each was resolved with an outcome (a few
 * were dismissed). Times and choices are derived from the group's id, so they are stable.
 */
export async function handleDemoAlerts(database: Database, before: number): Promise<number> {
  const operator = await demoOperator(database);
  if (!operator) return 0;
  const groups = await unhandledDemoAlertGroups(database, new Date(before));
  const iso = (ms: number) => new Date(ms).toISOString();
  const plans = groups.map((g) => {
    const h = hash(g.gid);
    const raised = Date.parse(new Date(g.raised).toISOString());
    const ackAt = raised + (45 + (h % 180)) * 1000;
    const path = h % 20 < 2 ? 'dismiss' : h % 20 < 14 ? 'dispatch' : 'resolve';
    const dispatchAt = ackAt + (60 + ((h >> 3) % 240)) * 1000;
    const reportAt = dispatchAt + (15 + ((h >> 5) % 25)) * 60_000;
    const closeAt = path === 'dispatch' ? reportAt + (2 + ((h >> 7) % 8)) * 60_000 : ackAt + (10 + ((h >> 7) % 20)) * 60_000;
    const o = (h >> 9) % 100;
    const outcome = path === 'dismiss' ? null : o < 35 ? 'intercepted' : o < 60 ? 'turned_back' : o < 85 ? 'no_contact' : 'false_alarm';
    return {
      gid: g.gid,
      path,
      ackAt: iso(ackAt),
      dispatchAt: path === 'dispatch' ? iso(dispatchAt) : null,
      reportAt: path === 'dispatch' ? iso(reportAt) : null,
      closeAt: iso(closeAt),
      outcome,
      intercepted: outcome === 'intercepted' ? Math.max(1, Number(g.people)) : null,
    };
  });
  if (plans.length === 0) return 0;
  await writeDemoHandling(database, operator, plans);
  return plans.length;
}

/** Reports of the demo's last three complete shifts, written and signed by the demo operator. */
async function signDemoReports(database: Database, now: number): Promise<void> {
  const operator = await demoReportingOperator(database);
  if (!operator) return;
  const starts = getSettings().SHIFT_STARTS;
  let shift = shiftAt(now, starts);
  for (let i = 0; i < 3; i++) {
    shift = previousShift(shift, starts);
    const { id } = await openReport(database, operator, { shiftDate: shift.date, shiftIndex: shift.index }, starts, null, new Date(now));
    const draft = await updateReport(
      database,
      operator,
      id,
      { version: 1, narrative: 'Tình hình biên giới trong ca cơ bản ổn định. Các cảnh báo vượt biên tại điểm nóng đã được xác nhận, điều tổ gần nhất kiểm tra và xử lý. (Báo cáo mẫu của dữ liệu demo.)' },
      starts,
      null,
      new Date(now),
    );
    await signReport(database, operator, id, draft.version, null);
  }
}
