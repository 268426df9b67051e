import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from '@/db/schema';
import { lockDataDir } from '@/db/data-dir-lock';
import { migrateDatabase } from '@/db/migrate';
import { grantAppRole, roleOf } from '@/db/roles';

export type Engine = 'pglite' | 'postgres';
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  engine: Engine;
  db: Db;
  /** Runs raw SQL and returns its rows; the one place that knows both drivers' result shapes. */
  rows<T>(query: SQL): Promise<T[]>;
  /**
   * Runs fn on one dedicated connection, for session-level state such as advisory locks.
   * The embedded engine has only one connection, so it simply runs fn.
   */
  withConnection<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * LISTENs on a channel on a connection of its own, re-established when it drops (then
   * `onReconnect` runs, so the caller can catch up on what it missed); resolves to the stop function.
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /**
   * Runs bulk work (an ingest batch) in the bulk lane. The embedded engine's one connection
   * serves its callers first come, first served: one bulk transaction at a time may wait there,
   * so a person's request queues behind at most one batch, not behind every client's. The
   * server engine has connections enough: it simply runs fn.
   */
  bulk<T>(fn: () => Promise<T>): Promise<T>;
  /** Embedded engine only: the whole data folder as a tar file (a template for tests). */
  dumpDataDir?: () => Promise<Blob | File>;
  close(): Promise<void>;
}

/** Where the drivers' own troubles (a pool client lost, LISTEN reconnecting) are told. */
export interface DatabaseLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Until the app hands its logger in: one JSON line on stderr, like the app's own log lines. */
const STDERR_LOG: DatabaseLog = {
  warn: (details, message) => console.warn(JSON.stringify({ level: 40, time: Date.now(), ...details, msg: message })),
};

interface OpenOptions {
  databaseUrl?: string;
  log?: DatabaseLog;
  dataDir?: string;
  poolSize?: number;
  /**
   * The owner role's URL (server engine): migrations run as the owner, which then grants the
   * application role (databaseUrl's) what it needs; the application's pool never migrates.
   */
  ownerUrl?: string;
  /**
   * Server engine behind a transaction-mode pooler (PgBouncer): a URL straight to PostgreSQL for
   * what needs a session of its own — LISTEN and session advisory locks (withConnection).
   */
  directUrl?: string;
  /** Open as it is, without applying pending migrations (a test of an upgrade applies them itself). */
  skipMigrations?: boolean;
  /**
   * Embedded engine only: start from this dump of a data folder (PGlite's dumpDataDir) instead
   * of an empty database — the tests' migrated and seeded template.
   */
  template?: Blob;
}

/** The rows of a `db.execute` result; both drivers put them in `.rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * A Database whose every query runs in the transaction `tx`: for code written against a
 * Database (queries that run several statements at once) that must also see and hold a
 * transaction's state. It cannot listen, and closing it does nothing.
 */
export function inTransaction(database: Database, tx: Db): Database {
  return {
    engine: database.engine,
    db: tx,
    rows: async <T,>(query: SQL) => rowsOf<T>(await tx.execute(query)),
    withConnection: (fn) => fn(tx),
    listen: () => Promise.reject(new Error('cannot LISTEN inside a transaction')),
    bulk: (fn) => fn(),
    close: async () => undefined,
  };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Opens an engine and brings its schema up to date. Tests call this directly. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const log = options.log ?? STDERR_LOG;
  if (options.databaseUrl && options.ownerUrl) {
    const owner = await openPostgres(options.ownerUrl, 1, log);
    try {
      await migrateDatabase(owner);
      await grantAppRole(owner, roleOf(options.databaseUrl));
    } finally {
      await owner.close();
    }
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, log, 'vigil', options.directUrl);
  }
  const database = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.poolSize ?? 10, log, 'vigil', options.directUrl)
    : await openPglite(options.dataDir, options.template);
  if (!options.skipMigrations) await migrateDatabase(database);
  return database;
}

/**
 * Runs fn with the owner's connection when the two-role setup is configured (`ownerUrl`, server
 * engine: seeding refreshes materialized views, which only their owner may), else with `database`.
 */
export async function withOwner<T>(database: Database, ownerUrl: string | undefined, fn: (owner: Database) => Promise<T>, log: DatabaseLog = STDERR_LOG): Promise<T> {
  if (!ownerUrl || database.engine !== 'postgres') return fn(database);
  const owner = await openPostgres(ownerUrl, 2, log);
  try {
    return await fn(owner);
  } finally {
    await owner.close();
  }
}

