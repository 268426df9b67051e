import 'server-only';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { listEscalationPolicies, setEscalationPolicies, type EscalationPolicyRow } from '@/db/queries/escalation';
import { writeAudit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/permissions';
import { ALERT_KINDS, ALERT_SEVERITIES } from '@/lib/domain/alerts';

// The escalation policy: for each kind and severity of alert, the minutes it may stay new before
// it is overdue (shown counting down in the inbox) and escalated to leadership.

export const escalationPolicySchema = z
  .object({
    policies: z
      .array(z.object({ kind: z.enum(ALERT_KINDS), severity: z.enum(ALERT_SEVERITIES), acknowledgeMinutes: z.number().int().min(1).max(1440) }).strict())
      .min(1)
      .max(ALERT_KINDS.length * ALERT_SEVERITIES.length)
      .refine((list) => new Set(list.map((p) => `${p.kind}|${p.severity}`)).size === list.length, 'each kind and severity once'),
  })
  .strict();
export type EscalationPolicyInput = z.infer<typeof escalationPolicySchema>;

export function getEscalationPolicies(database: Database): Promise<EscalationPolicyRow[]> {
  return listEscalationPolicies(database);
}

/** Sets policies (an administrator); every change is audited with its old and new minutes. */
export async function updateEscalationPolicies(database: Database, actor: Actor & { displayName: string }, input: EscalationPolicyInput, ip: string | null): Promise<EscalationPolicyRow[]> {
  await database.db.transaction(async (tx) => {
    const changed = await setEscalationPolicies(tx, input.policies, actor.id);
    if (changed.length > 0) {
      await writeAudit(tx, { action: 'alert.escalation_policy', actorId: actor.id, actorName: actor.displayName, targetType: 'escalation_policy', ip, details: { changed } });
    }
  });
  return listEscalationPolicies(database);
}
