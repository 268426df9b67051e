import 'server-only';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import journal from '@/db/migrations/meta/_journal.json';
import type { Database } from '@/db/client';
import { LOCK } from '@/db/lock-keys';

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/**
 * Applies pending migrations. On the server engine an advisory lock makes concurrent
 * instances wait for each other instead of racing on the same DDL.
 */
export async function migrateDatabase(database: Database, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (database.engine === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // The migrator only needs the dialect and session, which both drivers provide.
    await migrate(database.db as Parameters<typeof migrate>[0], { migrationsFolder });
    return;
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  await database.withConnection(async (db) => {
    await db.execute(sql`SELECT pg_advisory_lock(${LOCK.migrations})`);
    try {
      await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder });
    } finally {
      await db.execute(sql`SELECT pg_advisory_unlock(${LOCK.migrations})`);
    }
  });
}

export interface MigrationStatus {
  applied: number;
  expected: number;
  current: boolean;
}

export async function getMigrationStatus(database: Database): Promise<MigrationStatus> {
  const expected = journal.entries.length;
  const [row] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
  );
  const applied = row?.n ?? 0;
  return { applied, expected, current: applied >= expected };
}
