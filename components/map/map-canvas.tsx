'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import type { Layer } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import maplibregl, { type MapGeoJSONFeature } from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { activityLayer, crossingPulseLayers, LIVE_DETECTION_MS, liveDetectionLayer, PULSE_MS } from '@/components/map/activity-layers';
import { alertLayers, staffingLayer } from '@/components/map/alert-layers';
import { AnalysisPanel, type AnalysisView } from '@/components/map/analysis-panel';
import { buildCameraIndex, cameraClusterLayers, cameraClusters, clusteredCameraIds, CLUSTER_MAX_ZOOM, type CameraCluster } from '@/components/map/camera-clusters';
import { CoordinateReadout } from '@/components/map/coordinate-readout';
import { below, cameraFovLayer, cameraIconLayer, type CameraCollection, type CameraFeature } from '@/components/map/deck-layers';
import { DetailsPanel, type Selection } from '@/components/map/details-panel';
import { Dock, Tabs } from '@/components/map/dock';
import { KioskOverlay } from '@/components/map/kiosk-overlay';
import { LayerPanel, type ToggleId } from '@/components/map/layer-panel';
import { Legend, legendEntries } from '@/components/map/legend';
import { LiveFeed } from '@/components/map/live-feed';
import { mapLibreLocale } from '@/components/map/map-locale';
import { MapSearch, type SearchPick } from '@/components/map/map-search';
import { attributionLines, buildStyle, FIRST_LABEL_LAYER, INTERACTIVE_LAYERS, layerUrl, mergeExternalStyle, TOGGLE_LAYERS } from '@/components/map/map-style';
import { MapTools } from '@/components/map/map-tools';
import { PlanningPanel, type PlanTarget } from '@/components/map/planning/planning-panel';
import { usePlanUpdates } from '@/components/map/planning/use-plan-updates';
import { canvasToPdf, canvasToPng, download, renderMapImage } from '@/components/map/print-map';
import { toolLayers, type ToolShape } from '@/components/map/tool-layers';
import { useMapActivity } from '@/components/map/use-map-activity';
import { useOperationsOverlay } from '@/components/map/use-operations-overlay';
import { useCoverageOverlay } from '@/components/map/use-coverage-overlay';
import { CoveragePanel, CoverageToggles } from '@/components/map/coverage-panel';
import { VisibleObjects, type MapObject } from '@/components/map/visible-objects';
import type { CrossingEvent, LiveDetection } from '@/components/live/use-live-events';
import type { AlertGroupRow } from '@/db/queries/alerts';
import { BASEMAP_BOUNDS, BORDER_DISTRICTS_BOUNDS, PROVINCE_BOUNDS } from '@/lib/domain/region';
import type { PlanLayer } from '@/lib/planning/layers';

export interface MapCanvasProps {
  counts: Record<string, number>;
  /** An external style (BASEMAP_STYLE_URL) to draw under Vigil's own layers instead of the built-in basemap. */
  externalStyleUrl?: string;
  /** Wall-screen mode: no chrome, no panels; the map and what happens on it. */
  kiosk?: boolean;
  /** An event to open the map on: `detections/123` or `crossings/45`, with its track. */
  focus?: string;
  /** Who is looking, for printed maps. */
  userName: string;
  /** Whether this person sees alerts (open alerts and dispatched teams are drawn). */
  canReadAlerts?: boolean;
  /** For planners: the layers they may draw and the agencies that can own what they draw. */
  planning?: { layers: PlanLayer[]; agencies: { id: string; name: string }[]; defaultAgencyId: string };
}

/** The planning layer of an object selected on the map. */
const PLAN_LAYER_OF: Partial<Record<string, PlanLayer>> = { zones: 'zones', routes: 'routes', checkpoints: 'posts' };

type Visibility = Record<ToggleId, boolean>;

const INITIAL_VISIBILITY: Visibility = { alerts: true, border: true, areas: true, places: true, zones: true, routes: true, checkpoints: true, facilities: true, cameras: true, fov: true, detections: true, crossings: true };

