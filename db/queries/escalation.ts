import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import { DUE_AT_SQL } from '@/db/queries/alerts';

// The escalation policy (how long an alert of a kind and severity may stay new) and the alerts
// that have gone past it.

export interface EscalationPolicyRow {
  kind: string;
  severity: string;
  acknowledgeMinutes: number;
  updatedAt: string;
  updatedByName: string | null;
}

export async function listEscalationPolicies(database: Database): Promise<EscalationPolicyRow[]> {
  const rows = await database.rows<EscalationPolicyRow>(sql`
    SELECT p.kind, p.severity, p.acknowledge_minutes AS "acknowledgeMinutes", p.updated_at AS "updatedAt", u.display_name AS "updatedByName"
    FROM escalation_policies p LEFT JOIN users u ON u.id = p.updated_by
    ORDER BY p.kind, p.severity`);
  return rows.map((r) => ({ ...r, acknowledgeMinutes: Number(r.acknowledgeMinutes), updatedAt: new Date(r.updatedAt).toISOString() }));
}

/** Sets policies; returns the ones that changed, with their previous minutes (for the audit log). */
export async function setEscalationPolicies(tx: Db, policies: { kind: string; severity: string; acknowledgeMinutes: number }[], actorId: string): Promise<{ kind: string; severity: string; from: number | null; to: number }[]> {
  if (policies.length === 0) return [];
  const input = JSON.stringify(policies);
  const before = rowsOf<{ kind: string; severity: string; minutes: number }>(
    await tx.execute(sql`
      SELECT p.kind, p.severity, p.acknowledge_minutes AS minutes FROM escalation_policies p
      JOIN jsonb_to_recordset(${input}::jsonb) AS x(kind text, severity text) USING (kind, severity)
      FOR UPDATE OF p`),
  );
  const written = rowsOf<{ kind: string; severity: string; minutes: number }>(
    await tx.execute(sql`
      INSERT INTO escalation_policies (kind, severity, acknowledge_minutes, updated_at, updated_by)
      SELECT kind, severity, "acknowledgeMinutes", now(), ${actorId}::uuid FROM jsonb_to_recordset(${input}::jsonb) AS x(kind text, severity text, "acknowledgeMinutes" int)
      ON CONFLICT (kind, severity) DO UPDATE SET acknowledge_minutes = EXCLUDED.acknowledge_minutes, updated_at = now(), updated_by = EXCLUDED.updated_by
        WHERE escalation_policies.acknowledge_minutes <> EXCLUDED.acknowledge_minutes
      RETURNING kind, severity, acknowledge_minutes AS minutes`),
  );
  const was = new Map(before.map((b) => [`${b.kind}|${b.severity}`, Number(b.minutes)]));
  return written.map((w) => ({ kind: w.kind, severity: w.severity, from: was.get(`${w.kind}|${w.severity}`) ?? null, to: Number(w.minutes) }));
}

const DUE = sql`a.status = 'new' AND a.escalated_at IS NULL AND ${DUE_AT_SQL('a', 'ep')} <= now()`;

/** Provinces with alerts past their acknowledgement time, not yet escalated. */
export async function provincesWithOverdueAlerts(tx: Db): Promise<string[]> {
  const rows = rowsOf<{ province_code: string }>(
    await tx.execute(sql`
      SELECT DISTINCT a.province_code FROM alerts a LEFT JOIN escalation_policies ep ON ep.kind = a.kind AND ep.severity = a.severity
      WHERE ${DUE}`),
  );
  return rows.map((r) => r.province_code);
}

/** Marks every alert past its acknowledgement time as escalated, once; returns their ids and how late each was allowed. */
export async function markOverdueAlerts(tx: Db): Promise<{ id: string; minutes: number }[]> {
  const rows = rowsOf<{ id: string; minutes: number }>(
    await tx.execute(sql`
      UPDATE alerts t SET escalated_at = now()
      FROM (SELECT a.id, coalesce(ep.acknowledge_minutes, 15) AS minutes FROM alerts a
            LEFT JOIN escalation_policies ep ON ep.kind = a.kind AND ep.severity = a.severity WHERE ${DUE}) d
      WHERE t.id = d.id
      RETURNING t.id, d.minutes`),
  );
  return rows.map((r) => ({ id: r.id, minutes: Number(r.minutes) }));
}
