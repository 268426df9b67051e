// deck.gl layers as small pure functions from data to layer, testable without a map.
import type { Layer } from '@deck.gl/core';
import { IconLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { fovSector } from '@/lib/geo/sector';
import { STATUS_COLORS } from '@/components/map/map-style';

export interface CameraProperties {
  name: string;
  nameEn: string | null;
  code: string | null;
  kind: 'fixed' | 'ptz' | 'ai';
  infrared: boolean;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  status: keyof typeof STATUS_COLORS;
  statusSince: string;
  zoneName: string | null;
  facilityName: string | null;
  isDemo: boolean;
  confidence: string;
  hasStream: boolean;
  /** Why the camera is not live (a code the interface translates), when it is not. */
  lastErrorCode?: string | null;
}

export type CameraFeature = Feature<Point, CameraProperties> & { id: string };
export type CameraCollection = FeatureCollection<Point, CameraProperties>;

/**
 * Draws a deck.gl layer below the MapLibre layer `beforeId` (interleaved mode): @deck.gl/mapbox
 * reads this prop, deck's own layer types do not list it.
 */
export function below<L extends Layer>(layer: L, beforeId: string): L {
  return layer.clone({ beforeId } as unknown as Partial<L['props']>) as L;
}

export function hexToRgba(hex: string, alpha = 255): [number, number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

const KIND_GLYPH: Record<CameraProperties['kind'], string> = {
  // A camera body for fixed cameras, a dome for PTZ, the letters AI for analytics cameras.
  fixed: '<rect x="14" y="19" width="15" height="10" rx="2" fill="#0b1620"/><path d="M29 22l6-3v10l-6-3z" fill="#0b1620"/>',
  ptz: '<path d="M14 22h20v3a10 10 0 0 1-20 0z" fill="#0b1620"/><rect x="16" y="17" width="16" height="4" rx="1" fill="#0b1620"/>',
  ai: '<text x="24" y="29.5" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="14" fill="#0b1620">AI</text>',
};

/** The icon for a camera of this kind and status, as an SVG data URL served by nobody but the page. */
export function cameraIconUrl(kind: CameraProperties['kind'], status: CameraProperties['status'], infrared: boolean): string {
  const ring = infrared ? '<circle cx="24" cy="24" r="21" fill="none" stroke="#f87171" stroke-width="2" stroke-dasharray="3 2"/>' : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">${ring}<circle cx="24" cy="24" r="17" fill="${STATUS_COLORS[status]}" stroke="#ffffff" stroke-width="2.5"/>${KIND_GLYPH[kind]}</svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function cameraFovLayer(cameras: CameraFeature[], visible: boolean) {
  return new SolidPolygonLayer<CameraFeature>({
    id: 'camera-fov',
    data: cameras,
    visible,
    getPolygon: (d) => fovSector(d.geometry.coordinates as [number, number], d.properties.bearingDeg, d.properties.fovDeg, d.properties.rangeM),
    getFillColor: (d) => hexToRgba(STATUS_COLORS[d.properties.status], d.properties.fovDeg >= 360 ? 28 : 60),
    updateTriggers: { getFillColor: [cameras] },
    pickable: false,
  });
}

export function cameraIconLayer(cameras: CameraFeature[], visible: boolean, selectedId: string | null, scale = 1) {
  return new IconLayer<CameraFeature>({
    id: 'cameras',
    data: cameras,
    visible,
    pickable: true,
    getPosition: (d) => d.geometry.coordinates as [number, number],
    getIcon: (d) => {
      const url = cameraIconUrl(d.properties.kind, d.properties.status, d.properties.infrared);
      return { url, id: `${d.properties.kind}-${d.properties.status}-${d.properties.infrared}`, width: 48, height: 48 };
    },
    getSize: (d) => (d.id === selectedId ? 34 : 22) * scale,
    sizeUnits: 'pixels',
    updateTriggers: { getSize: [selectedId, scale], getIcon: [cameras] },
  });
}
