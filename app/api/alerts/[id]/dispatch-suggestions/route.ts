import { z } from 'zod';
import { getGroupIdOf } from '@/db/queries/alerts';
import { getDispatchSuggestion } from '@/db/queries/roster';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { scopeFor } from '@/lib/auth/permissions';

export const dynamic = 'force-dynamic';

const query = z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) }).strict();

/** The nearest posts on the Vietnamese side whose team is on duty now, nearest first. */
export const GET = apiRoute({ action: 'alert:handle', params: z.object({ id: uuidSchema }), query }, async ({ params, query, database, scope, user }) => {
  const found = await getGroupIdOf(database, scope, params.id);
  if (!found) throw new AppError('not_found', 'No such alert');
  const rosterScope = scopeFor(user, 'roster:read');
  if (!rosterScope) return { suggestions: [] };
  return { suggestions: await getDispatchSuggestion(database, rosterScope, found.groupId, new Date(), query.limit) };
});
