// CPU time of processes on this machine, from /proc: what a benchmark's run cost each part.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS = 100;

function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses; the fields after it do not.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds a process has used (user + system). */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * CPU seconds used so far by every live process of this command name (e.g. "postgres": the
 * server and its backends), or null when /proc shows none (a database on another machine).
 * A backend that ended between two readings takes its time with it: compare readings taken
 * while the same connections are open.
 */
export function cpuSecondsOfCommand(command: string): number | null {
  let total = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== command) continue;
      const fields = statFields(entry);
      total += (Number(fields[11]) + Number(fields[12])) / TICKS;
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? total : null;
}

/** The Vigil server process under `npm start` (scripts/start.mjs → scripts/server.mjs). */
export function vigilServerPid(startPid: number): number {
  return Number(execFileSync('pgrep', ['-P', String(startPid)], { encoding: 'utf8' }).trim().split('\n')[0]);
}
