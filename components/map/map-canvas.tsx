'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import maplibregl, { type MapGeoJSONFeature } from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { activityLayer, crossingPulseLayers, LIVE_DETECTION_MS, liveDetectionLayer, PULSE_MS } from '@/components/map/activity-layers';
import { AnalysisPanel, type AnalysisView } from '@/components/map/analysis-panel';
import { cameraFovLayer, cameraIconLayer, type CameraCollection, type CameraFeature } from '@/components/map/deck-layers';
import { LiveFeed, type FeedItem } from '@/components/map/live-feed';
import { ATTRIBUTION, buildStyle, INTERACTIVE_LAYERS, layerUrl, mergeExternalStyle, TOGGLE_LAYERS } from '@/components/map/map-style';
import { DetailsPanel, type Selection } from '@/components/map/details-panel';
import { LayerPanel, type ToggleId } from '@/components/map/layer-panel';
import { Legend } from '@/components/map/legend';
import { useLiveEvents, type CrossingEvent, type LiveDetection } from '@/components/live/use-live-events';
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
  detections: true,
  crossings: true,
};

/** Live detections kept on the map at most (oldest dropped first). */
const MAX_LIVE = 5_000;
const FEED_LENGTH = 30;

interface ActivityRow {
  id: number;
  at: string;
  cameraId: string;
  class: LiveDetection['class'];
  count: number;
  confidence: number | null;
  trackId: string | null;
  side: LiveDetection['side'];
  direction: CrossingEvent['direction'] | null;
  alerted: boolean;
  lon: number;
  lat: number;
}

/** Test and debugging handle: the map and deck overlay of the page, for queryRenderedFeatures and picking. */
declare global {
  interface Window {
    __vigil?: { map: maplibregl.Map; overlay: MapboxOverlay; ready: boolean };
  }
}

