import { NextResponse } from 'next/server';
import { sql } from 'drizzle-orm';
import { getDatabase } from '@/db/client';
import { getMigrationStatus } from '@/db/migrate';

export const dynamic = 'force-dynamic';

/**
 * Liveness and readiness for load balancers and operators. Deliberately public and free of
 * secrets: it reports only the engine, PostGIS version and whether migrations are current.
 */
export async function GET() {
  try {
    const database = await getDatabase();
    const migrations = await getMigrationStatus(database);
    const [postgis] = await database.rows<{ version: string }>(sql`SELECT postgis_lib_version() AS version`);
    const ok = migrations.current;
    return NextResponse.json(
      { status: ok ? 'ok' : 'degraded', engine: database.engine, postgis: postgis?.version ?? null, migrations },
      { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
    );
  } catch {
    return NextResponse.json({ status: 'unavailable', engine: null }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
