// Measuring on the map: distances along the ellipsoid's mean sphere, areas of polygons on it,
// bearings; accurate to well under 0.5 % at the scales an officer measures (metres to tens of
// kilometres), with no dependency.

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

export type LonLat = [number, number];

/** Great-circle distance in metres (haversine). */
export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Length of a path in metres. */
export function pathLengthM(points: LonLat[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceM(points[i - 1]!, points[i]!);
  return total;
}

/** Initial bearing from a to b, degrees clockwise from true north, 0…360. */
export function bearingDeg(a: LonLat, b: LonLat): number {
  const y = Math.sin(rad(b[0] - a[0])) * Math.cos(rad(b[1]));
  const x = Math.cos(rad(a[1])) * Math.sin(rad(b[1])) - Math.sin(rad(a[1])) * Math.cos(rad(b[1])) * Math.cos(rad(b[0] - a[0]));
  return (deg(Math.atan2(y, x)) + 360) % 360;
}

/** Area of a simple polygon (ring, closed or not) on the sphere, square metres. */
export function polygonAreaM2(ring: LonLat[]): number {
  const pts = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  if (pts.length < 3) return 0;
  // Spherical excess by the trapezoid formula over each edge (as in Chamberlain & Duquette 2007).
  let sum = 0;
  for (let i = 0; i < pts.length; i++) {
    const [lon1, lat1] = pts[i]!;
    const [lon2, lat2] = pts[(i + 1) % pts.length]!;
    sum += rad(lon2 - lon1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
  }
  return Math.abs((sum * R * R) / 2);
}

/** The point `distance` metres from `origin` toward `bearing` (great circle). */
export function destinationPoint(origin: LonLat, bearing: number, distance: number): LonLat {
  const δ = distance / R;
  const θ = rad(bearing);
  const φ1 = rad(origin[1]);
  const λ1 = rad(origin[0]);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return [((deg(λ2) + 540) % 360) - 180, deg(φ2)];
}

/** A circle of `radius` metres around a point, as a closed ring of `steps` points. */
export function circleRing(center: LonLat, radius: number, steps = 72): LonLat[] {
  const ring = Array.from({ length: steps }, (_, i) => destinationPoint(center, (i * 360) / steps, radius));
  return [...ring, ring[0]!];
}
