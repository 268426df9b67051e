import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { can, type Action } from '@/lib/auth/permissions';
import { getCurrentSession, getUserById, type CurrentUser } from '@/lib/auth/session';
import { checkSession } from '@/lib/auth/sessions';
import { eventsAfter, journalBounds, MAX_REPLAY, subscribeEvents, type StoredEvent, type VigilEvent } from '@/lib/events/bus';
import { registerStream } from '@/lib/events/open-streams';
import type { LiveTopic } from '@/lib/events/types';
import { getLogger } from '@/lib/logger';

export const dynamic = 'force-dynamic';

/**
 * A named heartbeat (EventSource hides comments from the page): the browser counts a stream
 * that stays silent for several of these as dead, and the heartbeat says whether this server
 * is keeping up with the journal.
 */
const HEARTBEAT_MS = 15_000;
/** How often an open stream checks that its session and user still count (other instances' revocations). */
const RECHECK_MS = 5_000;

const TOPIC_ACTION: Record<LiveTopic, Action> = {
  'camera.status': 'camera:read',
  alert: 'alert:read',
  crossing: 'detection:read',
  'crossing.retracted': 'detection:read',
  detections: 'detection:read',
  plan: 'layer:read',
  facility: 'facility:read',
};

/**
 * A journal row as an SSE message, made once per process: the hub hands the same row to every
 * open stream, so a thousand listeners cost one JSON.stringify and one encode, not a thousand.
 */
const messages = new WeakMap<StoredEvent, Uint8Array>();
function messageOf(stored: StoredEvent): Uint8Array {
  let bytes = messages.get(stored);
  if (!bytes) messages.set(stored, (bytes = new TextEncoder().encode(`id: ${stored.id}\nevent: ${stored.event.topic}\ndata: ${JSON.stringify(stored.event)}\n\n`)));
  return bytes;
}

/** EventSource sends the last id it saw in a header; clients without EventSource may use ?lastEventId=. */
const lastIdSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Server-Sent Events: camera status changes, alerts, detections, crossings, plan and facility
 * changes, each filtered by the user's right to see what it concerns. Every message carries its
 * place in the live journal (commit order); a reconnect with Last-Event-ID is replayed exactly
 * the events after it, or told to reload when it was away longer than the replay window or
 * names a place the journal has not reached. The stream ends when the user's session ends or
 * the user loses access, and when the server shuts down (the browser comes back by itself).
 */
// Every signed-in user may listen (telecom staff too, for their facilities): each event is filtered below.
export const GET = apiRoute({ action: 'account:self' }, async ({ req, user: firstUser, database }) => {
  const session = await getCurrentSession();
  const rawLast = req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('lastEventId');
  const parsedLast = rawLast === null || rawLast === '' ? null : lastIdSchema.safeParse(rawLast);
  const lastId = parsedLast?.success ? parsedLast.data : null;
  let user: CurrentUser = firstUser;
  const visible = (event: VigilEvent) =>
    can(user, TOPIC_ACTION[event.topic], { provinceCode: event.provinceCode, agencyId: event.agencyId, ...(event.topic === 'facility' ? { telecomAgencyId: event.telecomAgencyId } : {}) });

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const timers: ReturnType<typeof setInterval>[] = [];
      let unsubscribe: (() => void) | null = null;
      let unregister: (() => void) | null = null;
      cleanup = () => {
        timers.forEach(clearInterval);
        unsubscribe?.();
        unsubscribe = null;
        unregister?.();
        unregister = null;
      };
      const close = () => {
        if (closed) return;
        flush();
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      // What one read of the journal hands out leaves as one chunk (each chunk costs a trip
      // through the response's streams and a TLS record at the proxy, whatever its size).
      let pending: Uint8Array[] = [];
      const flush = () => {
        if (pending.length === 0) return;
        const chunks = pending;
        pending = [];
        if (closed) return;
        try {
          controller.enqueue(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        } catch {
          close();
        }
      };
      const sendBytes = (bytes: Uint8Array) => {
        if (closed) return;
        pending.push(bytes);
        if (pending.length === 1) queueMicrotask(flush);
      };
      const send = (text: string) => sendBytes(encoder.encode(text));
      const sendHealth = (name: 'heartbeat' | 'status', behind: boolean) => send(`event: ${name}\ndata: ${JSON.stringify({ behind })}\n\n`);
      req.signal.addEventListener('abort', close);
      unregister = registerStream({
        sessionId: session?.sessionId ?? null,
        userId: firstUser.id,
        end: (retryMs) => {
          if (retryMs !== undefined) send(`retry: ${retryMs}\n\n`);
          close();
        },
      });
      try {
        const deliver = (stored: StoredEvent) => {
          if (visible(stored.event)) sendBytes(messageOf(stored));
        };
        // Subscribe first and hold live events back while the missed ones are read: the
        // subscription hands out everything after `since`, the replay reads up to it.
        let held: StoredEvent[] | null = [];
        let behindNow = false;
        const subscription = await subscribeEvents(
          database,
          (stored) => (held ? held.push(stored) : deliver(stored)),
          (behind) => {
            behindNow = behind;
            sendHealth('status', behind);
          },
        );
        unsubscribe = subscription.unsubscribe;
        const since = subscription.since;
        send(`retry: 2000\n: connected\n\n`);
        if (lastId === null) {
          // An id-only message sets the browser's last event id without dispatching anything, so
          // even a connection that drops before its first event resumes from here.
          send(`id: ${since}\n\n`);
        } else if (lastId > since) {
          // The browser has seen places the journal has not reached (the journal was restored or
          // started afresh): what it holds may be stale, so it reloads and carries on from here.
          send(`id: ${since}\nevent: reset\ndata: {}\n\n`);
        } else if (lastId < since) {
          const { oldest } = await journalBounds(database);
          const missed = await eventsAfter(database, lastId, MAX_REPLAY, since);
          const pruned = oldest !== null && oldest > lastId + 1;
          if (pruned || missed.length >= MAX_REPLAY) {
            // Too much was missed to replay: the page reloads its data and carries on from here.
            send(`id: ${since}\nevent: reset\ndata: {}\n\n`);
          } else {
            missed.forEach(deliver);
          }
        }
        const queued: StoredEvent[] = held;
        held = null;
        queued.forEach(deliver);
        timers.push(setInterval(() => sendHealth('heartbeat', behindNow), HEARTBEAT_MS));
        timers.push(
          setInterval(() => {
            void (async () => {
              const userId = session ? await checkSession(database, session.sessionId) : null;
              const fresh = userId ? await getUserById(userId) : null;
              if (!fresh || !can(fresh, 'account:self')) close();
              else user = fresh;
            })().catch(() => undefined);
          }, RECHECK_MS),
        );
      } catch (err) {
        getLogger().warn({ err: (err as Error).message }, 'live event stream failed to start');
        close();
      }
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
