import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { createUser, createUserSchema, listUsers } from '@/lib/users/manage';

export const dynamic = 'force-dynamic';

/** Accounts this administrator manages, with their active session counts. Never password hashes. */
export const GET = apiRoute({ action: 'user:manage' }, async ({ user, database }) => ({ users: await listUsers(database, user) }));

export const POST = apiRoute({ action: 'user:manage' }, async ({ req, user, database, ip }) => {
  const input = await readJsonBody(req, createUserSchema);
  return Response.json(await createUser(database, user, input, ip), { status: 201 });
});
