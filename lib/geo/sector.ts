import { bearingDeg, destinationPoint, distanceM, type LonLat } from '@/lib/geo/measure';

/**
 * A camera's field of view as a closed polygon ring: apex at the camera, arc at `rangeM`.
 * A field of view of 360° or more (a PTZ's reach) is a full circle.
 */
export function fovSector(origin: LonLat, bearing: number, fovDeg: number, rangeM: number, steps = 24): LonLat[] {
  if (!(rangeM > 0) || !(fovDeg > 0)) return [];
  if (fovDeg >= 360) {
    const ring = Array.from({ length: steps * 2 }, (_, i) => destinationPoint(origin, (i * 360) / (steps * 2), rangeM));
    return [...ring, ring[0]!];
  }
  const start = bearing - fovDeg / 2;
  const arc = Array.from({ length: steps + 1 }, (_, i) => destinationPoint(origin, start + (fovDeg * i) / steps, rangeM));
  return [origin, ...arc, origin];
}

/** Smallest angle between two bearings, 0…180 degrees. */
export function angleBetween(a: number, b: number): number {
  const d = (((a - b) % 360) + 360) % 360;
  return d > 180 ? 360 - d : d;
}

/**
 * Does a camera at `origin`, facing `bearing` with a field of view of `fovDeg` and a reach of
 * `rangeM`, see `point`? The reference for the PostGIS query (db/queries/camera-coverage).
 */
export function coversPoint(origin: LonLat, bearing: number, fovDeg: number, rangeM: number, point: LonLat): boolean {
  const d = distanceM(origin, point);
  if (d > rangeM) return false;
  if (fovDeg >= 360 || d === 0) return true;
  return angleBetween(bearingDeg(origin, point), bearing) <= fovDeg / 2;
}
