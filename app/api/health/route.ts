import { NextResponse } from 'next/server';
import { type Database } from '@/db/client';
import { getDatabase } from '@/lib/database';
import { lastDatabaseWorkAt } from '@/db/activity';
import { getMigrationStatus } from '@/db/migrate';
import { pingDatabase, postgisVersion } from '@/db/queries/health';

export const dynamic = 'force-dynamic';

/** How long a ping may take before the database counts as busy rather than answering. */
const PING_WAIT_MS = 100;
/** A busy database that answered this recently is still up (a long import holds the embedded engine's one connection). */
const BUSY_GRACE_MS = 30_000;

type Facts = { engine: Database['engine']; postgis: string | null; migrations: Awaited<ReturnType<typeof getMigrationStatus>> };
let facts: Facts | null = null;
let lastAnswerAt = 0;
let inFlight: Promise<void> | null = null;

/** One ping at a time: callers during a slow one wait on the same promise instead of queueing more work. */
function ping(database: Database): Promise<void> {
  inFlight ??= pingDatabase(database)
    .then(() => {
      lastAnswerAt = Date.now();
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/**
 * Liveness and readiness for load balancers and operators. Deliberately public and free of
 * secrets: it reports only the engine, PostGIS version and whether migrations are current.
 * Those facts are read once (again while migrations are pending); each call then only pings the
 * database, and a database busy with a long statement (a large import on the embedded engine)
 * that answered (or finished a statement of that work) within the last 30 s is reported busy,
 * not down, without waiting for it.
 */
export async function GET() {
  try {
    const database = await getDatabase();
    if (!facts || !facts.migrations.current) {
      facts = { engine: database.engine, postgis: await postgisVersion(database), migrations: await getMigrationStatus(database) };
      lastAnswerAt = Date.now();
    }
    const answered = await Promise.race([ping(database).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), PING_WAIT_MS).unref())]);
    if (!answered && Date.now() - Math.max(lastAnswerAt, lastDatabaseWorkAt()) > BUSY_GRACE_MS) throw new Error('database not answering');
    const ok = facts.migrations.current;
    return NextResponse.json(
      { status: ok ? 'ok' : 'degraded', engine: facts.engine, postgis: facts.postgis, migrations: facts.migrations, database: answered ? 'answering' : 'busy' },
      { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
    );
  } catch {
    return NextResponse.json({ status: 'unavailable', engine: null }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
