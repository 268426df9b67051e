'use client';

import { useEffect, useRef, useState } from 'react';
import type { VigilEvent } from '@/lib/events/types';

export type { AlertEvent, CameraStatusEvent, CrossingEvent, CrossingRetractedEvent, DetectionsEvent, LiveDetection } from '@/lib/events/types';
export type LiveEvent = VigilEvent;

const TOPICS: VigilEvent['topic'][] = ['camera.status', 'alert', 'crossing', 'crossing.retracted', 'detections', 'plan'];

interface Subscriber {
  event: (event: LiveEvent) => void;
  reset: () => void;
  connected: (connected: boolean) => void;
}

/**
 * One EventSource per page, shared by every component that listens (the header's alert badge,
 * the map, the inbox): browsers allow few connections per server, and video needs them.
 */
const stream = {
  subscribers: new Set<Subscriber>(),
  source: null as EventSource | null,
  connected: false,
  lastId: '',
  retry: undefined as ReturnType<typeof setTimeout> | undefined,
  closeTimer: undefined as ReturnType<typeof setTimeout> | undefined,
  // A replay after a reconnect re-sends a stretch the browser may already have (events that
  // committed late): each id is handled once.
  seen: new Set<string>(),
};

function setConnected(connected: boolean) {
  stream.connected = connected;
  for (const s of stream.subscribers) s.connected(connected);
}

function dispatch(e: MessageEvent<string>) {
  if (e.lastEventId) {
    if (stream.seen.has(e.lastEventId)) return;
    stream.seen.add(e.lastEventId);
    if (stream.seen.size > 20_000) stream.seen.delete(stream.seen.values().next().value!);
    if (Number(e.lastEventId) > Number(stream.lastId || 0)) stream.lastId = e.lastEventId;
  }
  let event: LiveEvent;
  try {
    event = JSON.parse(e.data) as LiveEvent;
  } catch {
    return; // a malformed event is dropped, the stream goes on
  }
  for (const s of [...stream.subscribers]) {
    try {
      s.event(event);
    } catch {
      // one component's failure does not starve the others
    }
  }
}

function open() {
  stream.retry = undefined;
  const source = new EventSource(stream.lastId ? `/api/events?lastEventId=${encodeURIComponent(stream.lastId)}` : '/api/events');
  stream.source = source;
  for (const topic of TOPICS) source.addEventListener(topic, dispatch);
  source.addEventListener('reset', (e) => {
    if ((e as MessageEvent).lastEventId) stream.lastId = (e as MessageEvent).lastEventId;
    for (const s of [...stream.subscribers]) s.reset();
  });
  source.onopen = () => setConnected(true);
  source.onerror = () => {
    setConnected(false);
    if (stream.source !== source || source.readyState !== EventSource.CLOSED) return;
    stream.source = null;
    if (stream.subscribers.size > 0) stream.retry = setTimeout(open, 3_000);
  };
  source.onmessage = (e) => {
    if (e.lastEventId) stream.lastId = e.lastEventId;
  };
}

function subscribe(subscriber: Subscriber): () => void {
  clearTimeout(stream.closeTimer);
  stream.subscribers.add(subscriber);
  if (!stream.source && stream.retry === undefined) open();
  subscriber.connected(stream.connected);
  return () => {
    stream.subscribers.delete(subscriber);
    if (stream.subscribers.size > 0) return;
    // A component remounting (or the next page taking over) keeps the same connection.
    stream.closeTimer = setTimeout(() => {
      if (stream.subscribers.size > 0) return;
      clearTimeout(stream.retry);
      stream.retry = undefined;
      stream.source?.close();
      stream.source = null;
      setConnected(false);
    }, 1_000);
  };
}

/**
 * Subscribes to the server's live events (SSE, fed by PostgreSQL LISTEN/NOTIFY). EventSource
 * reconnects by itself and sends Last-Event-ID, so the server replays what was missed; if the
 * browser gives up (e.g. the server was down), a new connection resumes from the last id seen.
 * `onReset` runs when the server could not replay everything: the page should reload its data.
 * Returns whether the stream is connected now (pages show it; tests wait for it).
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onReset?: () => void): boolean {
  const [connected, setConnectedState] = useState(false);
  const handler = useRef(onEvent);
  const reset = useRef(onReset);
  useEffect(() => {
    handler.current = onEvent;
    reset.current = onReset;
  });
  useEffect(
    () =>
      subscribe({
        event: (e) => handler.current(e),
        reset: () => reset.current?.(),
        connected: setConnectedState,
      }),
    [],
  );
  return connected;
}