/**
 * A streaming replica for heavy reads (server engine): never migrated (it is read-only and
 * follows the primary's schema), its connections named `vigil-read` for the operator to see.
 */
export function openReadReplica(url: string, poolSize: number, log: DatabaseLog = STDERR_LOG): Promise<Database> {
  return openPostgres(url, poolSize, log, 'vigil-read');
}

async function openPostgres(url: string, poolSize: number, log: DatabaseLog, applicationName = 'vigil', directUrl?: string): Promise<Database> {
  const { Pool, Client } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // JIT off: PostGIS functions carry high cost estimates, so short per-batch statements cross
  // jit_above_cost and spend ~0.8 s compiling LLVM code to save microseconds (measured on the
  // ingest's crossing query: 853 ms with JIT, 19 ms without).
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: applicationName, options: '-c jit=off' });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => log.warn({ err: err.message }, 'postgres pool client error'));
  // drizzle's node-postgres and PGlite databases share PgDatabase; only the result HKT differs.
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  // Sessions of their own (advisory locks held across statements) where a pooler would hand
  // each statement to another server connection: straight to PostgreSQL when directUrl is set.
  const sessionPool = directUrl ? new Pool({ connectionString: directUrl, max: 2, application_name: `${applicationName}-session`, options: '-c jit=off' }) : pool;
  if (sessionPool !== pool) sessionPool.on('error', (err) => log.warn({ err: err.message }, 'postgres session client error'));
  return {
    engine: 'postgres',
    db,
    rows: async <T,>(query: SQL) => rowsOf<T>(await db.execute(query)),
    withConnection: async (fn) => {
      const client = await sessionPool.connect();
      try {
        return await fn(drizzle({ client, schema }) as unknown as Db);
      } finally {
        client.release();
      }
    },
    listen: async (channel, onMessage, onReconnect) => {
      // A pooled connection would be handed to other queries; LISTEN needs one of its own.
      let stopped = false;
      let client: InstanceType<typeof Client> | null = null;
      let retryMs = 500;
      const connect = async (): Promise<void> => {
        const c = new Client({ connectionString: directUrl ?? url, application_name: 'vigil-listen' });
        c.on('notification', (msg) => msg.channel === channel && onMessage(msg.payload ?? ''));
        let dropped = false;
        const drop = (reason: string) => {
          if (dropped || stopped) return;
          dropped = true;
          log.warn({ reason }, 'listen connection lost; reconnecting');
          void c.end().catch(() => undefined);
          setTimeout(() => void reconnect(), retryMs).unref?.();
        };
        c.on('error', (err) => drop(err.message));
        c.on('end', () => drop('connection ended'));
        await c.connect();
        await c.query(`LISTEN ${quoteIdent(channel)}`);
        client = c;
      };
      const reconnect = async () => {
        if (stopped) return;
        try {
          await connect();
          retryMs = 500;
          onReconnect?.();
        } catch (err) {
          retryMs = Math.min(retryMs * 2, 10_000);
          log.warn({ err: (err as Error).message, retryMs }, 'listen reconnect failed');
          setTimeout(() => void reconnect(), retryMs).unref?.();
        }
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
      };
    },
    bulk: (fn) => fn(),
    close: async () => {
      if (sessionPool !== pool) await sessionPool.end();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string | undefined, template?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dir: string | undefined;
  let unlock = () => {};
  if (dataDir) {
    // One process per folder (two would each acknowledge writes the other then loses).
    unlock = lockDataDir(dataDir);
    dir = path.resolve(dataDir, 'pglite');
    // PGlite does not create missing parent folders.
    mkdirSync(dir, { recursive: true });
  }
  let client;
  try {
    client = await PGlite.create({ dataDir: dir, extensions: { postgis }, ...(template ? { loadDataDir: template } : {}) });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  let bulkLane: Promise<void> = Promise.resolve();
  return {
    engine: 'pglite',
    db,
    rows: async <T,>(query: SQL) => rowsOf<T>(await db.execute(query)),
    withConnection: (fn) => fn(db),
    listen: async (channel, onMessage) => {
      const unlisten = await client.listen(channel, onMessage);
      return async () => unlisten();
    },
    bulk: (fn) => {
      const run = bulkLane.then(fn, fn);
      bulkLane = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    dumpDataDir: () => client.dumpDataDir('none'),
    close: async () => {
      // Queued behind every transaction and statement already asked for, so those finish (and
      // their commits reach the write-ahead log) before the engine checkpoints and stops.
      await client.query('SELECT 1').catch(() => undefined);
      await client.close();
      unlock();
    },
  };
}
