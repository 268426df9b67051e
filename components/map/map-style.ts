// The offline basemap and operational layers as typed MapLibre style constants. Every URL is
// on this app: style, GeoJSON, glyphs. Nothing here reaches the internet.
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { BASEMAP_BOUNDS } from '@/lib/domain/region';

/** One face for every label: each further face is another set of glyph ranges to fetch before
 * the first labels can be placed, which is what a slow workstation waits for. */
export const FONT_REGULAR = ['Noto Sans Regular'];

export const COLORS = {
  sea: '#0d2436',
  landVn: '#1f2c26',
  landCn: '#191c20',
  // Administrative lines are quiet, so nobody reads them as the border.
  province: '#56685e',
  district: '#3a4a42',
  border: '#ff4d4f',
  maritime: '#ff9f43',
  hotspot: '#ff3b30',
  patrol: '#4ea8de',
  perimeter: '#f5a524',
  restricted: '#c084fc',
  gate: '#f8fafc',
  post: '#34d399',
  joint: '#60a5fa',
  wharf: '#22d3ee',
  facility: '#e879f9',
  footPatrol: '#a3e635',
  vehiclePatrol: '#fbbf24',
  boatPatrol: '#38bdf8',
  label: '#e5ece8',
  labelHalo: '#0b1620',
} as const;

export const STATUS_COLORS = {
  live: '#22c55e',
  stalled: '#f59e0b',
  offline: '#ef4444',
  unknown: '#94a3b8',
  unsupported: '#a855f7',
} as const;

/** Map layers grouped by the toggle in the layer panel that controls them. */
export const TOGGLE_LAYERS = {
  areas: ['district-line', 'province-line', 'district-label'],
  places: ['place-label'],
  border: ['border-casing', 'border-land', 'border-river', 'border-maritime'],
  zones: ['zone-fill', 'zone-line', 'zone-label', 'zone-label-minor'],
  routes: ['route-line', 'route-label'],
  checkpoints: ['checkpoint-circle', 'checkpoint-label', 'post-label'],
  facilities: ['facility-circle', 'facility-label'],
} as const;

/** deck.gl's layers go below this one, so the map's labels stay on top of icons. */
export const FIRST_LABEL_LAYER = 'district-label';

/** MapLibre layers a click can select, most specific first. */
export const INTERACTIVE_LAYERS = ['facility-circle', 'checkpoint-circle', 'route-line', 'border-land', 'border-river', 'border-maritime', 'zone-fill'];

const isLevel = (level: number): ExpressionSpecification => ['==', ['get', 'adminLevel'], level];

export function layerUrl(origin: string, layer: string): string {
  return `${origin}/api/layers/${layer}?bbox=${BASEMAP_BOUNDS.join(',')}`;
}

/** The sources of shared reference geography (border, areas, places): every signed-in role may read them. */
const REFERENCE_SOURCES = new Set(['areas', 'area-labels', 'border', 'places']);

/**
 * The map's style. `referenceOnly`: only the reference geography (for maps that draw their own
 * objects, and for roles that may not read the operational layers, such as telecom staff).
 */
