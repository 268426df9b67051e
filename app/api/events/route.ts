import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { can, type Action } from '@/lib/auth/permissions';
import { getCurrentSession, getUserById, type CurrentUser } from '@/lib/auth/session';
import { checkSession } from '@/lib/auth/sessions';
import { eventsAfter, MAX_REPLAY, REPLAY_OVERLAP, subscribeEvents, type StoredEvent, type VigilEvent } from '@/lib/events/bus';
import { getLogger } from '@/lib/logger';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 20_000;
/** How often an open stream checks that its session and user still count. */
const RECHECK_MS = 5_000;

const TOPIC_ACTION: Record<VigilEvent['topic'], Action> = {
  'camera.status': 'camera:read',
  alert: 'alert:read',
  crossing: 'detection:read',
  'crossing.retracted': 'detection:read',
  detections: 'detection:read',
  plan: 'layer:read',
  facility: 'facility:read',
};

/** EventSource sends the last id it saw in a header; clients without EventSource may use ?lastEventId=. */
const lastIdSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Server-Sent Events: camera status changes, alerts, detections and crossings, each filtered by
 * the user's right to see what it concerns. Fed by PostgreSQL LISTEN, so it works across
 * instances; every message carries its id, and a reconnect with Last-Event-ID is replayed what
 * it missed (or told to reload, when it was away longer than the replay window). Ids are
 * allocated before commit, so an event can commit after a later id was delivered: a replay
 * also re-sends a short stretch behind the last id, and the browser drops what it already has.
 * The stream ends when the user's session ends or the user loses access.
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
      cleanup = () => {
        timers.forEach(clearInterval);
        unsubscribe?.();
        unsubscribe = null;
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      req.signal.addEventListener('abort', close);
      try {
        // During catch-up the same event can come from the replay and from the live feed: `seen`
        // drops the second copy. Afterwards every NOTIFY is delivered once, in commit order.
        let seen: Set<number> | null = new Set();
        const deliver = ({ id, event }: StoredEvent) => {
          if (seen) {
            if (seen.has(id)) return;
            seen.add(id);
          }
          if (visible(event)) send(`id: ${id}\nevent: ${event.topic}\ndata: ${JSON.stringify(event)}\n\n`);
        };
        // Subscribe first and hold live events back while the missed ones are read, so nothing
        // falls between that query and the subscription.
        let held: StoredEvent[] | null = [];
        unsubscribe = await subscribeEvents(database, (stored) => (held ? held.push(stored) : deliver(stored)));
        const [bounds] = await database.rows<{ oldest: string | null; newest: string | null }>(sql`SELECT min(id) AS oldest, max(id) AS newest FROM live_events`);
        send(`retry: 2000\n: connected\n\n`);
        if (lastId === null) {
          // An id-only message sets the browser's last event id without dispatching anything, so
          // even a connection that drops before its first event resumes from here.
          send(`id: ${bounds?.newest ?? 0}\n\n`);
        } else {
          const from = Math.max(0, lastId - REPLAY_OVERLAP);
          const missed = await eventsAfter(database, from, MAX_REPLAY + REPLAY_OVERLAP);
          const gap = bounds?.oldest != null && Number(bounds.oldest) > lastId + 1;
          if (gap || missed.filter((m) => m.id > lastId).length >= MAX_REPLAY) {
            // Too much was missed to replay: the page reloads its data and carries on from here.
            send(`id: ${Math.max(lastId, Number(bounds?.newest ?? 0))}\nevent: reset\ndata: {}\n\n`);
            missed.forEach(({ id }) => seen?.add(id));
          } else {
            missed.forEach(deliver);
          }
        }
        const queued: StoredEvent[] = held;
        held = null;
        queued.forEach(deliver);
        seen = null;
        timers.push(setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS));
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
