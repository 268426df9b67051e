'use client';

import type { Layer } from '@deck.gl/core';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useMediaQuery } from '@/components/app/use-media-query';
import type { CrossingEvent, LiveDetection } from '@/components/live/use-live-events';
import { activityLayer, crossingPulseLayers, LIVE_DETECTION_MS, liveDetectionLayer, PULSE_MS } from '@/components/map/activity-layers';
import { alertLayers, staffingLayer } from '@/components/map/alert-layers';
import type { AnalysisView } from '@/components/map/analysis-panel';
import { cameraClusterLayers, cameraClusters, clusteredCameraIds, CLUSTER_MAX_ZOOM, type buildCameraIndex } from '@/components/map/camera-clusters';
import { below, cameraFovLayer, cameraIconLayer, type CameraFeature } from '@/components/map/deck-layers';
import type { ToggleId } from '@/components/map/layer-panel';
import { FIRST_LABEL_LAYER } from '@/components/map/map-style';
import { toolLayers, type ToolShape } from '@/components/map/tool-layers';
import type { EventTrack } from '@/components/map/use-map-focus';
import type { useOperationsOverlay } from '@/components/map/use-operations-overlay';

/** Time between frames of the map's animations (rings, pulses, fading). */
const ANIMATION_FRAME_MS = 80;

/** A new alert keeps ringing on the map for this long, then stays as a still ring. */
const RINGING_MS = 10 * 60_000;

/**
 * The moment still rings and pulses are drawn at when the user asks for reduced motion: a third
 * of the way through their 1.6 s cycle, where a ring is clearly visible.
 */
const STILL_PHASE_MS = 560;

export type Visibility = Record<ToggleId, boolean>;

type Operations = ReturnType<typeof useOperationsOverlay>;

/** Everything deck.gl draws over the map, as the page holds it. */
export interface DeckState {
  cameras: CameraFeature[];
  cameraIndex: ReturnType<typeof buildCameraIndex>;
  visibility: Visibility;
  selectedCameraId: string | null;
  live: LiveDetection[];
  crossings: CrossingEvent[];
  analysis: AnalysisView | null;
  zoom: number;
  toolShape: ToolShape | null;
  highlight: ToolShape | null;
  track: EventTrack | null;
  opsAlerts: Operations['alerts'];
  staffing: Operations['staffing'];
}

/** A layer worth giving deck.gl: visible, and with something to draw. */
function shown(layer: Layer): boolean {
  const { visible, data } = layer.props as { visible?: boolean; data?: unknown };
  return visible !== false && !(Array.isArray(data) && data.length === 0);
}

/**
 * Keeps deck.gl's layers in step with the page: rebuilt from the latest state on every change,
 * and — while something pulses, rings or is highlighted — by a frame loop at ~12 fps, unless the
 * user asks for reduced motion (WCAG 2.3.3): then rings and pulses are drawn still, and the map is
 * redrawn only when something changes (and every 10 s for fading), which also spares a wall PC
 * without a GPU a whole core. `coverageLayers` adds the border coverage overlay's own layers; `redrawKey` changes when they do.
 */
export function useDeckLayers(overlayRef: RefObject<MapboxOverlay | null>, state: DeckState, scale: RefObject<number>, coverageLayers: () => Layer[], redrawKey: unknown): void {
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  const still = useMediaQuery('(prefers-reduced-motion: reduce)');
  const draw = useCallback(
    (now: number) => {
      const s = latest.current;
      // Ages and fading follow the clock; the rings' and pulses' phase stands still when asked.
      const phaseAt = still ? STILL_PHASE_MS : now;
      const uiScale = scale.current ?? 1;
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
          below(cameraIconLayer(single, s.visibility.cameras, s.selectedCameraId, uiScale), FIRST_LABEL_LAYER),
          ...cameraClusterLayers(cameraClusters(s.cameraIndex, s.zoom), s.visibility.cameras, uiScale).map((l) => below(l, FIRST_LABEL_LAYER)),
          below(staffingLayer(s.staffing, s.visibility.checkpoints, uiScale), FIRST_LABEL_LAYER),
          ...crossingPulseLayers(pulsing, phaseAt, s.visibility.crossings),
          ...alertLayers(s.opsAlerts, s.visibility.alerts, ringing && !still ? now : null, uiScale),
          ...(s.track ? toolLayers({ kind: 'line', points: s.track.track.map((p) => [p.lon, p.lat] as [number, number]) }, phaseAt).map((l) => l.clone({ id: `track-${l.id}` })) : []),
          ...coverageLayers(),
          ...toolLayers(s.toolShape, phaseAt),
          ...toolLayers(s.highlight, phaseAt),
        ].filter(shown),
      });
      return !still && (pulsing.length > 0 || s.highlight !== null || ringing);
    },
    [overlayRef, scale, coverageLayers, still],
  );
  const { cameras, visibility, selectedCameraId, live, crossings, analysis, zoom, toolShape, highlight, track, opsAlerts, staffing } = state;
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
  }, [draw, cameras, visibility, selectedCameraId, live, crossings, analysis, zoom, toolShape, highlight, track, opsAlerts, staffing, redrawKey]);
}
