import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@/db/client';
import { seedDatabase } from '@/db/seed';

/** Refuses to run tests against anything but a database on this machine. */
export function assertLocalDatabaseUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]', ''].includes(host)) {
    throw new Error(`Refusing to run tests against non-local database host "${host}"`);
  }
}

/** A new, empty database on the (local) server in `serverUrl`, and the function that drops it. */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  assertLocalDatabaseUrl(serverUrl);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * The engine under test. With DATABASE_URL, a fresh database is created on that PostgreSQL
 * server for each test file (and dropped afterwards), so files run in parallel and can be
 * re-run without cleaning up; without it, a fresh in-memory PGlite.
 */
export async function openTestDatabase(options: { seed?: boolean } = {}): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL || undefined;
  let database: Database;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, 'vigil_t');
    const opened = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    database = {
      ...opened,
      close: async () => {
        await opened.close();
        await scratch.drop();
      },
    };
  } else {
    database = await openDatabase({});
  }
  if (options.seed ?? true) await seedDatabase(database, { demo: true });
  return database;
}

export const engineName = process.env.DATABASE_URL ? 'postgres' : 'pglite';
