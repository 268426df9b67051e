import { z } from 'zod';
import { getGroupIdOf } from '@/db/queries/alerts';
import { alertContext } from '@/lib/alerts/context';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

/**
 * An alert's group with its members, history, dispatches, evidence, the cameras that see its
 * place and the alerts nearby. Any member's id opens its group.
 */
export const GET = apiRoute({ action: 'alert:read', params: z.object({ id: uuidSchema }) }, async ({ params, database, scope, user }) => {
  const found = await getGroupIdOf(database, scope, params.id);
  const context = found ? await alertContext(database, user, found.groupId) : null;
  if (!context) throw new AppError('not_found', 'No such alert');
  return context;
});
