// CPU time of processes on this machine, from /proc: what a benchmark's run cost each part.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS = 100;

function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses; the fields after it do not.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds a process has used (user + system). */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** CPU seconds by process id. */
export type CpuSnapshot = Map<number, number>;

/** CPU seconds of each live process of this command name (e.g. "postgres": the server and its backends). */
export function cpuSnapshot(command: string): CpuSnapshot {
  const byPid: CpuSnapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== command) continue;
      byPid.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
}

/**
 * CPU seconds the processes of this command name have used since the snapshot (those started
 * since count whole), or null when /proc shows none (a database on another machine). A process
 * that ended in between takes its time with it, so this can fall short, never over.
 */
export function cpuSecondsSince(before: CpuSnapshot, command: string): number | null {
  const now = cpuSnapshot(command);
  if (now.size === 0 || before.size === 0) return null;
  let total = 0;
  for (const [pid, seconds] of now) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The Vigil server process under `npm start` (scripts/start.mjs → scripts/server.mjs). */
export function vigilServerPid(startPid: number): number {
  return Number(execFileSync('pgrep', ['-P', String(startPid)], { encoding: 'utf8' }).trim().split('\n')[0]);
}
