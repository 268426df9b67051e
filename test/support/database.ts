import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@/db/client';
import { pgliteTemplate, serverTemplate } from '@/test/support/templates';

/** Refuses to run tests against anything but a database on this machine. */
export function assertLocalDatabaseUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]', ''].includes(host)) {
    throw new Error(`Refusing to run tests against non-local database host "${host}"`);
  }
}

/**
 * A new database on the (local) server in `serverUrl`, empty or copied from `template`, and the
 * function that drops it.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string, template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  assertLocalDatabaseUrl(serverUrl);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
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
 * The engine under test, migrated and (unless `seed: false`) seeded with the demo set. With
 * DATABASE_URL, a database of its own on that PostgreSQL server for each test file (dropped
 * afterwards), so files run in parallel and can be re-run without cleaning up; without it, an
 * in-memory PGlite. Either is a copy of a template made once (test/support/templates.ts).
 */
export async function openTestDatabase(options: { seed?: boolean } = {}): Promise<Database> {
  const seeded = options.seed ?? true;
  const serverUrl = process.env.DATABASE_URL || undefined;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, 'vigil_t', await serverTemplate(serverUrl, seeded));
    const opened = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    return {
      ...opened,
      close: async () => {
        await opened.close();
        await scratch.drop();
      },
    };
  }
  return openDatabase({ template: await pgliteTemplate(seeded) });
}

export const engineName = process.env.DATABASE_URL ? 'postgres' : 'pglite';
