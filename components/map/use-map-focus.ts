'use client';

import type maplibregl from 'maplibre-gl';
import { useEffect, type RefObject } from 'react';
import type { CameraFeature } from '@/components/map/deck-layers';
import type { Selection } from '@/components/map/details-panel';
import type { ToolShape } from '@/components/map/tool-layers';
import type { AlertGroupRow } from '@/db/queries/alerts';

/** An event and the track of points leading to it, as /api/activity/<kind>/<id> gives them. */
export interface EventTrack {
  event: { id: number; kind: 'detections' | 'crossings'; at: string; cameraId: string; lon: number; lat: number };
  track: { lon: number; lat: number }[];
}

export interface MapFocusTargets {
  camerasRef: RefObject<CameraFeature[]>;
  onHighlight: (shape: ToolShape) => void;
  onSelect: (selection: Selection) => void;
  onTrack: (track: EventTrack) => void;
}

/**
 * What the URL names (from the events page or an alert): `alerts/<id>`, `detections/<id>` or
 * `crossings/<id>`. The map flies there, marks the spot, opens its details and draws the track.
 */
export function useMapFocus(map: maplibregl.Map | null, focus: string | undefined, { camerasRef, onHighlight, onSelect, onTrack }: MapFocusTargets): void {
  useEffect(() => {
    if (!map) return;
    const abort = new AbortController();
    const alertFocus = /^alerts\/([0-9a-f-]{36})$/.exec(focus ?? '');
    if (alertFocus) {
      fetch(`/api/alerts/${alertFocus[1]}`, { signal: abort.signal })
        .then(async (res) => (res.ok ? ((await res.json()) as { group: AlertGroupRow }) : null))
        .then((detail) => {
          const group = detail?.group;
          if (!group || group.lon === null || group.lat === null) return;
          map.jumpTo({ center: [group.lon, group.lat], zoom: Math.max(map.getZoom(), 14) });
          onHighlight({ kind: 'highlight', point: [group.lon, group.lat] });
          onSelect({ layer: 'alerts', feature: { id: group.id, properties: { ...group } } });
        })
        // A focus that cannot be loaded (gone, out of scope) leaves the map as it opened.
        .catch(() => undefined);
      return () => abort.abort();
    }
    const m = /^(detections|crossings)\/(\d{1,15})$/.exec(focus ?? '');
    if (!m) return;
    openEvent(map, m[1] as 'detections' | 'crossings', Number(m[2]), { camerasRef, onHighlight, onSelect, onTrack }, abort.signal);
    return () => abort.abort();
    // The targets are state setters and a ref: the focus and the map decide when to run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus, map]);
}

/**
 * Opens one detection or crossing on the map: fits its track into view, marks the spot, opens
 * its details and draws the track. One it may not see, or that is gone, leaves the map as it was.
 */
export function openEvent(map: maplibregl.Map, kind: 'detections' | 'crossings', id: number, { camerasRef, onHighlight, onSelect, onTrack }: MapFocusTargets, signal?: AbortSignal): void {
  fetch(`/api/activity/${kind}/${id}`, { signal })
    .then(async (res) => (res.ok ? ((await res.json()) as EventTrack) : null))
    .then((detail) => {
      if (!detail) return;
      onTrack(detail);
      const points = detail.track.length ? detail.track : [detail.event];
      const lons = points.map((p) => p.lon);
      const lats = points.map((p) => p.lat);
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 120, maxZoom: Math.max(16, map.getZoom()), duration: 0 });
      onHighlight({ kind: 'highlight', point: [detail.event.lon, detail.event.lat] });
      const cam = camerasRef.current?.find((c) => c.id === detail.event.cameraId);
      onSelect({ layer: kind, feature: { id: detail.event.id, properties: { ...detail.event, cameraName: cam?.properties.name ?? null } } });
    })
    .catch(() => undefined);
}
