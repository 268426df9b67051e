// Structural checks of a drawn or imported geometry, in plain JavaScript so the drawing panel
// and the import preview can say what is wrong before anything is sent. The server runs the
// same checks and then asks PostGIS (lib/planning/geometry-verdict), which has the last word.
import { lineLength, MIN_LINE_LENGTH_M, ringTooSmall } from '@/lib/planning/geometry-measure';
import type { PlanLayer } from '@/lib/planning/layers';
import { PLAN_GEOMETRY } from '@/lib/planning/layers';

export type GeometryProblemCode =
  | 'not_geometry'
  | 'wrong_type'
  | 'empty'
  | 'not_2d'
  | 'not_number'
  | 'outside_extent'
  | 'too_many_vertices'
  | 'too_deep'
  | 'ring_not_closed'
  | 'ring_too_short'
  | 'line_too_short'
  | 'self_intersection'
  | 'hole_outside_shell'
  | 'wrong_crs'
  | 'mixed_geometry'
  | 'area_too_small'
  | 'too_narrow'
  | FeatureReadProblemCode;

/**
 * Problems only the file reader can see (lib/planning/read-file), sent with the feature and
 * reported by the server with the rest: a KML height above the ground (altitudeMode absolute,
 * relativeToGround or relativeToSeaFloor with a non-zero altitude), and rings or lines the KML
 * parser had to drop because they had too few positions.
 */
export const FEATURE_READ_PROBLEMS = ['altitude_not_ground', 'ring_too_short', 'line_too_short'] as const;
export type FeatureReadProblemCode = (typeof FEATURE_READ_PROBLEMS)[number];

export interface GeometryProblem {
  code: GeometryProblemCode;
  /** Where, when one place can be named (lon, lat). */
  at?: [number, number];
  /** Extra detail (e.g. the type found, the number of vertices). */
  detail?: string;
}

/** The region a border province's objects can lie in (Viet Nam and its neighbours, with margin). */
export const PLAN_EXTENT = { minLon: 97, minLat: 4, maxLon: 120, maxLat: 26 } as const;
/** Vertices per geometry: far more than anyone draws, few enough to check quickly. */
export const MAX_VERTICES = 20_000;

type Pos = [number, number];

export interface CheckedGeometry {
  /** The geometry as it will be stored (Polygon → MultiPolygon for zones). */
  geometry: { type: string; coordinates: unknown };
  vertices: number;
}

export type CheckResult = { ok: true; value: CheckedGeometry } | { ok: false; problems: GeometryProblem[] };

/**
 * Checks a GeoJSON geometry for a layer: type, plain 2D lon/lat numbers inside the extent,
 * vertex limit, closed rings of four or more positions, no self-intersection, holes inside
 * their shell, no speck or sliver rings and no route under a metre (geometry-measure). A
 * GeometryCollection is first read as the multi-geometry it amounts to (collectGeometry).
 * Stops at the first kind of problem that makes the rest meaningless. Every zone, route and
 * post write goes through here: the API (lib/planning/geometry-verdict) and the import.
 */
export function checkPlanGeometry(layer: PlanLayer, raw: unknown, options: { topology?: boolean } = {}): CheckResult {
  if (isObject(raw) && raw.crs !== undefined && !isWgs84Crs(raw.crs)) return fail({ code: 'wrong_crs', detail: crsName(raw.crs) });
  const collected = collectGeometry(raw);
  if (!collected.ok) return { ok: false, problems: collected.problems };
  const input = collected.geometry;
  if (!isObject(input) || typeof input.type !== 'string' || !('coordinates' in input)) {
    return fail({ code: 'not_geometry' });
  }
  const allowed: readonly string[] = PLAN_GEOMETRY[layer];
  if (!allowed.includes(input.type)) return fail({ code: 'wrong_type', detail: input.type });

  const depth = { Point: 0, LineString: 1, Polygon: 2, MultiPolygon: 3 }[input.type as 'Point'];
  const counter = { n: 0 };
  const problems: GeometryProblem[] = [];
  const coords = readPositions(input.coordinates, depth, counter, problems);
  if (problems.length) return { ok: false, problems };
  if (counter.n === 0) return fail({ code: 'empty' });

  if (input.type === 'Point') return ok({ type: 'Point', coordinates: coords }, 1);
  if (input.type === 'LineString') {
    const line = coords as Pos[];
    const distinct = new Set(line.map((p) => `${p[0]},${p[1]}`));
    if (distinct.size < 2) return fail({ code: 'line_too_short' });
    const length = lineLength(line);
    if (length < MIN_LINE_LENGTH_M) return fail({ code: 'line_too_short', at: line[0], detail: `${length.toPrecision(2)} m` });
    return ok({ type: 'LineString', coordinates: line }, counter.n);
  }
  const polygons = input.type === 'Polygon' ? [coords as Pos[][]] : (coords as Pos[][][]);
  if (polygons.length === 0 || polygons.some((p) => p.length === 0)) return fail({ code: 'empty' });
  for (const polygon of polygons) problems.push(...checkPolygon(polygon, options.topology ?? true));
  if (problems.length) return { ok: false, problems };
  return ok({ type: 'MultiPolygon', coordinates: polygons }, counter.n);
}

