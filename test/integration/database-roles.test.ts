import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { writeAudit } from '@/lib/audit';
import { dropDetectionMonths, listDetectionMonths, makeDetectionPartitions } from '@/db/queries/detection-retention';
import { createScratchDatabase } from '@/test/support/database';

// Deployments run migrations as the database owner and the application as a role that may
// only append to the audit log. The embedded engine has one role (its trigger still refuses
// changes to the audit log), so this runs against the server.

const serverUrl = process.env.DATABASE_URL;
let app: Database;
let drop: (() => Promise<void>) | undefined;
const role = `vigil_app_${randomBytes(4).toString('hex')}`;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!serverUrl) return;
  const scratch = await createScratchDatabase(serverUrl, 'vigil_roles');
  drop = scratch.drop;
  await admin(`CREATE ROLE ${role} LOGIN PASSWORD 'app-pass'`);
  const appUrl = new URL(scratch.url);
  appUrl.username = role;
  appUrl.password = 'app-pass';
  // The owner (the test server's role) migrates and grants; the app connects as its own role.
  app = await openDatabase({ databaseUrl: appUrl.toString(), ownerUrl: scratch.url, poolSize: 2 });
});
afterAll(async () => {
  await app?.close();
  await drop?.();
  if (serverUrl) await admin(`DROP ROLE IF EXISTS ${role}`);
});

const refusal = (p: Promise<unknown>) => p.then(() => 'allowed', (err: unknown) => String((err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message));

describe.runIf(Boolean(serverUrl))('two database roles: owner and application', () => {
  it('lets the application write operational data and append to the audit log', async () => {
    await app.db.execute(sql`INSERT INTO app_meta (key, value) VALUES ('roles-test', '1'::jsonb)`);
    await writeAudit(app.db, { action: 'test.append', actorName: 'roles test' });
    const [row] = await app.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.append'`);
    expect(row!.n).toBe(1);
  });

  it('refuses the application any change to the audit log, by privilege rather than by trigger', async () => {
    expect(await refusal(app.db.execute(sql`UPDATE audit_log SET action = 'rewritten'`))).toMatch(/permission denied for table audit_log/);
    expect(await refusal(app.db.execute(sql`DELETE FROM audit_log`))).toMatch(/permission denied for table audit_log/);
    expect(await refusal(app.db.execute(sql`TRUNCATE audit_log`))).toMatch(/permission denied for table audit_log/);
    expect(await refusal(app.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`))).toMatch(/must be owner/);
  });

  it('refuses the application schema changes', async () => {
    expect(await refusal(app.db.execute(sql`DROP TABLE cameras`))).toMatch(/must be owner/);
    expect(await refusal(app.db.execute(sql`CREATE TABLE sneaky (id int)`))).toMatch(/permission denied/);
    expect(await refusal(app.db.execute(sql`DROP TABLE detections_kept`))).toMatch(/must be owner/);
  });

  it('turns JIT off for the database itself, for connections that cannot ask (through PgBouncer)', async () => {
    const url = new URL(String(serverUrl));
    url.pathname = `/${(await app.rows<{ db: string }>(sql`SELECT current_database() AS db`))[0]!.db}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      expect((await client.query<{ jit: string }>('SHOW jit')).rows[0]!.jit).toBe('off');
    } finally {
      await client.end();
    }
  });

  it('lets the application make and drop detection months only through the owner’s two functions, and no other role at all', async () => {
    const now = new Date();
    const old = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 4, 10));
    const month = `${old.toISOString().slice(0, 7)}-01`;
    expect(await makeDetectionPartitions(app, 0, old)).toBeGreaterThanOrEqual(1);
    expect(await listDetectionMonths(app)).toContain(month);
    expect(await dropDetectionMonths(app, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1)))).toContain(month);
    expect(await listDetectionMonths(app)).not.toContain(month);
    // A role the installation did not grant (a reporting login, say) may not run them.
    const other = `vigil_other_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE ROLE ${other} LOGIN PASSWORD 'other-pass'`);
    const url = new URL(String(serverUrl));
    url.pathname = `/${(await app.rows<{ db: string }>(sql`SELECT current_database() AS db`))[0]!.db}`;
    url.username = other;
    url.password = 'other-pass';
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const refused = await client.query(`SELECT vigil_drop_detection_months(now())`).then(() => 'allowed', (err: Error) => err.message);
      expect(refused).toMatch(/permission denied for function vigil_drop_detection_months/);
    } finally {
      await client.end();
      await admin(`DROP ROLE IF EXISTS ${other}`);
    }
  });
});
