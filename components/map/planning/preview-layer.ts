// Shapes shown beside the one being edited: an earlier version (the difference a save made),
// the repair PostGIS proposes, or the features of a file about to be imported.
import type maplibregl from 'maplibre-gl';

export type PreviewRole = 'previous' | 'current' | 'repaired' | 'import' | 'import-error';

export interface PreviewFeature {
  role: PreviewRole;
  geometry: { type: string; coordinates: unknown };
}

const SOURCE = 'plan-preview';
const COLORS: Record<PreviewRole, string> = { previous: '#f87171', current: '#38bdf8', repaired: '#4ade80', import: '#facc15', 'import-error': '#f43f5e' };
// The match expression's variadic form is wider than MapLibre's tuple type can express.
const color = ['match', ['get', 'role'], ...Object.entries(COLORS).flat(), '#ffffff'] as unknown as maplibregl.ExpressionSpecification;

/** Draws the preview shapes (or removes them with an empty list). */
export function showPreview(map: maplibregl.Map, features: PreviewFeature[]): void {
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', properties: { role: f.role }, geometry: f.geometry as GeoJSON.Geometry })),
  };
  const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined;
  if (source) {
    source.setData(data);
    return;
  }
  if (features.length === 0) return;
  map.addSource(SOURCE, { type: 'geojson', data });
  map.addLayer({ id: `${SOURCE}-fill`, type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': color, 'fill-opacity': 0.15 } });
  const lines = ['!=', ['geometry-type'], 'Point'] as maplibregl.ExpressionSpecification;
  const previous = ['==', ['get', 'role'], 'previous'] as maplibregl.ExpressionSpecification;
  map.addLayer({ id: `${SOURCE}-line`, type: 'line', source: SOURCE, filter: ['all', lines, ['!', previous]], paint: { 'line-color': color, 'line-width': 2.5 } });
  // The earlier version dashed, so the two outlines can be told apart where they cross.
  map.addLayer({ id: `${SOURCE}-previous`, type: 'line', source: SOURCE, filter: ['all', lines, previous], paint: { 'line-color': color, 'line-width': 2.5, 'line-dasharray': [2, 2] } });
  map.addLayer({
    id: `${SOURCE}-point`,
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': color, 'circle-radius': 6, 'circle-stroke-color': '#0b1620', 'circle-stroke-width': 2 },
  });
}

/** The bounds of some geometries, for fitting the map to a preview. */
export function boundsOf(geometries: { coordinates: unknown }[]): [number, number, number, number] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (v: unknown) => {
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number') {
      minX = Math.min(minX, v[0]); maxX = Math.max(maxX, v[0]);
      minY = Math.min(minY, v[1]); maxY = Math.max(maxY, v[1]);
    } else if (Array.isArray(v)) v.forEach(walk);
  };
  geometries.forEach((g) => walk(g.coordinates));
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}
