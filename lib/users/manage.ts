import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { agencies, roleEnum, users } from '@/db/schema';
import { AppError } from '@/lib/api/errors';
import { nameText, USERNAME_PATTERN } from '@/lib/api/schemas';
import { writeAudit } from '@/lib/audit';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { canManageAccount, type Actor } from '@/lib/auth/permissions';
import { forgetUser, type CurrentUser } from '@/lib/auth/session';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { unlockAccount } from '@/lib/auth/throttle';

// Accounts: administrators create and change them; everyone changes their own password. Any
// change that alters what a person may do, or proves who they are, ends their sessions.

/** At least 10 characters, not the username; long passphrases welcome. */
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200)
  .refine((p) => !/[\u0000-\u001F\u007F]/.test(p), 'must not contain control characters');

const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(60)
  .regex(USERNAME_PATTERN, 'may contain letters, digits, dot, dash and underscore');

export const createUserSchema = z
  .object({
    username: usernameSchema,
    displayName: nameText(200),
    role: z.enum(roleEnum.enumValues),
    agencyId: nameText(100),
    /** null: national level. */
    provinceCode: nameText(20).nullable(),
    password: passwordSchema,
  })
  .strict()
  .refine((u) => !u.password.toLowerCase().includes(u.username.toLowerCase()), { message: 'must not contain the username', path: ['password'] });

export const updateUserSchema = z
  .object({
    displayName: nameText(200),
    role: z.enum(roleEnum.enumValues),
    agencyId: nameText(100),
    provinceCode: nameText(20).nullable(),
    disabled: z.boolean(),
    password: passwordSchema,
  })
  .partial()
  .strict();

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: string;
  agencyId: string;
  agencyName: string;
  provinceCode: string | null;
  disabled: boolean;
  isDemo: boolean;
  lastSignInAt: string | null;
  activeSessions: number;
}

/** The accounts an administrator may manage (their province's, or all for a national one). */
export async function listUsers(database: Database, admin: Actor): Promise<UserRow[]> {
  const rows = await database.rows<UserRow>(sql`
    SELECT u.id, u.username, u.display_name AS "displayName", u.role::text AS role, u.agency_id AS "agencyId", a.name AS "agencyName",
           u.province_code AS "provinceCode", u.disabled, u.is_demo AS "isDemo", u.last_sign_in_at AS "lastSignInAt",
           (SELECT count(*)::int FROM user_sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS "activeSessions"
    FROM users u JOIN agencies a ON a.id = u.agency_id
    ${admin.provinceCode ? sql`WHERE u.province_code = ${admin.provinceCode}` : sql``}
    ORDER BY u.username`);
  return rows;
}

async function checkAssignable(database: Database, admin: Actor, input: { agencyId?: string; provinceCode?: string | null }): Promise<void> {
  // A provincial administrator manages their province only, and cannot make national accounts.
  if (input.provinceCode !== undefined && !canManageAccount(admin, { provinceCode: input.provinceCode })) {
    throw new AppError('forbidden', 'You may not manage accounts of that level or province');
  }
  if (input.agencyId !== undefined) {
    const [agency] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, input.agencyId)).limit(1);
    if (!agency) throw new AppError('bad_request', 'Invalid body', [{ path: 'body.agencyId', message: 'no such agency' }]);
  }
}

export async function createUser(database: Database, admin: CurrentUser, input: z.infer<typeof createUserSchema>, ip: string | null): Promise<{ id: string }> {
  await checkAssignable(database, admin, input);
  const passwordHash = await hashPassword(input.password);
  return database.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${input.username})`).limit(1);
    if (taken) throw new AppError('conflict', 'That username is taken');
    const [row] = await tx
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, role: input.role, agencyId: input.agencyId, provinceCode: input.provinceCode, passwordHash })
      .returning({ id: users.id });
    await writeAudit(tx, { action: 'user.create', actorId: admin.id, actorName: admin.username, targetType: 'user', targetId: row!.id, ip, details: { username: input.username, role: input.role } });
    return row!;
  });
}

export async function updateUser(database: Database, admin: CurrentUser, id: string, input: z.infer<typeof updateUserSchema>, ip: string | null): Promise<{ sessionsEnded: number }> {
  const [target] = await database.db.select({ id: users.id, provinceCode: users.provinceCode, role: users.role }).from(users).where(eq(users.id, id)).limit(1);
  if (!target || !canManageAccount(admin, target)) throw new AppError('not_found', 'No such user');
  if (id === admin.id && (input.disabled === true || (input.role !== undefined && input.role !== 'admin'))) {
    throw new AppError('bad_request', 'You cannot disable your own account or remove your own administrator role');
  }
  await checkAssignable(database, admin, input);
  const { password, ...fields } = input;
  const result = await database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ ...fields, ...(password ? { passwordHash: await hashPassword(password) } : {}), updatedAt: sql`now()` })
      .where(eq(users.id, id));
    // Whoever holds a session of this account must prove themselves again, or lose access.
    const reason = input.disabled ? 'account_disabled' : password ? 'password_changed' : input.role !== undefined && input.role !== target.role ? 'role_changed' : null;
    const sessionsEnded = reason ? await revokeUserSessions(tx, id, reason) : 0;
    await writeAudit(tx, {
      action: 'user.update',
      actorId: admin.id,
      actorName: admin.username,
      targetType: 'user',
      targetId: id,
      ip,
      details: { fields: Object.keys(input).map((k) => (k === 'password' ? 'password (changed)' : k)), sessionsEnded },
    });
    return { sessionsEnded };
  });
  forgetUser(id);
  return result;
}

/** A user changes their own password; every session of theirs ends, this one included. */
export async function changeOwnPassword(database: Database, user: CurrentUser, input: { currentPassword: string; newPassword: string }, ip: string | null): Promise<void> {
  const [row] = await database.db.select({ hash: users.passwordHash }).from(users).where(and(eq(users.id, user.id), eq(users.disabled, false))).limit(1);
  if (!row || !(await verifyPassword(row.hash, input.currentPassword))) {
    await writeAudit(database.db, { action: 'user.password_change_failed', actorId: user.id, actorName: user.username, targetType: 'user', targetId: user.id, ip });
    throw new AppError('bad_request', 'Invalid body', [{ path: 'body.currentPassword', message: 'is not your current password' }]);
  }
  if (input.newPassword.toLowerCase().includes(user.username.toLowerCase())) {
    throw new AppError('bad_request', 'Invalid body', [{ path: 'body.newPassword', message: 'must not contain the username' }]);
  }
  const hash = await hashPassword(input.newPassword);
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, updatedAt: sql`now()` }).where(eq(users.id, user.id));
    const ended = await revokeUserSessions(tx, user.id, 'password_changed');
    await writeAudit(tx, { action: 'user.password_change', actorId: user.id, actorName: user.username, targetType: 'user', targetId: user.id, ip, details: { sessionsEnded: ended } });
  });
}

/** Lifts an account's sign-in lock (failures from unknown browsers), for an administrator of its scope. */
export async function unlockUser(database: Database, admin: CurrentUser, id: string, ip: string | null): Promise<{ unlocked: true }> {
  const [target] = await database.db.select({ id: users.id, username: users.username, provinceCode: users.provinceCode }).from(users).where(eq(users.id, id)).limit(1);
  if (!target || !canManageAccount(admin, target)) throw new AppError('not_found', 'No such user');
  await database.db.transaction(async (tx) => {
    await unlockAccount(tx, target.username);
    await writeAudit(tx, { action: 'user.unlock', actorId: admin.id, actorName: admin.username, targetType: 'user', targetId: id, ip });
  });
  return { unlocked: true };
}