function checkPolygon(rings: Pos[][], topology: boolean): GeometryProblem[] {
  const problems: GeometryProblem[] = [];
  for (const ring of rings) {
    if (ring.length < 4) {
      problems.push({ code: 'ring_too_short', at: ring[0], detail: String(ring.length) });
      continue;
    }
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) problems.push({ code: 'ring_not_closed', at: first });
  }
  if (problems.length || !topology) return problems;
  // A vertex repeated in place is harmless (PostGIS ignores it); a ring needs 3 distinct corners.
  const cleaned = rings.map((ring) => ring.filter((p, i) => i === 0 || !sameP(p, ring[i - 1]!)));
  for (const ring of cleaned) {
    if (ring.length < 4) {
      problems.push({ code: 'ring_too_short', at: ring[0], detail: String(ring.length) });
      continue;
    }
    const crossing = firstSelfIntersection(ring);
    if (crossing) problems.push({ code: 'self_intersection', at: crossing });
  }
  if (problems.length) return problems;
  const shell = cleaned[0]!;
  for (const hole of cleaned.slice(1)) {
    const outside = hole.slice(0, -1).find((p) => !pointInRing(p, shell));
    if (outside) problems.push({ code: 'hole_outside_shell', at: outside });
  }
  if (problems.length) return problems;
  // Slivers and specks (geometry-measure): every ring, so a hair-thin hole is refused too.
  for (const ring of cleaned) {
    const small = ringTooSmall(ring);
    if (small) problems.push({ ...small, at: ring[0] });
  }
  return problems;
}

const COLLECTION_DEPTH = 8;

/**
 * A GeometryCollection (what KML's MultiGeometry becomes) as the one multi-geometry it
 * amounts to: polygons → MultiPolygon, lines → MultiLineString (a single line stays a
 * LineString), points → MultiPoint (a single point stays a Point). Polygons mixed with lines
 * or points have no one shape and are refused. Anything that is not a collection is returned
 * as it is.
 */
