import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { revokeApiToken } from '@/lib/auth/api-tokens';

export const dynamic = 'force-dynamic';

/** Revokes one of the caller's own tokens; a GIS client using it gets 401 from then on. */
export const DELETE = apiRoute({ params: z.object({ id: uuidSchema }), action: 'account:self' }, async ({ params, user, database, ip }) => {
  await revokeApiToken(database, params.id, user, ip);
  return { ok: true };
});
