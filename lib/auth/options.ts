import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDatabase, type Database } from '@/db/client';
import { users } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { getAuthSecret } from '@/lib/auth/secret';
import { getDummyHash, verifyPassword } from '@/lib/auth/password';
import { getLogger } from '@/lib/logger';

const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.['x-forwarded-for'];
  if (typeof forwarded === 'string' && forwarded) return forwarded.split(',')[0]!.trim();
  const real = headers?.['x-real-ip'];
  return typeof real === 'string' ? real : null;
}

/** Checks a username and password; every attempt, good or bad, is written to the audit log. */
export async function authenticate(database: Database, input: unknown, ip: string | null): Promise<{ id: string; name: string } | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const { db } = database;
  const [user] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  // Verify against a dummy hash for unknown users so response time does not reveal which names exist.
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
  if (!user || !ok || user.disabled) {
    const reason = !user ? 'unknown_user' : user.disabled ? 'disabled' : 'bad_password';
    await writeAudit(db, { action: 'auth.sign_in_failed', actorId: user?.id, actorName: username, ip, details: { reason } });
    getLogger().info({ username, reason, ip }, 'sign-in failed');
    return null;
  }
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  await writeAudit(db, { action: 'auth.sign_in', actorId: user.id, actorName: user.username, ip });
  return { id: user.id, name: user.displayName };
}

let options: AuthOptions | undefined;

export function getAuthOptions(): AuthOptions {
  options ??= {
    secret: getAuthSecret(),
    // JWT sessions keep app instances stateless; the user row is re-read on every request
    // (lib/auth/session.ts), so disabling a user or changing their role takes effect at once.
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      // The session carries only the user id; role and scope are read fresh from the database.
      session: ({ session, token }) => ({ expires: session.expires, user: { id: token.sub ?? '', name: token.name } }),
    },
    providers: [
      CredentialsProvider({
        name: 'Vigil',
        credentials: { username: { type: 'text' }, password: { type: 'password' } },
        authorize: async (credentials, req) => authenticate(await getDatabase(), credentials, clientIp(req.headers)),
      }),
    ],
    logger: {
      error: (code, metadata) => getLogger().error({ code, metadata }, 'next-auth error'),
      warn: (code) => getLogger().warn({ code }, 'next-auth warning'),
      debug: () => undefined,
    },
  };
  return options;
}
