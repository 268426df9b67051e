import 'server-only';
import type { Database } from '@/db/client';
import { setGroupEvidence } from '@/db/queries/recordings';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { scopeFor, type Actor } from '@/lib/auth/permissions';

/**
 * Keeps an alert group's recorded clips as evidence (past retention, after it is resolved), or
 * lets them go with retention again. Audited: evidence is kept on someone's word.
 */
export async function markGroupEvidence(database: Database, actor: Actor & { username: string }, groupId: string, evidence: boolean, ip: string | null): Promise<{ evidence: boolean; alerts: number }> {
  const scope = scopeFor(actor, 'alert:handle');
  if (!scope) throw new AppError('forbidden', 'You may not handle alerts');
  const changed = await setGroupEvidence(database, scope, groupId, evidence, actor.id);
  if (changed === 0) throw new AppError('not_found', 'No such alert');
  await writeAudit(database.db, { action: evidence ? 'alert.evidence_kept' : 'alert.evidence_released', actorId: actor.id, actorName: actor.username, targetType: 'alert', targetId: groupId, ip, details: { alerts: changed } });
  return { evidence, alerts: changed };
}
