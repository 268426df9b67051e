// Detections and crossings as every floor names them: the classes, the one filter (its parsed
// form; the query-string parser is lib/detections/filters.ts), the night hours and the cells
// and buckets heatmaps and playback count in.

export const DETECTION_CLASSES = ['person', 'vehicle', 'boat', 'animal', 'unknown'] as const;
export type DetectionClass = (typeof DETECTION_CLASSES)[number];

const DAY_MS = 86_400_000;

/** Edge boxes may buffer through an outage, but not for weeks: older points are refused. */
export const MAX_LATE_DAYS = 7;

/**
 * The shortest detection retention allowed: a late point pairs with its track's neighbours,
 * and deleting those before the point may still arrive would lose the crossing it makes.
 */
export const MIN_RETENTION_DAYS = MAX_LATE_DAYS + 1;

/** Longest period a heatmap, search or export may cover. */
export const MAX_PERIOD_DAYS = 92;

/** The one filter for detections and crossings, as parsed: heatmaps, the events page and exports read it. */
export interface EventFilter {
  from: Date;
  to: Date;
  class?: DetectionClass[];
  zone?: string;
  camera?: string;
  /** In steps of 0.1, the resolution of the hourly counts. */
  minConfidence: number;
  daynight: 'all' | 'day' | 'night';
  direction?: 'into_vn' | 'out_of_vn';
}

/** Local hours counted as night for the day/night filter (Asia/Ho_Chi_Minh): 18:00–05:59. */
export const NIGHT_FROM_HOUR = 18;
export const NIGHT_TO_HOUR = 6;

/** Heatmap cells: about this many screen pixels wide at the requested zoom, never finer than the stored cells. */
export function cellSizeDeg(zoom: number, baseDeg: number, pixels = 16): number {
  const degPerPixel = 360 / (256 * 2 ** zoom);
  const size = degPerPixel * pixels;
  // A whole multiple of the stored cell, so every stored cell falls in exactly one shown cell.
  return Math.max(1, Math.round(size / baseDeg)) * baseDeg;
}

/** Playback buckets: hours for up to eight days, days beyond that. */
export function bucketFor(from: Date, to: Date): 'hour' | 'day' {
  return to.getTime() - from.getTime() <= 8 * DAY_MS ? 'hour' : 'day';
}

/**
 * Each point of a period is drawn from this zoom in (about 10 km across a 512-pixel tile);
 * further out the heatmap's counted cells say more than millions of dots.
 */
export const POINTS_MIN_ZOOM = 12;

/** Points of one tile or one view at most; past it the answer says it was cut. */
export const MAX_POINT_FEATURES = 20_000;

/** The widest view points are asked for at once (degrees a side): a wall screen at zoom 12. */
export const MAX_POINTS_BBOX_DEG = 0.6;
