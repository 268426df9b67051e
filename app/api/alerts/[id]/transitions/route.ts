import { z } from 'zod';
import { transitionSchema } from '@/lib/alerts/schemas';
import { transitionAlertGroup } from '@/lib/alerts/transition';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

/**
 * Acknowledge, dispatch, resolve or dismiss an alert's group. The body carries the group version
 * the person saw: a stale one gets 409 with who changed the group, and nothing changes.
 */
export const POST = apiRoute({ action: 'alert:handle', params: z.object({ id: uuidSchema }) }, async ({ req, params, database, user, ip }) => {
  const input = await readJsonBody(req, transitionSchema);
  return transitionAlertGroup(database, user, params.id, input, ip);
});
