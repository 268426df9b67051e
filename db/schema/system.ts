// The installation's own bookkeeping: job leases, the live journal, the audit log, small facts.
import { bigint, bigserial, index, jsonb, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Who runs a periodic job that must run in one place at a time (the camera health monitor):
 * the holder renews its lease while it works; if it stops, another instance takes over once
 * the lease has expired.
 */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * The live journal: every event browsers are told about, in the order the transactions that
 * published them committed. `seq` is that order — given at commit by a deferred trigger under a
 * short lock (migration 0025), so a row with a lower `seq` can never become visible after one
 * with a higher `seq`. NOTIFY carries `seq`; a browser reconnecting with Last-Event-ID is replayed
 * exactly the rows after it. Pruned after an hour.
 */
export const liveEventsSeq = pgSequence('live_events_seq');

export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('live_events_created_idx').on(t.createdAt), uniqueIndex('live_events_seq_idx').on(t.seq)],
);

/** Append-only: a trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorId, t.at)],
);

/** Small key/value facts about the installation, e.g. which demo seed version has run. */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
