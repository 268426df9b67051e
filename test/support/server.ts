import { spawn, type ChildProcess } from 'node:child_process';
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
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_TRAFFIC_DAYS: '1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 540_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (Date.now() >= deadline) throw new Error(`server not healthy in time:\n${log}`);
  return {
    baseUrl,
    pid: child.pid!,
    dataDir,
    databaseUrl,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase?.();
    },
  };
}
