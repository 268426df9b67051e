import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { publishEvents } from '@/lib/events/bus';
import type { AlertChange, AlertEvent } from '@/lib/events/types';
import { type AlertStatus } from '@/lib/domain/alerts';

// Every change to alerts goes out the same way: a row in the alert's history and a live event
// built from the row as it now is, both in the caller's transaction, so what the inbox shows
// is what was committed.

export interface TransitionRecord {
  alertId: string;
  action: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus | null;
  actorId?: string | null;
  actorName?: string | null;
  details?: Record<string, unknown>;
  /** When it happened; now unless given (history records its own times). */
  at?: string;
}

/** Appends to the alerts' history. */
export async function recordTransitions(tx: Db, records: TransitionRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.execute(sql`
    INSERT INTO alert_transitions (alert_id, at, action, from_status, to_status, actor_id, actor_name, details)
    SELECT (x->>'alertId')::uuid, coalesce((x->>'at')::timestamptz, now()), x->>'action', x->>'fromStatus', x->>'toStatus', (x->>'actorId')::uuid, x->>'actorName',
      CASE WHEN jsonb_typeof(x->'details') = 'object' THEN x->'details' END
    FROM jsonb_array_elements(${JSON.stringify(records.map((r) => ({ ...r, actorId: r.actorId ?? null, actorName: r.actorName ?? null, details: r.details ?? null, at: r.at ?? null })))}::jsonb) AS x`);
}

interface AlertEventRow {
  id: string;
  kind: string;
  status: AlertStatus;
  severity: string;
  version: number;
  incident_id: string | null;
  escalated: boolean;
  camera_id: string | null;
  crossing_id: string | number | null;
  occurred_at: string | Date;
  lon: number | null;
  lat: number | null;
  zone_name: string | null;
  zone_name_en: string | null;
  direction: 'into_vn' | 'out_of_vn' | null;
  people: number | null;
  province_code: string;
  agency_id: string | null;
}

/** Publishes each alert as it now is, with what happened to it. */
export async function publishAlertChanges(tx: Db, alertIds: readonly string[], change: AlertChange): Promise<void> {
  if (alertIds.length === 0) return;
  const rows = rowsOf<AlertEventRow>(
    await tx.execute(sql`
      SELECT a.id, a.kind, a.status, a.severity, a.version, a.incident_id, a.escalated_at IS NOT NULL AS escalated, a.camera_id, a.crossing_id,
             a.occurred_at, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat, coalesce(z.name, fac.name) AS zone_name, coalesce(z.name_en, fac.name_en) AS zone_name_en,
             c.direction::text AS direction, coalesce(c.count, t.people_count) AS people, a.province_code, a.agency_id
      FROM alerts a
      LEFT JOIN zones z ON z.id = a.zone_id
    LEFT JOIN quarantine_facilities fac ON fac.id = a.facility_id
      LEFT JOIN crossings c ON c.id = a.crossing_id
      LEFT JOIN tips t ON t.id = a.tip_id
      WHERE a.id = ANY(${`{${alertIds.join(',')}}`}::uuid[]) ORDER BY a.created_at, a.id`),
  );
  const events: AlertEvent[] = rows.map((r) => ({
    topic: 'alert',
    alertId: r.id,
    kind: r.kind,
    change,
    status: r.status,
    severity: r.severity,
    version: Number(r.version),
    incidentId: r.incident_id,
    escalated: Boolean(r.escalated),
    cameraId: r.camera_id,
    crossingId: r.crossing_id === null ? null : Number(r.crossing_id),
    occurredAt: new Date(r.occurred_at).toISOString(),
    lon: r.lon === null ? null : Number(r.lon),
    lat: r.lat === null ? null : Number(r.lat),
    zoneName: r.zone_name,
    zoneNameEn: r.zone_name_en,
    direction: r.direction,
    people: r.people === null ? null : Number(r.people),
    provinceCode: r.province_code,
    agencyId: r.agency_id,
  }));
  await publishEvents(tx, events);
}
