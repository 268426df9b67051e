import 'server-only';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';

export interface AuditEntry {
  action: string;
  actorId?: string | null;
  actorName?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log. Pass a transaction to make the entry part of the change it records. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? null,
  });
}
