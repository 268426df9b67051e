import { z } from 'zod';
import { getActivityTile } from '@/db/queries/activity-points';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { eventKindSchema, POINTS_MIN_ZOOM, withEventFilter } from '@/lib/detections/filters';

export const dynamic = 'force-dynamic';

const coordinate = z.string().regex(/^\d{1,7}$/, 'a whole number').transform(Number);
const params = z
  .object({ z: coordinate.pipe(z.number().min(POINTS_MIN_ZOOM).max(22)), x: coordinate, y: coordinate })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, 'x and y must be inside the zoom level');

const query = withEventFilter({ kind: eventKindSchema });

/**
 * Each detection or crossing of a period in one Mapbox vector tile (PostGIS ST_AsMVT), for the
 * map zoomed in from POINTS_MIN_ZOOM; 204 when the tile is empty. The server engine only: the
 * embedded one answers the same question as GeoJSON at /api/activity/points.
 */
export const GET = apiRoute({ action: 'detection:read', params, query }, async ({ params: tile, query: q, reads, scope }) => {
  const { kind, ...filter } = q;
  const database = await reads();
  if (database.engine !== 'postgres') throw new AppError('not_found', 'Vector tiles need the PostgreSQL server engine; ask /api/activity/points for GeoJSON');
  const body = await getActivityTile(database, scope, filter, kind, tile);
  // A tile of a fixed period changes only when a late point arrives: a minute in the browser's cache.
  const headers = { 'Cache-Control': 'private, max-age=60', Vary: 'Cookie' };
  if (!body) return new Response(null, { status: 204, headers });
  return new Response(new Uint8Array(body), { headers: { ...headers, 'Content-Type': 'application/vnd.mapbox-vector-tile' } });
});
