import 'server-only';
import { createHash } from 'node:crypto';
import type { Database } from '@/db/client';
import {
  BorderGeometryError,
  computeBorderCoverage,
  COVERAGE_STEP_M,
  getBorderProvinces,
  getCoverageCameras,
  hasTraceBorder,
  type CoverageStretchRow,
  type LineStringGeometry,
  type MultiLineStringGeometry,
  type NearestPost,
} from '@/db/queries/border-coverage';
import type { Scope } from '@/db/queries/scope';
import type { TraceSection } from '@/db/queries/border-trace';
import { AppError } from '@/lib/api/errors';
import { TtlCache } from '@/lib/cache/ttl-cache';
import { cameraRangeM, type CoveragePeriod } from '@/lib/coverage/ranges';
import type { ProposedCamera } from '@/lib/coverage/schemas';

// The border gap analysis as the routes and the map see it: which cameras count (the caller's
// scope, not retired), their reach in the period (lib/coverage/ranges), kilometres rounded for
// reading, and a cache keyed by everything the answer depends on.

export interface CoverageStretch {
  /** Kilometres along the border from its western end, to one decimal. */
  fromKm: number;
  toKm: number;
  /** Length in kilometres (metre precision). */
  lengthKm: number;
  sections: TraceSection[];
  geometry: LineStringGeometry | null;
  nearestPost?: NearestPost | null;
}

export interface SectionCoverage {
  section: TraceSection;
  totalKm: number;
  coveredKm: number;
  /** coveredKm / totalKm, 0…1. */
  coveredShare: number;
}

export interface BorderCoverage {
  provinceCode: string;
  period: CoveragePeriod;
  /** Metres between samples (the line divided into equal intervals of at most 50 m). */
  stepM: number;
  cameraCount: number;
  /** The cameras counted, with their reach in this period (for drawing their sectors). */
  cameras: { id: string; lon: number; lat: number; bearingDeg: number; fovDeg: number; rangeM: number }[];
  totalKm: number;
  coveredKm: number;
  /**
   * How far coveredKm can be from the exact figure because the line is sampled: each end of a
   * covered stretch is within half a step of the true edge, so ± (ends × step / 2). Stretches
   * and gaps shorter than a step can be missed altogether; that is below this resolution.
   */
  coveredUncertaintyKm: number;
  coveredShare: number;
  sections: SectionCoverage[];
  /** Uncovered stretches, longest first, with the nearest post. */
  gaps: CoverageStretch[];
  covered: { stretches: CoverageStretch[]; geometry: MultiLineStringGeometry | null };
  /** Present when proposed cameras were given. */
  proposed?: {
    /** Covered without the proposed cameras. */
    baseCoveredKm: number;
    addedKm: number;
    cameras: { index: number; rangeM: number; addedKm: number }[];
    /** Stretches only the proposed cameras see, longest first. */
    newlyCovered: CoverageStretch[];
  };
}

const km = (m: number) => Math.round(m) / 1000;
const km1 = (m: number) => Math.round(m / 100) / 10;
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

function stretch(s: CoverageStretchRow): CoverageStretch {
  return {
    fromKm: km1(s.fromM),
    toKm: km1(s.toM),
    lengthKm: km(s.toM - s.fromM),
    sections: s.sections,
    geometry: s.geometry,
    ...(s.nearestPost !== undefined ? { nearestPost: s.nearestPost } : {}),
  };
}

/**
 * The province to analyse: the one asked for (within the caller's scope), else the caller's
 * own, else (national users) the first province with a land or river border.
 */
export async function resolveCoverageProvince(database: Database, scope: Scope, requested?: string): Promise<string> {
  if (requested && scope.provinceCode && requested !== scope.provinceCode) throw new AppError('forbidden', 'That province is outside your scope');
  const province = requested ?? scope.provinceCode ?? (await getBorderProvinces(database))[0];
  if (!province || !(await hasTraceBorder(database, province))) throw new AppError('not_found', 'No land or river border is loaded for this province');
  return province;
}

