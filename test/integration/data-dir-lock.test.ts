import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '@/db/data-dir-lock';
import { engineName } from '@/test/support/database';
import { pgliteTemplateFile } from '@/test/support/templates';

// The embedded engine serves one process per data folder. The lock belongs to the embedded
// engine alone (a server engine is shared by design), so this runs in the embedded suite.

const dirs: string[] = [];
const children: ChildProcess[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-lock-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Starts a process that opens the embedded database on `dir`; resolves with its first line. */
async function holder(dir: string): Promise<{ child: ChildProcess; line: string; code: Promise<number | null> }> {
  const template = await pgliteTemplateFile(false);
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'test/support/hold-data-dir.ts', dir, template], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const code = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('opened') || l.startsWith('refused'));
      if (line) resolve({ child, line, code });
    });
    child.once('exit', (c) => (out.includes('\n') ? undefined : reject(new Error(`holder exited with ${c}: ${out}`))));
  });
}

describe.skipIf(engineName === 'postgres')('embedded engine: one process per data folder', () => {
  it('refuses a second process on the same folder, naming the folder and the holder', async () => {
    const dir = tempDir();
    const first = await holder(dir);
    expect(first.line).toBe('opened');
    const second = await holder(dir);
    expect(second.line).toContain(`refused: The data folder ${dir} is in use by process ${first.child.pid}`);
    expect(await second.code).toBe(3);
    // And in this process too.
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    first.child.kill('SIGTERM');
    await first.code;
  }, 120_000);

  it('lets the next process start after the holder was killed with SIGKILL', async () => {
    const dir = tempDir();
    const first = await holder(dir);
    expect(first.line).toBe('opened');
    first.child.kill('SIGKILL');
    await first.code;
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    const next = await holder(dir);
    expect(next.line).toBe('opened');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(next.child.pid);
    next.child.kill('SIGTERM');
    await next.code;
  }, 120_000);

  it('treats a lock whose pid now belongs to another process as stale', () => {
    const dir = tempDir();
    // pid 1 runs, but it did not start when this lock says its holder did.
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: hostname(), procStart: '1', since: '2026-01-01T00:00:00Z', command: 'next start' }));
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('releases the folder when the database is closed', async () => {
    const dir = tempDir();
    const database = await openDatabase({ dataDir: dir, template: new Blob([readFileSync(await pgliteTemplateFile(false))]) });
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    await database.close();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);
});
