import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

// Two database roles for deployments (docs in README "Running against a PostgreSQL + PostGIS
// server"): the owner applies migrations and seeds; the application connects as a role that may
// read and write the operational tables but only append to the audit log, and cannot change
// the schema, so not even a compromised application can rewrite the record of what was done.

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The role a connection URL signs in as. */
export function roleOf(url: string): string {
  const name = decodeURIComponent(new URL(url).username);
  if (!name) throw new Error('DATABASE_URL must name the role the application connects as');
  return name;
}

/**
 * Grants the application role what it needs on everything the migrations made (run after them,
 * at every start, so new tables are covered): data on every table, sequences, the migration
 * history to read, and on the audit log only SELECT and INSERT.
 */
export async function grantAppRole(owner: Database, appRole: string): Promise<void> {
  const role = sql.raw(quote(appRole));
  const [{ same } = { same: false }] = await owner.rows<{ same: boolean }>(sql`SELECT current_user = ${appRole} AS same`);
  if (same) throw new Error('DATABASE_OWNER_URL and DATABASE_URL must use different roles');
  for (const statement of [
    sql`GRANT USAGE ON SCHEMA public TO ${role}`,
    sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    sql`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    sql`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role}`,
    sql`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${role}`,
    sql`GRANT USAGE ON SCHEMA drizzle TO ${role}`,
    sql`GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${role}`,
  ]) {
    await owner.db.execute(statement);
  }
}
