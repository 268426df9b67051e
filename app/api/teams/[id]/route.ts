import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { updateTeam, updateTeamSchema } from '@/lib/roster/manage';

export const dynamic = 'force-dynamic';

/** Changes a team or stands it down; refused (409) when someone changed it since the editor read it. */
export const PATCH = apiRoute({ action: 'roster:write', params: z.object({ id: uuidSchema }) }, async ({ req, params, database, user, ip }) => {
  const input = await readJsonBody(req, updateTeamSchema);
  return updateTeam(database, user, params.id, input, ip);
});
