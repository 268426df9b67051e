import { z } from 'zod';
import { COLLECTION_IDS } from '@/db/queries/ogc-collections';
import { COLLECTION_ACTION } from '@/lib/ogc/collections';
import { readItem } from '@/lib/ogc/items';
import { metadataQuery } from '@/lib/ogc/params';
import { ogcRoute } from '@/lib/ogc/route';

export const dynamic = 'force-dynamic';

const params = z.object({ collectionId: z.enum(COLLECTION_IDS), featureId: z.string().min(1).max(200) });

/** One feature (GeoJSON); 404 when it does not exist, is retired or is outside the caller's scope. */
export const GET = ogcRoute({ params, query: metadataQuery, action: (p) => COLLECTION_ACTION[p.collectionId], produces: 'geojson' }, async ({ req, params, database, scope }) =>
  readItem(req, database, params.collectionId, params.featureId, scope),
);