/**
 * Answers stay valid while nothing they depend on changes; the key holds all of it (each
 * camera's position, bearing, angle and ranges, the proposed cameras, the border and the
 * posts), so a camera moved or turned a moment ago gives a new key, never a stale answer.
 */
const cache = new TtlCache<string, BorderCoverage>(10 * 60_000, 200);

export function clearCoverageCache(): void {
  cache.clear();
}

export async function getBorderCoverage(
  database: Database,
  options: { scope: Scope; provinceCode: string; period: CoveragePeriod; proposed?: ProposedCamera[]; stepM?: number },
): Promise<BorderCoverage> {
  const { scope, provinceCode, period } = options;
  const stepM = options.stepM ?? COVERAGE_STEP_M;
  const proposed = options.proposed ?? [];
  const { cameras, context } = await getCoverageCameras(database, scope, provinceCode);
  const key = createHash('sha256')
    .update(JSON.stringify({ provinceCode, period, stepM, scope, context, cameras, proposed, engine: database.engine }))
    .digest('base64url');
  const hit = cache.get(key);
  if (hit) return hit;

  // Existing cameras first, proposed ones after them (the query numbers them in this order).
  const inputs = [
    ...cameras.map((c) => ({ lon: c.lon, lat: c.lat, bearingDeg: c.bearingDeg, fovDeg: c.fovDeg, rangeM: cameraRangeM(c, period), proposed: false })),
    ...proposed.map((c) => ({ lon: c.lon, lat: c.lat, bearingDeg: c.bearingDeg, fovDeg: c.fovDeg, rangeM: cameraRangeM(c, period), proposed: true })),
  ];
  let raw;
  try {
    raw = await computeBorderCoverage(database, { provinceCode, cameras: inputs, postScope: scope, stepM });
  } catch (err) {
    if (err instanceof BorderGeometryError) throw new AppError('internal', `Coverage could not be computed: ${err.message}`);
    throw err;
  }
  const coveredM = raw.sections.reduce((sum, s) => sum + s.coveredM, 0);
  const baseM = raw.sections.reduce((sum, s) => sum + s.baseCoveredM, 0);
  const coveredStretches = raw.covered.map(stretch);
  const pieces = coveredStretches.map((s) => s.geometry?.coordinates).filter((c): c is [number, number][] => Array.isArray(c) && c.length > 1);
  const result: BorderCoverage = {
    provinceCode,
    period,
    stepM: Math.round(raw.stepM * 100) / 100,
    cameraCount: cameras.length,
    cameras: cameras.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, bearingDeg: c.bearingDeg, fovDeg: c.fovDeg, rangeM: cameraRangeM(c, period) })),
    totalKm: km(raw.totalM),
    coveredKm: km(coveredM),
    coveredUncertaintyKm: km(coveredStretches.length * raw.stepM),
    coveredShare: share(coveredM, raw.totalM),
    sections: raw.sections.map((s) => ({ section: s.section, totalKm: km(s.totalM), coveredKm: km(s.coveredM), coveredShare: share(s.coveredM, s.totalM) })),
    gaps: raw.gaps.map(stretch),
    covered: { stretches: coveredStretches, geometry: pieces.length ? { type: 'MultiLineString', coordinates: pieces } : null },
    ...(raw.added
      ? {
          proposed: {
            baseCoveredKm: km(baseM),
            addedKm: km(raw.added.totalM),
            cameras: proposed.map((c, index) => ({ index, rangeM: cameraRangeM(c, period), addedKm: km(raw.added!.perCamera.find((p) => p.index === index)?.addedM ?? 0) })),
            newlyCovered: raw.added.stretches.map(stretch),
          },
        }
      : {}),
  };
  cache.set(key, result);
  return result;
}
