// deck.gl layers for AI activity: live detections, pulsing crossings, and the heatmap /
// hexagon / grid of a period. Pure functions from data to layers, like deck-layers.ts.
import { GridLayer, HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { CrossingEvent, LiveDetection } from '@/lib/events/types';

export type HeatItem = [lon: number, lat: number, t: number, weight: number];
export type HeatRender = 'heatmap' | 'hexagon' | 'grid';

export const CLASS_COLORS: Record<LiveDetection['class'], [number, number, number]> = {
  person: [250, 204, 21],
  vehicle: [56, 189, 248],
  boat: [45, 212, 191],
  animal: [163, 230, 53],
  unknown: [203, 213, 225],
};

/** How long a live detection stays on the map, fading out. */
export const LIVE_DETECTION_MS = 10 * 60_000;
/** How long a new crossing pulses. */
export const PULSE_MS = 3 * 60_000;

export function liveDetectionLayer(items: LiveDetection[], now: number, visible: boolean) {
  return new ScatterplotLayer<LiveDetection>({
    id: 'live-detections',
    data: items,
    visible,
    pickable: true,
    radiusUnits: 'pixels',
    getPosition: (d) => [d.lon, d.lat],
    getRadius: (d) => 3 + Math.min(4, d.count),
    getFillColor: (d) => {
      const age = Math.min(1, (now - Date.parse(d.observedAt)) / LIVE_DETECTION_MS);
      return [...CLASS_COLORS[d.class], Math.round(230 * (1 - age * 0.8))];
    },
    stroked: true,
    getLineColor: [11, 22, 32, 200],
    lineWidthMinPixels: 1,
    updateTriggers: { getFillColor: [now] },
  });
}

/** Rings that grow and fade every 1.6 s for each recent crossing, plus a solid centre. */
export function crossingPulseLayers(crossings: CrossingEvent[], now: number, visible: boolean) {
  const phase = (now % 1600) / 1600;
  const color = (d: CrossingEvent): [number, number, number] => (d.direction === 'into_vn' ? [239, 68, 68] : [249, 115, 22]);
  return [
    new ScatterplotLayer<CrossingEvent>({
      id: 'crossing-pulse',
      data: crossings,
      visible,
      radiusUnits: 'pixels',
      stroked: true,
      filled: false,
      getPosition: (d) => [d.lon, d.lat],
      getRadius: () => 8 + phase * 26,
      getLineColor: (d) => [...color(d), Math.round(255 * (1 - phase))],
      lineWidthMinPixels: 3,
      updateTriggers: { getRadius: [phase], getLineColor: [phase] },
    }),
    new ScatterplotLayer<CrossingEvent>({
      id: 'crossings-live',
      data: crossings,
      visible,
      pickable: true,
      radiusUnits: 'pixels',
      getPosition: (d) => [d.lon, d.lat],
      getRadius: 7,
      getFillColor: (d) => [...color(d), 255],
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthMinPixels: 2,
    }),
  ];
}

export const HEAT_COLORS: [number, number, number][] = [
  [37, 52, 148],
  [44, 127, 184],
  [65, 182, 196],
  [161, 218, 180],
  [254, 204, 92],
  [240, 59, 32],
];

/**
 * The period's activity drawn as a heatmap, hexagons or grid; `cellM` is the server's cell size
 * in metres. Hexagons and grid cells take one of six colours by count (quantized over the range
 * deck.gl reports through `onDomain`, which the panel's colour legend shows).
 */
export function activityLayer(items: HeatItem[], render: HeatRender, cellM: number, onDomain?: (domain: [number, number]) => void) {
  const common = { id: `activity-${render}`, data: items, getPosition: (d: HeatItem) => [d[0], d[1]] as [number, number] };
  if (render === 'heatmap') {
    return new HeatmapLayer<HeatItem>({ ...common, getWeight: (d) => d[3], radiusPixels: 36, intensity: 2.5, threshold: 0.03, colorRange: HEAT_COLORS, aggregation: 'SUM' });
  }
  const shared = {
    ...common,
    pickable: true,
    colorRange: HEAT_COLORS,
    getColorWeight: (d: HeatItem) => d[3],
    colorAggregation: 'SUM' as const,
    getElevationWeight: (d: HeatItem) => d[3],
    elevationAggregation: 'SUM' as const,
    extruded: false,
    opacity: 0.75,
    coverage: 0.92,
    colorScaleType: 'quantize' as const,
    onSetColorDomain: onDomain,
  };
  return render === 'hexagon'
    ? new HexagonLayer<HeatItem>({ ...shared, radius: Math.max(120, cellM * 0.75) })
    : new GridLayer<HeatItem>({ ...shared, cellSize: Math.max(200, cellM) });
}
