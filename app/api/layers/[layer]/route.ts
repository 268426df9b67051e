import { z } from 'zod';
import { getLayerGeoJson, LAYER_ACTION, LAYER_IDS } from '@/db/queries/layers';
import { apiRoute } from '@/lib/api/handler';
import { bboxSchema } from '@/lib/domain/bbox';

export const dynamic = 'force-dynamic';

const params = z.object({ layer: z.enum(LAYER_IDS) });
const query = z.object({ bbox: bboxSchema.optional() }).strict();

/** GeoJSON of one map layer, limited to `bbox` (west,south,east,north) and the caller's scope. */
export const GET = apiRoute({ params, query, action: (p) => LAYER_ACTION[p.layer] }, async ({ params, query, database, scope }) => {
  const body = await getLayerGeoJson(database, params.layer, { bbox: query.bbox, scope });
  return new Response(body, {
    headers: { 'Content-Type': 'application/geo+json; charset=utf-8', 'Cache-Control': 'private, no-store' },
  });
});
