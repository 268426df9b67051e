import 'server-only';
import type { Db } from '@/db/client';
import { postgisVerdict } from '@/db/queries/plan-geometry';
import { AppError } from '@/lib/api/errors';
import { checkPlanGeometry, type GeometryProblem } from '@/lib/planning/geometry-check';
import type { PlanLayer } from '@/lib/domain/plan-layers';

type Geometry = { type: string; coordinates: unknown };

/** Problems PostGIS can repair (ST_MakeValid) once the planner has seen and accepted the result. */
const REPAIRABLE = new Set<GeometryProblem['code']>(['self_intersection', 'hole_outside_shell', 'ring_not_closed']);

export type GeometryVerdict =
  | { valid: true; geometry: Geometry }
  | { valid: false; problems: GeometryProblem[]; reason: string | null; repaired: Geometry | null };

/**
 * The server's verdict on a geometry: the structural checks (lib/planning/geometry-check),
 * then PostGIS's own validity and, for shapes it can mend, its repair as a preview. Every
 * PostGIS answer must come back as one row of non-null values: on the embedded engine a GEOS
 * failure ends the statement with no rows and no error (ARCHITECTURE.md), and then nothing
 * is judged valid.
 */
export async function judgeGeometry(db: Db, layer: PlanLayer, input: unknown): Promise<GeometryVerdict> {
  const structural = checkPlanGeometry(layer, input);
  const problems = structural.ok ? [] : structural.problems;
  if (!problems.every((p) => REPAIRABLE.has(p.code))) return { valid: false, problems, reason: null, repaired: null };
  // What PostGIS judges: the same shape with its rings closed (the structural verdict still names an open ring).
  const loose = checkPlanGeometry(layer, closeRings(input), { topology: false });
  if (!loose.ok) return { valid: false, problems: loose.problems, reason: null, repaired: null };

  const row = await postgisVerdict(db, loose.value.geometry, layer === 'zones' ? 'multipolygon' : 'as-is');
  if (!row || row.valid === null || row.empty === null) {
    throw new AppError('unprocessable', 'The database could not check this geometry; nothing was stored', [
      { path: 'geometry', message: 'geometry_check_failed' },
    ]);
  }
  if (row.empty) return { valid: false, problems: [{ code: 'empty' }], reason: null, repaired: null };
  if (row.valid && problems.length === 0) return { valid: true, geometry: loose.value.geometry };
  const named = problems.length ? problems : [{ code: 'self_intersection' as const, at: reasonLocation(row.reason) }];
  let repaired: Geometry | null = null;
  if (row.repaired && row.repaired_ok) {
    const candidate = JSON.parse(row.repaired) as Geometry;
    // A repair that changes the kind of shape (a polygon collapsing to a line) is no repair.
    if (checkPlanGeometry(layer, candidate).ok) repaired = candidate;
  }
  // PostGIS judged the closed shape: its "Valid Geometry" would contradict the problem named.
  return { valid: false, problems: named, reason: row.valid ? null : row.reason, repaired };
}

/**
 * The geometry to store: valid as sent, or — only when the planner confirmed the preview —
 * the repair, which is judged again before it is stored. Anything else is a 422 naming the
 * problems, with the repaired preview when there is one.
 */
export async function geometryToStore(db: Db, layer: PlanLayer, input: unknown, acceptRepair: boolean): Promise<Geometry> {
  const verdict = await judgeGeometry(db, layer, input);
  if (verdict.valid) return verdict.geometry;
  if (acceptRepair && verdict.repaired) {
    const again = await judgeGeometry(db, layer, verdict.repaired);
    if (again.valid) return again.geometry;
  }
  throw new AppError(
    'unprocessable',
    `Invalid geometry: ${verdict.problems.map((p) => p.code).join(', ')}`,
    verdict.problems.map((p) => ({ path: 'geometry', message: p.code })),
    { problems: verdict.problems, reason: verdict.reason, repaired: verdict.repaired },
  );
}

function closeRings(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const g = input as { type?: unknown; coordinates?: unknown };
  const close = (ring: unknown) => {
    if (!Array.isArray(ring) || ring.length < 3) return ring;
    const a = ring[0] as unknown, b = ring[ring.length - 1] as unknown;
    if (!Array.isArray(a) || !Array.isArray(b)) return ring;
    return a[0] !== b[0] || a[1] !== b[1] ? [...ring, a] : ring;
  };
  if (g.type === 'Polygon' && Array.isArray(g.coordinates)) return { ...g, coordinates: g.coordinates.map(close) };
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) {
    return { ...g, coordinates: g.coordinates.map((p) => (Array.isArray(p) ? p.map(close) : p)) };
  }
  return input;
}

function reasonLocation(reason: string | null): [number, number] | undefined {
  const m = reason?.match(/\[(-?[\d.e+-]+) (-?[\d.e+-]+)\]/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
