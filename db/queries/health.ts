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
