'use client';

import { MapboxOverlay } from '@deck.gl/mapbox';
import maplibregl, { type MapGeoJSONFeature } from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CrossingEvent, LiveDetection } from '@/components/live/use-live-events';
import { CLUSTER_MAX_ZOOM, type CameraCluster } from '@/components/map/camera-clusters';
import type { CameraCollection, CameraFeature } from '@/components/map/deck-layers';
import type { Selection } from '@/components/map/details-panel';
import type { ToggleId } from '@/components/map/layer-panel';
import { mapLibreLocale } from '@/components/map/map-locale';
import { attributionLines, buildStyle, INTERACTIVE_LAYERS, layerUrl, mergeExternalStyle, TOGGLE_LAYERS } from '@/components/map/map-style';
import { ACTIVITY_POINTS_LAYER } from '@/components/map/use-activity-points';
import type { AlertGroupRow } from '@/db/queries/alerts';
import { BASEMAP_BOUNDS, BORDER_DISTRICTS_BOUNDS } from '@/lib/domain/region';

// The map itself: MapLibre with Vigil's style, deck.gl's overlay joined once the basemap has
// drawn, what a click or a hover picks (alerts, live activity, camera clusters, cameras, then
// the style's own layers), and the camera list it draws. Built once per style.

/** Test and debugging handle: the map and deck overlay of the page, for queryRenderedFeatures and picking. */
declare global {
  interface Window {
    __vigil?: { map: maplibregl.Map; overlay: MapboxOverlay; ready: boolean };
  }
}

export interface MapInstanceOptions {
  container: RefObject<HTMLDivElement | null>;
  externalStyleUrl?: string;
  /** The latest camera list, for handlers registered once with the map. */
  camerasRef: RefObject<CameraFeature[]>;
  /** True while a measuring tool or a drawing owns the pointer: clicks then select nothing. */
  pointerTaken: () => boolean;
  onSelect: (selection: Selection | null) => void;
  /** A dot of the analysed period's points was clicked: the newest event's id there. */
  onActivityPoint: (id: number) => void;
  onCameras: (cameras: CameraFeature[]) => void;
  onError: (message: string) => void;
  onCursor: (at: [number, number] | null) => void;
}

