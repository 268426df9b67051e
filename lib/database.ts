import 'server-only';
import { openDatabase, withOwner, type Database } from '@/db/client';
import { getLogger } from '@/lib/logger';
import { getSettings } from '@/lib/settings';

// The process's one database, opened from the settings with the app's logger. PGlite is one
// connection per process and Next bundles route handlers and instrumentation separately, so
// the open database lives on globalThis rather than in module state.

const GLOBAL_KEY = Symbol.for('vigil.database');
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Database> };

/** The process's database, opened (and migrated) once. */
export function getDatabase(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  if (!g[GLOBAL_KEY]) {
    const settings = getSettings();
    const started = Date.now();
    g[GLOBAL_KEY] = openDatabase({
      databaseUrl: settings.DATABASE_URL,
      ownerUrl: settings.DATABASE_URL ? settings.DATABASE_OWNER_URL : undefined,
      dataDir: settings.DATA_DIR,
      poolSize: settings.DATABASE_POOL_SIZE,
      log: getLogger(),
    }).then(
      (database) => {
        getLogger().info({ engine: database.engine, ms: Date.now() - started }, 'database ready');
        return database;
      },
      (err: unknown) => {
        delete g[GLOBAL_KEY];
        throw err;
      },
    );
  }
  return g[GLOBAL_KEY];
}

/** Closes the process's database if it was opened (at shutdown): a clean stop needs no recovery at the next start. */
export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const opened = g[GLOBAL_KEY];
  if (!opened) return;
  delete g[GLOBAL_KEY];
  const database = await opened.catch(() => null);
  await database?.close();
}

/** Runs fn as the owner role when the two-role setup is configured, else with `database`. */
export function asOwner<T>(database: Database, fn: (owner: Database) => Promise<T>): Promise<T> {
  return withOwner(database, getSettings().DATABASE_OWNER_URL, fn, getLogger());
}