/** Below this width (tablets), the docks start folded so the map has room. */
const NARROW = 1280;

/** Test and debugging handle: the map and deck overlay of the page, for queryRenderedFeatures and picking. */
declare global {
  interface Window {
    __vigil?: { map: maplibregl.Map; overlay: MapboxOverlay; ready: boolean };
  }
}

/** Time between frames of the map's animations (rings, pulses, fading). */
const ANIMATION_FRAME_MS = 80;

/** A new alert keeps ringing on the map for this long, then stays as a still ring. */
const RINGING_MS = 10 * 60_000;

/** A layer worth giving deck.gl: visible, and with something to draw. */
function shown(layer: Layer): boolean {
  const { visible, data } = layer.props as { visible?: boolean; data?: unknown };
  return visible !== false && !(Array.isArray(data) && data.length === 0);
}

interface EventTrack {
  event: { id: number; kind: 'detections' | 'crossings'; at: string; cameraId: string; lon: number; lat: number };
  track: { lon: number; lat: number }[];
}

export default function MapCanvas({ counts, externalStyleUrl, kiosk = false, focus, userName, canReadAlerts = false, planning }: MapCanvasProps) {
  const t = useTranslations();
  const f = useFormats();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  /** The camera list for handlers registered once with the map. */
  const camerasRef = useRef<CameraFeature[]>([]);
  const toolActive = useRef(false);
  /** The interface's size relative to a desktop screen (larger on wall screens). */
  const uiScale = useRef(1);
  const [cameras, setCameras] = useState<CameraFeature[]>([]);
  const [visibility, setVisibility] = useState<Visibility>(INITIAL_VISIBILITY);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [analysisOpen, setAnalysisOpen] = useState(false);
  const [analysis, setAnalysis] = useState<AnalysisView | null>(null);
  const [zoom, setZoom] = useState(10);
  // Tablets open on the map itself; docks unfold when asked. (Rendered in the browser only.)
  const [leftOpen, setLeftOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= NARROW);
  const [rightOpen, setRightOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= NARROW);
  const [leftTab, setLeftTab] = useState<'layers' | 'legend' | 'objects' | 'plan'>('layers');
  const [planTarget, setPlanTarget] = useState<PlanTarget | null>(null);
  const planDrawing = useRef(false);
  const [toolShape, setToolShape] = useState<ToolShape | null>(null);
  const [highlight, setHighlight] = useState<ToolShape | null>(null);
  const [track, setTrack] = useState<EventTrack | null>(null);
  const [printing, setPrinting] = useState(false);

  const { alerts: opsAlerts, staffing } = useOperationsOverlay(canReadAlerts);
  // Border coverage and km marks (components/map/use-coverage-overlay): its own state and layers.
  const coverage = useCoverageOverlay(map, toolActive);
  const coverageLayers = coverage.getLayers;
  // Someone's saved plan redraws its layer here; a retired object that is open closes.
  usePlanUpdates(map, (event, source) => {
    if (event.change === 'retired') {
      setSelection((s) => (s && String(s.feature.id) === event.objectId ? null : s));
      return;
    }
    // An open object that someone changed shows its new attributes once its layer has reloaded.
    map?.once('idle', () => {
      const fresh = map.querySourceFeatures(source).find((f) => f.properties.id === event.objectId);
      if (fresh) setSelection((s) => (s && String(s.feature.id) === event.objectId ? { ...s, feature: { id: event.objectId, properties: fresh.properties } } : s));
    });
  });
  const { live, crossings, setCrossings, feed, connected } = useMapActivity(setCameras, (id) =>
    setSelection((s) => (s?.layer === 'crossings' && Number(s.feature.id) === id ? null : s)),
  );

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

    instance.on('error', (e) => setError(e.error?.message ?? t('map.error')));
    instance.on('mousemove', (e) => setCursor([e.lngLat.lng, e.lngLat.lat]));
    instance.on('mouseout', () => setCursor(null));
    instance.on('click', (e) => {
      if (toolActive.current || planDrawing.current) return;
      const alert = overlayAdded ? overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['open-alerts'] }) : null;
      if (alert?.object) {
        const group = alert.object as AlertGroupRow;
        setSelection({ layer: 'alerts', feature: { id: group.id, properties: { ...group } } });
        return;
      }
      const activity = overlayAdded ? overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['crossings-live', 'live-detections'] }) : null;
      if (activity?.object) {
        const item = activity.object as LiveDetection | CrossingEvent;
        const isCrossing = 'crossingId' in item;
        const cam = camerasRef.current.find((c) => c.id === item.cameraId);
        setSelection({ layer: isCrossing ? 'crossings' : 'detections', feature: { id: isCrossing ? item.crossingId : item.id, properties: { ...item, cameraName: cam?.properties.name ?? null } } });
        return;
      }
      const cluster = overlayAdded ? overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 4, layerIds: ['camera-clusters'] }) : null;
      if (cluster?.object) {
        const c = cluster.object as CameraCluster;
        instance.easeTo({ center: c.position, zoom: Math.max(CLUSTER_MAX_ZOOM, instance.getZoom() + 2), duration: 500 });
        return;
      }
      const picked = overlayAdded ? overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['cameras'] }) : null;
      if (picked?.object) {
        const camera = picked.object as CameraFeature;
        setSelection({ layer: 'cameras', feature: { id: camera.id, properties: { ...camera.properties } } });
        return;
      }
      const layers = INTERACTIVE_LAYERS.filter((id) => instance.getLayer(id));
      const [hit] = instance.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers });
      setSelection(hit ? featureSelection(hit) : null);
    });
    instance.on('mousemove', (e) => {
      if (toolActive.current || planDrawing.current) return;
      const layers = INTERACTIVE_LAYERS.filter((id) => instance.getLayer(id) && !id.startsWith('zone'));
      const overDeck = overlayAdded ? overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['open-alerts', 'cameras', 'camera-clusters', 'crossings-live', 'live-detections'] }) : null;
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
          if (!window.__vigil || window.__vigil.ready || camerasRef.current.length === 0) return;
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
        setCameras(fc.features as CameraFeature[]);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(String(err));
      });

    return () => {
      abort.abort();
      instance.remove();
      mapRef.current = null;
      overlayRef.current = null;
      setMap(null);
      delete window.__vigil;
    };
    // The map is built once; translations for its controls are read at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [externalStyleUrl]);

  // An event named in the URL (from the events page): fly there and draw its track.
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
          setHighlight({ kind: 'highlight', point: [group.lon, group.lat] });
          setSelection({ layer: 'alerts', feature: { id: group.id, properties: { ...group } } });
        })
        .catch(() => undefined);
      return () => abort.abort();
    }
    const m = /^(detections|crossings)\/(\d{1,15})$/.exec(focus ?? '');
    if (!m) return;
    fetch(`/api/activity/${m[1]}/${m[2]}`, { signal: abort.signal })
      .then(async (res) => (res.ok ? ((await res.json()) as EventTrack) : null))
      .then((detail) => {
        if (!detail) return;
        setTrack(detail);
        const points = detail.track.length ? detail.track : [detail.event];
        const lons = points.map((p) => p.lon);
        const lats = points.map((p) => p.lat);
        map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 120, maxZoom: 16, duration: 0 });
        setHighlight({ kind: 'highlight', point: [detail.event.lon, detail.event.lat] });
        const cam = camerasRef.current.find((c) => c.id === detail.event.cameraId);
        setSelection({ layer: m[1] as 'detections' | 'crossings', feature: { id: detail.event.id, properties: { ...detail.event, cameraName: cam?.properties.name ?? null } } });
      })
      .catch(() => undefined);
    return () => abort.abort();
  }, [focus, map]);

  const selectedCameraId = selection?.layer === 'cameras' ? String(selection.feature.id) : null;
  const selectedCamera = selectedCameraId ? cameras.find((c) => c.id === selectedCameraId) : undefined;
  const postStaffing = selection?.layer === 'checkpoints' ? staffing?.posts.find((p) => p.id === String(selection.feature.id)) : undefined;
  const shownSelection: Selection | null = selectedCamera
    ? { layer: 'cameras', feature: { id: selectedCamera.id, properties: { ...selectedCamera.properties } } }
    : postStaffing && selection
      ? { ...selection, feature: { ...selection.feature, properties: { ...selection.feature.properties, onDuty: postStaffing.current, nextDuty: postStaffing.next, staffingKnown: true } } }
      : selection;
  const cameraIndex = useMemo(() => buildCameraIndex(cameras), [cameras]);

  // Layers are rebuilt from the latest state; pulses and fading need a clock, so while there is
  // something to animate a frame loop redraws (~30 fps), and otherwise state changes do.
  const layerState = useRef({ cameras, cameraIndex, visibility, selectedCameraId, live, crossings, analysis, zoom, toolShape, highlight, track, opsAlerts, staffing, scale: 1 });
  useEffect(() => {
    layerState.current = { cameras, cameraIndex, visibility, selectedCameraId, live, crossings, analysis, zoom, toolShape, highlight, track, opsAlerts, staffing, scale: uiScale.current };
    camerasRef.current = cameras;
  });
  const draw = useCallback((now: number) => {
    const s = layerState.current;
    const recentLive = s.live.filter((d) => now - Date.parse(d.observedAt) < LIVE_DETECTION_MS);
    const pulsing = s.crossings.filter((c) => now - Date.parse(c.crossedAt) < PULSE_MS);
    const ringing = s.visibility.alerts && (s.opsAlerts?.alerts ?? []).some((a) => a.status === 'new' && now - Date.parse(a.lastAt) < RINGING_MS);
    const hidden = clusteredCameraIds(s.cameraIndex, s.zoom);
    const single = hidden.size ? s.cameras.filter((c) => !hidden.has(c.id) || c.id === s.selectedCameraId) : s.cameras;
    // Under the map's labels, so hotspot and place names stay readable over these. Hidden and
    // empty layers are left out rather than kept invisible: deck.gl sets up (and compiles the
    // shaders of) every layer it is given, which is most of a first load in software WebGL.
    overlayRef.current?.setProps({
      layers: [
        ...(s.analysis ? [below(activityLayer(s.analysis.items, s.analysis.render, s.analysis.cellM, s.analysis.onDomain), FIRST_LABEL_LAYER)] : []),
        below(cameraFovLayer(s.cameras, s.visibility.cameras && s.visibility.fov && s.zoom >= CLUSTER_MAX_ZOOM - 1), FIRST_LABEL_LAYER),
        liveDetectionLayer(recentLive, now, s.visibility.detections),
        below(cameraIconLayer(single, s.visibility.cameras, s.selectedCameraId, s.scale), FIRST_LABEL_LAYER),
        ...cameraClusterLayers(cameraClusters(s.cameraIndex, s.zoom), s.visibility.cameras, s.scale).map((l) => below(l, FIRST_LABEL_LAYER)),
        below(staffingLayer(s.staffing, s.visibility.checkpoints, s.scale), FIRST_LABEL_LAYER),
        ...crossingPulseLayers(pulsing, now, s.visibility.crossings),
        ...alertLayers(s.opsAlerts, s.visibility.alerts, ringing ? now : null, s.scale),
        ...(s.track ? toolLayers({ kind: 'line', points: s.track.track.map((p) => [p.lon, p.lat] as [number, number]) }, now).map((l) => l.clone({ id: `track-${l.id}` })) : []),
        ...coverageLayers(),
        ...toolLayers(s.toolShape, now),
        ...toolLayers(s.highlight, now),
      ].filter(shown),
    });
    return pulsing.length > 0 || s.highlight !== null || ringing;
  }, [coverageLayers]);
  useEffect(() => {
    let frame = 0;
    let last = 0;
    const tick = (time: number) => {
      // Rings and pulses at ~12 frames a second: each frame redraws the whole map, which in
      // software WebGL (a wall PC without a GPU, headless checks) costs the CPU everything else needs.
      if (time - last > ANIMATION_FRAME_MS) {
        last = time;
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
  }, [draw, cameras, visibility, selectedCameraId, live, crossings, analysis, zoom, toolShape, highlight, track, opsAlerts, staffing, coverage.layers]);

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

  const clearPlanTarget = useCallback(() => setPlanTarget(null), []);

  const fitProvince = useCallback(() => mapRef.current?.fitBounds(PROVINCE_BOUNDS, { padding: 24, duration: 600 }), []);

  const goTo = useCallback((object: MapObject) => {
    mapRef.current?.flyTo({ center: object.position, zoom: Math.max(mapRef.current.getZoom(), object.layer === 'zones' ? 13 : 15), duration: 800 });
    setHighlight({ kind: 'highlight', point: object.position });
    setSelection({ layer: object.layer, feature: { id: object.id, properties: object.properties } });
    setRightOpen(true);
  }, []);

  const onSearchPick = useCallback(
    (pick: SearchPick) => {
      const instance = mapRef.current;
      if (!instance) return;
      if (pick.bbox) instance.fitBounds(pick.bbox, { padding: 80, duration: 800, maxZoom: 15 });
      else instance.flyTo({ center: [pick.lon, pick.lat], zoom: Math.max(instance.getZoom(), pick.kind === 'place' ? 13 : 15), duration: 800 });
      setHighlight({ kind: 'highlight', point: [pick.lon, pick.lat] });
      if (pick.kind === 'camera') {
        const camera = camerasRef.current.find((c) => c.id === pick.id);
        if (camera) setSelection({ layer: 'cameras', feature: { id: camera.id, properties: { ...camera.properties } } });
        setRightOpen(true);
      }
    },
    [],
  );

  const print = async (kind: 'png' | 'pdf') => {
    const instance = mapRef.current;
    if (!instance) return;
    setPrinting(true);
    try {
      const now = new Date();
      const title = `${t('app.name')} – ${t('app.tagline')}`;
      const canvas = await renderMapImage(instance, {
        title,
        subtitle: t('print.subtitle', { time: f.dateTime(now), user: userName }),
        legendTitle: t('map.legend'),
        legend: legendEntries(t),
        attribution: attributionLines(t).join(' · '),
        distance: f.distance,
        northLabel: t('print.north'),
      });
      const stamp = f.localStamp(now).slice(0, 16).replace(/-/g, '').replace(' ', '-').replace(':', '');
      const name = `vigil-${t('print.fileName')}-${stamp}.${kind}`;
      download(kind === 'png' ? await canvasToPng(canvas) : await canvasToPdf(canvas, `${title} – ${f.dateTime(now)}`), name);
    } catch (err) {
      setError(String((err as Error).message ?? err));
    } finally {
      setPrinting(false);
    }
  };

  const editLayer = shownSelection ? PLAN_LAYER_OF[shownSelection.layer] : undefined;
  const editAction =
    editLayer && planning?.layers.includes(editLayer) && shownSelection?.feature.id !== undefined ? (
      <p>
        <button
          type="button"
          className="button small"
          onClick={() => {
            setPlanTarget({ layer: editLayer, id: String(shownSelection.feature.id) });
            setLeftTab('plan');
            setLeftOpen(true);
          }}
          data-testid="plan-edit-selected"
        >
          {t('planning.edit')}
        </button>
      </p>
    ) : undefined;

  const anchor: [number, number] | null = shownSelection
    ? ((cameras.find((c) => c.id === String(shownSelection.feature.id))?.geometry.coordinates as [number, number] | undefined) ??
      (typeof shownSelection.feature.properties.lon === 'number' ? [Number(shownSelection.feature.properties.lon), Number(shownSelection.feature.properties.lat)] : null))
    : null;

  return (
    <div className={`map-shell${kiosk ? ' kiosk' : ''}`} data-testid="map-shell">
      <div ref={container} className="map-canvas" data-testid="map" data-loaded={loaded} data-live-detections={live.length} data-live-connected={connected} role="application" aria-label={t('map.ariaLabel')} />
      {kiosk ? (
        <KioskOverlay feed={feed} cameraName={(id) => cameras.find((c) => c.id === id)?.properties.name ?? '—'} connected={connected} />
      ) : (
        <>
          <div className="map-toolbar">
            <MapSearch onPick={onSearchPick} />
            <MapTools map={map} onShape={setToolShape} activeRef={toolActive} anchor={anchor}>
              <div className="tool-buttons" role="group" aria-label={t('print.label')}>
                <button type="button" className="button small" onClick={() => void print('png')} disabled={printing} data-testid="print-png">
                  {t('print.png')}
                </button>
                <button type="button" className="button small" onClick={() => void print('pdf')} disabled={printing} data-testid="print-pdf">
                  {t('print.pdf')}
                </button>
                <a className="button small" href="/map?kiosk=1" data-testid="kiosk-link">
                  {t('map.kiosk')}
                </a>
              </div>
            </MapTools>
          </div>
          <Dock side="left" label={t('map.panels')} open={leftOpen} onToggle={() => setLeftOpen((o) => !o)} testId="left-dock">
            <Tabs
              label={t('map.panels')}
              active={leftTab}
              onChange={setLeftTab}
              tabs={[
                { key: 'layers', label: t('map.layers') },
                { key: 'legend', label: t('map.legend') },
                { key: 'objects', label: t('map.objects') },
                ...(planning?.layers.length ? [{ key: 'plan' as const, label: t('planning.tab') }] : []),
              ]}
            >
              {leftTab === 'layers' && (
                <LayerPanel hidden={canReadAlerts ? [] : ['alerts']} counts={{ ...counts, cameras: cameras.length || counts.cameras || 0, ...(opsAlerts ? { alerts: opsAlerts.alerts.length } : {}) }} visibility={visibility} onToggle={(id) => setVisibility((v) => ({ ...v, [id]: !v[id] }))} onFitProvince={fitProvince} />
              )}
              {leftTab === 'layers' && <CoverageToggles coverage={coverage} />}
              {leftTab === 'legend' && <Legend />}
              {leftTab === 'objects' && <VisibleObjects map={map} cameras={cameras} onSelect={goTo} />}
              {leftTab === 'plan' && planning && (
                <PlanningPanel
                  map={map}
                  layers={planning.layers}
                  agencies={planning.agencies}
                  defaultAgencyId={planning.defaultAgencyId}
                  target={planTarget}
                  onTargetDone={clearPlanTarget}
                  activeRef={planDrawing}
                />
              )}
            </Tabs>
          </Dock>
          <Dock side="right" label={t('map.sidePanels')} open={rightOpen} onToggle={() => setRightOpen((o) => !o)} testId="right-dock">
            <DetailsPanel selection={shownSelection} onClose={() => setSelection(null)} actions={editAction} />
            {coverage.visible && <CoveragePanel coverage={coverage} />}
            {analysisOpen ? (
              <AnalysisPanel
                zoom={zoom}
                cameras={cameras.filter((c) => c.properties.kind === 'ai' || c.properties.code?.startsWith('CAM-RB') || c.properties.code?.startsWith('CAM-KM15') || c.properties.code?.startsWith('CAM-DT')).map((c) => ({ id: c.id, name: c.properties.name }))}
                onView={setAnalysis}
                onClose={() => setAnalysisOpen(false)}
              />
            ) : (
              <button type="button" className="button analysis-open" onClick={() => setAnalysisOpen(true)} data-testid="open-analysis">
                {t('activity.openAnalysis')}
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
          </Dock>
          <CoordinateReadout cursor={cursor} />
        </>
      )}
      {!loaded && <div className="map-status">{t('map.loading')}</div>}
      {error && (
        <div className="map-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

function featureSelection(feature: MapGeoJSONFeature): Selection {
  const id = feature.layer.id;
  const layer = id.startsWith('border') ? 'border' : id.startsWith('zone') ? 'zones' : id.startsWith('route') ? 'routes' : id.startsWith('checkpoint') ? 'checkpoints' : 'facilities';
  return { layer, feature: { id: String(feature.id), properties: feature.properties } };
}
