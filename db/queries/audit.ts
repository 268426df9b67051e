import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

export interface AuditRow {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/**
 * The province an entry belongs to, from what it is about and who did it: the target's province
 * (a camera, tip, facility, alert, team, report or account), else the actor's, else — for a
 * sign-in attempt, which has no actor yet — the account the name belongs to. Entries about
 * nothing provincial (a national setting, an unknown name) have none: national scope only.
 */
const ENTRY_PROVINCE = sql`COALESCE(
  (SELECT CASE a.target_type
     WHEN 'camera' THEN (SELECT province_code FROM cameras WHERE id = t.uid)
     WHEN 'tip' THEN (SELECT province_code FROM tips WHERE id = t.uid)
     WHEN 'facility' THEN (SELECT province_code FROM quarantine_facilities WHERE id = t.uid)
     WHEN 'alert' THEN (SELECT province_code FROM alerts WHERE id = t.uid)
     WHEN 'team' THEN (SELECT province_code FROM teams WHERE id = t.uid)
     WHEN 'dispatch' THEN (SELECT province_code FROM dispatches WHERE id = t.uid)
     WHEN 'situation_report' THEN (SELECT province_code FROM situation_reports WHERE id = t.uid)
     WHEN 'user' THEN (SELECT province_code FROM users WHERE id = t.uid)
   END
   FROM (SELECT CASE WHEN a.target_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN a.target_id::uuid END AS uid) t),
  (SELECT province_code FROM users WHERE id = a.actor_id),
  (SELECT province_code FROM users WHERE a.actor_id IS NULL AND a.action LIKE 'auth.%' AND lower(username) = lower(a.actor_name) LIMIT 1))`;

/**
 * The audit log, newest first, optionally by action (prefix) and actor, before an id (paging).
 * `provinceCode` (a provincial administrator's scope): only the entries that belong to it.
 */
export async function listAuditEntries(database: Database, filter: { action?: string; actor?: string; before?: number; limit: number; provinceCode: string | null }): Promise<AuditRow[]> {
  const rows = await database.rows<AuditRow>(sql`
    SELECT id, at, actor_id AS "actorId", actor_name AS "actorName", action, target_type AS "targetType", target_id AS "targetId", ip, details
    FROM audit_log a
    WHERE true
      ${filter.action ? sql`AND action LIKE ${`${filter.action.replace(/[%_\\]/g, '\\$&')}%`}` : sql``}
      ${filter.actor ? sql`AND lower(actor_name) = lower(${filter.actor})` : sql``}
      ${filter.before ? sql`AND id < ${filter.before}` : sql``}
      ${filter.provinceCode ? sql`AND ${ENTRY_PROVINCE} = ${filter.provinceCode}` : sql``}
    ORDER BY id DESC LIMIT ${filter.limit}`);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() }));
}
