// Sizes of drawn and imported shapes in metres on the WGS 84 ellipsoid, in plain JavaScript so
// the drawing panel, the import preview and the server refuse the same degenerate shapes.

/**
 * The smallest zone ring worth storing. A ring below 1 m² (smaller than a desk), or one
 * narrower than 0.1 m on average, is a digitising slip or a sliver left over from an
 * overlay, never a place a camera watches: a 1e-9°-wide strip (about 0.1 mm) is refused even
 * when it runs for kilometres. The mean width is 2·area/perimeter: the width of a long strip,
 * half the side of a square, the radius of a disc. Both limits are far below what anyone
 * draws on purpose and far above the 7-decimal (~1 cm) precision shapes are stored with.
 */
export const MIN_RING_AREA_M2 = 1;
export const MIN_RING_WIDTH_M = 0.1;
/** The shortest route worth storing (also far above the ~1 cm storage precision). */
export const MIN_LINE_LENGTH_M = 1;

type Pos = readonly [number, number] | readonly number[];

const A = 6_378_137; // WGS 84 semi-major axis (m)
const E2 = 0.006_694_379_990_14; // WGS 84 first eccentricity squared
const RAD = Math.PI / 180;

/** Radii of curvature at a latitude: meridian (north–south) and prime vertical (east–west). */
function radii(latDeg: number): { m: number; n: number } {
  const s = Math.sin(latDeg * RAD);
  const w = 1 - E2 * s * s;
  return { m: (A * (1 - E2)) / (w * Math.sqrt(w)), n: A / Math.sqrt(w) };
}

/**
 * Positions in metres east and north of the ring's first position. Northings follow the
 * meridian at the ring's mean latitude, eastings the parallel of each position (a sinusoidal
 * projection on the ellipsoid's local radii), which keeps areas within a fraction of a percent
 * for anything a province holds: plenty for limits of 1 m² and 0.1 m.
 */
function toLocalMetres(points: readonly Pos[]): [number, number][] {
  if (points.length === 0) return [];
  const lat0 = points.reduce((s, p) => s + p[1]!, 0) / points.length;
  const { m } = radii(lat0);
  const lon0 = points[0]![0]!;
  const latRef = points[0]![1]!;
  return points.map((p) => {
    const { n } = radii(p[1]!);
    return [(p[0]! - lon0) * RAD * n * Math.cos(p[1]! * RAD), (p[1]! - latRef) * RAD * m];
  });
}

/** Area (m², unsigned) and perimeter (m) of a closed ring of lon/lat positions. */
export function ringSize(ring: readonly Pos[]): { area: number; perimeter: number } {
  const xy = toLocalMetres(ring);
  let twice = 0;
  let perimeter = 0;
  for (let i = 0; i + 1 < xy.length; i++) {
    const [x0, y0] = xy[i]!;
    const [x1, y1] = xy[i + 1]!;
    twice += x0 * y1 - x1 * y0;
    perimeter += Math.hypot(x1 - x0, y1 - y0);
  }
  return { area: Math.abs(twice) / 2, perimeter };
}

/** Length (m) of a line of lon/lat positions, each segment measured at its own mid-latitude. */
export function lineLength(line: readonly Pos[]): number {
  let total = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!, b = line[i + 1]!;
    const mid = (a[1]! + b[1]!) / 2;
    const { m, n } = radii(mid);
    total += Math.hypot((b[0]! - a[0]!) * RAD * n * Math.cos(mid * RAD), (b[1]! - a[1]!) * RAD * m);
  }
  return total;
}

/** Why a ring is too small to store, if it is: its area, else its mean width. */
export function ringTooSmall(ring: readonly Pos[]): { code: 'area_too_small' | 'too_narrow'; detail: string } | undefined {
  const { area, perimeter } = ringSize(ring);
  if (area < MIN_RING_AREA_M2) return { code: 'area_too_small', detail: `${area.toPrecision(2)} m²` };
  const width = perimeter > 0 ? (2 * area) / perimeter : 0;
  if (width < MIN_RING_WIDTH_M) return { code: 'too_narrow', detail: `${width.toPrecision(2)} m` };
  return undefined;
}
