'use client';

import type maplibregl from 'maplibre-gl';
import type { ExpressionSpecification, GeoJSONSource } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { CLASS_COLORS } from '@/components/map/activity-layers';
import { FIRST_LABEL_LAYER } from '@/components/map/map-style';
import { openEvent, type MapFocusTargets } from '@/components/map/use-map-focus';
import { apiFetch } from '@/lib/api/client';
import { MAX_POINTS_BBOX_DEG, POINTS_MIN_ZOOM } from '@/lib/domain/detections';

// Each detection or crossing of the analysed period, drawn by MapLibre itself where the map is
// zoomed in: from PostGIS's vector tiles on the server engine (the browser fetches, caches and
// draws only the tiles in view), or from one GeoJSON answer per view on the embedded engine.

export const ACTIVITY_POINTS_LAYER = 'activity-points';
const SOURCE = 'activity-points';
const CUT_LAYER = 'activity-points-cut';

/** What to draw: the period's filter as query parameters (no zoom), and how this server sends points. */
export interface PointsSpec {
  query: string;
  source: 'tiles' | 'geojson';
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

const rgb = (cls: keyof typeof CLASS_COLORS) => `rgb(${CLASS_COLORS[cls].join(',')})`;
/** The live detections' colours by class (components/map/activity-layers). */
const classColor: ExpressionSpecification = ['match', ['get', 'class'], 'person', rgb('person'), 'vehicle', rgb('vehicle'), 'boat', rgb('boat'), 'animal', rgb('animal'), rgb('unknown')];

/**
 * The analysed period's points on the map while `spec` is set; a clicked dot (`picked`) opens
 * its newest event with its track. True when what is in view holds more points than are drawn.
 */
export function useActivityPoints(map: maplibregl.Map | null, spec: PointsSpec | null, picked: { id: number } | null, targets: MapFocusTargets): boolean {
  const [cut, setCut] = useState(false);
  usePointsLayer(map, spec, setCut);
  const latest = useRef({ targets, kind: 'detections' as 'detections' | 'crossings' });
  useEffect(() => {
    latest.current = { targets, kind: new URLSearchParams(spec?.query ?? '').get('kind') === 'crossings' ? 'crossings' : 'detections' };
  });
  useEffect(() => {
    if (!map || !picked) return;
    const abort = new AbortController();
    openEvent(map, latest.current.kind, picked.id, latest.current.targets, abort.signal);
    return () => abort.abort();
  }, [map, picked]);
  return cut;
}

/**
 * Adds the points layer while `spec` is set and keeps it in step with the view; `onCut` hears
 * whether what is in view holds more points than are drawn (a shorter period shows them all).
 */
function usePointsLayer(map: maplibregl.Map | null, spec: PointsSpec | null, onCut: (cut: boolean) => void): void {
  const query = spec?.query;
  const kind = spec?.source;
  useEffect(() => {
    if (!map || !query || !kind) return;
    const origin = window.location.origin;
    if (kind === 'tiles') {
      map.addSource(SOURCE, { type: 'vector', tiles: [`${origin}/api/activity/tiles/{z}/{x}/{y}?${query}`], minzoom: POINTS_MIN_ZOOM, maxzoom: 16 });
    } else {
      map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    }
    map.addLayer(
      {
        id: ACTIVITY_POINTS_LAYER,
        type: 'circle',
        source: SOURCE,
        ...(kind === 'tiles' ? { 'source-layer': 'activity' } : {}),
        minzoom: POINTS_MIN_ZOOM,
        paint: {
          'circle-color': classColor,
          // A dot that stands for many points is larger (1 → 3 px, 100 and more → 8 px).
          'circle-radius': ['interpolate', ['linear'], ['get', 'n'], 1, 3, 10, 5, 100, 8],
          'circle-stroke-color': 'rgba(11,22,32,0.85)',
          'circle-stroke-width': 1,
          'circle-opacity': 0.9,
        },
      },
      // Under the camera icons and their names (deck.gl's `cameras` layer, interleaved), else under the labels.
      ['cameras', FIRST_LABEL_LAYER].find((id) => map.getLayer(id)),
    );
    // Tiles that hold more than they show carry a `cut` layer: MapLibre keeps (and lets us query)
    // only the source layers some style layer draws, so an invisible one draws it.
    if (kind === 'tiles') map.addLayer({ id: CUT_LAYER, type: 'circle', source: SOURCE, 'source-layer': 'cut', minzoom: POINTS_MIN_ZOOM, paint: { 'circle-radius': 0, 'circle-opacity': 0 } });

    let abort: AbortController | null = null;
    const refresh = () => {
      if (kind === 'tiles') {
        // A tile that holds more than it shows carries a feature in its `cut` layer.
        onCut(map.getZoom() >= POINTS_MIN_ZOOM && map.querySourceFeatures(SOURCE, { sourceLayer: 'cut' }).length > 0);
        return;
      }
      abort?.abort();
      const source = map.getSource<GeoJSONSource>(SOURCE);
      const zoom = Math.floor(map.getZoom());
      if (!source || zoom < POINTS_MIN_ZOOM) {
        source?.setData(EMPTY);
        onCut(false);
        return;
      }
      // The view, or its middle on a screen wider than a request may ask for.
      const bounds = map.getBounds();
      const centre = map.getCenter();
      const half = MAX_POINTS_BBOX_DEG / 2 - 1e-6;
      const bbox = [
        Math.max(bounds.getWest(), centre.lng - half),
        Math.max(bounds.getSouth(), centre.lat - half),
        Math.min(bounds.getEast(), centre.lng + half),
        Math.min(bounds.getNorth(), centre.lat + half),
      ].map((v) => v.toFixed(6));
      abort = new AbortController();
      apiFetch<GeoJSON.FeatureCollection & { truncated: boolean }>(`/api/activity/points?${query}&bbox=${bbox.join(',')}&zoom=${zoom}`, { signal: abort.signal })
        .then((points) => {
          source.setData(points);
          onCut(points.truncated);
        })
        // A view left before its answer came is simply replaced by the next one.
        .catch(() => undefined);
    };
    map.on(kind === 'tiles' ? 'idle' : 'moveend', refresh);
    refresh();
    return () => {
      abort?.abort();
      map.off(kind === 'tiles' ? 'idle' : 'moveend', refresh);
      onCut(false);
      // The style may already be gone when the page closes.
      if (map.getStyle()) {
        if (map.getLayer(CUT_LAYER)) map.removeLayer(CUT_LAYER);
        if (map.getLayer(ACTIVITY_POINTS_LAYER)) map.removeLayer(ACTIVITY_POINTS_LAYER);
        if (map.getSource(SOURCE)) map.removeSource(SOURCE);
      }
    };
  }, [map, query, kind, onCut]);
}
