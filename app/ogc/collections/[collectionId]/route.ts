import { z } from 'zod';
import { COLLECTION_IDS, getCollectionExtent } from '@/db/queries/ogc-collections';
import { COLLECTION_ACTION } from '@/lib/ogc/collections';
import { collectionDocument } from '@/lib/ogc/documents';
import { ogcBase } from '@/lib/ogc/links';
import { metadataQuery } from '@/lib/ogc/params';
import { ogcRoute } from '@/lib/ogc/route';

export const dynamic = 'force-dynamic';

const params = z.object({ collectionId: z.enum(COLLECTION_IDS) });

/** One collection: title, extent (within the caller's scope) and the link to its items. */
export const GET = ogcRoute({ params, query: metadataQuery, action: (p) => COLLECTION_ACTION[p.collectionId], produces: 'json' }, async ({ req, params, database, scope }) =>
  collectionDocument(ogcBase(req), params.collectionId, await getCollectionExtent(database, params.collectionId, scope)),
);
