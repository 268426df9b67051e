import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/** Takes or renews a job's lease; true while this holder holds it. */
export async function holdLease(database: Database, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await database.rows<{ holder: string }>(sql`
    INSERT INTO job_leases (name, holder, expires_at) VALUES (${name}, ${holder}, now() + make_interval(secs => ${ttlMs / 1000}))
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE job_leases.holder = excluded.holder OR job_leases.expires_at < now()
    RETURNING holder`);
  return rows.length > 0;
}

/** Gives a lease up, so another instance takes over at once instead of waiting for it to run out. */
export async function releaseLease(database: Database, name: string, holder: string): Promise<void> {
  await database.rows(sql`DELETE FROM job_leases WHERE name = ${name} AND holder = ${holder}`);
}
