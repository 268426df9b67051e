import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { updateUser, updateUserSchema } from '@/lib/users/manage';

export const dynamic = 'force-dynamic';

/** Changes an account; disabling it, a new password or a new role ends its sessions. */
export const PATCH = apiRoute({ params: z.object({ id: uuidSchema }), action: 'user:manage' }, async ({ req, params, user, database, ip }) => {
  const input = await readJsonBody(req, updateUserSchema);
  return updateUser(database, user, params.id, input, ip);
});
