import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import type { VigilEvent } from '@/lib/events/types';
import { getLogger } from '@/lib/logger';

export type { AlertEvent, CameraStatusEvent, CrossingEvent, VigilEvent } from '@/lib/events/types';

// Live events go through PostgreSQL NOTIFY, so every app instance sees every change; each
// instance LISTENs once and fans out to its own browser connections.

export const EVENT_CHANNEL = 'vigil_events';

/** Queues an event; inside a transaction PostgreSQL delivers it only when that commits. */
export async function publishEvent(db: Db, event: VigilEvent): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${EVENT_CHANNEL}, ${JSON.stringify(event)})`);
}

type Listener = (event: VigilEvent) => void;

interface Hub {
  listeners: Set<Listener>;
  started?: Promise<() => Promise<void>>;
}

const HUB_KEY = Symbol.for('vigil.event-hub');

/** Subscribes to live events in this process; the one LISTEN starts with the first subscriber. */
export async function subscribeEvents(database: Database, listener: Listener): Promise<() => void> {
  const g = globalThis as typeof globalThis & { [HUB_KEY]?: Hub };
  const hub = (g[HUB_KEY] ??= { listeners: new Set() });
  hub.listeners.add(listener);
  hub.started ??= database.listen(EVENT_CHANNEL, (payload) => {
    let event: VigilEvent;
    try {
      event = JSON.parse(payload) as VigilEvent;
    } catch {
      getLogger().warn('ignoring a malformed event notification');
      return;
    }
    for (const l of hub.listeners) l(event);
  });
  await hub.started;
  return () => hub.listeners.delete(listener);
}
