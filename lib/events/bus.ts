import 'server-only';
import type { Database, Db } from '@/db/client';
import { deleteJournalBefore, getJournalBounds, insertJournalEvents, listJournalRows, repairJournalSequence } from '@/db/queries/live-journal';
import type { VigilEvent } from '@/lib/events/types';
import { getLogger } from '@/lib/logger';

export type { AlertEvent, CameraStatusEvent, CrossingEvent, CrossingRetractedEvent, DetectionsEvent, VigilEvent } from '@/lib/events/types';

// The live journal is the `live_events` table. A row's `seq` is given when its transaction
// commits, in commit order (migration 0025), and NOTIFYd on EVENT_CHANNEL. Every app instance
// keeps one cursor (the highest seq it has handed to its browsers) and reads the rows after it:
// when a NOTIFY wakes it, and every JOURNAL_POLL_MS in any case, so a lost notification, a
// dropped LISTEN connection or a restarted database delays an event by at most that long and
// never loses it. Because seq follows commit order, "the rows after my cursor" is exact: a row
// can never appear below a seq already read. A browser sends the last seq it saw and is
// replayed exactly the rows after it.

/** The NOTIFY channel (also named in migration 0025's trigger). */
export const EVENT_CHANNEL = 'vigil_events';
/** How long published events can be replayed to a reconnecting browser. */
export const REPLAY_WINDOW_MINUTES = 60;
/** A browser that was away for longer than this many events reloads its data instead. */
export const MAX_REPLAY = 5_000;
/** The journal is read this often even when no NOTIFY arrives. */
export const JOURNAL_POLL_MS = 2_000;
/** A hub that could not read the journal for this long tells its browsers they are behind. */
const BEHIND_AFTER_MS = 4_000;
const READ_BATCH = 1_000;

export interface StoredEvent {
  /** The event's place in the journal (`seq`): what SSE sends as the event id. */
  id: number;
  event: VigilEvent;
}

/** Records an event; inside a transaction it is numbered and announced only if that commits. */
export async function publishEvent(db: Db, event: VigilEvent): Promise<void> {
  await publishEvents(db, [event]);
}

/** Records several events (numbered at commit in the given order) in one statement. */
export async function publishEvents(db: Db, events: VigilEvent[]): Promise<void> {
  if (events.length > 0) await insertJournalEvents(db, events);
}

/** The committed events after `afterSeq` and up to `untilSeq` (oldest first). */
export async function eventsAfter(database: Database, afterSeq: number, limit = MAX_REPLAY, untilSeq = Number.MAX_SAFE_INTEGER): Promise<StoredEvent[]> {
  return (await listJournalRows<VigilEvent>(database, afterSeq, untilSeq, limit)).map((r) => ({ id: r.seq, event: r.payload }));
}

/** The oldest and newest seq the journal still holds (null when it is empty). */
export const journalBounds = getJournalBounds;

/** Forgets events older than the replay window. */
export function pruneEvents(database: Database): Promise<number> {
  return deleteJournalBefore(database, REPLAY_WINDOW_MINUTES);
}

/** At start-up: the journal's numbering must continue above every number it has given. */
export async function checkJournalNumbering(database: Database): Promise<void> {
  const moved = await repairJournalSequence(database);
  if (moved > 0) getLogger().warn({ moved }, 'live journal numbering was behind its rows; moved forward');
}

type Listener = (stored: StoredEvent) => void;
type HealthListener = (behind: boolean) => void;

interface Hub {
  database: Database;
  listeners: Set<Listener>;
  healthListeners: Set<HealthListener>;
  started?: Promise<void>;
  stopListen?: () => Promise<void>;
  poll?: ReturnType<typeof setInterval>;
  /** The highest seq handed to this process's listeners: everything after it is still to come. */
  cursor: number;
  reading: boolean;
  /** A wake-up arrived while reading: read again before stopping. */
  again: boolean;
  lastNotifyAt: number;
  /** Since when reading the journal has failed (null while it works). */
  failingSince: number | null;
  behind: boolean;
  lastWarnAt: number;
}

const HUB_KEY = Symbol.for('vigil.event-hub');
type GlobalWithHub = typeof globalThis & { [HUB_KEY]?: Hub };

function warnRarely(hub: Hub, message: string, fields: Record<string, unknown>) {
  if (Date.now() - hub.lastWarnAt < 60_000) return;
  hub.lastWarnAt = Date.now();
  getLogger().warn(fields, message);
}

