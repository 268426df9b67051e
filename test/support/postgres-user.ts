import { execFileSync } from 'node:child_process';
import { chownSync } from 'node:fs';

// PostgreSQL's tools and PgBouncer refuse to run as root (CI runs as root): there they run as
// Debian's postgres user, and the files they use are given to it.

const asRoot = () => process.getuid?.() === 0;

/** The command line that runs `command` as the postgres user when this process is root, else as it is. */
export function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Gives these paths to the postgres user when this process is root (else they are already the caller's). */
export function giveToPostgresUser(...paths: string[]): void {
  if (!asRoot()) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  for (const p of paths) chownSync(p, uid, gid);
}
