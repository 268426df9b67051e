import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '@/db/client';
import { seedDatabase } from '@/lib/demo/seed';

// One migrated (and one migrated-and-seeded) database per engine, made once and copied for each
// test file: on the server with CREATE DATABASE … TEMPLATE, on the embedded engine by loading a
// dump of the data folder. Both are named by a hash of everything that shapes them (db/ and
// lib/), so they are made again only when that changes — once per CI run, rarely on a laptop.
// Several test processes may ask at once: one makes it under a lock, the others wait.

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'vigil-test-templates');

let hashMemo: string | undefined;
/** A hash of the sources that decide what a migrated and seeded database holds. */
export function templateHash(): string {
  if (hashMemo) return hashMemo;
  const hash = createHash('sha256');
  const visit = (rel: string) => {
    const full = path.join(ROOT, rel);
    if (statSync(full).isDirectory()) for (const entry of readdirSync(full).sort()) visit(path.join(rel, entry));
    else hash.update(rel).update(readFileSync(full));
  };
  ['db', 'lib'].forEach(visit);
  return (hashMemo = hash.digest('hex').slice(0, 12));
}

/** Runs `make` once across processes: the first takes the lock (a directory), the others wait for `done()`. */
async function once(lock: string, done: () => boolean | Promise<boolean>, make: () => Promise<void>): Promise<void> {
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    if (await done()) return;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is making it; a maker that died long ago leaves its lock behind.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmdirSync(lock);
      } catch {
        // gone meanwhile
      }
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (!(await done())) await make();
      return;
    } finally {
      rmdirSync(lock);
    }
  }
}

/** The embedded engine's template: a dump of a data folder, seeded or only migrated. */
export async function pgliteTemplate(seeded: boolean): Promise<Blob> {
  return new Blob([readFileSync(await pgliteTemplateFile(seeded))]);
}

/** The file holding the embedded engine's template (for a child process to load). */
export async function pgliteTemplateFile(seeded: boolean): Promise<string> {
  const file = path.join(CACHE, `${templateHash()}-${seeded ? 'seeded' : 'migrated'}.tar`);
  await once(`${file}.lock`, () => existsSync(file), async () => {
    const database = await openDatabase({});
    try {
      if (seeded) await seedDatabase(database, { demo: true });
      const dump = await database.dumpDataDir!();
      const partial = `${file}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await database.close();
    }
  });
  return file;
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

const withUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** The server engine's template: a database on that server, seeded or only migrated; returns its name. */
export async function serverTemplate(serverUrl: string, seeded: boolean): Promise<string> {
  const name = `vigil_tpl_${templateHash()}_${seeded ? 's' : 'm'}`;
  await once(path.join(CACHE, `${name}.lock`), () => databaseExists(serverUrl, name), async () => {
    const building = `${name}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${building}`);
      let database: Database | null = null;
      try {
        database = await openDatabase({ databaseUrl: withUrl(serverUrl, building), poolSize: 2 });
        if (seeded) await seedDatabase(database, { demo: true });
      } finally {
        await database?.close();
      }
      // Published whole, under its final name, only once it is complete.
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } finally {
      await admin.end();
    }
  });
  return name;
}
