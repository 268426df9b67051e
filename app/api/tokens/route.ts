import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { nameText } from '@/lib/api/schemas';
import { createApiToken, listApiTokens, MAX_TOKEN_DAYS } from '@/lib/auth/api-tokens';

export const dynamic = 'force-dynamic';

const createSchema = z.object({ name: nameText(100), expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).nullish() }).strict();

/** The caller's own personal API tokens, without the tokens themselves. */
export const GET = apiRoute({ action: 'account:self' }, async ({ user, database }) => ({ tokens: await listApiTokens(database, user.id) }));

/** A new personal API token for GIS clients: the token is in this answer only. */
export const POST = apiRoute({ action: 'account:self' }, async ({ req, user, database, ip }) => {
  const input = await readJsonBody(req, createSchema);
  const created = await createApiToken(database, user, input, ip);
  return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
