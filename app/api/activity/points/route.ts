import { z } from 'zod';
import { listActivityPoints } from '@/db/queries/activity-points';
import { apiRoute } from '@/lib/api/handler';
import { eventKindSchema, MAX_POINTS_BBOX_DEG, POINTS_MIN_ZOOM, withEventFilter } from '@/lib/detections/filters';

export const dynamic = 'force-dynamic';

const bbox = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .refine(([w, s, e, n]) => w < e && s < n, 'bbox is west,south,east,north with west < east and south < north')
  .refine(([w, s, e, n]) => e - w <= MAX_POINTS_BBOX_DEG && n - s <= MAX_POINTS_BBOX_DEG, `bbox wider than ${MAX_POINTS_BBOX_DEG}° a side; zoom in`);

const query = withEventFilter({ kind: eventKindSchema, bbox, zoom: z.coerce.number().int().min(POINTS_MIN_ZOOM).max(22) });

/**
 * Each detection or crossing of a period inside a view, as GeoJSON (points on one pixel counted
 * together): the embedded engine's way to draw what the server engine sends as vector tiles.
 */
export const GET = apiRoute({ action: 'detection:read', query }, async ({ query: q, reads, scope }) => {
  const { kind, bbox: view, zoom, ...filter } = q;
  return listActivityPoints(await reads(), scope, filter, kind, { bbox: view, zoom });
});
