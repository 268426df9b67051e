'use client';

import { useEffect, useRef } from 'react';
import { useApi } from '@/components/app/use-api';
import { useLiveEvents, type LiveEvent } from '@/components/live/use-live-events';

/**
 * An API answer kept current on a live page: the server's first answer at once, then reloaded
 * after the live events that change it (once per burst), when the live stream starts again, and
 * every `refreshMs` so that a quiet hour still moves on. `stale` while the latest reload failed;
 * `connected` while the live stream is open.
 */
export function useLiveApi<T>(url: string, initial: T, changes: (event: LiveEvent) => boolean, { refreshMs = 30_000, burstMs = 1_500 } = {}) {
  // Loaded again on mount too: an answer cached from an earlier visit may be older than `initial`.
  const { data, error, mutate } = useApi<T>(url, { fallbackData: initial, refreshInterval: refreshMs });
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const connected = useLiveEvents(
    (event) => {
      if (!changes(event) || pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void mutate();
      }, burstMs);
    },
    () => void mutate(),
  );
  return { data: data ?? initial, stale: error !== undefined, connected };
}
