import { z } from 'zod';
import { COLLECTION_IDS } from '@/db/queries/ogc-collections';
import { apiRoute } from '@/lib/api/handler';
import { exportLayer, LAYER_EXPORT_FORMATS } from '@/lib/export/layers';
import { bboxSchema } from '@/lib/domain/bbox';
import { COLLECTION_ACTION } from '@/lib/ogc/collections';

export const dynamic = 'force-dynamic';

const params = z.object({ collection: z.enum(COLLECTION_IDS) });
const query = z.object({ format: z.enum(LAYER_EXPORT_FORMATS).default('geojson'), bbox: bboxSchema.optional() }).strict();

/**
 * A layer (zones, routes, posts, cameras, border) as GeoJSON, KML or CSV, in the caller's scope,
 * for a session or a personal API token. Audited.
 */
export const GET = apiRoute({ params, query, action: (p) => COLLECTION_ACTION[p.collection], allowApiToken: true }, async ({ params, query, user, database, scope, ip }) => {
  const file = await exportLayer(database, { id: user.id, username: user.username, ip }, params.collection, query.format, { scope, bbox: query.bbox });
  return new Response(file.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'X-Total-Rows': String(file.rows),
      'Cache-Control': 'private, no-store',
    },
  });
});