export function useMapInstance({ container, externalStyleUrl, camerasRef, pointerTaken, onSelect, onActivityPoint, onCameras, onError, onCursor }: MapInstanceOptions) {
  const t = useTranslations();
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  /** The interface's size relative to a desktop screen (larger on wall screens). */
  const uiScale = useRef(1);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [zoom, setZoom] = useState(10);

  useEffect(() => {
    if (!container.current) return;
    const origin = window.location.origin;
    uiScale.current = parseFloat(getComputedStyle(document.documentElement).fontSize) / 14 || 1;
    const ownStyle = buildStyle(origin, uiScale.current, document.documentElement.lang);
    const instance = new maplibregl.Map({
      container: container.current,
      style: ownStyle,
      bounds: BORDER_DISTRICTS_BOUNDS,
      maxBounds: [
        [BASEMAP_BOUNDS[0] - 1, BASEMAP_BOUNDS[1] - 1],
        [BASEMAP_BOUNDS[2] + 1, BASEMAP_BOUNDS[3] + 1],
      ],
      minZoom: 6,
      maxZoom: 18,
      attributionControl: false,
      locale: mapLibreLocale(t),
      // Needed so screenshots, printing and the end-to-end checks can read the canvas.
      canvasContextAttributes: { preserveDrawingBuffer: true },
      // Labels appear at once instead of fading in: a fade is a run of full redraws, which a
      // workstation without a GPU pays for while the map is still loading.
      fadeDuration: 0,
    });
    instance.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
    instance.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
    instance.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: attributionLines(t, true) }), 'bottom-right');
    if (externalStyleUrl) {
      // Deployments with their own tiles: pmtiles:// URLs in that style are read by range requests.
      void import('pmtiles').then(({ Protocol }) => {
        maplibregl.addProtocol('pmtiles', new Protocol().tile);
        instance.setStyle(externalStyleUrl, { transformStyle: (_previous, next) => mergeExternalStyle(next, ownStyle) });
      });
    }
    // deck.gl's overlay joins once the basemap has drawn (basemap first, overlays after): its
    // set-up would otherwise hold the basemap back. Until then nothing is picked from it.
    let overlayAdded = false;
    const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
    mapRef.current = instance;
    overlayRef.current = overlay;
    setMap(instance);
    window.__vigil = { map: instance, overlay, ready: false };
    const pick = (e: maplibregl.MapMouseEvent, layerIds: string[], radius = 6) => (overlayAdded ? overlay.pickObject({ x: e.point.x, y: e.point.y, radius, layerIds }) : null);

    instance.on('error', (e) => onError(e.error?.message ?? t('map.error')));
    instance.on('mousemove', (e) => onCursor([e.lngLat.lng, e.lngLat.lat]));
    instance.on('mouseout', () => onCursor(null));
    instance.on('click', (e) => {
      if (pointerTaken()) return;
      const alert = pick(e, ['open-alerts']);
      if (alert?.object) {
        const group = alert.object as AlertGroupRow;
        onSelect({ layer: 'alerts', feature: { id: group.id, properties: { ...group } } });
        return;
      }
      const activity = pick(e, ['crossings-live', 'live-detections']);
      if (activity?.object) {
        const item = activity.object as LiveDetection | CrossingEvent;
        const isCrossing = 'crossingId' in item;
        const cam = camerasRef.current?.find((c) => c.id === item.cameraId);
        onSelect({ layer: isCrossing ? 'crossings' : 'detections', feature: { id: isCrossing ? item.crossingId : item.id, properties: { ...item, cameraName: cam?.properties.name ?? null } } });
        return;
      }
      const cluster = pick(e, ['camera-clusters'], 4);
      if (cluster?.object) {
        const c = cluster.object as CameraCluster;
        instance.easeTo({ center: c.position, zoom: Math.max(CLUSTER_MAX_ZOOM, instance.getZoom() + 2), duration: 500 });
        return;
      }
      const picked = pick(e, ['cameras']);
      if (picked?.object) {
        const camera = picked.object as CameraFeature;
        onSelect({ layer: 'cameras', feature: { id: camera.id, properties: { ...camera.properties } } });
        return;
      }
      const near: [maplibregl.PointLike, maplibregl.PointLike] = [[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]];
      const [dot] = instance.getLayer(ACTIVITY_POINTS_LAYER) ? instance.queryRenderedFeatures(near, { layers: [ACTIVITY_POINTS_LAYER] }) : [];
      if (dot?.id !== undefined) {
        onActivityPoint(Number(dot.id));
        return;
      }
      const layers = INTERACTIVE_LAYERS.filter((id) => instance.getLayer(id));
      const [hit] = instance.queryRenderedFeatures(near, { layers });
      onSelect(hit ? featureSelection(hit) : null);
    });
    instance.on('mousemove', (e) => {
      if (pointerTaken()) return;
      const layers = [...INTERACTIVE_LAYERS, ACTIVITY_POINTS_LAYER].filter((id) => instance.getLayer(id) && !id.startsWith('zone'));
      const overDeck = pick(e, ['open-alerts', 'cameras', 'camera-clusters', 'crossings-live', 'live-detections']);
      const overMap = instance.queryRenderedFeatures(e.point, { layers }).length > 0;
      instance.getCanvas().style.cursor = overDeck || overMap ? 'pointer' : '';
    });
    instance.on('zoomend', () => setZoom(instance.getZoom()));
    setZoom(instance.getZoom());
    instance.once('idle', () => {
      // The attribution stays one click away (ⓘ) rather than over the map's corner.
      instance.getContainer().querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
      setLoaded(true);
      // Usable once the overlays have drawn the cameras (they can be clicked from then on).
      overlay.setProps({
        onAfterRender: () => {
          if (!window.__vigil || window.__vigil.ready || !camerasRef.current?.length) return;
          // Left in place once ready: deck.gl calls this prop unconditionally after every frame.
          window.__vigil.ready = true;
        },
      });
      instance.addControl(overlay);
      overlayAdded = true;
    });

    const abort = new AbortController();
    fetch(layerUrl(origin, 'cameras'), { signal: abort.signal, credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) throw new Error(`cameras: HTTP ${res.status}`);
        const fc = (await res.json()) as CameraCollection;
        onCameras(fc.features as CameraFeature[]);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) onError(String(err));
      });

    return () => {
      abort.abort();
      instance.remove();
      mapRef.current = null;
      overlayRef.current = null;
      setMap(null);
      delete window.__vigil;
    };
    // The map is built once per style: translations for its controls and the handlers (which
    // read refs and call state setters) are taken at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [externalStyleUrl]);

  return { map, mapRef, overlayRef, uiScale, loaded, zoom };
}

/** Shows and hides the style's own layers (border, areas, zones…) as the layer panel says. */
export function useStyleLayerVisibility(map: maplibregl.Map | null, visibility: Record<ToggleId, boolean>): void {
  useEffect(() => {
    if (!map) return;
    const apply = () => {
      for (const [toggle, layerIds] of Object.entries(TOGGLE_LAYERS)) {
        for (const id of layerIds) {
          if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visibility[toggle as ToggleId] ? 'visible' : 'none');
        }
      }
    };
    if (map.isStyleLoaded()) apply();
    else map.once('styledata', apply);
  }, [map, visibility]);
}

function featureSelection(feature: MapGeoJSONFeature): Selection {
  const id = feature.layer.id;
  const layer = id.startsWith('border') ? 'border' : id.startsWith('zone') ? 'zones' : id.startsWith('route') ? 'routes' : id.startsWith('checkpoint') ? 'checkpoints' : 'facilities';
  return { layer, feature: { id: String(feature.id), properties: feature.properties } };
}
