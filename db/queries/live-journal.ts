import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';

// The live journal (`live_events`): rows numbered in commit order by migration 0025's trigger
// (`seq`), which also NOTIFYs each number. These are its only statements.

export interface JournalRow<T> {
  seq: number;
  payload: T;
}

/** Appends events (numbered at commit, in the given order); `topic`, `provinceCode` and `agencyId` are read from each. */
export async function insertJournalEvents(db: Db, events: readonly object[]): Promise<void> {
  await db.execute(sql`
    INSERT INTO live_events (topic, payload, province_code, agency_id)
    SELECT x->>'topic', x, x->>'provinceCode', x->>'agencyId'
    FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS t(x, i)
    ORDER BY i`);
}

/** Committed rows with afterSeq < seq ≤ untilSeq, oldest first. */
export async function listJournalRows<T>(database: Database, afterSeq: number, untilSeq: number, limit: number): Promise<JournalRow<T>[]> {
  const rows = await database.rows<{ seq: string | number; payload: T }>(
    sql`SELECT seq, payload FROM live_events WHERE seq > ${afterSeq} AND seq <= ${untilSeq} ORDER BY seq LIMIT ${limit}`,
  );
  return rows.map((r) => ({ seq: Number(r.seq), payload: r.payload }));
}

export async function getJournalBounds(database: Database): Promise<{ oldest: number | null; newest: number | null }> {
  const [row] = await database.rows<{ oldest: string | null; newest: string | null }>(sql`SELECT min(seq) AS oldest, max(seq) AS newest FROM live_events`);
  return { oldest: row?.oldest == null ? null : Number(row.oldest), newest: row?.newest == null ? null : Number(row.newest) };
}

export async function deleteJournalBefore(database: Database, minutes: number): Promise<number> {
  const rows = await database.rows<{ id: string }>(sql`DELETE FROM live_events WHERE created_at < now() - make_interval(mins => ${minutes}) RETURNING id`);
  return rows.length;
}

/**
 * Makes sure the numbering continues above every number already given (a sequence can only
 * fall behind its rows if the database was restored from an inconsistent copy). Returns how
 * far it had to move, 0 when it was fine.
 */
export async function repairJournalSequence(database: Database): Promise<number> {
  const [row] = await database.rows<{ last: string; top: string }>(sql`
    SELECT (SELECT last_value FROM live_events_seq) AS last, (SELECT coalesce(max(seq), 0) FROM live_events) AS top`);
  const behind = Number(row?.top ?? 0) - Number(row?.last ?? 0);
  if (behind <= 0) return 0;
  await database.rows(sql`SELECT setval('live_events_seq', ${Number(row!.top)})`);
  return behind;
}
