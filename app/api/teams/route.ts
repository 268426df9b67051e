import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { createTeam, createTeamSchema } from '@/lib/roster/manage';

export const dynamic = 'force-dynamic';

/** Adds a team to a post. */
export const POST = apiRoute({ action: 'roster:write' }, async ({ req, database, user, ip }) => {
  const input = await readJsonBody(req, createTeamSchema);
  return createTeam(database, user, input, ip);
});
