import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { CameraMounting } from '@/lib/domain/cameras';

// The demo's first-start history: the cameras the simulator drives, and the demo duty team's
// past handling of the alerts it raised (lib/demo/traffic.ts decides what; this writes it).

/** A demo camera as the simulator needs it: its mounting. */
export type DemoCamera = CameraMounting;

export async function demoCameras(database: Database): Promise<DemoCamera[]> {
  return database.rows<DemoCamera>(sql`
    SELECT id, code, kind::text AS kind, bearing_deg AS "bearingDeg", fov_deg AS "fovDeg", range_m AS "rangeM"
    FROM cameras WHERE is_demo AND retired_at IS NULL ORDER BY code`);
}

/** The admin who owns the simulator's device: a demo one first. */
export async function firstAdmin(database: Database): Promise<{ id: string; username: string } | undefined> {
  const [admin] = await database.rows<{ id: string; username: string }>(sql`SELECT id, username FROM users WHERE role = 'admin' ORDER BY is_demo DESC, created_at LIMIT 1`);
  return admin;
}

/** Claims the one-time history for this installation: true for the first caller only. */
export async function claimDemoTraffic(database: Database): Promise<boolean> {
  const claimed = await database.rows<{ key: string }>(sql`
    INSERT INTO app_meta (key, value) VALUES ('demo_traffic_seeded', to_jsonb(now()::text)) ON CONFLICT (key) DO NOTHING RETURNING key`);
  return claimed.length > 0;
}

/** The operator the demo's past handling is done by. */
export async function demoOperator(database: Database): Promise<{ id: string; name: string } | undefined> {
  const [operator] = await database.rows<{ id: string; name: string }>(sql`
    SELECT id, display_name AS name FROM users WHERE role = 'operator' ORDER BY is_demo DESC, created_at LIMIT 1`);
  return operator;
}

/** The demo operator as an actor, for the shift reports it signs. */
export async function demoReportingOperator(
  database: Database,
): Promise<{ id: string; role: 'operator'; agencyId: string; provinceCode: string | null; displayName: string } | undefined> {
  const [operator] = await database.rows<{ id: string; role: 'operator'; agencyId: string; provinceCode: string | null; displayName: string }>(sql`
    SELECT id, role::text AS role, agency_id AS "agencyId", province_code AS "provinceCode", display_name AS "displayName"
    FROM users WHERE role = 'operator' AND is_demo ORDER BY created_at LIMIT 1`);
  return operator;
}

/** Hotspot alert groups raised before `before` that nobody has touched yet. */
export async function unhandledDemoAlertGroups(database: Database, before: Date): Promise<{ gid: string; raised: string; people: number }[]> {
  return database.rows<{ gid: string; raised: string; people: number }>(sql`
    SELECT coalesce(a.incident_id, a.id) AS gid, min(a.created_at) AS raised, max(coalesce(c.count, 1))::int AS people
    FROM alerts a LEFT JOIN crossings c ON c.id = a.crossing_id
    WHERE a.kind = 'hotspot_crossing' AND a.status = 'new' AND a.created_at < ${before}
    GROUP BY 1 HAVING bool_and(a.status = 'new')`);
}

/** How the demo team handled one alert group (times as ISO strings). */
export interface DemoHandlingPlan {
  gid: string;
  path: string;
  ackAt: string;
  dispatchAt: string | null;
  reportAt: string | null;
  closeAt: string;
  outcome: string | null;
  intercepted: number | null;
}

/** Writes the planned handling: dispatches of the nearest team on duty, the alerts' states and their history. */
export async function writeDemoHandling(database: Database, operator: { id: string; name: string }, plans: DemoHandlingPlan[]): Promise<void> {
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
}
