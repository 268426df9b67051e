'use client';

import type { Layer } from '@deck.gl/core';
import type maplibregl from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { coverageSectorLayer, coverageStretchLayers, kmMarkerLayers, proposedCameraLayers, type KmMark, type ProposedDraft } from '@/components/map/coverage-layers';
import { below } from '@/components/map/deck-layers';
import { FIRST_LABEL_LAYER } from '@/components/map/map-style';
import { apiFetch, errorMessage } from '@/lib/api/client';
import type { BorderCoverage } from '@/lib/coverage/analysis';
import { cameraRangeM, type CoveragePeriod } from '@/lib/coverage/ranges';
import { MAX_PROPOSED_CAMERAS, proposedCameraSchema } from '@/lib/coverage/schemas';

export type CoverageResponse = BorderCoverage & { canPropose?: boolean };

export interface KmAtAnswer {
  provinceCode: string;
  km: number;
  section: 'land' | 'river';
  distanceM: number;
  lon: number;
  lat: number;
}

/** The server caches answers by the cameras' state; re-asking every minute follows camera edits cheaply. */
const REFRESH_MS = 60_000;
const CURSOR_DEBOUNCE_MS = 250;
const PREVIEW_DEBOUNCE_MS = 350;

const NEW_DRAFT: ProposedDraft = { lon: null, lat: null, bearingDeg: 0, fovDeg: 90, rangeM: 500, infrared: false };

const message = (err: unknown) => (errorMessage(err));

/**
 * The border coverage overlay's state: the day or night analysis, kilometre marks, the km of
 * the border point under the cursor (or last clicked), and a planner's proposed cameras with
 * the coverage they would add (previewed, never saved). Returns the deck.gl layers to draw.
 */
