import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '@/test/support/database';

export interface RunningServer {
  baseUrl: string;
  /** The process `npm start` runs (the server is its child). */
  pid: number;
  /** The embedded engine's folder of this server. */
  dataDir: string;
  /** The server database it uses (with DATABASE_URL): a fresh one per server unless shared. */
  databaseUrl?: string;
  stop(): Promise<void>;
  /**
   * Stops the server the way `signal` does — SIGTERM as a service manager would (a clean stop),
   * SIGKILL as a crash (sent to the server process itself) — and starts it again on the same
   * data folder or database and port. Resolves when it is healthy again.
   */
  restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<{ stopMs: number; startMs: number }>;
  output(): string;
}

function freePort(): Promise<number> {
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
export async function startServer(env: Record<string, string> = {}, options: { shareDatabaseWith?: RunningServer } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-'));
  let databaseUrl = options.shareDatabaseWith?.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (!databaseUrl && process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'vigil_e2e');
    databaseUrl = scratch.url;
    dropDatabase = scratch.drop;
  }
  let log = '';
  let child!: ChildProcess;
  const baseUrl = `http://127.0.0.1:${port}`;
  const launch = async () => {
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: process.cwd(),
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_TRAFFIC_DAYS: '1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env },
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
    stop: async () => {
      await halt('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase?.();
    },
  };
}
