'use client';

import type maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useLiveEvents, type LiveEvent } from '@/components/live/use-live-events';
import { layerUrl } from '@/components/map/map-style';

/** The map sources that show each planning layer. */
const SOURCES: Record<'zones' | 'routes' | 'posts', string[]> = { zones: ['zones', 'zone-labels'], routes: ['routes'], posts: ['checkpoints'] };

/**
 * Keeps the planning layers current: when anyone saves, retires, restores or imports a zone,
 * route or post, the live event reloads that layer's sources (coalesced), without a page reload.
 */
export function usePlanUpdates(map: maplibregl.Map | null, onChange?: (event: LiveEvent & { topic: 'plan' }, source: string) => void): void {
  const pending = useRef(new Set<string>());
  const changes = useRef<(LiveEvent & { topic: 'plan' })[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvents((event) => {
    if (event.topic !== 'plan' || !map) return;
    for (const source of SOURCES[event.layer]) pending.current.add(source);
    changes.current.push(event);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const origin = window.location.origin;
      for (const id of pending.current) (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(layerUrl(origin, id));
      pending.current.clear();
      for (const change of changes.current.splice(0)) onChange?.(change, SOURCES[change.layer][0]!);
    }, 250);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}