export function collectGeometry(input: unknown): { ok: true; geometry: unknown } | { ok: false; problems: GeometryProblem[] } {
  if (!isObject(input) || input.type !== 'GeometryCollection') return { ok: true, geometry: input };
  const parts: { type: string; coordinates: unknown }[] = [];
  const walk = (g: unknown, depth: number): GeometryProblem | undefined => {
    if (depth > COLLECTION_DEPTH) return { code: 'too_deep' };
    if (!isObject(g) || typeof g.type !== 'string') return { code: 'not_geometry' };
    if (g.type === 'GeometryCollection') {
      if (!Array.isArray(g.geometries)) return { code: 'not_geometry' };
      for (const child of g.geometries) {
        const problem = walk(child, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    if (!('coordinates' in g)) return { code: 'not_geometry' };
    const single = { MultiPolygon: 'Polygon', MultiLineString: 'LineString', MultiPoint: 'Point' }[g.type];
    if (single) {
      if (!Array.isArray(g.coordinates)) return { code: 'not_geometry' };
      for (const c of g.coordinates) parts.push({ type: single, coordinates: c });
    } else parts.push({ type: g.type, coordinates: g.coordinates });
    return undefined;
  };
  const problem = walk(input, 0);
  if (problem) return { ok: false, problems: [problem] };
  if (parts.length === 0) return { ok: false, problems: [{ code: 'empty' }] };
  const types = [...new Set(parts.map((p) => p.type))].sort();
  if (types.length > 1) return { ok: false, problems: [{ code: 'mixed_geometry', detail: types.join(', ') }] };
  const coordinates = parts.map((p) => p.coordinates);
  if (types[0] === 'Polygon') return { ok: true, geometry: { type: 'MultiPolygon', coordinates } };
  if (parts.length === 1) return { ok: true, geometry: parts[0] };
  if (types[0] === 'LineString') return { ok: true, geometry: { type: 'MultiLineString', coordinates } };
  if (types[0] === 'Point') return { ok: true, geometry: { type: 'MultiPoint', coordinates } };
  return { ok: false, problems: [{ code: 'wrong_type', detail: types[0] }] };
}

/**
 * The first place where two non-adjacent edges of a closed ring meet (a bow-tie, a spike
 * back onto the ring, a repeated vertex). Edges are bucketed on a grid so large rings stay fast.
 */
export function firstSelfIntersection(ring: Pos[]): Pos | undefined {
  const n = ring.length - 1; // edges; the last position repeats the first
  if (n < 3) return undefined;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const cells = Math.max(1, Math.ceil(Math.sqrt(n)));
  const cw = (maxX - minX) / cells || 1;
  const ch = (maxY - minY) / cells || 1;
  const grid = new Map<number, number[]>();
  const cell = (x: number, y: number) => [Math.min(cells - 1, Math.floor((x - minX) / cw)), Math.min(cells - 1, Math.floor((y - minY) / ch))] as const;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!, b = ring[i + 1]!;
    const [x0, y0] = cell(Math.min(a[0], b[0]), Math.min(a[1], b[1]));
    const [x1, y1] = cell(Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        const key = gx * cells + gy;
        const bucket = grid.get(key);
        if (bucket) bucket.push(i);
        else grid.set(key, [i]);
      }
    }
  }
  for (const bucket of grid.values()) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const i = bucket[x]!, j = bucket[y]!;
        const adjacent = Math.abs(i - j) === 1 || (Math.min(i, j) === 0 && Math.max(i, j) === n - 1);
        const hit = segmentsMeet(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!, adjacent);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

function orient(a: Pos, b: Pos, c: Pos): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Pos, b: Pos, p: Pos): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Whether two edges meet; adjacent edges may share only their common vertex. */
function segmentsMeet(a: Pos, b: Pos, c: Pos, d: Pos, adjacent: boolean): Pos | undefined {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (adjacent) {
    // Adjacent edges share a vertex; they are wrong only when they fold back onto each other.
    if (o1 === 0 && o2 === 0) {
      const shared = sameP(b, c) || sameP(b, d) ? b : a;
      const other1 = sameP(shared, a) ? b : a;
      const other2 = sameP(shared, c) ? d : c;
      const dot = (other1[0] - shared[0]) * (other2[0] - shared[0]) + (other1[1] - shared[1]) * (other2[1] - shared[1]);
      if (dot > 0) return shared;
    }
    return undefined;
  }
  if (o1 !== o2 && o3 !== o4) return intersectionPoint(a, b, c, d);
  if (o1 === 0 && onSegment(a, b, c)) return c;
  if (o2 === 0 && onSegment(a, b, d)) return d;
  if (o3 === 0 && onSegment(c, d, a)) return a;
  if (o4 === 0 && onSegment(c, d, b)) return b;
  return undefined;
}

const sameP = (p: Pos, q: Pos) => p[0] === q[0] && p[1] === q[1];

function intersectionPoint(a: Pos, b: Pos, c: Pos, d: Pos): Pos {
  const den = (a[0] - b[0]) * (c[1] - d[1]) - (a[1] - b[1]) * (c[0] - d[0]);
  if (den === 0) return a;
  const t = ((a[0] - c[0]) * (c[1] - d[1]) - (a[1] - c[1]) * (c[0] - d[0])) / den;
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/** Even-odd test; a point on the boundary counts as inside (a hole may touch its shell). */
export function pointInRing(p: Pos, ring: Pos[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!, b = ring[j]!;
    if (orient(a, b, p) === 0 && onSegment(a, b, p)) return true;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

function readPositions(value: unknown, depth: number, counter: { n: number }, problems: GeometryProblem[]): unknown {
  if (problems.length) return undefined;
  if (depth === 0) {
    if (!Array.isArray(value)) {
      problems.push({ code: 'too_deep' });
      return undefined;
    }
    if (value.length !== 2) {
      problems.push({ code: value.length > 2 ? 'not_2d' : 'not_number', detail: String(value.length) });
      return undefined;
    }
    const [lon, lat] = value as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      problems.push({ code: 'not_number' });
      return undefined;
    }
    if (lon < PLAN_EXTENT.minLon || lon > PLAN_EXTENT.maxLon || lat < PLAN_EXTENT.minLat || lat > PLAN_EXTENT.maxLat) {
      problems.push({ code: 'outside_extent', at: [lon, lat] });
      return undefined;
    }
    counter.n += 1;
    if (counter.n > MAX_VERTICES) {
      problems.push({ code: 'too_many_vertices', detail: String(MAX_VERTICES) });
      return undefined;
    }
    return [lon, lat];
  }
  if (!Array.isArray(value)) {
    problems.push({ code: 'not_geometry' });
    return undefined;
  }
  const out: unknown[] = [];
  for (const item of value) {
    out.push(readPositions(item, depth - 1, counter, problems));
    if (problems.length) return undefined;
  }
  return out;
}

/** GeoJSON (RFC 7946) is WGS 84 lon/lat; the old `crs` member may only name that. */
function isWgs84Crs(crs: unknown): boolean {
  const name = crsName(crs);
  return name !== undefined && /(CRS84|EPSG::?4326)$/i.test(name.trim());
}

function crsName(crs: unknown): string | undefined {
  if (!isObject(crs) || !isObject(crs.properties)) return undefined;
  const name = crs.properties.name;
  return typeof name === 'string' ? name.slice(0, 100) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ok = (geometry: CheckedGeometry['geometry'], vertices: number): CheckResult => ({ ok: true, value: { geometry, vertices } });
const fail = (p: GeometryProblem): CheckResult => ({ ok: false, problems: [p] });
