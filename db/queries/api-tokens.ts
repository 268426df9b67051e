import 'server-only';
import { and, count, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { apiTokens } from '@/db/schema';

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

/** A user's tokens, newest first (revoked and expired ones too, marked by their dates). */
export async function listApiTokens(database: Database, userId: string): Promise<ApiTokenInfo[]> {
  return database.db.select(INFO).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

/** How many of a user's tokens still work (not revoked, not expired). */
export async function countActiveApiTokens(tx: Db, userId: string): Promise<number> {
  const [active] = await tx
    .select({ n: count() })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`))));
  return active?.n ?? 0;
}

export async function insertApiToken(tx: Db, token: { userId: string; name: string; prefix: string; tokenHash: string; expiresAt: Date | null }): Promise<ApiTokenInfo> {
  const [row] = await tx.insert(apiTokens).values(token).returning(INFO);
  return row!;
}

/** One of a user's own tokens (none for anyone else's). */
export async function getOwnApiToken(tx: Db, id: string, userId: string): Promise<{ id: string; prefix: string; revokedAt: Date | null } | undefined> {
  const [row] = await tx
    .select({ id: apiTokens.id, prefix: apiTokens.prefix, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .limit(1);
  return row;
}

export async function revokeApiTokenRow(tx: Db, id: string): Promise<void> {
  await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, id));
}

/** The unrevoked token with this hash: whose it is and until when it works. */
export async function findActiveApiToken(database: Database, tokenHash: string): Promise<{ id: string; userId: string; expiresAt: number | null } | null> {
  const [found] = await database.db
    .select({ id: apiTokens.id, userId: apiTokens.userId, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  return found ? { id: found.id, userId: found.userId, expiresAt: found.expiresAt?.getTime() ?? null } : null;
}

export async function markApiTokenUsed(database: Database, id: string): Promise<void> {
  await database.db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, id));
}
