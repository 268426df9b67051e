import { execFileSync } from 'node:child_process';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { formatCoordinate, fromVn2000, parseCoordinate, toMgrs, toUtm, toVn2000 } from '@/lib/geo/coordinates';

// VN-2000 and UTM against PROJ (Debian's proj-bin, the reference implementation with the EPSG
// registry's definitions: EPSG:5899 VN-2000 / TM-3 107-45 and EPSG:6960, the 7-parameter
// transformation), at points across Quảng Ninh; and the parser on what officers type.

const POINTS: [string, number, number][] = [
  ['Móng Cái gate', 107.9647, 21.5305],
  ['Km15 / Hải Yên', 107.8931, 21.5604],
  ['Bắc Sơn (Bến Ngọc)', 107.7832, 21.6012],
  ['Hoành Mô (Bình Liêu)', 107.4271, 21.6297],
  ['Hạ Long', 107.0843, 20.9517],
  ['Cô Tô island', 107.7639, 20.9763],
];

function cs2cs(target: string, lon: number, lat: number): [number, number] {
  const out = execFileSync('cs2cs', ['-f', '%.4f', 'EPSG:4326', target], { input: `${lat} ${lon}\n` }).toString().trim().split(/\s+/);
  return [Number(out[0]), Number(out[1])];
}

describe('VN-2000 (Quảng Ninh zone, central meridian 107°45′) against PROJ', () => {
  it.each(POINTS)('%s: residual under 1 cm', (_name, lon, lat) => {
    const [e, n] = cs2cs('EPSG:5899', lon, lat);
    const v = toVn2000(lon, lat);
    expect(Math.abs(v.y - e)).toBeLessThan(0.01);
    expect(Math.abs(v.x - n)).toBeLessThan(0.01);
  });

  it.each(POINTS)('%s: round trip within 1 mm', (_name, lon, lat) => {
    const v = toVn2000(lon, lat);
    const [lon2, lat2] = fromVn2000(v.x, v.y);
    expect(Math.abs(lon2 - lon) * 104_000).toBeLessThan(0.001);
    expect(Math.abs(lat2 - lat) * 111_000).toBeLessThan(0.001);
  });

  it('applies the datum shift: VN-2000 differs from plain transverse Mercator on WGS 84 by the published translation', () => {
    // Same projection without the 7 parameters: the difference is the datum shift, ~ hundreds of metres here.
    const [e, n] = proj4('EPSG:4326', '+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m').forward([107.9647, 21.5305]) as [number, number];
    const v = toVn2000(107.9647, 21.5305);
    const shift = Math.hypot(v.y - e, v.x - n);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(400);
  });
});

describe('UTM and MGRS against PROJ', () => {
  it.each(POINTS)('%s', (_name, lon, lat) => {
    const zone = Math.floor((lon + 180) / 6) + 1;
    const [e, n] = cs2cs(`EPSG:${32600 + zone}`, lon, lat);
    const u = toUtm(lon, lat);
    expect(u.zone).toBe(zone);
    expect(Math.abs(u.easting - e)).toBeLessThan(0.01);
    expect(Math.abs(u.northing - n)).toBeLessThan(0.01);
    expect(toMgrs(lon, lat)).toMatch(/^4[89]Q[A-Z]{2}\d{10}$/);
  });
});

describe('reading typed coordinates', () => {
  const [lon, lat] = [107.9647, 21.5305];
  const near = (p: { lon: number; lat: number } | null, metres = 1.5) => {
    expect(p).not.toBeNull();
    expect(Math.abs(p!.lon - lon) * 104_000).toBeLessThan(metres);
    expect(Math.abs(p!.lat - lat) * 111_000).toBeLessThan(metres);
  };
  it.each([
    ['21.5305, 107.9647', 'dd'],
    ['21.5305 107.9647', 'dd'],
    ['21,5305 107,9647', 'dd'],
    ['107.9647, 21.5305', 'dd'],
    ['21.5305N 107.9647E', 'dd'],
    ['E107.9647 N21.5305', 'dd'],
    [`21°31'49.8"N 107°57'52.9"E`, 'dms'],
    ['21°31′49.8″ N, 107°57′52.9″ E', 'dms'],
    ['21 31 49.8 N 107 57 52.9 E', 'dms'],
  ])('%s', (text, system) => {
    const p = parseCoordinate(text);
    near(p, 3);
    expect(p!.system).toBe(system);
  });

  it('reads UTM, MGRS and VN-2000 as they are written, and the same place comes back', () => {
    const u = toUtm(lon, lat);
    near(parseCoordinate(`${u.zone}${u.band} ${Math.round(u.easting)} ${Math.round(u.northing)}`));
    near(parseCoordinate(`${u.zone} ${Math.round(u.easting)}mE ${Math.round(u.northing)}mN`));
    near(parseCoordinate(toMgrs(lon, lat)));
    near(parseCoordinate(formatCoordinate(lon, lat, 'mgrs')));
    const v = toVn2000(lon, lat);
    near(parseCoordinate(`VN2000 ${v.x.toFixed(2)} ${v.y.toFixed(2)}`));
    near(parseCoordinate(`X=${v.x.toFixed(2)} Y=${v.y.toFixed(2)}`));
    near(parseCoordinate(`${v.x.toFixed(2).replace('.', ',')} ${v.y.toFixed(2).replace('.', ',')}`));
    expect(parseCoordinate(formatCoordinate(lon, lat, 'vn2000', ','))?.system).toBe('vn2000');
    expect(parseCoordinate(formatCoordinate(lon, lat, 'dms'))?.system).toBe('dms');
  });

  it.each(['Móng Cái', '', '95, 107', '21 61 00 N 107 57 00 E', '12345', 'X=1 Y=2'])('is not fooled by %j', (text) => {
    expect(parseCoordinate(text)).toBeNull();
  });
});
