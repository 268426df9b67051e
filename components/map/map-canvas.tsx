'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import maplibregl, { type MapGeoJSONFeature } from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { cameraFovLayer, cameraIconLayer, type CameraCollection, type CameraFeature } from '@/components/map/deck-layers';
import { ATTRIBUTION, buildStyle, INTERACTIVE_LAYERS, layerUrl, mergeExternalStyle, TOGGLE_LAYERS } from '@/components/map/map-style';
import { DetailsPanel, type Selection } from '@/components/map/details-panel';
import { LayerPanel, type ToggleId } from '@/components/map/layer-panel';
import { Legend } from '@/components/map/legend';
import { useLiveEvents } from '@/components/live/use-live-events';
import { BASEMAP_BOUNDS, BORDER_DISTRICTS_BOUNDS, PROVINCE_BOUNDS } from '@/lib/geo/region';

export interface MapCanvasProps {
  counts: Record<string, number>;
  /** An external style (BASEMAP_STYLE_URL) to draw under Vigil's own layers instead of the built-in basemap. */
  externalStyleUrl?: string;
}

type Visibility = Record<ToggleId, boolean>;

const INITIAL_VISIBILITY: Visibility = {
  border: true,
  areas: true,
  places: true,
  zones: true,
  checkpoints: true,
  facilities: true,
  cameras: true,
  fov: true,
};

/** Test and debugging handle: the map and deck overlay of the page, for queryRenderedFeatures and picking. */
declare global {
  interface Window {
    __vigil?: { map: maplibregl.Map; overlay: MapboxOverlay; ready: boolean };
  }
}

export default function MapCanvas({ counts, externalStyleUrl }: MapCanvasProps) {
  const t = useTranslations('map');
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const [cameras, setCameras] = useState<CameraFeature[]>([]);
  const [visibility, setVisibility] = useState<Visibility>(INITIAL_VISIBILITY);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    if (!container.current) return;
    const origin = window.location.origin;
    const ownStyle = buildStyle(origin);
    const map = new maplibregl.Map({
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
      // Needed so screenshots and the end-to-end checks can read the canvas.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
    map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: ATTRIBUTION }), 'bottom-right');
    if (externalStyleUrl) {
      // Deployments with their own tiles: pmtiles:// URLs in that style are read by range requests.
      void import('pmtiles').then(({ Protocol }) => {
        maplibregl.addProtocol('pmtiles', new Protocol().tile);
        map.setStyle(externalStyleUrl, { transformStyle: (_previous, next) => mergeExternalStyle(next, ownStyle) });
      });
    }
    const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
    map.addControl(overlay);
    mapRef.current = map;
    overlayRef.current = overlay;
    window.__vigil = { map, overlay, ready: false };

    map.on('error', (e) => {
      const message = e.error?.message ?? 'map error';
      setError(message);
    });
    map.on('mousemove', (e) => setCursor([e.lngLat.lng, e.lngLat.lat]));
    map.on('mouseout', () => setCursor(null));
    map.on('click', (e) => {
      const picked = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['cameras'] });
      if (picked?.object) {
        const camera = picked.object as CameraFeature;
        setSelection({ layer: 'cameras', feature: { id: camera.id, properties: { ...camera.properties } } });
        return;
      }
      const layers = INTERACTIVE_LAYERS.filter((id) => map.getLayer(id));
      const [hit] = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers });
      setSelection(hit ? featureSelection(hit) : null);
    });
    map.on('mousemove', (e) => {
      const layers = INTERACTIVE_LAYERS.filter((id) => map.getLayer(id) && !id.startsWith('zone'));
      const overDeck = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['cameras'] });
      const overMap = map.queryRenderedFeatures(e.point, { layers }).length > 0;
      map.getCanvas().style.cursor = overDeck || overMap ? 'pointer' : '';
    });
    map.once('idle', () => {
      setLoaded(true);
      if (window.__vigil) window.__vigil.ready = true;
    });

    const abort = new AbortController();
    fetch(layerUrl(origin, 'cameras'), { signal: abort.signal, credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) throw new Error(`cameras: HTTP ${res.status}`);
        const fc = (await res.json()) as CameraCollection;
        setCameras(fc.features as CameraFeature[]);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(String(err));
      });

    return () => {
      abort.abort();
      map.remove();
      mapRef.current = null;
      overlayRef.current = null;
      delete window.__vigil;
    };
  }, [externalStyleUrl]);

  // Camera status changes arrive live and recolour icons and sectors without a reload.
  useLiveEvents((event) => {
    if (event.topic !== 'camera.status') return;
    setCameras((list) =>
      list.map((c) => (c.id === event.cameraId ? { ...c, properties: { ...c.properties, status: event.status, statusSince: event.since } } : c)),
    );
  });

  const selectedCameraId = selection?.layer === 'cameras' ? String(selection.feature.id) : null;
  const selectedCamera = selectedCameraId ? cameras.find((c) => c.id === selectedCameraId) : undefined;
  const shownSelection: Selection | null = selectedCamera ? { layer: 'cameras', feature: { id: selectedCamera.id, properties: { ...selectedCamera.properties } } } : selection;
  useEffect(() => {
    overlayRef.current?.setProps({
      layers: [cameraFovLayer(cameras, visibility.cameras && visibility.fov), cameraIconLayer(cameras, visibility.cameras, selectedCameraId)],
    });
  }, [cameras, visibility.cameras, visibility.fov, selectedCameraId]);

  useEffect(() => {
    const map = mapRef.current;
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
  }, [visibility]);

  const fitProvince = useCallback(() => {
    mapRef.current?.fitBounds(PROVINCE_BOUNDS, { padding: 24, duration: 600 });
  }, []);

  return (
    <div className="map-shell">
      <div ref={container} className="map-canvas" data-testid="map" data-loaded={loaded} />
      <LayerPanel
        counts={{ ...counts, cameras: cameras.length || counts.cameras || 0 }}
        visibility={visibility}
        onToggle={(id) => setVisibility((v) => ({ ...v, [id]: !v[id] }))}
        onFitProvince={fitProvince}
      />
      <Legend />
      <DetailsPanel selection={shownSelection} onClose={() => setSelection(null)} />
      <div className="cursor-readout" aria-label={t('cursor')}>
        {cursor ? `${cursor[1].toFixed(5)}° N, ${cursor[0].toFixed(5)}° E` : '—'}
      </div>
      {!loaded && <div className="map-status">{t('loading')}</div>}
      {error && (
        <div className="map-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

function featureSelection(feature: MapGeoJSONFeature): Selection {
  const layer = feature.layer.id.startsWith('border')
    ? 'border'
    : feature.layer.id.startsWith('zone')
      ? 'zones'
      : feature.layer.id.startsWith('checkpoint')
        ? 'checkpoints'
        : 'facilities';
  return { layer, feature: { id: String(feature.id), properties: feature.properties } };
}
