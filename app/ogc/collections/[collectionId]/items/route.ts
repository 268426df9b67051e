import { z } from 'zod';
import { COLLECTION_IDS } from '@/db/queries/ogc-collections';
import { COLLECTION_ACTION } from '@/lib/ogc/collections';
import { readItems } from '@/lib/ogc/items';
import { itemsQuery } from '@/lib/ogc/params';
import { ogcRoute } from '@/lib/ogc/route';

export const dynamic = 'force-dynamic';

const params = z.object({ collectionId: z.enum(COLLECTION_IDS) });

/** A page of a collection's features (GeoJSON), filtered by bbox and datetime, in the caller's scope. */
export const GET = ogcRoute({ params, query: itemsQuery, action: (p) => COLLECTION_ACTION[p.collectionId], produces: 'geojson' }, async ({ req, params, query, reads, scope }) =>
  readItems(req, await reads(), params.collectionId, query, scope),
);
