// Coordinates as officers write them: decimal degrees, degrees-minutes-seconds, UTM, MGRS and
// VN-2000 (the national datum Vietnamese surveyors and border guards use). Conversions and a
// parser for anything typed into the search box; pure functions, server and browser alike.

import { forward as mgrsForward, toPoint as mgrsToPoint } from 'mgrs';
import proj4 from 'proj4';

/**
 * VN-2000 / TM-3 107-45 (EPSG:5899), Quảng Ninh's 3° zone: transverse Mercator on the WGS 84
 * ellipsoid, central meridian 107°45′, scale 0.9999, false easting 500 km, with the official
 * 7-parameter transformation from WGS 84 (EPSG:6960, Decision 05/2007/QĐ-BTNMT), here in
 * PROJ.4's position-vector convention (the rotations' signs flipped from EPSG's coordinate-frame
 * form). This is the string PROJ itself gives for EPSG:5899.
 */
export const VN2000_QUANG_NINH =
  '+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs';

const WGS84 = 'EPSG:4326';
const vn2000 = proj4(WGS84, VN2000_QUANG_NINH);

export interface Vn2000 {
  /** Northing (surveyors' X), metres. */
  x: number;
  /** Easting (surveyors' Y), metres. */
  y: number;
}

export function toVn2000(lon: number, lat: number): Vn2000 {
  const [y, x] = vn2000.forward([lon, lat]);
  return { x: x!, y: y! };
}

export function fromVn2000(x: number, y: number): [number, number] {
  const [lon, lat] = vn2000.inverse([y, x]);
  return [lon!, lat!];
}

export interface Utm {
  zone: number;
  band: string;
  easting: number;
  northing: number;
}

const BANDS = 'CDEFGHJKLMNPQRSTUVWX';
const utmCache = new Map<number, proj4.Converter>();
function utmConverter(zone: number, south: boolean): proj4.Converter {
  const key = south ? -zone : zone;
  let c = utmCache.get(key);
  if (!c) utmCache.set(key, (c = proj4(WGS84, `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`)));
  return c;
}

export function toUtm(lon: number, lat: number): Utm {
  const zone = Math.min(60, Math.floor((lon + 180) / 6) + 1);
  const [easting, northing] = utmConverter(zone, lat < 0).forward([lon, lat]);
  return { zone, band: BANDS[Math.min(19, Math.max(0, Math.floor((lat + 80) / 8)))]!, easting: easting!, northing: northing! };
}

export function fromUtm(zone: number, south: boolean, easting: number, northing: number): [number, number] {
  const [lon, lat] = utmConverter(zone, south).inverse([easting, northing]);
  return [lon!, lat!];
}

/** MGRS with 1 m precision, e.g. 48QZJ0047380274. */
export function toMgrs(lon: number, lat: number, digits = 5): string {
  return mgrsForward([lon, lat], digits);
}

/** 21°32′24.1″ */
function dms(value: number): string {
  const abs = Math.abs(value);
  let d = Math.floor(abs);
  let m = Math.floor((abs - d) * 60);
  let s = Math.round(((abs - d) * 60 - m) * 60 * 10) / 10;
  if (s >= 60) [s, m] = [0, m + 1];
  if (m >= 60) [m, d] = [0, d + 1];
  return `${d}°${String(m).padStart(2, '0')}′${s.toFixed(1).padStart(4, '0')}″`;
}

export type CoordinateSystem = 'dd' | 'dms' | 'utm' | 'mgrs' | 'vn2000';
export const COORDINATE_SYSTEMS: CoordinateSystem[] = ['dd', 'dms', 'utm', 'mgrs', 'vn2000'];

/**
 * A position written in one system. `decimal` is the locale's decimal mark; hemisphere letters
 * are N/S/E/W, as on maps in both languages.
 */
export function formatCoordinate(lon: number, lat: number, system: CoordinateSystem, decimal: '.' | ',' = '.'): string {
  const d = (n: number, digits: number) => n.toFixed(digits).replace('.', decimal);
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  switch (system) {
    case 'dd':
      return `${d(Math.abs(lat), 5)}° ${ns}, ${d(Math.abs(lon), 5)}° ${ew}`;
    case 'dms':
      return `${dms(lat).replace('.', decimal)} ${ns}, ${dms(lon).replace('.', decimal)} ${ew}`;
    case 'utm': {
      const u = toUtm(lon, lat);
      return `${u.zone}${u.band} ${Math.round(u.easting)} ${Math.round(u.northing)}`;
    }
    case 'mgrs':
      return toMgrs(lon, lat).replace(/^(\d+[A-Z])([A-Z]{2})(\d{5})(\d{5})$/, '$1 $2 $3 $4');
    case 'vn2000': {
      const v = toVn2000(lon, lat);
      return `X ${d(v.x, 2)} · Y ${d(v.y, 2)}`;
    }
  }
}

export interface ParsedCoordinate {
  lon: number;
  lat: number;
  system: CoordinateSystem;
}

