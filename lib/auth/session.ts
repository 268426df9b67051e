import 'server-only';
import { eq } from 'drizzle-orm';
import { decode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDatabase } from '@/db/client';
import { agencies, users } from '@/db/schema';
import { getAuthSecret } from '@/lib/auth/secret';
import { TtlCache } from '@/lib/cache/ttl-cache';
import { can, type Action, type Actor } from '@/lib/auth/permissions';

export interface CurrentUser extends Actor {
  username: string;
  displayName: string;
  agencyName: string;
  agencyNameEn: string;
}

/** next-auth's session cookie names (the __Secure- one is used over HTTPS). */
const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

// A video player asks for a segment every second or two; decrypting the session token and
// reading the user row on each of those would dominate the proxy's cost. Both are cached
// for a few seconds, so disabling a user or changing a role takes effect within STALE_MS.
const STALE_MS = 5_000;
const subjects = new TtlCache<string, string | null>(STALE_MS);
const userRows = new TtlCache<string, CurrentUser | null>(STALE_MS);

async function sessionSubject(): Promise<string | null> {
  const store = await cookies();
  const raw = SESSION_COOKIES.map((name) => store.get(name)?.value).find(Boolean);
  if (!raw) return null;
  const cached = subjects.get(raw);
  if (cached !== undefined) return cached;
  const token = await decode({ token: raw, secret: getAuthSecret() }).catch(() => null);
  const valid = token?.sub && (typeof token.exp !== 'number' || token.exp * 1000 > Date.now());
  const subject = valid ? token.sub! : null;
  subjects.set(raw, subject);
  return subject;
}

/** The signed-in user, re-read from the database (at most STALE_MS old); null without a valid session. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const subject = await sessionSubject();
  if (!subject) return null;
  const cached = userRows.get(subject);
  if (cached !== undefined) return cached;
  const user = await loadUser(subject);
  userRows.set(subject, user);
  return user;
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
 * user without the permission gets the not-authorised page.
 */
export async function requirePageUser(action: Action, callbackPath: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  if (!can(user, action)) redirect('/forbidden');
  return user;
}
