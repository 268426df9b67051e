import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { unlockUser } from '@/lib/users/manage';

export const dynamic = 'force-dynamic';

/** Lifts the account's sign-in lock (wrong passwords from unknown browsers); audited. */
export const POST = apiRoute({ params: z.object({ id: uuidSchema }), action: 'user:manage' }, async ({ params, user, database, ip }) => unlockUser(database, user, params.id, ip));
