import { describe, expect, it } from 'vitest';
import { bearingDeg, circleRing, destinationPoint, distanceM, pathLengthM, polygonAreaM2 } from '@/lib/geo/measure';
import proj4 from 'proj4';

// Checked against planar measurements in VN-2000 / TM-3 (a conformal projection with scale
// 0.9999 at the zone's centre: lengths agree to ~0.1 % near Móng Cái) and against known values.
const tm = proj4('EPSG:4326', '+proj=tmerc +lat_0=0 +lon_0=107.75 +k=1 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m');

describe('measuring', () => {
  it('measures distances as the projection does, to 0.3 %', () => {
    const a: [number, number] = [107.9, 21.5];
    const b: [number, number] = [107.98, 21.56];
    const [x1, y1] = tm.forward(a);
    const [x2, y2] = tm.forward(b);
    const planar = Math.hypot(x2! - x1!, y2! - y1!);
    expect(Math.abs(distanceM(a, b) - planar) / planar).toBeLessThan(0.003);
    expect(pathLengthM([a, b, a])).toBeCloseTo(2 * distanceM(a, b), 6);
  });

  it('gives a degree of latitude as ~110.7 km here and bearings by the compass', () => {
    expect(distanceM([107.9, 21], [107.9, 22])).toBeGreaterThan(110_000);
    expect(distanceM([107.9, 21], [107.9, 22])).toBeLessThan(111_500);
    expect(bearingDeg([107.9, 21.5], [107.9, 21.6])).toBeCloseTo(0, 3);
    expect(bearingDeg([107.9, 21.5], [108.0, 21.5])).toBeCloseTo(90, 0);
    expect(bearingDeg([107.9, 21.5], [107.8, 21.4])).toBeGreaterThan(180);
  });

  it('measures areas as the projection does, to 0.5 %', () => {
    const ring: [number, number][] = [[107.9, 21.5], [107.95, 21.5], [107.95, 21.54], [107.9, 21.54], [107.9, 21.5]];
    const xy = ring.map((p) => tm.forward(p) as [number, number]);
    let shoelace = 0;
    for (let i = 1; i < xy.length; i++) shoelace += xy[i - 1]![0] * xy[i]![1] - xy[i]![0] * xy[i - 1]![1];
    const planar = Math.abs(shoelace / 2);
    expect(Math.abs(polygonAreaM2(ring) - planar) / planar).toBeLessThan(0.005);
    expect(polygonAreaM2(ring.slice(0, 4))).toBeCloseTo(polygonAreaM2(ring), 3);
    expect(polygonAreaM2(ring.slice(0, 2))).toBe(0);
  });

  it('draws range rings at the radius asked for', () => {
    const c: [number, number] = [107.96, 21.53];
    const ring = circleRing(c, 2_000, 36);
    expect(ring).toHaveLength(37);
    for (const p of ring) expect(distanceM(c, p)).toBeCloseTo(2_000, 3);
    expect(distanceM(c, destinationPoint(c, 45, 500))).toBeCloseTo(500, 6);
  });
});
