import { escalationPolicySchema, getEscalationPolicies, updateEscalationPolicies } from '@/lib/alerts/escalation-policy';
import { apiRoute, readJsonBody } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

/** How long each kind and severity of alert may stay new before it is overdue (everyone who reads alerts may see it). */
export const GET = apiRoute({ action: 'alert:read' }, async ({ database }) => ({ policies: await getEscalationPolicies(database) }));

/** Administrators change it; every change is audited. */
export const PUT = apiRoute({ action: 'alert:policy' }, async ({ req, database, user, ip }) => {
  const input = await readJsonBody(req, escalationPolicySchema);
  return { policies: await updateEscalationPolicies(database, user, input, ip) };
});
