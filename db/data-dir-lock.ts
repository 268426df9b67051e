import { mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

// The embedded engine is one process's database: two processes writing the same PGlite folder
// corrupt it (both acknowledge writes, and a restart finds neither). The first process to open
// the folder holds a lock file naming itself; a second one refuses to start, naming the holder.
// A lock left by a process that no longer runs (kill -9, power loss) is taken over.

export const LOCK_FILE = 'vigil.lock';

interface Holder {
  pid: number;
  host: string;
  /** The holder's start time as the kernel counts it, so a reused pid is not mistaken for it. */
  procStart: string | null;
  since: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: Holder,
  ) {
    super(
      `The data folder ${dir} is in use by process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since}). ` +
        'The embedded database serves one process: stop that one first, point DATA_DIR elsewhere, or run several processes against a PostgreSQL server (DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started (Linux); null elsewhere. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(holder: Holder): boolean {
  if (holder.host !== hostname()) return true; // another machine's process: cannot tell, assume it runs
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(holder.pid);
  return !(start && holder.procStart && start !== holder.procStart);
}

function readHolder(file: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host, procStart: parsed.procStart ?? null, since: parsed.since ?? '?', command: parsed.command ?? '?' }
      : null;
  } catch {
    return null;
  }
}

function me(): Holder {
  return { pid: process.pid, host: hostname(), procStart: processStart(process.pid), since: new Date().toISOString(), command: process.argv.slice(1, 3).map((a) => path.basename(a)).join(' ') };
}

function isOld(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > 2_000;
  } catch {
    return true;
  }
}

function tryCreate(file: string): boolean {
  try {
    writeFileSync(file, JSON.stringify(me()), { flag: 'wx', mode: 0o644 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Takes the folder's lock or throws DataDirLockedError. Returns the release function (also run
 * when the process exits). Re-entrant within one process.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const release = () => {
    if (readHolder(file)?.pid === process.pid) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file)) {
      process.once('exit', release);
      return release;
    }
    const holder = readHolder(file);
    if (holder && holder.pid === process.pid && holder.host === hostname()) return release;
    if (holder && isRunning(holder)) throw new DataDirLockedError(path.resolve(dir), holder);
    // An unreadable lock may be one being written this instant: only an old one is stale.
    if (!holder && !isOld(file)) throw new DataDirLockedError(path.resolve(dir), { pid: -1, host: '?', procStart: null, since: '?', command: 'starting' });
    breakStaleLock(file, holder);
  }
  const holder = readHolder(file);
  throw new DataDirLockedError(path.resolve(dir), holder ?? { pid: -1, host: '?', procStart: null, since: '?', command: 'unknown' });
}

/**
 * Removes a lock whose holder is gone. Two processes starting together must not both remove
 * it and then each believe they hold the new one: breaking is itself serialised by a
 * directory (mkdir is atomic), and the lock is re-read under it.
 */
function breakStaleLock(file: string, seen: Holder | null): void {
  const breaking = `${file}.breaking`;
  try {
    mkdirSync(breaking);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Someone else is breaking it; a breaker that died long ago leaves the directory behind.
    try {
      if (Date.now() - statSync(breaking).mtimeMs > 10_000) rmdirSync(breaking);
    } catch {
      // gone meanwhile
    }
    return;
  }
  try {
    const now = readHolder(file);
    const same = now === null ? seen === null : seen !== null && now.pid === seen.pid && now.since === seen.since;
    if (same && !(now && isRunning(now))) {
      try {
        unlinkSync(file);
      } catch {
        // gone meanwhile
      }
    }
  } finally {
    rmdirSync(breaking);
  }
}