export default function MapCanvas({ counts, externalStyleUrl }: MapCanvasProps) {
  const t = useTranslations('map');
  const ta = useTranslations('activity');
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  /** The camera list for handlers registered once with the map. */
  const camerasRef = useRef<CameraFeature[]>([]);
  const [cameras, setCameras] = useState<CameraFeature[]>([]);
  const [visibility, setVisibility] = useState<Visibility>(INITIAL_VISIBILITY);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [live, setLive] = useState<LiveDetection[]>([]);
  const [crossings, setCrossings] = useState<CrossingEvent[]>([]);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const [analysisOpen, setAnalysisOpen] = useState(false);
  const [analysis, setAnalysis] = useState<AnalysisView | null>(null);
  const [zoom, setZoom] = useState(10);
  const [reloadKey, setReloadKey] = useState(0);

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
      const activity = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['crossings-live', 'live-detections'] });
      if (activity?.object) {
        const item = activity.object as LiveDetection | CrossingEvent;
        const isCrossing = 'crossingId' in item;
        const cam = camerasRef.current.find((c) => c.id === item.cameraId);
        setSelection({
          layer: isCrossing ? 'crossings' : 'detections',
          feature: { id: isCrossing ? item.crossingId : item.id, properties: { ...item, cameraName: cam?.properties.name ?? null } },
        });
        return;
      }
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
      const overDeck = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['cameras', 'crossings-live', 'live-detections'] });
      const overMap = map.queryRenderedFeatures(e.point, { layers }).length > 0;
      map.getCanvas().style.cursor = overDeck || overMap ? 'pointer' : '';
    });
    map.on('zoomend', () => setZoom(map.getZoom()));
    setZoom(map.getZoom());
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

  // What happened in the last minutes, so an opened map is not empty until the next event;
  // reloaded when the live stream says it could not replay everything it missed.
  useEffect(() => {
    const abort = new AbortController();
    const since = (ms: number) => new Date(Date.now() - ms).toISOString();
    const load = async (kind: 'detections' | 'crossings', from: string, limit: number) => {
      const res = await fetch(`/api/activity?kind=${kind}&from=${encodeURIComponent(from)}&limit=${limit}`, { signal: abort.signal });
      return res.ok ? ((await res.json()) as { rows: ActivityRow[] }).rows : [];
    };
    Promise.all([load('detections', since(LIVE_DETECTION_MS), 500), load('crossings', since(12 * 3_600_000), FEED_LENGTH)])
      .then(([dets, xs]) => {
        setLive(dets.map((d) => ({ id: d.id, cameraId: d.cameraId, class: d.class, count: d.count, confidence: d.confidence ?? 0, observedAt: d.at, trackId: d.trackId, side: d.side, lon: d.lon, lat: d.lat })).reverse());
        const recent = xs.map<CrossingEvent>((c) => ({ topic: 'crossing', crossingId: c.id, cameraId: c.cameraId, direction: c.direction ?? 'into_vn', crossedAt: c.at, class: c.class, count: c.count, lon: c.lon, lat: c.lat, provinceCode: '', agencyId: null }));
        setFeed(recent.map((crossing, i) => ({ crossing, alert: xs[i]?.alerted })));
        setCrossings(recent.filter((c) => Date.now() - Date.parse(c.crossedAt) < PULSE_MS));
      })
      .catch(() => undefined);
    return () => abort.abort();
  }, [reloadKey]);

  // Live: camera status recolours icons; detections and crossings appear without a reload.
  const liveConnected = useLiveEvents(
    (event) => {
      if (event.topic === 'camera.status') {
        setCameras((list) =>
          list.map((c) => (c.id === event.cameraId ? { ...c, properties: { ...c.properties, status: event.status, statusSince: event.since } } : c)),
        );
      } else if (event.topic === 'detections') {
        setLive((list) => [...list, ...event.items].slice(-MAX_LIVE));
      } else if (event.topic === 'crossing') {
        setCrossings((list) => [...list.filter((c) => c.crossingId !== event.crossingId), event]);
        setFeed((list) => [{ crossing: event }, ...list.filter((f) => f.crossing.crossingId !== event.crossingId)].slice(0, FEED_LENGTH));
      } else if (event.topic === 'crossing.retracted') {
        // A late point showed this crossing did not happen: it leaves the map and the feed.
        setCrossings((list) => list.filter((c) => c.crossingId !== event.crossingId));
        setFeed((list) => list.filter((f) => f.crossing.crossingId !== event.crossingId));
        setSelection((s) => (s?.layer === 'crossings' && Number(s.feature.id) === event.crossingId ? null : s));
      } else if (event.topic === 'alert' && event.kind === 'hotspot_crossing' && event.state === 'open') {
        setFeed((list) => list.map((f) => (f.crossing.crossingId === event.crossingId ? { ...f, alert: true } : f)));
      }
    },
    () => setReloadKey((k) => k + 1),
  );

  const selectedCameraId = selection?.layer === 'cameras' ? String(selection.feature.id) : null;
  const selectedCamera = selectedCameraId ? cameras.find((c) => c.id === selectedCameraId) : undefined;
  const shownSelection: Selection | null = selectedCamera ? { layer: 'cameras', feature: { id: selectedCamera.id, properties: { ...selectedCamera.properties } } } : selection;

  // Layers are rebuilt from the latest state; pulses and fading need a clock, so while there is
  // something to animate a frame loop redraws (~30 fps), and otherwise state changes do.
  const layerState = useRef({ cameras, visibility, selectedCameraId, live, crossings, analysis });
  useEffect(() => {
    layerState.current = { cameras, visibility, selectedCameraId, live, crossings, analysis };
    camerasRef.current = cameras;
  });
  const draw = useCallback((now: number) => {
    const s = layerState.current;
    const recentLive = s.live.filter((d) => now - Date.parse(d.observedAt) < LIVE_DETECTION_MS);
    const pulsing = s.crossings.filter((c) => now - Date.parse(c.crossedAt) < PULSE_MS);
    overlayRef.current?.setProps({
      layers: [
        ...(s.analysis ? [activityLayer(s.analysis.items, s.analysis.render, s.analysis.cellM)] : []),
        cameraFovLayer(s.cameras, s.visibility.cameras && s.visibility.fov),
        liveDetectionLayer(recentLive, now, s.visibility.detections),
        cameraIconLayer(s.cameras, s.visibility.cameras, s.selectedCameraId),
        ...crossingPulseLayers(pulsing, now, s.visibility.crossings),
      ],
    });
    return pulsing.length > 0;
  }, []);
  useEffect(() => {
    let frame = 0;
    let last = 0;
    const tick = (t: number) => {
      if (t - last > 33) {
        last = t;
        if (!draw(Date.now())) return;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    // Fading needs an occasional redraw even with nothing pulsing.
    const slow = setInterval(() => draw(Date.now()), 10_000);
    return () => {
      cancelAnimationFrame(frame);
      clearInterval(slow);
    };
  }, [draw, cameras, visibility, selectedCameraId, live, crossings, analysis]);

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
      <div ref={container} className="map-canvas" data-testid="map" data-loaded={loaded} data-live-detections={live.length} data-live-connected={liveConnected} />
      <LayerPanel
        counts={{ ...counts, cameras: cameras.length || counts.cameras || 0 }}
        visibility={visibility}
        onToggle={(id) => setVisibility((v) => ({ ...v, [id]: !v[id] }))}
        onFitProvince={fitProvince}
      />
      <Legend />
      {analysisOpen ? (
        <AnalysisPanel zoom={zoom} cameras={cameras.filter((c) => c.properties.kind === 'ai' || c.properties.code?.startsWith('CAM-RB') || c.properties.code?.startsWith('CAM-KM15') || c.properties.code?.startsWith('CAM-DT')).map((c) => ({ id: c.id, name: c.properties.name }))} onView={setAnalysis} onClose={() => setAnalysisOpen(false)} />
      ) : (
        <button type="button" className="button analysis-open" onClick={() => setAnalysisOpen(true)} data-testid="open-analysis">
          {ta('openAnalysis')}
        </button>
      )}
      <LiveFeed
        items={feed}
        cameraName={(id) => cameras.find((c) => c.id === id)?.properties.name ?? '—'}
        onSelect={({ crossing }) => {
          mapRef.current?.flyTo({ center: [crossing.lon, crossing.lat], zoom: Math.max(mapRef.current.getZoom(), 15), duration: 800 });
          const cam = cameras.find((c) => c.id === crossing.cameraId);
          setSelection({ layer: 'crossings', feature: { id: crossing.crossingId, properties: { ...crossing, cameraName: cam?.properties.name ?? null } } });
          // An older crossing picked from the feed pulses again, so the eye finds it on the map.
          setCrossings((list) => (list.some((c) => c.crossingId === crossing.crossingId) ? list : [...list, { ...crossing, crossedAt: new Date().toISOString() }]));
        }}
      />
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
