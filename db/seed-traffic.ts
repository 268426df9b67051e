import 'server-only';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { authenticateDevice, createDeviceKey, type Device } from '@/lib/detections/device-keys';
import { ingestEvents } from '@/lib/detections/ingest';
import { openReport, signReport, updateReport } from '@/lib/reports/situation';
import { previousShift, shiftAt } from '@/lib/roster/shifts';
import { getSettings } from '@/lib/settings';
import { getLogger } from '@/lib/logger';
import { simulateTracks, type SimCamera, type SimEvent } from '@/lib/simulation/traffic';

/** The demo simulator's key, readable by `npm run simulate` on this machine and nobody else. */
export const SIMULATOR_KEY_FILE = 'demo-device-key';
const DEVICE_NAME = 'Demo traffic simulator';
const BATCH = 2_000;

export async function demoCameras(database: Database): Promise<SimCamera[]> {
  return database.rows<SimCamera>(sql`
    SELECT id, code, kind::text AS kind, bearing_deg AS "bearingDeg", fov_deg AS "fovDeg", range_m AS "rangeM"
    FROM cameras WHERE is_demo AND retired_at IS NULL ORDER BY code`);
}

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
  const [admin] = await database.rows<{ id: string; username: string }>(sql`SELECT id, username FROM users WHERE role = 'admin' ORDER BY is_demo DESC, created_at LIMIT 1`);
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
  const claimed = await database.rows<{ key: string }>(sql`
    INSERT INTO app_meta (key, value) VALUES ('demo_traffic_seeded', to_jsonb(now()::text)) ON CONFLICT (key) DO NOTHING RETURNING key`);
  if (claimed.length === 0) return 0;
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
  const [operator] = await database.rows<{ id: string; name: string }>(sql`
    SELECT id, display_name AS name FROM users WHERE role = 'operator' ORDER BY is_demo DESC, created_at LIMIT 1`);
  if (!operator) return 0;
  const groups = await database.rows<{ gid: string; raised: string; people: number }>(sql`
    SELECT coalesce(a.incident_id, a.id) AS gid, min(a.created_at) AS raised, max(coalesce(c.count, 1))::int AS people
    FROM alerts a LEFT JOIN crossings c ON c.id = a.crossing_id
    WHERE a.kind = 'hotspot_crossing' AND a.status = 'new' AND a.created_at < ${new Date(before)}
    GROUP BY 1 HAVING bool_and(a.status = 'new')`);
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
  const plan = sql`jsonb_to_recordset(${JSON.stringify(plans)}::jsonb) AS p(gid uuid, path text, "ackAt" timestamptz, "dispatchAt" timestamptz, "reportAt" timestamptz, "closeAt" timestamptz, outcome text, intercepted int)`;
  await database.db.transaction(async (tx) => {
    // The team on duty nearest each dispatched group, at the time it was sent.
    await tx.execute(sql`
      INSERT INTO dispatches (alert_id, team_id, checkpoint_id, distance_m, dispatched_at, dispatched_by, report, reported_at, reported_by, province_code)
      SELECT p.gid, n.team_id, n.checkpoint_id, n.d, p."dispatchAt", ${operator.id}, 'Tổ đã đến hiện trường và báo cáo về trung tâm (demo).', p."reportAt", ${operator.id}, a.province_code
      FROM ${plan} JOIN alerts a ON a.id = p.gid
      CROSS JOIN LATERAL (
        SELECT t.id AS team_id, cp.id AS checkpoint_id, ST_Distance(cp.geom::geography, a.geom::geography) AS d
        FROM roster_assignments r JOIN teams t ON t.id = r.team_id JOIN checkpoints cp ON cp.id = r.checkpoint_id
        WHERE r.starts_at <= p."dispatchAt" AND r.ends_at > p."dispatchAt" AND cp.province_code = a.province_code
        ORDER BY cp.geom <-> a.geom LIMIT 1) n
      WHERE p.path = 'dispatch' AND a.geom IS NOT NULL`);
    await tx.execute(sql`
      WITH m AS (
        SELECT a.id, p.*, row_number() OVER (PARTITION BY p.gid ORDER BY a.occurred_at, a.id) AS k,
          EXISTS (SELECT 1 FROM dispatches d WHERE d.alert_id = p.gid) AS sent
        FROM ${plan} JOIN alerts a ON coalesce(a.incident_id, a.id) = p.gid WHERE a.status = 'new')
      UPDATE alerts a SET
        status = CASE WHEN m.path = 'dismiss' THEN 'dismissed' ELSE 'resolved' END,
        version = a.version + CASE WHEN m.sent THEN 4 ELSE 2 END,
        acknowledged_at = m."ackAt", acknowledged_by = ${operator.id},
        dispatched_at = CASE WHEN m.sent THEN m."dispatchAt" END, dispatched_by = CASE WHEN m.sent THEN ${operator.id}::uuid END,
        resolved_at = CASE WHEN m.path <> 'dismiss' THEN m."closeAt" END, resolved_by = CASE WHEN m.path <> 'dismiss' THEN ${operator.id}::uuid END,
        outcome = m.outcome, intercepted_count = CASE WHEN m.k = 1 THEN m.intercepted END,
        dismissed_at = CASE WHEN m.path = 'dismiss' THEN m."closeAt" END, dismissed_by = CASE WHEN m.path = 'dismiss' THEN ${operator.id}::uuid END,
        dismissal_reason = CASE WHEN m.path = 'dismiss' THEN 'Camera nhận dạng nhầm, đã kiểm tra lại hình ảnh (demo).' END,
        updated_at = m."closeAt"
      FROM m WHERE a.id = m.id`);
    // Their history, step by step, at the times above.
    await tx.execute(sql`
      INSERT INTO alert_transitions (alert_id, at, actor_id, actor_name, action, from_status, to_status, details)
      SELECT a.id, s.at, ${operator.id}, ${operator.name}, s.action, s.from_status, s.to_status, s.details
      FROM ${plan} JOIN alerts a ON coalesce(a.incident_id, a.id) = p.gid
      CROSS JOIN LATERAL (VALUES
        (p."ackAt", 'acknowledge', 'new', 'acknowledged', NULL::jsonb),
        (CASE WHEN a.dispatched_at IS NOT NULL THEN p."dispatchAt" END, 'dispatch', 'acknowledged', 'dispatched', NULL::jsonb),
        (CASE WHEN a.dispatched_at IS NOT NULL THEN p."reportAt" END, 'report', NULL, NULL, NULL::jsonb),
        (p."closeAt", CASE WHEN p.path = 'dismiss' THEN 'dismiss' ELSE 'resolve' END,
          CASE WHEN a.dispatched_at IS NOT NULL THEN 'dispatched' ELSE 'acknowledged' END, a.status,
          jsonb_build_object('outcome', p.outcome, 'interceptedCount', p.intercepted))
      ) AS s(at, action, from_status, to_status, details)
      WHERE s.at IS NOT NULL`);
  });
  return plans.length;
}

/** Reports of the demo's last three complete shifts, written and signed by the demo operator. */
async function signDemoReports(database: Database, now: number): Promise<void> {
  const [operator] = await database.rows<{ id: string; role: 'operator'; agencyId: string; provinceCode: string | null; displayName: string }>(sql`
    SELECT id, role::text AS role, agency_id AS "agencyId", province_code AS "provinceCode", display_name AS "displayName"
    FROM users WHERE role = 'operator' AND is_demo ORDER BY created_at LIMIT 1`);
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
