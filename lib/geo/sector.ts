const EARTH_RADIUS_M = 6_371_008.8;

/** The point `distanceM` metres from [lon, lat] toward `bearingDeg` (great-circle). */
export function destination([lon, lat]: [number, number], bearingDeg: number, distanceM: number): [number, number] {
  const δ = distanceM / EARTH_RADIUS_M;
  const θ = (bearingDeg * Math.PI) / 180;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return [(((λ2 * 180) / Math.PI + 540) % 360) - 180, (φ2 * 180) / Math.PI];
}

/**
 * A camera's field of view as a closed polygon ring: apex at the camera, arc at `rangeM`.
 * A field of view of 360° or more (a PTZ's reach) is a full circle.
 */
export function fovSector(origin: [number, number], bearingDeg: number, fovDeg: number, rangeM: number, steps = 24): [number, number][] {
  if (!(rangeM > 0) || !(fovDeg > 0)) return [];
  if (fovDeg >= 360) {
    const ring = Array.from({ length: steps * 2 }, (_, i) => destination(origin, (i * 360) / (steps * 2), rangeM));
    return [...ring, ring[0]!];
  }
  const start = bearingDeg - fovDeg / 2;
  const arc = Array.from({ length: steps + 1 }, (_, i) => destination(origin, start + (fovDeg * i) / steps, rangeM));
  return [origin, ...arc, origin];
}
