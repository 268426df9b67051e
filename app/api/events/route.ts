import { apiRoute } from '@/lib/api/handler';
import { can } from '@/lib/auth/permissions';
import { subscribeEvents, type VigilEvent } from '@/lib/events/bus';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 20_000;

/**
 * Server-Sent Events: live camera status changes and alerts, each filtered by the user's
 * right to see the camera it concerns. Fed by PostgreSQL LISTEN, so it works across instances.
 */
export const GET = apiRoute({ action: 'map:view' }, async ({ req, user, database }) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const visible = (event: VigilEvent) =>
        can(user, event.topic === 'alert' ? 'alert:handle' : 'camera:read', { provinceCode: event.provinceCode, agencyId: event.agencyId }) ||
        (event.topic === 'alert' && can(user, 'camera:read', { provinceCode: event.provinceCode, agencyId: event.agencyId }));
      const unsubscribe = await subscribeEvents(database, (event) => {
        if (visible(event)) send(`event: ${event.topic}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      req.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      send(`retry: 3000\n: connected\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
