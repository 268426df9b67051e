// How far a camera sees by day and by night: the one rule, used by the gap analysis (which
// hands the SQL the ranges computed here) and by the map's coverage overlay.
//
//   day   = range_m
//   night = night_range_m when it is set; otherwise an infrared camera keeps its reach
//           (range_m) and any other camera sees NIGHT_FACTOR_WITHOUT_IR × range_m.

export type CoveragePeriod = 'day' | 'night';
export const COVERAGE_PERIODS = ['day', 'night'] as const satisfies readonly CoveragePeriod[];

/** What a camera without infrared still sees at night, as a share of its daytime reach. */
export const NIGHT_FACTOR_WITHOUT_IR = 0.3;

export interface CameraReach {
  rangeM: number;
  /** Measured or configured reach at night; null or undefined derives it. */
  nightRangeM?: number | null;
  infrared: boolean;
}

/** The camera's reach in metres in this period (never negative). */
export function cameraRangeM(camera: CameraReach, period: CoveragePeriod): number {
  const day = Math.max(0, camera.rangeM);
  if (period === 'day') return day;
  if (camera.nightRangeM !== null && camera.nightRangeM !== undefined) return Math.max(0, camera.nightRangeM);
  return camera.infrared ? day : day * NIGHT_FACTOR_WITHOUT_IR;
}
