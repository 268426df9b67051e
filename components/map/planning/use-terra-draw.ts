'use client';

// terra-draw on the page's MapLibre map: drawing polygons, lines and points, editing vertices
// (select mode with draggable, insertable and deletable vertices), snapping and undo/redo.
import type maplibregl from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawModeUndoRedo,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  TerraDrawSessionUndoRedo,
  TerraDrawUndoRedoKeyboardShortcuts,
  type GeoJSONStoreFeatures,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { snapToMap } from '@/components/map/planning/snap';
import type { PlanLayer } from '@/lib/planning/layers';

export type DrawMode = 'polygon' | 'linestring' | 'point' | 'select' | 'static';

/** The drawing mode each layer uses. */
export const LAYER_MODE: Record<PlanLayer, 'polygon' | 'linestring' | 'point'> = { zones: 'polygon', routes: 'linestring', posts: 'point' };

const EDIT = { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true, snappable: true } } };
const ACCENT = '#38bdf8';

export interface DrawState {
  /** Number of features drawn in this session. */
  count: number;
  canUndo: boolean;
  canRedo: boolean;
  mode: DrawMode;
}

/**
 * Starts terra-draw on `map` while `active`, and stops it (removing its layers) when not. The
 * returned functions load a geometry for editing, read the drawn geometry back, and switch modes.
 */
export function useTerraDraw(map: maplibregl.Map | null, active: boolean, snapping: boolean) {
  const drawRef = useRef<TerraDraw | null>(null);
  const snapRef = useRef(snapping);
  const [state, setState] = useState<DrawState>({ count: 0, canUndo: false, canRedo: false, mode: 'static' });

  useEffect(() => {
    snapRef.current = snapping;
  }, [snapping]);

  const refresh = useCallback(() => {
    const draw = drawRef.current;
    if (!draw) return;
    setState({ count: draw.getSnapshot().length, canUndo: draw.canUndo(), canRedo: draw.canRedo(), mode: draw.getMode() as DrawMode });
  }, []);

  useEffect(() => {
    if (!map || !active) return;
    const snap = snapToMap(map, () => snapRef.current);
    const snapping = { toCoordinate: true, toLine: true, toCustom: snap };
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 7 }),
      modes: [
        new TerraDrawPolygonMode({ snapping, styles: { fillColor: ACCENT, outlineColor: ACCENT, fillOpacity: 0.2 } }),
        new TerraDrawLineStringMode({ snapping, styles: { lineStringColor: ACCENT, lineStringWidth: 3 } }),
        new TerraDrawPointMode({ styles: { pointColor: ACCENT, pointWidth: 7, pointOutlineColor: '#0b1620', pointOutlineWidth: 2 } }),
        new TerraDrawSelectMode({ flags: { polygon: EDIT, linestring: EDIT, point: { feature: { draggable: true } } } }),
      ],
      undoRedo: {
        modeLevel: new TerraDrawModeUndoRedo(),
        sessionLevel: new TerraDrawSessionUndoRedo(),
        keyboardShortcuts: new TerraDrawUndoRedoKeyboardShortcuts(),
      },
    });
    draw.start();
    draw.setMode('static');
    drawRef.current = draw;
    draw.on('change', refresh);
    draw.on('finish', (id) => {
      const feature = draw.getSnapshotFeature(id);
      // A post is one point: a new one replaces the last.
      if (feature?.properties.mode === 'point') {
        const others = draw.getSnapshot().filter((f) => f.id !== id).map((f) => f.id!);
        if (others.length) draw.removeFeatures(others);
      }
      // A finished shape opens for vertex editing.
      if (feature?.properties.mode !== 'point') {
        draw.setMode('select');
        draw.selectFeature(id);
      }
      refresh();
    });
    refresh();
    return () => {
      drawRef.current = null;
      try {
        draw.stop();
      } catch {
        // the map may already be gone
      }
      setState({ count: 0, canUndo: false, canRedo: false, mode: 'static' });
    };
  }, [map, active, refresh]);

  const setMode = useCallback(
    (mode: DrawMode) => {
      drawRef.current?.setMode(mode);
      refresh();
    },
    [refresh],
  );

  const clear = useCallback(() => {
    const draw = drawRef.current;
    if (!draw) return;
    draw.clear();
    draw.clearUndoRedoHistory();
    draw.setMode('static');
    refresh();
  }, [refresh]);

  /** Puts an existing geometry into the editor (each polygon of a multipolygon separately). */
  const load = useCallback(
    (geometry: { type: string; coordinates: unknown }): boolean => {
      const draw = drawRef.current;
      if (!draw) return false;
      draw.clear();
      const parts: GeoJSONStoreFeatures[] = [];
      if (geometry.type === 'MultiPolygon') {
        for (const rings of geometry.coordinates as number[][][][]) parts.push(feature({ type: 'Polygon', coordinates: rings }, 'polygon'));
      } else if (geometry.type === 'Polygon') parts.push(feature(geometry as GeoJSON.Polygon, 'polygon'));
      else if (geometry.type === 'LineString') parts.push(feature(geometry as GeoJSON.LineString, 'linestring'));
      else if (geometry.type === 'Point') parts.push(feature(geometry as GeoJSON.Point, 'point'));
      const results = draw.addFeatures(parts);
      draw.clearUndoRedoHistory();
      const ok = results.every((r) => r.valid);
      draw.setMode('select');
      const first = results.find((r) => r.valid);
      if (first && parts.length === 1) draw.selectFeature(first.id as string);
      refresh();
      return ok;
    },
    [refresh],
  );

  /** The drawn geometry as the layer stores it, or null when nothing is drawn. */
  const read = useCallback((layer: PlanLayer): { type: string; coordinates: unknown } | null => {
    const draw = drawRef.current;
    if (!draw) return null;
    const features = draw.getSnapshot().filter((f) => f.properties.mode === LAYER_MODE[layer]);
    if (features.length === 0) return null;
    if (layer === 'zones') {
      const polygons = features.map((f) => (f.geometry as GeoJSON.Polygon).coordinates);
      return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
    }
    return features[features.length - 1]!.geometry as { type: string; coordinates: unknown };
  }, []);

  const undo = useCallback(() => {
    drawRef.current?.undo();
    refresh();
  }, [refresh]);
  const redo = useCallback(() => {
    drawRef.current?.redo();
    refresh();
  }, [refresh]);

  return { state, setMode, clear, load, read, undo, redo };
}

function feature(geometry: GeoJSON.Polygon | GeoJSON.LineString | GeoJSON.Point, mode: string): GeoJSONStoreFeatures {
  return { type: 'Feature', id: uuid4(), geometry, properties: { mode } } as GeoJSONStoreFeatures;
}

/** A version-4 UUID (terra-draw's id format); crypto.randomUUID exists only on HTTPS pages. */
function uuid4(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
