import 'server-only';
import { eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { getDatabase } from '@/db/client';
import { agencies, users } from '@/db/schema';
import { getAuthOptions } from '@/lib/auth/options';
import { can, type Action, type Actor } from '@/lib/auth/permissions';

export interface CurrentUser extends Actor {
  username: string;
  displayName: string;
  agencyName: string;
  agencyNameEn: string;
}

/** The signed-in user, re-read from the database; null when there is no valid session. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(getAuthOptions());
  const subject = session?.user.id;
  if (!subject) return null;
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
