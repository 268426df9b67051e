'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AnalysisPanel, type AnalysisView } from '@/components/map/analysis-panel';
import { buildCameraIndex } from '@/components/map/camera-clusters';
import { CoordinateReadout } from '@/components/map/coordinate-readout';
import { CoveragePanel, CoverageToggles } from '@/components/map/coverage-panel';
import type { CameraFeature } from '@/components/map/deck-layers';
import { DetailsPanel, type Selection } from '@/components/map/details-panel';
import { Dock, Tabs } from '@/components/map/dock';
import { KioskOverlay } from '@/components/map/kiosk-overlay';
import { LayerPanel } from '@/components/map/layer-panel';
import { Legend } from '@/components/map/legend';
import { LiveFeed } from '@/components/map/live-feed';
import { MapSearch, type SearchPick } from '@/components/map/map-search';
import { MapTools } from '@/components/map/map-tools';
import { PlanningPanel, type PlanTarget } from '@/components/map/planning/planning-panel';
import { usePlanUpdates } from '@/components/map/planning/use-plan-updates';
import type { ToolShape } from '@/components/map/tool-layers';
import { useCoverageOverlay } from '@/components/map/use-coverage-overlay';
import { useDeckLayers, type Visibility } from '@/components/map/use-deck-layers';
import { useMapActivity } from '@/components/map/use-map-activity';
import { useActivityPoints } from '@/components/map/use-activity-points';
import { useMapFocus, type EventTrack } from '@/components/map/use-map-focus';
import { useMapInstance, useStyleLayerVisibility } from '@/components/map/use-map-instance';
import { useMapPrint } from '@/components/map/use-map-print';
import { useOperationsOverlay } from '@/components/map/use-operations-overlay';
import { VisibleObjects, type MapObject } from '@/components/map/visible-objects';
import { PROVINCE_BOUNDS } from '@/lib/domain/region';
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
  /** Whether this person may review cameras' recordings. */
  canReview?: boolean;
  /** For planners: the layers they may draw and the agencies that can own what they draw. */
  planning?: { layers: PlanLayer[]; agencies: { id: string; name: string }[]; defaultAgencyId: string };
}

/** The planning layer of an object selected on the map. */
const PLAN_LAYER_OF: Partial<Record<string, PlanLayer>> = { zones: 'zones', routes: 'routes', checkpoints: 'posts' };

const INITIAL_VISIBILITY: Visibility = { alerts: true, border: true, areas: true, places: true, zones: true, routes: true, checkpoints: true, facilities: true, cameras: true, fov: true, detections: true, crossings: true };

/** Below this width (tablets), the docks start folded so the map has room. */
const NARROW = 1280;

export default function MapCanvas({ counts, externalStyleUrl, kiosk = false, focus, userName, canReadAlerts = false, canReview = false, planning }: MapCanvasProps) {
  const t = useTranslations();
  const container = useRef<HTMLDivElement>(null);
  /** The camera list for handlers registered once with the map. */
  const camerasRef = useRef<CameraFeature[]>([]);
  const toolActive = useRef(false);
  const planDrawing = useRef(false);
  const [cameras, setCameras] = useState<CameraFeature[]>([]);
  const [visibility, setVisibility] = useState<Visibility>(INITIAL_VISIBILITY);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [analysisOpen, setAnalysisOpen] = useState(false);
  const [analysis, setAnalysis] = useState<AnalysisView | null>(null);
  /** A clicked dot of the analysed period's points (a new object each click, so the same dot opens again). */
  const [pickedPoint, setPickedPoint] = useState<{ id: number } | null>(null);
  // Tablets open on the map itself; docks unfold when asked. (Rendered in the browser only.)
  const [leftOpen, setLeftOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= NARROW);
  const [rightOpen, setRightOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= NARROW);
  const [leftTab, setLeftTab] = useState<'layers' | 'legend' | 'objects' | 'plan'>('layers');
  const [planTarget, setPlanTarget] = useState<PlanTarget | null>(null);
  const [toolShape, setToolShape] = useState<ToolShape | null>(null);
  const [highlight, setHighlight] = useState<ToolShape | null>(null);
  const [track, setTrack] = useState<EventTrack | null>(null);

  const { map, mapRef, overlayRef, uiScale, loaded, zoom } = useMapInstance({
    container,
    externalStyleUrl,
    camerasRef,
    pointerTaken: () => toolActive.current || planDrawing.current,
    onSelect: setSelection,
    onActivityPoint: (id) => {
      setPickedPoint({ id });
      setRightOpen(true);
    },
    onCameras: setCameras,
    onError: setError,
    onCursor: setCursor,
  });
  useStyleLayerVisibility(map, visibility);
  const pointsCut = useActivityPoints(map, analysis?.points ?? null, pickedPoint, { camerasRef, onHighlight: setHighlight, onSelect: setSelection, onTrack: setTrack });
  useMapFocus(map, focus, { camerasRef, onHighlight: setHighlight, onSelect: setSelection, onTrack: setTrack });
  const { printing, print } = useMapPrint(mapRef, userName, setError);

  const { alerts: opsAlerts, staffing } = useOperationsOverlay(canReadAlerts);
  // Border coverage and km marks (components/map/use-coverage-overlay): its own state and layers.
  const coverage = useCoverageOverlay(map, toolActive);
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

  const selectedCameraId = selection?.layer === 'cameras' ? String(selection.feature.id) : null;
  const selectedCamera = selectedCameraId ? cameras.find((c) => c.id === selectedCameraId) : undefined;
  const postStaffing = selection?.layer === 'checkpoints' ? staffing?.posts.find((p) => p.id === String(selection.feature.id)) : undefined;
  const shownSelection: Selection | null = selectedCamera
    ? { layer: 'cameras', feature: { id: selectedCamera.id, properties: { ...selectedCamera.properties } } }
    : postStaffing && selection
      ? { ...selection, feature: { ...selection.feature, properties: { ...selection.feature.properties, onDuty: postStaffing.current, nextDuty: postStaffing.next, staffingKnown: true } } }
      : selection;
  const cameraIndex = useMemo(() => buildCameraIndex(cameras), [cameras]);
  useEffect(() => {
    camerasRef.current = cameras;
  });
  useDeckLayers(
    overlayRef,
    { cameras, cameraIndex, visibility, selectedCameraId, live, crossings, analysis, zoom, toolShape, highlight, track, opsAlerts, staffing },
    uiScale,
    coverage.getLayers,
    coverage.layers,
  );

  const clearPlanTarget = useCallback(() => setPlanTarget(null), []);

  const fitProvince = useCallback(() => mapRef.current?.fitBounds(PROVINCE_BOUNDS, { padding: 24, duration: 600 }), [mapRef]);

  const goTo = useCallback(
    (object: MapObject) => {
      mapRef.current?.flyTo({ center: object.position, zoom: Math.max(mapRef.current.getZoom(), object.layer === 'zones' ? 13 : 15), duration: 800 });
      setHighlight({ kind: 'highlight', point: object.position });
      setSelection({ layer: object.layer, feature: { id: object.id, properties: object.properties } });
      setRightOpen(true);
    },
    [mapRef],
  );

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
    [mapRef],
  );

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
            <DetailsPanel selection={shownSelection} onClose={() => setSelection(null)} actions={editAction} canReview={canReview && !kiosk} />
            {coverage.visible && <CoveragePanel coverage={coverage} />}
            {analysisOpen ? (
              <AnalysisPanel
                zoom={zoom}
                pointsCut={pointsCut}
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
