import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { type Database } from '@/db/client';
import { getDatabase } from '@/lib/database';
import { users } from '@/db/schema';
import { USERNAME_PATTERN } from '@/lib/api/schemas';
import { writeAudit } from '@/lib/audit';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { getAuthSecret } from '@/lib/auth/secret';
import { getDummyHash, verifyPassword } from '@/lib/auth/password';
import { knownDeviceId } from '@/lib/auth/known-device';
import { createSession, revokeSession } from '@/lib/auth/sessions';
import { beginAttempt, finishAttempt } from '@/lib/auth/throttle';
import { getLogger } from '@/lib/logger';
import { clientAddress } from '@/lib/net/client-address';
import { getSettings } from '@/lib/settings';

const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(100).regex(USERNAME_PATTERN),
  password: z.string().min(1).max(200),
});

/** Thrown when sign-in is throttled; next-auth passes the message to the login form. */
export class SignInThrottledError extends Error {
  constructor(readonly seconds: number) {
    super(`throttled:${seconds}`);
    this.name = 'SignInThrottledError';
  }
}

export interface SignedIn {
  id: string;
  name: string;
  /** The server-side session this sign-in opened. */
  sid: string;
}

/**
 * Checks a username and password, throttled per account and per client address; every
 * attempt, good, bad or refused, is written to the audit log. A good one opens a session.
 */
export async function authenticate(database: Database, input: unknown, client: { ip: string | null; userAgent: string | null; cookie?: string | null }): Promise<SignedIn | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const { db } = database;
  const attempt = await beginAttempt(db, username, client.ip, knownDeviceId(username, client.cookie));
  if (attempt.lockedForSeconds !== null) {
    await writeAudit(db, { action: 'auth.sign_in_throttled', actorName: username, ip: client.ip, details: { by: attempt.lockedBy, seconds: attempt.lockedForSeconds } });
    getLogger().warn({ username, ip: client.ip, by: attempt.lockedBy }, 'sign-in throttled');
    throw new SignInThrottledError(attempt.lockedForSeconds);
  }
  if (attempt.delayMs > 0) await new Promise((r) => setTimeout(r, attempt.delayMs));
  const [user] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  // Verify against a dummy hash for unknown users so response time does not reveal which names exist.
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
  if (!user || !ok || user.disabled) {
    const reason = !user ? 'unknown_user' : user.disabled ? 'disabled' : 'bad_password';
    await finishAttempt(db, attempt.attemptId, false);
    await writeAudit(db, { action: 'auth.sign_in_failed', actorId: user?.id, actorName: username, ip: client.ip, details: { reason } });
    getLogger().info({ username, reason, ip: client.ip }, 'sign-in failed');
    return null;
  }
  await finishAttempt(db, attempt.attemptId, true);
  const sid = await db.transaction(async (tx) => {
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
    await writeAudit(tx, { action: 'auth.sign_in', actorId: user.id, actorName: user.username, ip: client.ip });
    return createSession(tx, { userId: user.id, ip: client.ip, userAgent: client.userAgent });
  });
  return { id: user.id, name: user.displayName, sid };
}

let options: AuthOptions | undefined;

export function getAuthOptions(): AuthOptions {
  options ??= {
    secret: getAuthSecret(),
    // The cookie is a signed JWT naming the user and a server-side session (lib/auth/sessions):
    // instances stay stateless for reading it, and the session row makes sign-out, password
    // changes and disabled accounts end it at once. The absolute lifetime is the row's.
    session: { strategy: 'jwt', maxAge: getSettings().SESSION_MAX_HOURS * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      jwt: ({ token, user }) => {
        if (user && 'sid' in user) token.sid = (user as unknown as SignedIn).sid;
        return token;
      },
      // The session carries only the user id; role and scope are read fresh from the database.
      session: ({ session, token }) => ({ expires: session.expires, user: { id: token.sub ?? '', name: token.name } }),
      // Only paths on this site, after URL parsing (`/\evil`, `/%09/evil` and the like are not).
      redirect: ({ url, baseUrl }) => `${baseUrl}${safeCallbackPath(url, baseUrl)}`,
    },
    events: {
      signOut: async ({ token }) => {
        const database = await getDatabase();
        if (typeof token?.sid === 'string') await revokeSession(database.db, token.sid, 'sign_out');
        const [user] = token?.sub ? await database.db.select({ username: users.username }).from(users).where(eq(users.id, token.sub)).limit(1) : [];
        await writeAudit(database.db, { action: 'auth.sign_out', actorId: token?.sub ?? null, actorName: user?.username ?? null });
      },
    },
    providers: [
      CredentialsProvider({
        name: 'Vigil',
        credentials: { username: { type: 'text' }, password: { type: 'password' } },
        authorize: async (credentials, req) => {
          const headers = req.headers as Record<string, unknown> | undefined;
          const userAgent = typeof headers?.['user-agent'] === 'string' ? headers['user-agent'] : null;
          const cookie = typeof headers?.cookie === 'string' ? headers.cookie : null;
          return authenticate(await getDatabase(), credentials, { ip: clientAddress(headers), userAgent, cookie });
        },
      }),
    ],
    logger: {
      error: (code, metadata) => {
        // A throttled sign-in is expected, not an error of the server.
        if (metadata instanceof Error && metadata.name === 'SignInThrottledError') return;
        getLogger().error({ code, metadata }, 'next-auth error');
      },
      warn: (code) => getLogger().warn({ code }, 'next-auth warning'),
      debug: () => undefined,
    },
  };
  return options;
}
