import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { userSessions } from '@/db/schema';
import { TtlCache } from '@/lib/cache/ttl-cache';
import { endStreams } from '@/lib/events/open-streams';
import { getSettings } from '@/lib/settings';

// The session cookie (a next-auth JWT) carries the user id and a session id; the session row
// decides whether it still counts. Rows are cached for a few seconds per process because the
// video proxy asks on every segment; revoking clears this process's cache at once, other
// instances follow within STALE_MS.

const STALE_MS = 5_000;
/** last_seen_at is written at most this often per session. */
const TOUCH_MS = 60_000;

interface SessionRow {
  userId: string;
  lastSeenAt: number;
  expiresAt: number;
  revoked: boolean;
}

const cache = new TtlCache<string, SessionRow | null>(STALE_MS);
const touched = new Map<string, number>();

export type RevokeReason = 'sign_out' | 'password_changed' | 'account_disabled' | 'role_changed' | 'idle' | 'expired' | 'admin';

/** Opens a session at sign-in; its absolute end is fixed now and never extended. */
export async function createSession(db: Db, input: { userId: string; ip: string | null; userAgent: string | null }): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const maxMs = getSettings().SESSION_MAX_HOURS * 3_600_000;
  await db.insert(userSessions).values({
    id,
    userId: input.userId,
    expiresAt: new Date(Date.now() + maxMs),
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return id;
}

/**
 * The user a session belongs to while it counts: not revoked, not past its absolute end, and
 * used within the idle timeout (each check counts as use). Null otherwise; an idle or expired
 * session is revoked so it stays ended.
 */
export async function checkSession(database: Database, sessionId: string, now = Date.now()): Promise<string | null> {
  const row = await cache.getOrLoad(sessionId, async () => {
    const [found] = await database.db
      .select({ userId: userSessions.userId, lastSeenAt: userSessions.lastSeenAt, expiresAt: userSessions.expiresAt, revokedAt: userSessions.revokedAt })
      .from(userSessions)
      .where(eq(userSessions.id, sessionId))
      .limit(1);
    return found ? { userId: found.userId, lastSeenAt: found.lastSeenAt.getTime(), expiresAt: found.expiresAt.getTime(), revoked: found.revokedAt !== null } : null;
  });
  if (!row || row.revoked) return null;
  const idleMs = getSettings().SESSION_IDLE_MINUTES * 60_000;
  const lastSeen = Math.max(row.lastSeenAt, touched.get(sessionId) ?? 0);
  if (now >= row.expiresAt || now - lastSeen > idleMs) {
    await revokeSession(database.db, sessionId, now >= row.expiresAt ? 'expired' : 'idle');
    return null;
  }
  touch(database, sessionId, row, now);
  return row.userId;
}

function touch(database: Database, sessionId: string, row: SessionRow, now: number): void {
  const last = touched.get(sessionId) ?? row.lastSeenAt;
  if (now - last < TOUCH_MS) return;
  touched.set(sessionId, now);
  if (touched.size > 50_000) touched.delete(touched.keys().next().value!);
  void database.db
    .update(userSessions)
    .set({ lastSeenAt: new Date(now) })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)))
    .catch(() => touched.delete(sessionId));
}

export async function revokeSession(db: Db, sessionId: string, reason: RevokeReason): Promise<void> {
  await db
    .update(userSessions)
    .set({ revokedAt: sql`now()`, revokeReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
  cache.delete(sessionId);
  // Its live streams on this instance end now (others notice at their next re-check).
  endStreams((s) => s.sessionId === sessionId);
}

/** Ends every session of a user (password changed, account disabled, role changed); returns how many. */
export async function revokeUserSessions(db: Db, userId: string, reason: RevokeReason): Promise<number> {
  const ended = await db
    .update(userSessions)
    .set({ revokedAt: sql`now()`, revokeReason: reason })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  for (const { id } of ended) cache.delete(id);
  endStreams((s) => s.userId === userId);
  return ended.length;
}

/** Forgets sessions that ended long ago (kept a while for the audit trail). */
export async function pruneSessions(database: Database): Promise<number> {
  const rows = await database.rows<{ id: string }>(sql`
    DELETE FROM user_sessions WHERE coalesce(revoked_at, expires_at) < now() - interval '30 days' RETURNING id`);
  return rows.length;
}
