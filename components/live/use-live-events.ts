'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import { LIVE_TOPICS, type VigilEvent } from '@/lib/events/types';

export type { AlertEvent, CameraStatusEvent, CrossingEvent, CrossingRetractedEvent, DetectionsEvent, LiveDetection } from '@/lib/events/types';
export type LiveEvent = VigilEvent;

/**
 * Where the page's live connection stands: `live` (connected and the server keeps up with the
 * journal), `behind` (connected, but the server cannot read the journal, or the connection has
 * gone silent), `offline` (reconnecting), `connecting` (first attempt), `idle` (nothing on the
 * page listens).
 */
export type LiveState = 'idle' | 'connecting' | 'live' | 'behind' | 'offline';

interface Subscriber {
  event: (event: LiveEvent) => void;
  reset: () => void;
}

/** The server sends a heartbeat every 15 s; a connection silent for this long is taken as dead. */
const SILENCE_MS = 40_000;

/**
 * One EventSource per page, shared by every component that listens (the header's alert badge,
 * the map, the inbox): browsers allow few connections per server, and video needs them.
 */
const stream = {
  subscribers: new Set<Subscriber>(),
  stateListeners: new Set<() => void>(),
  source: null as EventSource | null,
  state: 'idle' as LiveState,
  lastId: '',
  lastMessageAt: 0,
  retry: undefined as ReturnType<typeof setTimeout> | undefined,
  closeTimer: undefined as ReturnType<typeof setTimeout> | undefined,
  watchdog: undefined as ReturnType<typeof setInterval> | undefined,
};

function setState(state: LiveState) {
  if (stream.state === state) return;
  stream.state = state;
  for (const l of stream.stateListeners) l();
}

/** Any message proves the connection alive; its lastEventId is the stream's place, even on a heartbeat. */
function heard(e?: MessageEvent) {
  stream.lastMessageAt = Date.now();
  if (e?.lastEventId) stream.lastId = e.lastEventId;
}

function dispatch(e: MessageEvent<string>) {
  heard(e);
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

function onHealth(e: MessageEvent<string>) {
  heard(e);
  try {
    const { behind } = JSON.parse(e.data) as { behind: boolean };
    setState(behind ? 'behind' : 'live');
  } catch {
    // ignore a malformed heartbeat
  }
}

function close() {
  stream.source?.close();
  stream.source = null;
  clearInterval(stream.watchdog);
  stream.watchdog = undefined;
}

function open() {
  stream.retry = undefined;
  const source = new EventSource(stream.lastId ? `/api/events?lastEventId=${encodeURIComponent(stream.lastId)}` : '/api/events');
  stream.source = source;
  heard();
  for (const topic of LIVE_TOPICS) source.addEventListener(topic, dispatch);
  source.addEventListener('heartbeat', onHealth as EventListener);
  source.addEventListener('status', onHealth as EventListener);
  source.addEventListener('reset', (e) => {
    heard(e as MessageEvent);
    for (const s of [...stream.subscribers]) s.reset();
  });
  source.onopen = () => {
    heard();
    setState('live');
  };
  source.onerror = () => {
    setState('offline');
    if (stream.source !== source || source.readyState !== EventSource.CLOSED) return;
    close();
    if (stream.subscribers.size > 0) stream.retry = setTimeout(open, 3_000);
  };
  source.onmessage = (e) => heard(e);
  // A connection that hears nothing (not even heartbeats) is dead even if the socket looks
  // open (a proxy holding it, a server that stopped): say so, and open a new one.
  clearInterval(stream.watchdog);
  stream.watchdog = setInterval(() => {
    if (Date.now() - stream.lastMessageAt < SILENCE_MS) return;
    setState('behind');
    close();
    open();
  }, 5_000);
}

function subscribe(subscriber: Subscriber): () => void {
  clearTimeout(stream.closeTimer);
  stream.subscribers.add(subscriber);
  if (!stream.source && stream.retry === undefined) {
    setState('connecting');
    open();
  }
  return () => {
    stream.subscribers.delete(subscriber);
    if (stream.subscribers.size > 0) return;
    // A component remounting (or the next page taking over) keeps the same connection.
    stream.closeTimer = setTimeout(() => {
      if (stream.subscribers.size > 0) return;
      clearTimeout(stream.retry);
      stream.retry = undefined;
      close();
      setState('idle');
    }, 1_000);
  };
}

function subscribeState(listener: () => void): () => void {
  stream.stateListeners.add(listener);
  return () => stream.stateListeners.delete(listener);
}

/** The live connection's state, for indicators; does not open a connection by itself. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    subscribeState,
    () => stream.state,
    () => 'idle',
  );
}

/**
 * Subscribes to the server's live events (SSE, fed by the live journal). EventSource
 * reconnects by itself and sends Last-Event-ID, so the server replays what was missed; if the
 * browser gives up (e.g. the server was down), a new connection resumes from the last id seen.
 * `onReset` runs when the server could not replay everything: the page should reload its data.
 * Returns whether the stream is connected now (pages show it; tests wait for it).
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onReset?: () => void): boolean {
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
      }),
    [],
  );
  const state = useLiveState();
  return state === 'live' || state === 'behind';
}
