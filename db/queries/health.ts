import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/** The PostGIS library version the engine runs. */
export async function postgisVersion(database: Database): Promise<string | null> {
  const [row] = await database.rows<{ version: string }>(sql`SELECT postgis_lib_version() AS version`);
  return row?.version ?? null;
}

/** The cheapest round trip: proves the database answers. */
export async function pingDatabase(database: Database): Promise<void> {
  await database.rows(sql`SELECT 1`);
}

/** What the database takes on its disk (tables, indexes, TOAST), in bytes. */
export async function databaseBytes(database: Database): Promise<number> {
  const [row] = await database.rows<{ bytes: string }>(sql`SELECT pg_database_size(current_database())::text AS bytes`);
  return Number(row?.bytes ?? 0);
}

/** Where the primary's write-ahead log is now. */
export async function primaryWalPosition(database: Database): Promise<string> {
  const [row] = await database.rows<{ lsn: string }>(sql`SELECT pg_current_wal_lsn()::text AS lsn`);
  return row!.lsn;
}

/**
 * How far a replica is behind the primary's position `primaryLsn`, in seconds: 0 once it has
 * replayed that far, else the age of the last transaction it replayed. Null: not a replica.
 */
export async function replicaLagSeconds(replica: Database, primaryLsn: string): Promise<number | null> {
  const [row] = await replica.rows<{ standby: boolean; behind_bytes: string | null; age_s: number | null }>(sql`
    SELECT pg_is_in_recovery() AS standby,
           pg_wal_lsn_diff(${primaryLsn}::pg_lsn, pg_last_wal_replay_lsn())::text AS behind_bytes,
           extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS age_s`);
  if (!row?.standby) return null;
  if (row.behind_bytes !== null && Number(row.behind_bytes) <= 0) return 0;
  return row.age_s ?? Number.POSITIVE_INFINITY;
}
