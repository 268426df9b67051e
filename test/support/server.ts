import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from '@/db/seed';
import { createScratchDatabase } from '@/test/support/database';
import { signInHttp } from '@/test/support/session';

/** The demo accounts end-to-end tests act as. */
export const ROLES = ['admin', 'leader', 'operator', 'planner', 'viewer', 'dic', 'mic', 'telecom'] as const;
export type DemoUser = (typeof ROLES)[number];

/**
 * A server's state once it has started and seeded a day of traffic, made once per end-to-end run
 * (test/support/e2e-setup.ts): its data folder, its database on the server engine, and a
 * signed-in browser state per demo account. Servers started from it copy the folder and the
 * database, so each test file gets its own data without seeding it again, and its sessions.
 */
export interface ServerTemplate {
  dataDir: string;
  /** The template database's name on the server engine. */
  database?: string;
  /** Playwright storage state (a session cookie) per demo account. */
  states: Record<DemoUser, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverTemplate: ServerTemplate;
  }
}

/** The run's server template, when the end-to-end setup made one (not for benchmarks). */
function providedTemplate(): ServerTemplate | undefined {
  try {
    return inject('serverTemplate');
  } catch {
    return undefined;
  }
}

/** The signed-in browser state of a demo account, for `browser.newContext({ storageState })`. */
export function storageStateOf(user: DemoUser): string {
  const template = providedTemplate();
  if (!template) throw new Error('no server template: run through the end-to-end configuration');
  return template.states[user];
}

/** Settings every test server gets: sessions outlive a CI run (the template signs in once). */
const TEST_ENV = { LOG_LEVEL: 'warn', DEMO_TRAFFIC_DAYS: '1', SESSION_IDLE_MINUTES: '600' };

export interface RunningServer {
  baseUrl: string;
  /** The process `npm start` runs (the server is its child). */
  pid: number;
  /** The embedded engine's folder of this server. */
  dataDir: string;
  /** The server database it uses (with DATABASE_URL): a fresh one per server unless shared. */
  databaseUrl?: string;
  /** Stops it (SIGTERM) and removes its data folder and database, unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /**
   * Stops the server the way `signal` does — SIGTERM as a service manager would (a clean stop),
   * SIGKILL as a crash (sent to the server process itself) — and starts it again on the same
   * data folder or database and port. Resolves when it is healthy again.
   */
  restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<{ stopMs: number; startMs: number }>;
  output(): string;
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts Vigil exactly as the README's quick start does (`npm start` → scripts/start.mjs),
 * on a free port with a fresh data folder, and waits until /api/health says ok. With
 * DATABASE_URL, each server gets a fresh database on that server (dropped when it stops),
 * unless `shareDatabaseWith` names a running server to share one with (several instances).
 */
export async function startServer(
  env: Record<string, string> = {},
  options: {
    shareDatabaseWith?: RunningServer;
    /** Use exactly this database (a benchmark's prepared one), made and dropped by the caller. */
    useDatabase?: string;
    fresh?: boolean;
    /** Rewrites the database URL the server connects with (e.g. through a test's TCP proxy). */
    connectVia?: (databaseUrl: string) => string;
  } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-'));
  // A copy of the run's seeded template unless asked for a fresh start.
  const template = options.fresh || options.shareDatabaseWith || options.useDatabase ? undefined : providedTemplate();
  if (template) cpSync(template.dataDir, dataDir, { recursive: true });
  let databaseUrl = options.useDatabase ?? options.shareDatabaseWith?.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  // DATABASE_URL (given here, else the environment's) names the PostgreSQL server to make the
  // server's own database on, never the database to use: '' means the embedded engine.
  const { DATABASE_URL: givenServer, ...rest } = env;
  env = rest;
  const serverUrl = givenServer !== undefined ? givenServer : process.env.DATABASE_URL;
  if (!databaseUrl && serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, 'vigil_e2e', template?.database);
    databaseUrl = scratch.url;
    dropDatabase = scratch.drop;
  }
  let log = '';
  let child!: ChildProcess;
  const baseUrl = `http://127.0.0.1:${port}`;
  const launch = async () => {
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: process.cwd(),
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, ...TEST_ENV, DATABASE_URL: databaseUrl ? (options.connectVia ? options.connectVia(databaseUrl) : databaseUrl) : '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const current = child;
    current.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    current.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 540_000;
    while (Date.now() < deadline) {
      if (current.exitCode !== null) throw new Error(`server exited with ${current.exitCode}:\n${log}`);
      try {
        const res = await fetch(`${baseUrl}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server not healthy in time:\n${log}`);
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    if (signal === 'SIGKILL') {
      // The server is start.mjs's child: a crash kills that process, and start.mjs follows it.
      const pids = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
      for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    } else {
      child.kill(signal);
    }
    await exited;
  };
  await launch();
  return {
    baseUrl,
    get pid() {
      return child.pid!;
    },
    dataDir,
    databaseUrl,
    output: () => log,
    restart: async (signal) => {
      const t0 = Date.now();
      await halt(signal);
      const t1 = Date.now();
      await launch();
      return { stopMs: t1 - t0, startMs: Date.now() - t1 };
    },
    stop: async ({ keepData = false } = {}) => {
      await halt('SIGTERM');
      if (keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase?.();
    },
  };
}

/**
 * Makes a server template on the engine of `serverUrl` (the embedded one when unset): starts a
 * fresh server (building the app if its sources changed), lets it seed, signs every demo account
 * in, and stops it cleanly, so its folder and database are consistent to copy.
 */
export async function makeServerTemplate(serverUrl: string | undefined): Promise<{ template: ServerTemplate; dispose: () => Promise<void> }> {
  const databaseName = serverUrl ? `vigil_e2e_tpl_${process.pid}` : undefined;
  let dropDatabase = async () => {};
  if (serverUrl && databaseName) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    dropDatabase = async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await dropper.end();
    };
  }
  const url = serverUrl && databaseName ? Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString() : undefined;
  const server = await startServer({ DATABASE_URL: serverUrl ?? '' }, { fresh: true, useDatabase: url });
  const statesDir = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-states-'));
  const states = {} as Record<DemoUser, string>;
  for (const user of ROLES) {
    const cookie = await signInHttp(server.baseUrl, user, DEMO_PASSWORD);
    const cookies = cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' as const };
    });
    states[user] = path.join(statesDir, `${user}.json`);
    writeFileSync(states[user], JSON.stringify({ cookies, origins: [] }));
  }
  // A clean stop (the database closed): its folder is what every server of the run copies.
  await server.stop({ keepData: true });
  const dataDir = server.dataDir;
  return {
    template: { dataDir, database: databaseName, states },
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(statesDir, { recursive: true, force: true });
      await dropDatabase();
    },
  };
}
