import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { changeOwnPassword, passwordSchema } from '@/lib/users/manage';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }).strict();

/** Changes the caller's password; all their sessions end (they sign in again). */
export const POST = apiRoute({ action: 'account:self' }, async ({ req, user, database, ip }) => {
  await changeOwnPassword(database, user, await readJsonBody(req, bodySchema), ip);
  return { ok: true, signedOut: true };
});
