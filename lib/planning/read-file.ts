// Reading a GeoJSON or KML file a planner picked, in the browser, before anything is sent: the
// server then checks every feature again (lib/planning/import). Kept free of DOM globals so
// tests can pass a DOMParser of their own.
//
// KML as Google Earth, QGIS, GDAL and Vigil's own export write it: Placemarks at any depth of
// Folders, styles ignored, MultiGeometry read as one multi-geometry (geometry-check's
// collectGeometry), ExtendedData (Data and SchemaData) as properties, and heights dropped when
// the shape lies on the ground (no altitudeMode, clampToGround, clampToSeaFloor, or an
// altitude of 0). A shape raised above the ground keeps its heights and is refused with
// altitude_not_ground; a ring or line the parser had to drop is refused, never lost silently.
import { kml } from '@tmcw/togeojson';
import { collectGeometry, type FeatureReadProblemCode } from '@/lib/planning/geometry-check';

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_FILE_BYTES = 40 * 1024 * 1024;

export interface ImportFeature {
  properties: Record<string, unknown> | null;
  geometry: unknown;
  /** What only the reader could see wrong (sent along; the server refuses the feature with it). */
  problems?: FeatureReadProblem[];
}

export interface FeatureReadProblem {
  code: FeatureReadProblemCode;
  at?: [number, number];
  detail?: string;
}

export type ReadResult = { ok: true; features: ImportFeature[]; format: 'geojson' | 'kml' } | { ok: false; reason: ReadProblem; detail?: string };
export type ReadProblem = 'too_large' | 'not_geojson_or_kml' | 'invalid_json' | 'invalid_xml' | 'wrong_crs' | 'no_features';

type ParseXml = (text: string) => Document;

/** Reads a file's text as GeoJSON (FeatureCollection, Feature or bare geometry) or KML. */
export function readPlanFile(text: string, name: string, parseXml: ParseXml): ReadResult {
  if (text.length > MAX_IMPORT_FILE_BYTES) return { ok: false, reason: 'too_large' };
  const head = text.slice(0, 512).trimStart();
  const isKml = /\.kml$/i.test(name) || head.startsWith('<');
  if (isKml) return readKml(text, parseXml);
  if (!/\.(geo)?json$/i.test(name) && !head.startsWith('{')) return { ok: false, reason: 'not_geojson_or_kml' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // A maliciously deep file ends here too (the parser's stack runs out).
    return { ok: false, reason: 'invalid_json', detail: String((err as Error).message).slice(0, 200) };
  }
  if (!isObject(json)) return { ok: false, reason: 'not_geojson_or_kml' };
  if (json.crs !== undefined && !isWgs84(json.crs)) return { ok: false, reason: 'wrong_crs', detail: crsName(json.crs) };
  let features: ImportFeature[];
  if (json.type === 'FeatureCollection' && Array.isArray(json.features)) {
    features = json.features.map((f) => (isObject(f) ? { properties: isObject(f.properties) ? f.properties : null, geometry: collected(f.geometry) } : { properties: null, geometry: null }));
  } else if (json.type === 'Feature') {
    features = [{ properties: isObject(json.properties) ? json.properties : null, geometry: collected(json.geometry) }];
  } else if (typeof json.type === 'string' && ('coordinates' in json || json.type === 'GeometryCollection')) {
    features = [{ properties: null, geometry: collected(json) }];
  } else {
    return { ok: false, reason: 'not_geojson_or_kml' };
  }
  if (features.length === 0) return { ok: false, reason: 'no_features' };
  return { ok: true, features, format: 'geojson' };
}

function readKml(text: string, parseXml: ParseXml): ReadResult {
  // Entity declarations have no place in KML; refusing them stops entity-expansion bombs.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: 'invalid_xml', detail: 'DOCTYPE' };
  let doc: Document;
  try {
    doc = parseXml(text);
  } catch (err) {
    return { ok: false, reason: 'invalid_xml', detail: String((err as Error).message).slice(0, 200) };
  }
  if (doc.getElementsByTagName('parsererror').length > 0 || !doc.documentElement || doc.documentElement.nodeName.toLowerCase() !== 'kml') {
    return { ok: false, reason: 'invalid_xml' };
  }
  // togeojson yields one feature per Placemark, in document order, before any overlay or link
  // (whose footprints are not shapes to import); the Placemark elements are read beside them.
  const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
  const parsed = kml(doc).features.slice(0, placemarks.length);
  const features: ImportFeature[] = [];
  parsed.forEach((f, i) => {
    const placemark = placemarks[i]!;
    const problems = [...droppedParts(placemark)];
    if (!f.geometry && problems.length === 0) return; // a Placemark with no shape at all (a label, a view)
    const raised = raisedPosition(placemark);
    if (raised) problems.push(raised);
    const geometry = f.geometry ? collected(raised ? f.geometry : flat(f.geometry)) : null;
    features.push({ properties: kmlProperties(f.properties), geometry, ...(problems.length ? { problems } : {}) });
  });
  if (features.length === 0) return { ok: false, reason: 'no_features' };
  return { ok: true, features, format: 'kml' };
}

