import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { asPostgresUser, giveToPostgresUser } from '@/test/support/postgres-user';
import { freePort } from '@/test/support/server';

// A streaming replica of the test's PostgreSQL server, made the way an operator makes one:
// pg_basebackup -R from the primary (Debian's PostgreSQL 15 tools), then a standby started on a
// port of its own (as the postgres user when root: test/support/postgres-user.ts).

const BIN = '/usr/lib/postgresql/15/bin';

export interface RunningReplica {
  /** The same database as `primaryUrl`, on the standby. */
  url: string;
  /** Runs SQL on the standby as the primary URL's role (e.g. pausing replay). */
  query<T>(text: string): Promise<T[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  remove(): Promise<void>;
}

export async function startReplica(primaryUrl: string): Promise<RunningReplica> {
  const primary = new URL(primaryUrl);
  const run = (command: string, args: string[], env: Record<string, string> = {}) => {
    const [file, argv] = asPostgresUser(command, args);
    const result = spawnSync(file, argv, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${path.basename(command)} failed: ${result.stderr || result.stdout}`);
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-replica-'));
  giveToPostgresUser(dir);
  const data = path.join(dir, 'data');
  run(`${BIN}/pg_basebackup`, ['-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username), '-D', data, '-R', '-X', 'stream', '-c', 'fast'], {
    PGPASSWORD: decodeURIComponent(primary.password),
  });
  // Debian keeps the configuration outside the data folder: the standby gets its own.
  const port = await freePort();
  for (const [file, text] of [
    ['postgresql.conf', `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nhot_standby = on\nhot_standby_feedback = on\n`],
    ['pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n'],
    ['pg_ident.conf', ''],
  ] as const) {
    writeFileSync(path.join(dir, file), text);
    run('/bin/cp', [path.join(dir, file), path.join(data, file)]);
  }
  const url = new URL(primaryUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const start = async () => run(`${BIN}/pg_ctl`, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stop = async () => run(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
  await start();
  return {
    url: url.toString(),
    async query<T>(text: string) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    },
    stop,
    start,
    async remove() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
