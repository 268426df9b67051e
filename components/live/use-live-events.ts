'use client';

import { useEffect, useRef, useState } from 'react';
import type { VigilEvent } from '@/lib/events/types';

export type { AlertEvent, CameraStatusEvent, CrossingEvent, CrossingRetractedEvent, DetectionsEvent, LiveDetection } from '@/lib/events/types';
export type LiveEvent = VigilEvent;

const TOPICS: VigilEvent['topic'][] = ['camera.status', 'alert', 'crossing', 'crossing.retracted', 'detections'];

/**
 * Subscribes to the server's live events (SSE, fed by PostgreSQL LISTEN/NOTIFY). EventSource
 * reconnects by itself and sends Last-Event-ID, so the server replays what was missed; if the
 * browser gives up (e.g. the server was down), a new connection resumes from the last id seen.
 * `onReset` runs when the server could not replay everything: the page should reload its data.
 * Returns whether the stream is connected now (pages show it; tests wait for it).
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onReset?: () => void): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  const reset = useRef(onReset);
  useEffect(() => {
    handler.current = onEvent;
    reset.current = onReset;
  });
  useEffect(() => {
    let source: EventSource | null = null;
    let lastId = '';
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // A replay after a reconnect re-sends a stretch the browser may already have (events that
    // committed late): each id is handled once.
    const seen = new Set<string>();
    const dispatch = (e: MessageEvent<string>) => {
      if (e.lastEventId) {
        if (seen.has(e.lastEventId)) return;
        seen.add(e.lastEventId);
        if (seen.size > 20_000) seen.delete(seen.values().next().value!);
        if (Number(e.lastEventId) > Number(lastId || 0)) lastId = e.lastEventId;
      }
      try {
        handler.current(JSON.parse(e.data) as LiveEvent);
      } catch {
        // a malformed event is dropped, the stream goes on
      }
    };
    const open = () => {
      source = new EventSource(lastId ? `/api/events?lastEventId=${encodeURIComponent(lastId)}` : '/api/events');
      for (const topic of TOPICS) source.addEventListener(topic, dispatch);
      source.addEventListener('reset', (e) => {
        if ((e as MessageEvent).lastEventId) lastId = (e as MessageEvent).lastEventId;
        reset.current?.();
      });
      source.onopen = () => setConnected(true);
      source.onerror = () => {
        setConnected(false);
        if (stopped || !source || source.readyState !== EventSource.CLOSED) return;
        retry = setTimeout(open, 3_000);
      };
      source.onmessage = (e) => {
        if (e.lastEventId) lastId = e.lastEventId;
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  return connected;
}
