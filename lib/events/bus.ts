import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import type { VigilEvent } from '@/lib/events/types';
import { getLogger } from '@/lib/logger';

export type { AlertEvent, CameraStatusEvent, CrossingEvent, CrossingRetractedEvent, DetectionsEvent, VigilEvent } from '@/lib/events/types';

// Live events are rows in `live_events` (ids increase) plus a PostgreSQL NOTIFY carrying the
// id. Every app instance LISTENs once, reads the rows it is told about in one query, and fans
// them out to its own browser connections. A browser that lost its connection sends the last
// id it saw and is replayed the rows after it, so a drop loses nothing.

export const EVENT_CHANNEL = 'vigil_events';

/** How long published events can be replayed to a reconnecting browser. */
export const REPLAY_WINDOW_MINUTES = 60;
/** A browser that was away for longer than this many events reloads its data instead. */
export const MAX_REPLAY = 5_000;
/**
 * Ids are taken when an event is inserted, not when its transaction commits, so an event can
 * become visible after one with a higher id was already delivered. Catch-ups re-read this many
 * ids behind the last one delivered; receivers drop what they already have.
 */
export const REPLAY_OVERLAP = 2_000;

export interface StoredEvent {
  id: number;
  event: VigilEvent;
}

/** Records an event and queues its NOTIFY; inside a transaction both happen only if it commits. */
export async function publishEvent(db: Db, event: VigilEvent): Promise<void> {
  await publishEvents(db, [event]);
}

/** Records several events (ids in the given order) in one statement, each with its NOTIFY. */
export async function publishEvents(db: Db, events: VigilEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(sql`
    WITH e AS (
      INSERT INTO live_events (topic, payload, province_code, agency_id)
      SELECT x->>'topic', x, x->>'provinceCode', x->>'agencyId'
      FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS t(x, i)
      ORDER BY i
      RETURNING id)
    SELECT pg_notify(${EVENT_CHANNEL}, e.id::text) FROM e`);
}

/** The events published after `afterId` (oldest first), for a reconnecting browser. */
export async function eventsAfter(database: Database, afterId: number, limit = MAX_REPLAY): Promise<StoredEvent[]> {
  const rows = await database.rows<{ id: string | number; payload: VigilEvent }>(
    sql`SELECT id, payload FROM live_events WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), event: r.payload }));
}

/** Forgets events older than the replay window. */
export async function pruneEvents(database: Database): Promise<number> {
  const rows = await database.rows<{ id: string }>(
    sql`DELETE FROM live_events WHERE created_at < now() - make_interval(mins => ${REPLAY_WINDOW_MINUTES}) RETURNING id`,
  );
  return rows.length;
}

type Listener = (stored: StoredEvent) => void;

interface Hub {
  listeners: Set<Listener>;
  started?: Promise<() => Promise<void>>;
  pending: number[];
  reading: boolean;
  /** The newest id delivered: after a lost LISTEN connection, everything after it is read again. */
  lastId: number;
  /** Recently delivered ids: a catch-up after a reconnect may name some of them again. */
  recent: Set<number>;
}

const HUB_KEY = Symbol.for('vigil.event-hub');

/** Reads the notified rows in batches: a burst of NOTIFYs costs one query, not one each. */
async function drain(database: Database, hub: Hub): Promise<void> {
  if (hub.reading) return;
  hub.reading = true;
  try {
    while (hub.pending.length > 0) {
      const ids = hub.pending.splice(0, 1_000);
      const rows = await database.rows<{ id: string | number; payload: VigilEvent }>(
        sql`SELECT id, payload FROM live_events WHERE id = ANY(${`{${ids.join(',')}}`}::bigint[]) ORDER BY id`,
      );
      for (const r of rows) {
        const stored = { id: Number(r.id), event: r.payload };
        if (hub.recent.has(stored.id)) continue;
        hub.recent.add(stored.id);
        if (hub.recent.size > 10_000) hub.recent.delete(hub.recent.values().next().value!);
        hub.lastId = Math.max(hub.lastId, stored.id);
        for (const l of hub.listeners) l(stored);
      }
    }
  } catch (err) {
    getLogger().warn({ err: (err as Error).message }, 'could not read live events');
  } finally {
    hub.reading = false;
  }
}

/** Subscribes to live events in this process; the one LISTEN starts with the first subscriber. */
export async function subscribeEvents(database: Database, listener: Listener): Promise<() => void> {
  const g = globalThis as typeof globalThis & { [HUB_KEY]?: Hub };
  const hub = (g[HUB_KEY] ??= { listeners: new Set(), pending: [], reading: false, lastId: 0, recent: new Set() });
  hub.listeners.add(listener);
  hub.started ??= (async () => {
    const [newest] = await database.rows<{ id: string | null }>(sql`SELECT max(id) AS id FROM live_events`);
    hub.lastId = Number(newest?.id ?? 0);
    return database.listen(
      EVENT_CHANNEL,
      (payload) => {
        const id = Number(payload);
        if (!Number.isSafeInteger(id)) {
          getLogger().warn('ignoring a malformed event notification');
          return;
        }
        hub.pending.push(id);
        void drain(database, hub);
      },
      () => {
        // Notifications sent while the connection was down are gone; the rows are not (`recent`
        // drops those already delivered).
        void eventsAfter(database, Math.max(0, hub.lastId - REPLAY_OVERLAP), MAX_REPLAY + REPLAY_OVERLAP).then((missed) => {
          hub.pending.push(...missed.map((m) => m.id));
          void drain(database, hub);
        });
      },
    );
  })();
  await hub.started;
  return () => hub.listeners.delete(listener);
}
