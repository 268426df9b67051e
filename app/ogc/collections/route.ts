import { COLLECTION_IDS, getCollectionExtent } from '@/db/queries/ogc-collections';
import { scopeFor } from '@/lib/auth/permissions';
import { COLLECTION_ACTION } from '@/lib/ogc/collections';
import { collectionDocument } from '@/lib/ogc/documents';
import { JSON_TYPE, ogcBase } from '@/lib/ogc/links';
import { metadataQuery } from '@/lib/ogc/params';
import { ogcRoute } from '@/lib/ogc/route';

export const dynamic = 'force-dynamic';

/** The collections the caller may read, each with its extent within the caller's scope. */
export const GET = ogcRoute({ action: 'map:view', query: metadataQuery, produces: 'json' }, async ({ req, user, database }) => {
  const base = ogcBase(req);
  const collections = [];
  for (const id of COLLECTION_IDS) {
    const scope = scopeFor(user, COLLECTION_ACTION[id]);
    if (scope) collections.push(collectionDocument(base, id, await getCollectionExtent(database, id, scope)));
  }
  return { links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'this document' }], collections };
});
