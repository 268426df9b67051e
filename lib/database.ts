import 'server-only';
import { openDatabase, openReadReplica, withOwner, type Database } from '@/db/client';
import { isDatabaseUnavailable } from '@/db/errors';
import { primaryWalPosition, replicaLagSeconds } from '@/db/queries/health';
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
      directUrl: settings.DATABASE_DIRECT_URL,
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

const READ_KEY = Symbol.for('vigil.read-replica');
/** How long a verdict on the replica (current, lagging, down) holds before it is checked again. */
const REPLICA_CHECK_MS = 2_000;

interface ReplicaState {
  replica: Promise<Database>;
  usable: boolean;
  checkedAt: number;
  checking: Promise<void> | null;
}
type GlobalWithReplica = typeof globalThis & { [READ_KEY]?: ReplicaState };

async function checkReplica(state: ReplicaState, primary: Database, maxLagSeconds: number): Promise<void> {
  let usable = false;
  let lag: number | null = null;
  try {
    lag = await replicaLagSeconds(await state.replica, await primaryWalPosition(primary));
    usable = lag !== null && lag <= maxLagSeconds;
  } catch (err) {
    getLogger().debug({ err: (err as Error).message }, 'read replica not answering');
  }
  if (usable !== state.usable) {
    const facts = { lagSeconds: lag, maxLagSeconds };
    if (usable) getLogger().info(facts, 'read replica in use');
    else getLogger().warn(facts, 'read replica left alone: reads go to the primary');
  }
  state.usable = usable;
  state.checkedAt = Date.now();
}

/**
 * Where heavy reads that may be a few seconds stale go (heatmaps, search, exports, the OGC
 * API): the replica at DATABASE_READ_URL while it answers and is within
 * DATABASE_READ_MAX_LAG_SECONDS of the primary, else the primary. Anything that reads what the
 * same person just wrote, or writes, uses getDatabase().
 */
export async function getReadDatabase(): Promise<Database> {
  const primary = await getDatabase();
  const settings = getSettings();
  if (!settings.DATABASE_READ_URL || primary.engine !== 'postgres') return primary;
  const g = globalThis as GlobalWithReplica;
  const state = (g[READ_KEY] ??= {
    replica: openReadReplica(settings.DATABASE_READ_URL, settings.DATABASE_POOL_SIZE, getLogger()),
    usable: false,
    checkedAt: 0,
    checking: null,
  });
  if (Date.now() - state.checkedAt > REPLICA_CHECK_MS) {
    state.checking ??= checkReplica(state, primary, settings.DATABASE_READ_MAX_LAG_SECONDS).finally(() => {
      state.checking = null;
    });
    await state.checking;
  }
  if (!state.usable) return primary;
  const replica = await state.replica;
  // A replica that goes away between two checks: the read is answered by the primary instead.
  return {
    ...replica,
    rows: async (query) => {
      try {
        return await replica.rows(query);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        state.usable = false;
        state.checkedAt = Date.now();
        getLogger().warn({ err: (err as Error).message }, 'read replica failed a read: reads go to the primary');
        return primary.rows(query);
      }
    },
  };
}

/** Closes the process's database if it was opened (at shutdown): a clean stop needs no recovery at the next start. */
export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb & GlobalWithReplica;
  const replica = g[READ_KEY]?.replica;
  delete g[READ_KEY];
  await (await replica?.catch(() => null))?.close();
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
