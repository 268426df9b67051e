// deck.gl layers for the border coverage overlay, pure functions from data to layers like
// deck-layers.ts and tool-layers.ts: covered stretches green, gaps red, the cameras' sectors
// for the chosen period, proposed cameras dashed, kilometre marks as labels.
import { PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { BorderCoverage } from '@/lib/coverage/analysis';
import type { CoveragePeriod } from '@/lib/coverage/ranges';
import { fovSector } from '@/lib/geo/sector';
import type { LonLat } from '@/lib/geo/measure';

export const COVERED_COLOR: [number, number, number] = [34, 197, 94];
export const GAP_COLOR: [number, number, number] = [239, 68, 68];
export const PROPOSED_COLOR: [number, number, number] = [56, 189, 248];
const KM_COLOR: [number, number, number] = [226, 232, 240];
const OUTLINE: [number, number, number, number] = [11, 22, 32, 255];
/** Labels on the map use the page's own font (served by the app), which covers Vietnamese. */
const FONT = 'Noto Sans, sans-serif';

export interface KmMark {
  lon: number;
  lat: number;
  km: number;
  major: boolean;
}

/** A proposed camera as the form holds it (position null until placed). */
export interface ProposedDraft {
  lon: number | null;
  lat: number | null;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  infrared: boolean;
}

type Path = { path: LonLat[]; selected: boolean };

function stretchPaths(stretches: BorderCoverage['gaps'], selected: string | null): Path[] {
  return stretches.flatMap((s) => (s.geometry && s.geometry.coordinates.length > 1 ? [{ path: s.geometry.coordinates as LonLat[], selected: `${s.fromKm}-${s.toKm}` === selected }] : []));
}

/** Covered stretches and gaps along the border, drawn over the border line; the selected gap wider. */
export function coverageStretchLayers(data: BorderCoverage | null, visible: boolean, selectedGap: string | null, scale = 1) {
  if (!data) return [];
  return [
    new PathLayer<Path>({
      id: 'coverage-gaps',
      data: stretchPaths(data.gaps, selectedGap),
      visible,
      getPath: (d) => d.path,
      getColor: (d) => [...GAP_COLOR, d.selected ? 255 : 220],
      getWidth: (d) => (d.selected ? 9 : 5) * scale,
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
      updateTriggers: { getWidth: [selectedGap, scale], getColor: [selectedGap] },
    }),
    new PathLayer<Path>({
      id: 'coverage-covered',
      data: stretchPaths(data.covered.stretches, null),
      visible,
      getPath: (d) => d.path,
      getColor: [...COVERED_COLOR, 235],
      getWidth: 5 * scale,
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
      updateTriggers: { getWidth: [scale] },
    }),
  ];
}

type Sector = { polygon: LonLat[] };

/** The counted cameras' fields of view with their reach in the period (outlined, faint fill). */
export function coverageSectorLayer(cameras: BorderCoverage['cameras'], visible: boolean, period: CoveragePeriod) {
  return new SolidPolygonLayer<Sector>({
    id: 'coverage-sectors',
    data: cameras.filter((c) => c.rangeM > 0).map((c) => ({ polygon: fovSector([c.lon, c.lat], c.bearingDeg, c.fovDeg, c.rangeM) })),
    visible,
    getPolygon: (d) => d.polygon,
    // Night sectors in a darker tone, so a glance tells which period is drawn.
    getFillColor: period === 'night' ? [129, 140, 248, 70] : [250, 204, 21, 60],
    updateTriggers: { getFillColor: [period] },
    pickable: false,
  });
}

/** A closed ring cut into dashes of `dash` metres-ish (a fraction of the ring), for dashed outlines without extensions. */
export function dashes(ring: LonLat[], parts = 48): LonLat[][] {
  if (ring.length < 2) return [];
  const out: LonLat[][] = [];
  // Resample the ring evenly by vertex count, then keep every other piece.
  const points: LonLat[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const [a, b] = [ring[i]!, ring[i + 1]!];
    for (let k = 0; k < 4; k++) points.push([a[0] + ((b[0] - a[0]) * k) / 4, a[1] + ((b[1] - a[1]) * k) / 4]);
  }
  points.push(ring[ring.length - 1]!);
  const per = Math.max(1, Math.floor(points.length / parts));
  for (let i = 0; i + per < points.length; i += 2 * per) out.push(points.slice(i, i + per + 1));
  return out;
}

/** Proposed cameras: a dashed sector for the period's reach and a dot where each stands. */
export function proposedCameraLayers(drafts: (ProposedDraft & { rangeForPeriod: number })[], visible: boolean, active: number, scale = 1) {
  const placed = drafts.map((d, index) => ({ ...d, index })).filter((d): d is typeof d & { lon: number; lat: number } => d.lon !== null && d.lat !== null);
  const outlines = placed.flatMap((d) => dashes(fovSector([d.lon, d.lat], d.bearingDeg, d.fovDeg, d.rangeForPeriod, 32)).map((path) => ({ path, active: d.index === active })));
  return [
    new SolidPolygonLayer<{ polygon: LonLat[] }>({
      id: 'coverage-proposed-fill',
      data: placed.map((d) => ({ polygon: fovSector([d.lon, d.lat], d.bearingDeg, d.fovDeg, d.rangeForPeriod, 32) })),
      visible,
      getPolygon: (d) => d.polygon,
      getFillColor: [...PROPOSED_COLOR, 40],
    }),
    new PathLayer<{ path: LonLat[]; active: boolean }>({
      id: 'coverage-proposed-outline',
      data: outlines,
      visible,
      getPath: (d) => d.path,
      getColor: (d) => [...PROPOSED_COLOR, d.active ? 255 : 170],
      getWidth: 2.5 * scale,
      widthUnits: 'pixels',
      updateTriggers: { getColor: [active], getWidth: [scale] },
    }),
    new ScatterplotLayer<{ lon: number; lat: number; index: number }>({
      id: 'coverage-proposed-cameras',
      data: placed,
      visible,
      getPosition: (d) => [d.lon, d.lat],
      radiusUnits: 'pixels',
      getRadius: (d) => (d.index === active ? 7 : 5) * scale,
      getFillColor: [...PROPOSED_COLOR, 255],
      stroked: true,
      getLineColor: OUTLINE,
      lineWidthMinPixels: 2,
      updateTriggers: { getRadius: [active, scale] },
    }),
  ];
}

/** Which marks to show at a zoom: every 5 km far out, every km, every half km up close. */
export function visibleKmMarks(marks: KmMark[], zoom: number): KmMark[] {
  if (zoom >= 13) return marks;
  if (zoom >= 11) return marks.filter((m) => m.major);
  return marks.filter((m) => m.major && Math.round(m.km) % 5 === 0);
}

/** Kilometre marks: a small dot and a label ("km 42,5" in the reader's number format). */
export function kmMarkerLayers(marks: KmMark[], visible: boolean, zoom: number, label: (km: number) => string, scale = 1) {
  const shown = visible ? visibleKmMarks(marks, zoom) : [];
  return [
    new ScatterplotLayer<KmMark>({
      id: 'km-marks',
      data: shown,
      visible,
      getPosition: (d) => [d.lon, d.lat],
      radiusUnits: 'pixels',
      getRadius: (d) => (d.major ? 3.5 : 2.5) * scale,
      getFillColor: [...KM_COLOR, 255],
      stroked: true,
      getLineColor: OUTLINE,
      lineWidthMinPixels: 1,
      updateTriggers: { getRadius: [scale] },
    }),
    new TextLayer<KmMark>({
      id: 'km-labels',
      data: shown,
      visible,
      getPosition: (d) => [d.lon, d.lat],
      getText: (d) => label(d.km),
      getColor: [...KM_COLOR, 255],
      getSize: (d) => (d.major ? 12 : 11) * scale,
      fontFamily: FONT,
      characterSet: 'auto',
      getTextAnchor: 'start',
      getAlignmentBaseline: 'bottom',
      getPixelOffset: [5, -3],
      outlineWidth: 3,
      outlineColor: OUTLINE,
      fontSettings: { sdf: true },
      updateTriggers: { getText: [label], getSize: [scale] },
    }),
  ];
}
