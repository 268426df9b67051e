import 'server-only';
import type { Database } from '@/db/client';
import { countActiveApiTokens, findActiveApiToken, getOwnApiToken, insertApiToken, listApiTokens, markApiTokenUsed, revokeApiTokenRow, type ApiTokenInfo } from '@/db/queries/api-tokens';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { bearerSecrets } from '@/lib/auth/bearer-secrets';
import { getUserById, type CurrentUser } from '@/lib/auth/session';

/**
 * Personal API tokens for GIS clients (QGIS, ogr2ogr): `Authorization: Bearer vgl_…` on the
 * routes that opt in (apiRoute's `allowApiToken`: the OGC API and layer exports). A token acts
 * as its user, with the user's role and scope as they are now. The mechanism (hash, cache,
 * last use) is lib/auth/bearer-secrets, shared with device keys.
 */
export const API_TOKEN_PREFIX = 'vgl_';
export const MAX_ACTIVE_TOKENS = 20;
export const MAX_TOKEN_DAYS = 3650;

export { hasBearer } from '@/lib/auth/bearer-secrets';
export { listApiTokens, type ApiTokenInfo };

const UNKNOWN = 'Unknown, revoked or expired API token';

const tokens = bearerSecrets({
  prefix: API_TOKEN_PREFIX,
  shownLength: API_TOKEN_PREFIX.length + 8,
  body: /^[A-Za-z0-9_-]{43}$/,
  missing: 'A personal API token is required: Authorization: Bearer vgl_…',
  unknown: UNKNOWN,
  find: findActiveApiToken,
  idOf: (row) => row.id,
  usable: (row) => row.expiresAt === null || row.expiresAt > Date.now(),
  markUsed: markApiTokenUsed,
});

type Owner = Pick<CurrentUser, 'id' | 'username'>;

/** Creates a token for its owner; the token itself is in this answer only. Audited. */
export async function createApiToken(
  database: Database,
  owner: Owner,
  input: { name: string; expiresInDays?: number | null },
  ip: string | null = null,
): Promise<ApiTokenInfo & { token: string }> {
  const issued = tokens.issue();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  return database.db.transaction(async (tx) => {
    if ((await countActiveApiTokens(tx, owner.id)) >= MAX_ACTIVE_TOKENS) throw new AppError('conflict', `At most ${MAX_ACTIVE_TOKENS} active tokens: revoke one first`);
    const row = await insertApiToken(tx, { userId: owner.id, name: input.name, prefix: issued.shown, tokenHash: issued.hash, expiresAt });
    await writeAudit(tx, {
      action: 'api_token.create',
      actorId: owner.id,
      actorName: owner.username,
      targetType: 'api_token',
      targetId: row.id,
      ip,
      details: { name: input.name, prefix: row.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { ...row, token: issued.secret };
  });
}

/** Revokes one of the owner's tokens (404 for anyone else's); its next request gets 401. Audited. */
export async function revokeApiToken(database: Database, id: string, owner: Owner, ip: string | null = null): Promise<void> {
  await database.db.transaction(async (tx) => {
    const row = await getOwnApiToken(tx, id, owner.id);
    if (!row) throw new AppError('not_found', 'No such token');
    if (row.revokedAt) return;
    await revokeApiTokenRow(tx, id);
    await writeAudit(tx, { action: 'api_token.revoke', actorId: owner.id, actorName: owner.username, targetType: 'api_token', targetId: id, ip, details: { prefix: row.prefix } });
  });
  tokens.forget();
}

/**
 * The user an `Authorization: Bearer vgl_…` header acts as: 401 for a malformed, unknown,
 * revoked or expired token and for a disabled user. The user is re-read like a session's
 * (lib/auth/session), so a changed role or scope applies to the token at once.
 */
export async function authenticateApiToken(database: Database, authorization: string | null): Promise<CurrentUser> {
  const row = await tokens.authenticate(database, authorization);
  const user = await getUserById(row.userId);
  if (!user) throw new AppError('unauthorized', UNKNOWN);
  return user;
}
