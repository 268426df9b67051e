// Reading a GeoJSON or KML file a planner picked, in the browser, before anything is sent: the
// server then checks every feature again (lib/planning/import). Kept free of DOM globals so
// tests can pass a DOMParser of their own.
import { kml } from '@tmcw/togeojson';

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_FILE_BYTES = 40 * 1024 * 1024;

export interface ImportFeature {
  properties: Record<string, unknown> | null;
  geometry: unknown;
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
    features = json.features.map((f) => (isObject(f) ? { properties: isObject(f.properties) ? f.properties : null, geometry: f.geometry } : { properties: null, geometry: null }));
  } else if (json.type === 'Feature') {
    features = [{ properties: isObject(json.properties) ? json.properties : null, geometry: json.geometry }];
  } else if (typeof json.type === 'string' && 'coordinates' in json) {
    features = [{ properties: null, geometry: json }];
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
  const fc = kml(doc);
  const features = fc.features.filter((f) => f.geometry).map((f) => ({ properties: (f.properties ?? null) as Record<string, unknown> | null, geometry: f.geometry }));
  if (features.length === 0) return { ok: false, reason: 'no_features' };
  return { ok: true, features, format: 'kml' };
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