const inRange = (lon: number, lat: number) => Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

/**
 * Reads a position typed in any common form: decimal degrees ("21.54, 107.95", "21,54 107,95",
 * "21.54N 107.95E", longitude first when it cannot be a latitude), degrees-minutes-seconds
 * ("21°32'24\"N 107°57'E", "21 32 24 N 107 57 0 E"), UTM ("48Q 800473 2380274"), MGRS
 * ("48QZJ0047380274") or VN-2000 in Quảng Ninh's zone ("VN2000 2378318 515346",
 * "X=2378318 Y=515346", or a bare 7-digit northing and 6-digit easting). Null when it is none.
 */
export function parseCoordinate(input: string): ParsedCoordinate | null {
  const text = input.trim().toUpperCase().replace(/[′’‘`]/g, "'").replace(/[″“”]/g, '"').replace(/\s+/g, ' ');
  if (!text) return null;

  const mgrs = text.replace(/\s/g, '');
  if (/^\d{1,2}[C-HJ-NP-X][A-HJ-NP-Z]{2}(\d{2}){1,5}$/.test(mgrs)) {
    try {
      const [lon, lat] = mgrsToPoint(mgrs);
      if (inRange(lon!, lat!)) return { lon: lon!, lat: lat!, system: 'mgrs' };
    } catch {
      // not MGRS after all
    }
  }

  const utm = /^(\d{1,2})\s?([C-HJ-NP-X])?\s+(\d{5,7}(?:[.,]\d+)?)\s*(?:M?E)?[\s,;]+(\d{6,8}(?:[.,]\d+)?)\s*(?:M?N)?$/.exec(text);
  if (utm && Number(utm[1]) >= 1 && Number(utm[1]) <= 60) {
    const south = utm[2] ? utm[2] < 'N' : false;
    const [lon, lat] = fromUtm(Number(utm[1]), south, Number(utm[3]!.replace(',', '.')), Number(utm[4]!.replace(',', '.')));
    if (inRange(lon, lat)) return { lon, lat, system: 'utm' };
  }

  const vn = /^(?:VN-?2000[:\s]*)?(?:X\s*[=:]?\s*)?(\d{7}(?:[.,]\d+)?)[\s,;·]+(?:Y\s*[=:]?\s*)?(\d{6}(?:[.,]\d+)?)$/.exec(text);
  if (vn) {
    const [lon, lat] = fromVn2000(Number(vn[1]!.replace(',', '.')), Number(vn[2]!.replace(',', '.')));
    if (inRange(lon, lat)) return { lon, lat, system: 'vn2000' };
  }

  // Degrees, optionally minutes and seconds, optionally a hemisphere letter, for two axes; a
  // comma may be the separator ("21.5, 107.9") or a decimal mark ("21,5 107,9"): both are tried.
  for (const variant of [text, text.replace(/(\d),(\d)/g, '$1.$2')]) {
    const parsed = parseDegreesPair(variant);
    if (parsed) return parsed;
  }
  return null;
}

const AXIS = String.raw`([NSEW])?\s*(-?\d+(?:[.,]\d+)?)\s*(?:°|D|\s)?\s*(?:(\d+(?:[.,]\d+)?)\s*(?:'|M|\s)\s*)?(?:(\d+(?:[.,]\d+)?)\s*(?:"|S\b|\s)?\s*)?([NSEW])?`;
const PAIR = new RegExp(String.raw`^${AXIS}\s*[,;/\s]\s*${AXIS}$`);

function parseDegreesPair(text: string): ParsedCoordinate | null {
  const pair = PAIR.exec(text);
  if (!pair) return null;
  const read = (hemiBefore?: string, deg?: string, min?: string, sec?: string, hemiAfter?: string) => {
    const n = (s?: string) => (s ? Number(s.replace(',', '.')) : 0);
    const degrees = n(deg);
    if ((min && n(min) >= 60) || (sec && n(sec) >= 60)) return null;
    const value = Math.abs(degrees) + n(min) / 60 + n(sec) / 3600;
    const hemi = hemiAfter ?? hemiBefore ?? null;
    return { value: (degrees < 0 || hemi === 'S' || hemi === 'W' ? -1 : 1) * value, hemi, dms: Boolean(min || sec) };
  };
  const a = read(pair[1], pair[2], pair[3], pair[4], pair[5]);
  const b = read(pair[6], pair[7], pair[8], pair[9], pair[10]);
  if (!a || !b) return null;
  let [lat, lon] = [a.value, b.value];
  // Longitude first when the letters say so, or when the first number cannot be a latitude.
  if (a.hemi === 'E' || a.hemi === 'W' || b.hemi === 'N' || b.hemi === 'S' || (!a.hemi && !b.hemi && Math.abs(lat) > 90)) [lat, lon] = [lon, lat];
  return inRange(lon, lat) ? { lon, lat, system: a.dms || b.dms ? 'dms' : 'dd' } : null;
}