export function useCoverageOverlay(map: maplibregl.Map | null, toolActiveRef: RefObject<boolean>) {
  const format = useFormats();
  const [visible, setVisible] = useState(false);
  const [kmVisible, setKmVisible] = useState(false);
  const [period, setPeriod] = useState<CoveragePeriod>('day');
  const [answer, setAnswer] = useState<{ key: string; data: CoverageResponse | null; error: string | null } | null>(null);
  const [marksError, setMarksError] = useState<string | null>(null);
  const [marks, setMarks] = useState<KmMark[] | null>(null);
  const [drafts, setDrafts] = useState<ProposedDraft[]>([]);
  const [active, setActive] = useState(0);
  const [previewAnswer, setPreviewAnswer] = useState<{ key: string; data: CoverageResponse | null; error: string | null } | null>(null);
  const [placing, setPlacing] = useState(false);
  const [cursorKm, setCursorKm] = useState<KmAtAnswer | null>(null);
  const [pickedKm, setPickedKm] = useState<KmAtAnswer | null>(null);
  /** The gap flown to, by its kilometres (indexes change with the period and the cameras). */
  const [selectedGap, setSelectedGap] = useState<string | null>(null);
  const [zoomSeen, setZoom] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const placingRef = useRef(false);
  const activeRef = useRef(0);
  const lookupRef = useRef(false);

  // The analysis for the period, refreshed every minute while shown.
  const key = `${period}:${tick}`;
  useEffect(() => {
    if (!visible) return;
    const abort = new AbortController();
    apiFetch<CoverageResponse>(`/api/coverage?period=${period}`, { signal: abort.signal })
      .then((d) => setAnswer({ key, data: d, error: null }))
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setAnswer((a) => ({ key, data: a?.data ?? null, error: message(err) }));
      });
    const timer = setTimeout(() => setTick((n) => n + 1), REFRESH_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [visible, key, period]);
  const loading = visible && answer?.key !== key;
  // While another period loads, the last one's figures are not shown as this one's.
  const data = answer?.data && answer.data.period === period ? answer.data : null;
  const error = answer?.key === key ? answer.error : marksError;

  // Kilometre marks: reference data, read once.
  useEffect(() => {
    if (!kmVisible || marks) return;
    const abort = new AbortController();
    apiFetch<{ features: { geometry: { coordinates: [number, number] }; properties: { km: number; major: boolean } }[] }>('/api/border/km-markers', { signal: abort.signal })
      .then((fc) => setMarks(fc.features.map((f) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], km: f.properties.km, major: f.properties.major }))))
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setMarksError(message(err));
      });
    return () => abort.abort();
  }, [kmVisible, marks]);

  // The proposed cameras that are placed and valid, as the preview route takes them.
  const proposals = useMemo(
    () =>
      drafts.flatMap((d) => {
        const parsed = proposedCameraSchema.safeParse({ lon: d.lon, lat: d.lat, bearingDeg: d.bearingDeg, fovDeg: d.fovDeg, rangeM: d.rangeM, infrared: d.infrared });
        return parsed.success ? [parsed.data] : [];
      }),
    [drafts],
  );
  const previewKey = `${key}|${JSON.stringify(proposals)}`;
  const previewing = visible && Boolean(data?.canPropose) && proposals.length > 0;
  useEffect(() => {
    if (!previewing) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      apiFetch<CoverageResponse>('/api/coverage/preview', { method: 'POST', body: { period, cameras: proposals }, signal: abort.signal })
        .then((d) => setPreviewAnswer({ key: previewKey, data: d, error: null }))
        .catch((err: unknown) => {
          if (!abort.signal.aborted) setPreviewAnswer({ key: previewKey, data: null, error: message(err) });
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [previewing, previewKey, period, proposals]);
  const preview = previewing && previewAnswer?.key === previewKey ? previewAnswer.data : null;
  const previewError = previewing && previewAnswer?.key === previewKey ? previewAnswer.error : null;

  useEffect(() => {
    placingRef.current = placing;
    activeRef.current = active;
    lookupRef.current = visible || kmVisible;
  });

  const placeAt = useCallback((lon: number, lat: number) => {
    setDrafts((list) => list.map((d, i) => (i === activeRef.current ? { ...d, lon, lat } : d)));
    setPlacing(false);
    toolActiveRef.current = false;
  }, [toolActiveRef]);

  // Map events: zoom for the marks, the km under the cursor, clicks to place or to read a km.
  useEffect(() => {
    if (!map) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let abort: AbortController | null = null;
    const lookup = (lon: number, lat: number, set: (a: KmAtAnswer | null) => void) => {
      abort?.abort();
      abort = new AbortController();
      apiFetch<KmAtAnswer>(`/api/border/km?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}`, { signal: abort.signal }).then(set, () => undefined);
    };
    const onZoom = () => setZoom(map.getZoom());
    const onMove = (e: maplibregl.MapMouseEvent) => {
      if (!lookupRef.current) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => lookup(e.lngLat.lng, e.lngLat.lat, setCursorKm), CURSOR_DEBOUNCE_MS);
    };
    const onClick = (e: maplibregl.MapMouseEvent) => {
      if (placingRef.current) {
        placeAt(e.lngLat.lng, e.lngLat.lat);
        return;
      }
      if (lookupRef.current) lookup(e.lngLat.lng, e.lngLat.lat, setPickedKm);
    };
    const onOut = () => setCursorKm(null);
    map.on('zoomend', onZoom);
    map.on('mousemove', onMove);
    map.on('mouseout', onOut);
    map.on('click', onClick);
    return () => {
      if (timer) clearTimeout(timer);
      abort?.abort();
      map.off('zoomend', onZoom);
      map.off('mousemove', onMove);
      map.off('mouseout', onOut);
      map.off('click', onClick);
    };
  }, [map, placeAt]);

  // While placing, map clicks are ours (the map's own selection stands aside); Esc cancels.
  useEffect(() => {
    if (!placing) return;
    toolActiveRef.current = true;
    const canvas = map?.getCanvas();
    if (canvas) canvas.style.cursor = 'crosshair';
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setPlacing(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      toolActiveRef.current = false;
      if (canvas) canvas.style.cursor = '';
    };
  }, [placing, map, toolActiveRef]);

  const flyToGap = useCallback(
    (index: number) => {
      const gap = (preview ?? data)?.gaps[index];
      const coords = gap?.geometry?.coordinates;
      if (!map || !gap || !coords?.length) return;
      const lons = coords.map((c) => c[0]);
      const lats = coords.map((c) => c[1]);
      setSelectedGap(`${gap.fromKm}-${gap.toKm}`);
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 80, maxZoom: 15, duration: 800 });
    },
    [map, preview, data],
  );

  const placeAtCentre = useCallback(() => {
    if (!map) return;
    const c = map.getCenter();
    placeAt(c.lng, c.lat);
  }, [map, placeAt]);

  const drafting = {
    drafts,
    active,
    setActive,
    update: (index: number, patch: Partial<ProposedDraft>) => setDrafts((list) => list.map((d, i) => (i === index ? { ...d, ...patch } : d))),
    add: () => {
      if (drafts.length >= MAX_PROPOSED_CAMERAS) return;
      setDrafts((list) => [...list, { ...NEW_DRAFT }]);
      setActive(drafts.length);
    },
    remove: (index: number) => {
      setDrafts((list) => list.filter((_, i) => i !== index));
      setActive((a) => Math.max(0, a > index ? a - 1 : a === index ? a - 1 : a));
    },
    startPlacing: () => setPlacing(true),
    cancelPlacing: () => setPlacing(false),
    placeAtCentre,
  };

  const shown = preview ?? data;
  const zoom = zoomSeen ?? map?.getZoom() ?? 10;
  const kmLabel = useCallback((km: number) => `km ${format.number(km, 1)}`, [format]);
  const scale = typeof window === 'undefined' ? 1 : parseFloat(getComputedStyle(document.documentElement).fontSize) / 14 || 1;
  const layers = useMemo<Layer[]>(
    () => [
      ...(visible && shown ? [below(coverageSectorLayer(shown.cameras, true, period), FIRST_LABEL_LAYER)] : []),
      ...coverageStretchLayers(visible ? shown : null, true, selectedGap, scale).map((l) => below(l, FIRST_LABEL_LAYER)),
      ...(visible ? proposedCameraLayers(drafts.map((d) => ({ ...d, rangeForPeriod: cameraRangeM(d, period) })), true, active, scale) : []),
      ...(kmVisible && marks ? kmMarkerLayers(marks, true, zoom, kmLabel, scale) : []),
    ],
    [visible, kmVisible, shown, period, selectedGap, drafts, active, marks, zoom, kmLabel, scale],
  );
  // For a draw loop that runs outside React's renders: the latest layers, read when it draws.
  const layersRef = useRef<Layer[]>([]);
  useEffect(() => {
    layersRef.current = layers;
  }, [layers]);
  const getLayers = useCallback(() => layersRef.current, []);

  return {
    visible,
    setVisible,
    kmVisible,
    setKmVisible,
    period,
    setPeriod,
    data,
    preview,
    previewError,
    loading,
    error,
    refresh: () => setTick((n) => n + 1),
    cursorKm,
    pickedKm,
    selectedGap,
    flyToGap,
    placing,
    drafting,
    layers,
    getLayers,
  };
}

export type CoverageOverlay = ReturnType<typeof useCoverageOverlay>;
