import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import type { AlertKind } from '@/lib/domain/alerts';

// Alerts about the installation itself (recording stopped, the data disk nearly full): one open
// alert of a kind per province, raised in every province with cameras that `cameras` selects and
// resolved everywhere at once when the cause is gone. Each kind has a partial unique index
// (alerts_one_open_<kind>) so two instances raising together still make one.

const open = (kind: AlertKind) => sql`kind = ${kind} AND status IN ('new', 'acknowledged', 'dispatched')`;

/**
 * Raises a `kind` alert in every province with a camera matching `cameras` (on alias c, its
 * zone z) that has none open. Returns the new alerts' ids.
 */
export async function raiseSystemAlert(tx: Db, kind: AlertKind, message: string, cameras: SQL = sql`true`): Promise<string[]> {
  const rows = await tx.execute(sql`
    INSERT INTO alerts (kind, severity, occurred_at, message, province_code)
    SELECT DISTINCT ${kind}, 'critical', now(), ${message}, c.province_code
    FROM cameras c LEFT JOIN zones z ON z.id = c.zone_id
    WHERE c.retired_at IS NULL AND ${cameras}
      AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.province_code = c.province_code AND ${open(kind)})
    ON CONFLICT DO NOTHING
    RETURNING id`);
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}

/** Resolves the open `kind` alerts (the cause is gone), returning each with the status it had. */
export async function resolveSystemAlert(tx: Db, kind: AlertKind, outcome: string): Promise<{ id: string; status: string }[]> {
  const rows = await tx.execute(sql`
    WITH target AS (SELECT id, status FROM alerts WHERE ${open(kind)} FOR UPDATE)
    UPDATE alerts a SET status = 'resolved', resolved_at = now(), outcome = ${outcome}, version = a.version + 1, updated_at = now()
    FROM target t WHERE a.id = t.id
    RETURNING a.id, t.status`);
  return rowsOf<{ id: string; status: string }>(rows);
}
