// A reference for bbox, written apart from the server's: does a GeoJSON geometry intersect a box?

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are read as the many JSON shapes they are
export type Json = any;

export interface Feature {
  id: string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, Json>;
}

export type Box = [number, number, number, number];
export type Pos = [number, number];
const inBox = ([x, y]: Pos, [w, s, e, n]: Box) => x >= w && x <= e && y >= s && y <= n;
const orient = (a: Pos, b: Pos, c: Pos) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
const segmentsCross = (a: Pos, b: Pos, c: Pos, d: Pos) => orient(a, b, c) !== orient(a, b, d) && orient(c, d, a) !== orient(c, d, b);
function segmentHitsBox(a: Pos, b: Pos, box: Box): boolean {
  if (inBox(a, box) || inBox(b, box)) return true;
  const [w, s, e, n] = box;
  const corners: Pos[] = [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
  ];
  return corners.some((c, i) => segmentsCross(a, b, c, corners[(i + 1) % 4]!));
}
function pointInRings([x, y]: Pos, rings: Pos[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
export function intersects(geometry: Feature['geometry'], box: Box): boolean {
  const lines = (coords: Pos[]) => coords.some((p, i) => (i === 0 ? inBox(p, box) : segmentHitsBox(coords[i - 1]!, p, box)));
  switch (geometry.type) {
    case 'Point':
      return inBox(geometry.coordinates as Pos, box);
    case 'LineString':
      return lines(geometry.coordinates as Pos[]);
    case 'MultiLineString':
      return (geometry.coordinates as Pos[][]).some(lines);
    case 'MultiPolygon':
      return (geometry.coordinates as Pos[][][]).some((rings) => rings.some(lines) || pointInRings([box[0], box[1]], rings));
    default:
      throw new Error(`no reference for ${geometry.type}`);
  }
}

