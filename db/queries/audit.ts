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

/** The audit log, newest first, optionally by action (prefix) and actor, before an id (paging). */
export async function searchAudit(database: Database, filter: { action?: string; actor?: string; before?: number; limit: number }): Promise<AuditRow[]> {
  const rows = await database.rows<AuditRow>(sql`
    SELECT id, at, actor_id AS "actorId", actor_name AS "actorName", action, target_type AS "targetType", target_id AS "targetId", ip, details
    FROM audit_log
    WHERE true
      ${filter.action ? sql`AND action LIKE ${`${filter.action.replace(/[%_\\]/g, '\\$&')}%`}` : sql``}
      ${filter.actor ? sql`AND lower(actor_name) = lower(${filter.actor})` : sql``}
      ${filter.before ? sql`AND id < ${filter.before}` : sql``}
    ORDER BY id DESC LIMIT ${filter.limit}`);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() }));
}