function setBehind(hub: Hub, behind: boolean) {
  if (hub.behind === behind) return;
  hub.behind = behind;
  for (const l of hub.healthListeners) l(behind);
}

/** Reads the rows after the cursor and hands them out; one reader at a time, again if woken meanwhile. */
async function readNew(hub: Hub, reason: 'notify' | 'poll' | 'start'): Promise<void> {
  if (hub.reading) {
    hub.again = true;
    return;
  }
  hub.reading = true;
  try {
    do {
      hub.again = false;
      const rows = await eventsAfter(hub.database, hub.cursor, READ_BATCH);
      if (rows.length > 0 && reason === 'poll' && Date.now() - hub.lastNotifyAt > 10_000) {
        // Delivery still works (this poll), but the notifications that should have woken us did not come.
        warnRarely(hub, 'live events found by polling the journal, not by notification', { count: rows.length });
      }
      for (const stored of rows) {
        if (stored.id <= hub.cursor) continue;
        hub.cursor = stored.id;
        for (const l of hub.listeners) l(stored);
      }
      if (rows.length === READ_BATCH) hub.again = true;
    } while (hub.again);
    hub.failingSince = null;
    setBehind(hub, false);
  } catch (err) {
    hub.failingSince ??= Date.now();
    warnRarely(hub, 'could not read the live journal', { err: (err as Error).message });
    if (Date.now() - hub.failingSince >= BEHIND_AFTER_MS) setBehind(hub, true);
  } finally {
    hub.reading = false;
  }
}

function getHub(database: Database): Hub {
  const g = globalThis as GlobalWithHub;
  const existing = g[HUB_KEY];
  if (existing && existing.database === database) return existing;
  const hub: Hub = {
    database,
    listeners: new Set(),
    healthListeners: new Set(),
    cursor: 0,
    reading: false,
    again: false,
    lastNotifyAt: Date.now(),
    failingSince: null,
    behind: false,
    lastWarnAt: 0,
  };
  g[HUB_KEY] = hub;
  return hub;
}

async function startHub(hub: Hub): Promise<void> {
  // The cursor starts at the newest committed event: listeners get what commits after it.
  hub.cursor = (await journalBounds(hub.database)).newest ?? 0;
  hub.stopListen = await hub.database.listen(
    EVENT_CHANNEL,
    () => {
      hub.lastNotifyAt = Date.now();
      void readNew(hub, 'notify');
    },
    // Notifications sent while the LISTEN connection was down are gone; the rows are not.
    () => void readNew(hub, 'poll'),
  );
  hub.poll = setInterval(() => {
    if (hub.listeners.size > 0) void readNew(hub, 'poll');
  }, JOURNAL_POLL_MS);
  hub.poll.unref?.();
}

export interface Subscription {
  /** Every event with a seq above this one reaches the listener; none at or below it does. */
  since: number;
  unsubscribe: () => void;
}

/**
 * Subscribes to live events in this process; the one LISTEN (and the journal poll) starts with
 * the first subscriber. `since` is the hub's cursor at the moment of subscribing, so a caller
 * that replays the journal up to `since` and then takes the live feed misses and repeats nothing.
 */
export async function subscribeEvents(database: Database, listener: Listener, onHealth?: HealthListener): Promise<Subscription> {
  const hub = getHub(database);
  hub.started ??= startHub(hub).catch((err: unknown) => {
    hub.started = undefined;
    throw err;
  });
  await hub.started;
  // Synchronously with reading the cursor: nothing can be handed out in between.
  hub.listeners.add(listener);
  if (onHealth) hub.healthListeners.add(onHealth);
  return {
    since: hub.cursor,
    unsubscribe: () => {
      hub.listeners.delete(listener);
      if (onHealth) hub.healthListeners.delete(onHealth);
    },
  };
}

/** Whether this process currently fails to read the live journal (its browsers are told). */
export function isLiveBehind(): boolean {
  return (globalThis as GlobalWithHub)[HUB_KEY]?.behind ?? false;
}

/** Stops this process's LISTEN and journal poll (at shutdown). */
export async function stopEventHub(): Promise<void> {
  const g = globalThis as GlobalWithHub;
  const hub = g[HUB_KEY];
  if (!hub) return;
  if (hub.poll) clearInterval(hub.poll);
  await hub.stopListen?.().catch(() => undefined);
  delete g[HUB_KEY];
}
