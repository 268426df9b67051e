import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apiTokens } from '@/db/schema';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { getUserById, type CurrentUser } from '@/lib/auth/session';
import { TtlCache } from '@/lib/cache/ttl-cache';

/**
 * Personal API tokens for GIS clients (QGIS, ogr2ogr): `Authorization: Bearer vgl_…` on the
 * routes that opt in (apiRoute's `allowApiToken`: the OGC API and layer exports). A token acts
 * as its user, with the user's role and scope as they are now; only its SHA-256 is stored.
 */
export const API_TOKEN_PREFIX = 'vgl_';
/** How much of a token lists show, so people can tell their tokens apart. */
const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;
export const MAX_ACTIVE_TOKENS = 20;
export const MAX_TOKEN_DAYS = 3650;

/** 256 random bits: a plain SHA-256 stores them safely (nothing to guess from) and checks cheaply. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ApiTokenInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const INFO = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

type Owner = Pick<CurrentUser, 'id' | 'username'>;

/** The caller's own tokens, newest first (revoked and expired ones too, marked by their dates). */
export async function listApiTokens(database: Database, userId: string): Promise<ApiTokenInfo[]> {
  return database.db.select(INFO).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

/** Creates a token for its owner; the token itself is in this answer only. Audited. */
export async function createApiToken(
  database: Database,
  owner: Owner,
  input: { name: string; expiresInDays?: number | null },
  ip: string | null = null,
): Promise<ApiTokenInfo & { token: string }> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  return database.db.transaction(async (tx) => {
    const [active] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, owner.id), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`))));
    if ((active?.n ?? 0) >= MAX_ACTIVE_TOKENS) throw new AppError('conflict', `At most ${MAX_ACTIVE_TOKENS} active tokens: revoke one first`);
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: owner.id, name: input.name, prefix: token.slice(0, SHOWN_PREFIX_LENGTH), tokenHash: hashToken(token), expiresAt })
      .returning(INFO);
    await writeAudit(tx, {
      action: 'api_token.create',
      actorId: owner.id,
      actorName: owner.username,
      targetType: 'api_token',
      targetId: row!.id,
      ip,
      details: { name: input.name, prefix: row!.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { ...row!, token };
  });
}

/** Revokes one of the owner's tokens (404 for anyone else's); its next request gets 401. Audited. */
export async function revokeApiToken(database: Database, id: string, owner: Owner, ip: string | null = null): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: apiTokens.id, prefix: apiTokens.prefix, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, owner.id)))
      .limit(1);
    if (!row) throw new AppError('not_found', 'No such token');
    if (row.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, id));
    await writeAudit(tx, { action: 'api_token.revoke', actorId: owner.id, actorName: owner.username, targetType: 'api_token', targetId: id, ip, details: { prefix: row.prefix } });
  });
  tokenCache.clear();
}

/** Is this an Authorization header carrying a Bearer credential (of any kind)? */
export function hasBearer(authorization: string | null): boolean {
  return /^Bearer\s/i.test(authorization ?? '');
}

// A GIS client asks for many pages in a row: the token row is cached for 5 s by its hash
// (revocation clears it at once on this instance; expiry is checked on every request).
const tokenCache = new TtlCache<string, { id: string; userId: string; expiresAt: number | null } | null>(5_000);

/**
 * The user an `Authorization: Bearer vgl_…` header acts as: 401 for a malformed, unknown,
 * revoked or expired token and for a disabled user. The user is re-read like a session's
 * (lib/auth/session), so a changed role or scope applies to the token at once.
 */
export async function authenticateApiToken(database: Database, authorization: string | null): Promise<CurrentUser> {
  const token = /^Bearer (vgl_[A-Za-z0-9_-]{43})$/.exec(authorization ?? '')?.[1];
  if (!token) throw new AppError('unauthorized', 'A personal API token is required: Authorization: Bearer vgl_…');
  const hash = hashToken(token);
  let row = tokenCache.get(hash);
  if (row === undefined) {
    const [found] = await database.db
      .select({ id: apiTokens.id, userId: apiTokens.userId, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
      .limit(1);
    row = found ? { id: found.id, userId: found.userId, expiresAt: found.expiresAt?.getTime() ?? null } : null;
    tokenCache.set(hash, row);
  }
  if (!row || (row.expiresAt !== null && row.expiresAt <= Date.now())) throw new AppError('unauthorized', 'Unknown, revoked or expired API token');
  const user = await getUserById(row.userId);
  if (!user) throw new AppError('unauthorized', 'Unknown, revoked or expired API token');
  touch(database, row.id);
  return user;
}

// When each token was last marked as used, per process: at most one write a minute per token.
const touched = new Map<string, number>();

/** Records that a token was used (shown on the account page), without slowing the request. */
function touch(database: Database, id: string): void {
  const now = Date.now();
  if ((touched.get(id) ?? 0) > now - 60_000) return;
  touched.set(id, now);
  void database.db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiTokens.id, id))
    .catch(() => touched.delete(id));
}