export function buildStyle(origin: string, scale = 1, locale = 'vi', referenceOnly = false): StyleSpecification {
  /** Names in the reader's language where the data has them (English names of places, zones). */
  const name: ExpressionSpecification = locale === 'en' ? ['coalesce', ['get', 'nameEn'], ['get', 'name']] : ['get', 'name'];
  /** Sizes grow with the interface on wall screens. */
  const z = (n: number) => Math.round(n * scale * 10) / 10;
  const geojson = (layer: string) => ({ type: 'geojson' as const, data: layerUrl(origin, layer), promoteId: 'id' });
  const layers: LayerSpecification[] = [
    { id: 'sea', type: 'background', paint: { 'background-color': COLORS.sea } },
    { id: 'land-cn', type: 'fill', source: 'areas', filter: ['==', ['get', 'countryCode'], 'CHN'], paint: { 'fill-color': COLORS.landCn } },
    { id: 'land-vn', type: 'fill', source: 'areas', filter: ['all', isLevel(2), ['==', ['get', 'countryCode'], 'VNM']], paint: { 'fill-color': COLORS.landVn } },
    { id: 'province-fill', type: 'fill', source: 'areas', filter: isLevel(4), paint: { 'fill-color': '#2a3b33', 'fill-opacity': 0.55 } },
    {
      id: 'zone-fill',
      type: 'fill',
      source: 'zones',
      paint: {
        'fill-color': ['match', ['get', 'kind'], 'hotspot', COLORS.hotspot, 'patrol_sector', COLORS.patrol, 'quarantine_perimeter', COLORS.perimeter, COLORS.restricted],
        'fill-opacity': ['match', ['get', 'kind'], 'hotspot', 0.3, 'patrol_sector', 0.07, 0.25],
      },
    },
    {
      id: 'zone-line',
      type: 'line',
      source: 'zones',
      paint: {
        'line-color': ['match', ['get', 'kind'], 'hotspot', COLORS.hotspot, 'patrol_sector', COLORS.patrol, 'quarantine_perimeter', COLORS.perimeter, COLORS.restricted],
        'line-width': ['match', ['get', 'kind'], 'hotspot', 2, 1],
        'line-dasharray': [3, 2],
        'line-opacity': 0.85,
      },
    },
    {
      id: 'route-line',
      type: 'line',
      source: 'routes',
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ['match', ['get', 'kind'], 'vehicle_patrol', COLORS.vehiclePatrol, 'boat_patrol', COLORS.boatPatrol, COLORS.footPatrol],
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.5, 14, 3.5],
        'line-dasharray': [1, 1.5],
      },
    },
    { id: 'district-line', type: 'line', source: 'areas', filter: isLevel(6), paint: { 'line-color': COLORS.district, 'line-width': 0.8, 'line-dasharray': [3, 3] } },
    { id: 'province-line', type: 'line', source: 'areas', filter: isLevel(4), paint: { 'line-color': COLORS.province, 'line-width': 1, 'line-opacity': 0.8, 'line-dasharray': [6, 2] } },
    {
      id: 'border-casing',
      type: 'line',
      source: 'border',
      filter: ['!=', ['get', 'section'], 'maritime'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#000000', 'line-width': 6, 'line-opacity': 0.5 },
    },
    {
      id: 'border-land',
      type: 'line',
      source: 'border',
      filter: ['==', ['get', 'section'], 'land'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': COLORS.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2, 14, 4] },
    },
    {
      id: 'border-river',
      type: 'line',
      source: 'border',
      filter: ['==', ['get', 'section'], 'river'],
      paint: { 'line-color': COLORS.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2, 14, 4], 'line-dasharray': [2, 1] },
    },
    {
      id: 'border-maritime',
      type: 'line',
      source: 'border',
      filter: ['==', ['get', 'section'], 'maritime'],
      paint: { 'line-color': COLORS.maritime, 'line-width': 2, 'line-dasharray': [4, 3] },
    },
    {
      id: 'facility-circle',
      type: 'circle',
      source: 'facilities',
      paint: {
        'circle-color': COLORS.facility,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 14, 9],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'checkpoint-circle',
      type: 'circle',
      source: 'checkpoints',
      paint: {
        'circle-color': ['match', ['get', 'kind'], 'border_gate', COLORS.gate, 'joint_station', COLORS.joint, 'wharf', COLORS.wharf, COLORS.post],
        'circle-radius': [
          'interpolate', ['linear'], ['zoom'],
          8, ['match', ['get', 'kind'], 'control_post', 2.5, 5],
          14, ['match', ['get', 'kind'], 'control_post', 6, 9],
        ],
        'circle-stroke-color': ['match', ['get', 'kind'], 'border_gate', COLORS.border, '#0b1620'],
        'circle-stroke-width': ['match', ['get', 'kind'], 'border_gate', 3, 1],
      },
    },
    {
      id: 'district-label',
      type: 'symbol',
      source: 'area-labels',
      filter: isLevel(6),
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': z(12), 'text-transform': 'uppercase', 'text-letter-spacing': 0.1 },
      paint: { 'text-color': '#8aa095', 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1 },
    },
    {
      id: 'checkpoint-label',
      type: 'symbol',
      source: 'checkpoints',
      minzoom: 10.5,
      filter: ['!=', ['get', 'kind'], 'control_post'],
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': z(11), 'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-max-width': 14 },
      paint: { 'text-color': COLORS.label, 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1.5 },
    },
    {
      // The 90-odd control posts are named only up close.
      id: 'post-label',
      type: 'symbol',
      source: 'checkpoints',
      minzoom: 13,
      filter: ['==', ['get', 'kind'], 'control_post'],
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': z(10), 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-max-width': 12 },
      paint: { 'text-color': '#b7f5d8', 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1.5 },
    },
    {
      id: 'route-label',
      type: 'symbol',
      source: 'routes',
      minzoom: 12,
      layout: { 'symbol-placement': 'line', 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': z(10), 'text-offset': [0, 0.9] },
      paint: { 'text-color': '#d9f99d', 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1.5 },
    },
    {
      id: 'facility-label',
      type: 'symbol',
      source: 'facilities',
      minzoom: 10,
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': z(11), 'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-max-width': 14 },
      paint: { 'text-color': '#f5d0fe', 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1.5 },
    },
    // Zone names last: labels higher in the style are placed first, so hotspot names win.
    {
      id: 'zone-label-minor',
      type: 'symbol',
      source: 'zone-labels',
      minzoom: 11,
      filter: ['!=', ['get', 'kind'], 'hotspot'],
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': z(11), 'text-max-width': 12 },
      paint: { 'text-color': '#a9cfe8', 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1.5 },
    },
    {
      id: 'zone-label',
      type: 'symbol',
      source: 'zone-labels',
      filter: ['==', ['get', 'kind'], 'hotspot'],
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': ['interpolate', ['linear'], ['zoom'], 8, z(11), 13, z(14)], 'text-max-width': 12, 'text-allow-overlap': false, 'symbol-sort-key': 0 },
      paint: { 'text-color': '#ffd1cf', 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 2 },
    },
    // City and town names above everything: they are how people find their way.
    {
      id: 'place-label',
      type: 'symbol',
      source: 'places',
      filter: ['==', ['get', 'kind'], 'city'],
      layout: { 'text-field': name, 'text-font': FONT_REGULAR, 'text-size': z(13), 'text-max-width': 12 },
      paint: { 'text-color': '#ffffff', 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 2 },
    },
  ];
  const sources = Object.fromEntries(
    ['areas', 'area-labels', 'border', 'places', 'zones', 'zone-labels', 'routes', 'checkpoints', 'facilities'].filter((id) => !referenceOnly || REFERENCE_SOURCES.has(id)).map((id) => [id, geojson(id)]),
  );
  return {
    version: 8,
    name: 'Vigil offline basemap',
    glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf`,
    sources,
    layers: layers.filter((l) => !('source' in l) || typeof l.source !== 'string' || l.source in sources),
  };
}

/** The attribution lines the reference data's licences require (db/seed-data/PROVENANCE.md), by key in the `attribution` messages. */
export const ATTRIBUTION_KEYS = ['border', 'admin', 'districts', 'places'] as const;

/** The attribution in the reader's language; `links` makes "OpenStreetMap" a link to the sources page. */
export function attributionLines(t: (key: string) => string, links = false): string[] {
  return ATTRIBUTION_KEYS.map((key) => {
    const line = t(`attribution.${key}`);
    return links && key === 'border' ? line.replace('OpenStreetMap', '<a href="/about/data">OpenStreetMap</a>') : line;
  });
}

/** Layers of the built-in basemap itself, left out when an external basemap is drawn instead. */
const BASEMAP_LAYERS = new Set(['sea', 'land-cn', 'land-vn', 'province-fill']);

/**
 * An external basemap (BASEMAP_STYLE_URL) with Vigil's operational layers on top. The
 * external style keeps its own glyphs when it has them; Vigil's labels then need the
 * Noto Sans font stacks on that glyph server too.
 */
export function mergeExternalStyle(external: StyleSpecification, own: StyleSpecification): StyleSpecification {
  return {
    ...external,
    glyphs: external.glyphs ?? own.glyphs,
    sources: { ...external.sources, ...own.sources },
    layers: [...external.layers, ...own.layers.filter((layer) => !BASEMAP_LAYERS.has(layer.id))],
  };
}
