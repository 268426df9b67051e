// Who signs in: agencies, users, their sessions and sign-in attempts, and API tokens for GIS clients.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { AGENCY_KINDS, ROLES } from '../../lib/domain/roles';
import { timestamps } from './columns';

/** telecom: the designated telecom companies' staff, who survey and connect the quarantine facilities assigned to their company. */
export const roleEnum = pgEnum('role', ROLES);

export const agencyKindEnum = pgEnum('agency_kind', AGENCY_KINDS);

export const agencies = pgTable('agencies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  kind: agencyKindEnum('kind').notNull(),
  /** null: a national agency. */
  provinceCode: text('province_code'),
  isDemo: boolean('is_demo').notNull().default(false),
  ...timestamps,
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    /** ISO 3166-2 code of the province the user is scoped to; null is national (sees all). */
    provinceCode: text('province_code'),
    disabled: boolean('disabled').notNull().default(false),
    isDemo: boolean('is_demo').notNull().default(false),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_username_key').on(sql`lower(${t.username})`)],
);

/**
 * Personal API tokens for GIS clients (QGIS, ogr2ogr): sent as `Authorization: Bearer …`, they
 * act as their user with the user's permissions. Only a SHA-256 of the token is stored.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the token, shown in lists so people can tell tokens apart. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Server-side sessions: the signed session cookie names one of these, and a request is signed
 * in only while its row is neither revoked, expired (absolute lifetime) nor idle. Sign-out,
 * a password change or a disabled account revoke rows, which ends the sessions at once.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    /** 256 random bits (base64url), carried inside the signed session cookie. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Fixed at sign-in: renewing the cookie never extends it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/**
 * Every sign-in attempt, recorded before the password is checked so that parallel guesses see
 * each other; failures per account and per client address in a window throttle further tries.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The username as typed, lower-cased (whether or not such an account exists). */
    account: text('account').notNull(),
    ip: text('ip'),
    /** null while the password is being checked; then true or false. */
    ok: boolean('ok'),
    throttled: boolean('throttled').notNull().default(false),
  },
  (t) => [index('sign_in_attempts_account_idx').on(t.account, t.at), index('sign_in_attempts_ip_idx').on(t.ip, t.at)],
);

export type Role = (typeof roleEnum.enumValues)[number];

export type AgencyKind = (typeof agencyKindEnum.enumValues)[number];
