import 'server-only';
import { eq } from 'drizzle-orm';
import { decode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDatabase } from '@/lib/database';
import { isDatabaseUnavailable } from '@/db/errors';
import { agencies, users } from '@/db/schema';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { getAuthSecret } from '@/lib/auth/secret';
import { TtlCache } from '@/lib/cache/ttl-cache';
import { can, type Action, type Actor } from '@/lib/auth/permissions';
import { checkSession } from '@/lib/auth/sessions';

export interface CurrentUser extends Actor {
  username: string;
  displayName: string;
  agencyName: string;
  agencyNameEn: string;
}

/** next-auth's session cookie names (the __Secure- one is used over HTTPS). */
const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

// A video player asks for a segment every second or two; decrypting the session token and
// reading the user row on each of those would dominate the proxy's cost. Both are cached for a
// few seconds (the session row is too, in lib/auth/sessions, and revoking clears it at once in
// this process), so a disabled user or a changed role takes effect within STALE_MS elsewhere.
const STALE_MS = 5_000;
const tokens = new TtlCache<string, { sub: string; sid: string; exp: number } | null>(STALE_MS);
const userRows = new TtlCache<string, CurrentUser | null>(STALE_MS);

/** The user id and session id a session cookie names, when it is genuine and unexpired. */
async function readToken(raw: string): Promise<{ sub: string; sid: string } | null> {
  const token = await tokens.getOrLoad(raw, async () => {
    const decoded = await decode({ token: raw, secret: getAuthSecret() }).catch(() => null);
    return decoded && typeof decoded.sub === 'string' && typeof decoded.sid === 'string'
      ? { sub: decoded.sub, sid: decoded.sid, exp: typeof decoded.exp === 'number' ? decoded.exp * 1000 : Infinity }
      : null;
  });
  return token && token.exp > Date.now() ? token : null;
}

/** The session cookie of the current request. */
async function sessionCookie(): Promise<string | null> {
  const store = await cookies();
  return SESSION_COOKIES.map((name) => store.get(name)?.value).find(Boolean) ?? null;
}

/** The session of the current request while it counts (lib/auth/sessions), with its user id. */
export async function getCurrentSession(): Promise<{ userId: string; sessionId: string } | null> {
  const raw = await sessionCookie();
  const token = raw ? await readToken(raw) : null;
  if (!token) return null;
  const userId = await checkSession(await getDatabase(), token.sid);
  return userId === token.sub ? { userId, sessionId: token.sid } : null;
}

/** The signed-in user, re-read from the database (at most STALE_MS old); null without a valid session. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getCurrentSession();
  return session ? getUserById(session.userId) : null;
}

/** A user as the permission module sees them (null when disabled or gone), at most STALE_MS old. */
export async function getUserById(id: string): Promise<CurrentUser | null> {
  return userRows.getOrLoad(id, () => loadUser(id));
}

/** Forgets a cached user (after their role, scope or state changed). */
export function forgetUser(id: string): void {
  userRows.delete(id);
}

async function loadUser(subject: string): Promise<CurrentUser | null> {
  const { db } = await getDatabase();
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      agencyId: users.agencyId,
      provinceCode: users.provinceCode,
      disabled: users.disabled,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
      agencyKind: agencies.kind,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, subject))
    .limit(1);
  if (!row || row.disabled) return null;
  const { disabled: _disabled, ...user } = row;
  return user;
}

/**
 * For server components: the current user, or a redirect to the login page. A signed-in
 * user without the permission gets the not-authorised page; when the database cannot be
 * reached, a page that says so and retries.
 */
export async function requirePageUser(action: Action, callbackPath: string): Promise<CurrentUser> {
  const user = await getCurrentUser().catch((err: unknown) => {
    // The database away: a page that says so and comes back here, rather than an error page.
    if (isDatabaseUnavailable(err)) redirect(`/unavailable?next=${encodeURIComponent(safeCallbackPath(callbackPath))}`);
    throw err;
  });
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackPath))}`);
  if (!can(user, action)) redirect('/forbidden');
  return user;
}
