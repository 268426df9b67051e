'use client';

import { useEffect, useRef } from 'react';
import type { VigilEvent } from '@/lib/events/types';

export type { AlertEvent, CameraStatusEvent } from '@/lib/events/types';
export type LiveEvent = VigilEvent;

/**
 * Subscribes to the server's live events (SSE, fed by PostgreSQL LISTEN/NOTIFY). EventSource
 * reconnects by itself after a drop; the latest handler is always the one called.
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    const source = new EventSource('/api/events');
    const dispatch = (e: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(e.data) as LiveEvent);
      } catch {
        // a malformed event is dropped, the stream goes on
      }
    };
    source.addEventListener('camera.status', dispatch);
    source.addEventListener('alert', dispatch);
    return () => source.close();
  }, []);
}
