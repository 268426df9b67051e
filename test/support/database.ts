import { openDatabase, type Database } from '@/db/client';
import { seedDatabase } from '@/db/seed';

/** Refuses to run tests against anything but a database on this machine. */
export function assertLocalDatabaseUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]', ''].includes(host) && !host.startsWith('/')) {
    throw new Error(`Refusing to run tests against non-local database host "${host}"`);
  }
}

/**
 * The engine under test: the PostgreSQL server in DATABASE_URL when set, otherwise a fresh
 * in-memory PGlite. Tests create their own rows with random ids, so files can share a server.
 */
export async function openTestDatabase(options: { seed?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL || undefined;
  if (url) assertLocalDatabaseUrl(url);
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  if (options.seed ?? true) await seedDatabase(database, { demo: true });
  return database;
}

export const engineName = process.env.DATABASE_URL ? 'postgres' : 'pglite';
