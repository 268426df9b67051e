import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asPostgresUser, giveToPostgresUser } from '@/test/support/postgres-user';
import { freePort } from '@/test/support/server';

// Debian's PgBouncer in transaction mode in front of the test's PostgreSQL server, configured as
// docs/deployment.md tells operators to (as the postgres user when root: test/support/postgres-user.ts).

export interface RunningPgBouncer {
  /** `serverUrl` with PgBouncer's address instead. */
  via(serverUrl: string): string;
  /** Its log: the logins it took (log_connections is on by default). */
  log(): string;
  stop(): Promise<void>;
}

export async function startPgBouncer(serverUrl: string): Promise<RunningPgBouncer> {
  const server = new URL(serverUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-pgbouncer-'));
  const port = await freePort();
  const user = decodeURIComponent(server.username);
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(path.join(dir, 'userlist.txt'), `${quote(user)} ${quote(decodeURIComponent(server.password))}\n`, { mode: 0o600 });
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname === 'localhost' ? '127.0.0.1' : server.hostname} port=${server.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = scram-sha-256',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 500',
      'default_pool_size = 20',
      // node-postgres sends these; the settings they carry are the database's own (docs/deployment.md).
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  giveToPostgresUser(...['', 'userlist.txt', 'pgbouncer.ini'].map((f) => path.join(dir, f)));
  const [file, args] = asPostgresUser('/usr/sbin/pgbouncer', [path.join(dir, 'pgbouncer.ini')]);
  const child: ChildProcess = spawn(file, args, { stdio: 'ignore' });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('PgBouncer did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    via(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    log: () => readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8'),
    async stop() {
      // Its own process, not runuser's: the pid it wrote.
      const pid = Number(readFileSync(path.join(dir, 'pgbouncer.pid'), 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGTERM');
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