/** Altitude modes that put a shape at its altitude rather than on the ground or sea floor. */
const RAISED_MODES = new Set(['absolute', 'relativeToGround', 'relativeToSeaFloor']);
const SHAPES = ['Point', 'LineString', 'LinearRing', 'Polygon'];

/** The altitudeMode of a geometry element (its own, else its Polygon's or MultiGeometry's). */
function altitudeMode(el: Element): string {
  for (let node: Element | null = el; node && node.nodeName !== 'Placemark'; node = node.parentNode as Element | null) {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeName === 'altitudeMode' || child.nodeName === 'gx:altitudeMode') return (child.textContent ?? '').trim();
    }
  }
  return 'clampToGround';
}

/** The first position of a Placemark's shape that is raised above the ground, as a problem. */
function raisedPosition(placemark: Element): FeatureReadProblem | undefined {
  for (const tag of SHAPES) {
    for (const el of Array.from(placemark.getElementsByTagName(tag))) {
      const mode = altitudeMode(el);
      if (!RAISED_MODES.has(mode)) continue;
      // Only the element's own coordinates (a Polygon's are in its rings, read as LinearRings).
      const own = Array.from(el.childNodes).find((c) => c.nodeName === 'coordinates');
      for (const [lon, lat, alt] of tuples(own?.textContent ?? '')) {
        if (alt !== undefined && alt !== 0) return { code: 'altitude_not_ground', at: [lon!, lat!], detail: `${mode} ${alt} m` };
      }
    }
  }
  return undefined;
}

/** Rings and lines the parser drops for having too few positions (it keeps the rest of the shape). */
function droppedParts(placemark: Element): FeatureReadProblem[] {
  const problems: FeatureReadProblem[] = [];
  for (const tag of ['LinearRing', 'LineString'] as const) {
    for (const el of Array.from(placemark.getElementsByTagName(tag))) {
      const own = Array.from(el.childNodes).find((c) => c.nodeName === 'coordinates');
      const positions = tuples(own?.textContent ?? '');
      const first = positions[0], last = positions[positions.length - 1];
      const closed = first && last && first[0] === last[0] && first[1] === last[1] ? positions.length : positions.length + 1;
      if (tag === 'LinearRing' && closed < 4) problems.push({ code: 'ring_too_short', ...(first ? { at: [first[0]!, first[1]!] as [number, number] } : {}), detail: String(positions.length) });
      if (tag === 'LineString' && positions.length < 2) problems.push({ code: 'line_too_short', detail: String(positions.length) });
    }
  }
  return problems;
}

/** KML coordinate tuples ("lon,lat[,alt]" separated by white space), as togeojson reads them. */
function tuples(text: string): number[][] {
  return text
    .trim()
    .split(/\s+/)
    .map((t) => t.split(',').map(Number.parseFloat).filter((n) => !Number.isNaN(n)).slice(0, 3))
    .filter((t) => t.length >= 2);
}

/** The geometry with every position cut to longitude and latitude. */
function flat(geometry: unknown): unknown {
  if (!isObject(geometry)) return geometry;
  if (geometry.type === 'GeometryCollection' && Array.isArray(geometry.geometries)) return { ...geometry, geometries: geometry.geometries.map(flat) };
  const cut = (v: unknown): unknown => (Array.isArray(v) ? (typeof v[0] === 'number' ? v.slice(0, 2) : v.map(cut)) : v);
  return 'coordinates' in geometry ? { ...geometry, coordinates: cut(geometry.coordinates) } : geometry;
}

/** A GeometryCollection as the multi-geometry it amounts to; a mixed one is left for the server to refuse. */
function collected(geometry: unknown): unknown {
  const c = collectGeometry(geometry);
  return c.ok ? c.geometry : geometry;
}

/**
 * togeojson's properties without its styling, and a description written as HTML (CDATA, as
 * Google Earth does) as its text.
 */
function kmlProperties(properties: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!properties) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (STYLE_KEYS.has(key)) continue;
    out[key] = key === 'description' && isObject(value) && typeof value.value === 'string' ? htmlText(value.value) : value;
  }
  return out;
}

const STYLE_KEYS = new Set(['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'icon-color', 'icon-opacity', 'icon-scale', 'icon-heading', 'icon-offset', 'icon-offset-units', 'label-color', 'label-opacity', 'label-scale']);

function htmlText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function crsName(crs: unknown): string | undefined {
  return isObject(crs) && isObject(crs.properties) && typeof crs.properties.name === 'string' ? crs.properties.name.slice(0, 100) : undefined;
}

function isWgs84(crs: unknown): boolean {
  const name = crsName(crs);
  return name !== undefined && /(CRS84|EPSG::?4326)$/i.test(name.trim());
}
