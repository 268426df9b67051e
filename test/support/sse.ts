// A Server-Sent Events client for tests, reading /api/events the way EventSource does: it keeps
// the last event id (id-only messages included) and, with `resume`, reconnects after the
// stream ends or fails, sending Last-Event-ID — so a test can hold a "browser" across a restart.
import http from 'node:http';
import https from 'node:https';

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

export interface SseClient {
  /** Resolves when the first connection answered (rejects on a non-200). */
  ready: Promise<void>;
  messages(): SseMessage[];
  /** The ids of the events it received (data messages with an id), in order. */
  eventIds(): number[];
  /** The stream's current place: the last id it was sent, as EventSource keeps it. */
  lastId(): string | null;
  connections(): number;
  waitFor(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

export function openSse(baseUrl: string, cookie: string, options: { lastEventId?: string; resume?: boolean } = {}): SseClient {
  const abort = new AbortController();
  const messages: SseMessage[] = [];
  let lastId: string | null = options.lastEventId ?? null;
  let connections = 0;
  let closed = false;

  /** Connects; resolves once the stream answered, with a promise of its end (wrapped, or awaiting it would wait for the end). */
  const connectOnce = async (): Promise<{ ended: Promise<void> }> => {
    const res = await fetch(`${baseUrl}/api/events`, { headers: { cookie, ...(lastId !== null ? { 'Last-Event-ID': lastId } : {}) }, signal: abort.signal });
    if (res.status !== 200) throw new Error(`stream answered HTTP ${res.status}`);
    connections++;
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const ended = (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
          const id = field('id');
          if (id !== null) lastId = id;
          const data = field('data');
          if (data !== null) messages.push({ id, event: field('event') ?? 'message', data });
        }
      }
    })().catch(() => undefined);
    return { ended };
  };

  const ready = (async () => {
    const first = await connectOnce();
    if (!options.resume) return;
    // Keep the "browser" connected: when a stream ends, come back with the last id.
    void (async () => {
      await first.ended;
      while (!closed) {
        await new Promise((r) => setTimeout(r, 300));
        if (closed) return;
        try {
          await (await connectOnce()).ended;
        } catch {
          // server down: try again
        }
      }
    })();
  })();

  const waitFor = async (match: (m: SseMessage) => boolean, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no matching event; got ${messages.map((m) => m.event).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    ready,
    messages: () => [...messages],
    eventIds: () => messages.filter((m) => m.id !== null && !['reset', 'heartbeat', 'status'].includes(m.event)).map((m) => Number(m.id)),
    lastId: () => lastId,
    connections: () => connections,
    waitFor,
    close: () => {
      closed = true;
      abort.abort();
    },
  };
}

/**
 * `clients` live streams signed in with `cookie`, measuring each event's way from its post to
 * every stream: mark a track as sent (`sentAt.set(trackId, performance.now())`) just before
 * posting it; its arrival on each stream adds one latency. Track ids must start with `prefix`.
 */
export function latencyStreams(baseUrl: string, cookie: string, clients: number, prefix: string) {
  const abort = new AbortController();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const marker = new RegExp(`"trackId":"(${prefix}[^"]+)"`);
  /** Set just before posting what raises an alert: each stream's next raised alert counts from it. */
  const alert = { sentAt: null as number | null, latencies: [] as number[] };
  let connected = 0;
  // node:http(s) with 'data' events rather than fetch and web streams: the benchmark's thousand
  // clients share the machine with what they measure, and should cost it as little as they can.
  const listen = () =>
    new Promise<void>((resolve) => {
      const url = new URL('/api/events', baseUrl);
      const request = (url.protocol === 'https:' ? https : http).request(url, { headers: { Cookie: cookie, Accept: 'text/event-stream' }, signal: abort.signal }, (res) => {
        connected++;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (value: string) => {
          const now = performance.now();
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const t = sentAt.get(marker.exec(block)?.[1] ?? '');
            if (t !== undefined) latencies.push(now - t);
            if (alert.sentAt !== null && block.includes('"topic":"alert"') && block.includes('"change":"raised"')) alert.latencies.push(now - alert.sentAt);
          }
        });
        res.on('close', () => resolve());
      });
      // Aborted at the end, or refused: either way this stream is done.
      request.on('error', () => resolve());
      request.end();
    });
  const streams = Array.from({ length: clients }, listen);
  return {
    sentAt,
    latencies,
    alert,
    /** Resolves once every stream is open (and a moment more, for their subscriptions). */
    ready: async () => {
      while (connected < clients) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
    },
    close: async () => {
      abort.abort();
      await Promise.allSettled(streams);
    },
  };
}
