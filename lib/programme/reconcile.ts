import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import type { FacilityStage, FacilityStatus } from '@/lib/domain/facilities';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { afterAlertsRaised } from '@/lib/alerts/raise';
import { RESTORED_OUTCOME, type AlertStatus } from '@/lib/domain/alerts';
import { publishEvent } from '@/lib/events/bus';
import { allCamerasDown, facilityStatus, isConnectionStatus } from '@/lib/programme/status';

interface FacilityHealthRow {
  id: string;
  name: string;
  stage: FacilityStage;
  status: FacilityStatus;
  required_cameras: number | null;
  ever: boolean;
  province_code: string;
  agency_id: string | null;
  telecom_agency_id: string | null;
  live: number;
  unknown: number;
  down: number;
  /** When the last of its cameras went down (for the alert's grace period). */
  down_since: string | null;
}

export interface ReconcileOptions {
  now?: Date;
  /** A facility must have been all down this long before it raises an alert. */
  alertGraceSeconds?: number;
}

/**
 * Brings facilities' status in line with their cameras, in the caller's transaction: each
 * change is stored with its history row and announced; a facility whose cameras are all down
 * raises one "facility down" alert per outage, resolved by itself when a camera is back.
 * `facilityIds` null: every open facility (the periodic safety net). The rows are locked in id
 * order first, so the health monitor, a recorded step and the periodic round serialise per
 * facility and the same change is never written twice.
 */
export async function reconcileFacilities(tx: Db, facilityIds: readonly string[] | null, options: ReconcileOptions = {}): Promise<{ changed: number; raised: number; restored: number }> {
  if (facilityIds && facilityIds.length === 0) return { changed: 0, raised: 0, restored: 0 };
  const now = options.now ?? new Date();
  const grace = options.alertGraceSeconds ?? 0;
  const only = facilityIds ? sql`AND f.id = ANY(${`{${facilityIds.join(',')}}`}::uuid[])` : sql``;
  await tx.execute(sql`SELECT f.id FROM quarantine_facilities f WHERE f.closed_at IS NULL ${only} ORDER BY f.id FOR UPDATE`);
  const rows = rowsOf<FacilityHealthRow>(
    await tx.execute(sql`
      SELECT f.id, f.name, f.stage, f.status, f.required_cameras, f.first_connected_at IS NOT NULL AS ever,
        f.province_code, f.agency_id, f.telecom_agency_id,
        count(c.id) FILTER (WHERE c.status = 'live')::int AS live,
        count(c.id) FILTER (WHERE c.status = 'unknown')::int AS unknown,
        count(c.id) FILTER (WHERE c.status IN ('offline', 'stalled', 'unsupported'))::int AS down,
        max(c.status_since) FILTER (WHERE c.status IN ('offline', 'stalled', 'unsupported')) AS down_since
      FROM quarantine_facilities f
      LEFT JOIN cameras c ON c.facility_id = f.id AND c.retired_at IS NULL AND c.stream_url IS NOT NULL
      WHERE f.closed_at IS NULL ${only}
      GROUP BY f.id`),
  );
  let changed = 0;
  const downIds: string[] = [];
  const upIds: string[] = [];
  for (const r of rows) {
    const next = facilityStatus({ stage: r.stage, requiredCameras: r.required_cameras, current: r.status, everConnected: r.ever, live: r.live, unknown: r.unknown, down: r.down });
    if (next !== r.status) {
      changed++;
      await tx.execute(sql`
        UPDATE quarantine_facilities SET status = ${next}, status_since = ${now},
          first_connected_at = coalesce(first_connected_at, CASE WHEN ${next} = 'connected' THEN ${now}::timestamptz END), updated_at = ${now}
        WHERE id = ${r.id}`);
      await tx.execute(sql`
        INSERT INTO facility_events (facility_id, kind, at, from_status, to_status, details)
        VALUES (${r.id}, 'status', ${now}, ${r.status}, ${next}, ${JSON.stringify({ live: r.live, down: r.down, unknown: r.unknown, required: r.required_cameras })}::jsonb)`);
      await publishEvent(tx, { topic: 'facility', facilityId: r.id, change: 'status', status: next, name: r.name, provinceCode: r.province_code, agencyId: r.agency_id, telecomAgencyId: r.telecom_agency_id });
    }
    const down = allCamerasDown(r) && isConnectionStatus(next);
    if (down && (!r.down_since || now.getTime() - new Date(r.down_since).getTime() >= grace * 1000)) downIds.push(r.id);
    // An outage ends when a camera is live again (or the facility leaves the connection phase),
    // not when an unchecked camera joins: that one may be down too.
    else if (r.live > 0 || !isConnectionStatus(next)) upIds.push(r.id);
  }
  let raised = 0;
  if (downIds.length > 0) {
    // One alert per outage: while the cameras stay down, one someone dismissed is not raised again.
    const inserted = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO alerts (kind, severity, facility_id, occurred_at, geom, message, province_code, agency_id)
        SELECT 'facility_down', 'critical', f.id,
          coalesce((SELECT max(c.status_since) FROM cameras c WHERE c.facility_id = f.id AND c.retired_at IS NULL AND c.stream_url IS NOT NULL), ${now}),
          f.geom, 'Every camera of facility "' || f.name || '" is down', f.province_code, f.agency_id
        FROM quarantine_facilities f
        WHERE f.id = ANY(${`{${downIds.join(',')}}`}::uuid[]) AND NOT EXISTS (
          SELECT 1 FROM alerts a WHERE a.kind = 'facility_down' AND a.facility_id = f.id
            AND a.created_at >= coalesce((
              SELECT max(s.at) FROM camera_status_changes s JOIN cameras c ON c.id = s.camera_id
              WHERE c.facility_id = f.id AND s.status = 'live'), '-infinity'))
        ON CONFLICT DO NOTHING
        RETURNING id`),
    );
    raised = inserted.length;
    await afterAlertsRaised(tx, inserted.map((r) => r.id));
  }
  let restored = 0;
  if (upIds.length > 0) {
    const rowsRestored = rowsOf<{ id: string; status: AlertStatus }>(
      await tx.execute(sql`
        WITH target AS (
          SELECT id, status FROM alerts
          WHERE kind = 'facility_down' AND facility_id = ANY(${`{${upIds.join(',')}}`}::uuid[]) AND status IN ('new', 'acknowledged', 'dispatched') FOR UPDATE)
        UPDATE alerts a SET status = 'resolved', resolved_at = ${now}, outcome = ${RESTORED_OUTCOME}, version = a.version + 1, updated_at = ${now}
        FROM target t WHERE a.id = t.id
        RETURNING a.id, t.status`),
    );
    restored = rowsRestored.length;
    await recordTransitions(tx, rowsRestored.map((r) => ({ alertId: r.id, action: 'restore', fromStatus: r.status, toStatus: 'resolved' })));
    await publishAlertChanges(tx, rowsRestored.map((r) => r.id), 'restored');
  }
  return { changed, raised, restored };
}
