import { z } from 'zod';

export type BBox = [west: number, south: number, east: number, north: number];

const coordinate = z.string().trim().min(1).transform(Number).pipe(z.number().finite());

/**
 * A `bbox=west,south,east,north` query parameter in WGS84 degrees, as in OGC API Features.
 * Boxes crossing the antimeridian are refused: nothing Vigil shows is near it.
 */
export const bboxSchema = z
  .string()
  .transform((s) => s.split(','))
  .pipe(z.array(coordinate).length(4, 'bbox needs exactly 4 numbers: west,south,east,north'))
  .transform((n) => n as BBox)
  .superRefine(([w, s, e, n], ctx) => {
    if (w < -180 || e > 180) ctx.addIssue({ code: 'custom', message: 'bbox longitudes must be within -180..180' });
    if (s < -90 || n > 90) ctx.addIssue({ code: 'custom', message: 'bbox latitudes must be within -90..90' });
    if (w >= e) ctx.addIssue({ code: 'custom', message: 'bbox west must be less than east' });
    if (s >= n) ctx.addIssue({ code: 'custom', message: 'bbox south must be less than north' });
  });
