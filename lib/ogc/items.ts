import 'server-only';
import type { NextRequest } from 'next/server';
import type { Database } from '@/db/client';
import { collectionHasTime, getCollectionFeature, getCollectionPage, type CollectionId } from '@/db/queries/ogc-collections';
import type { Scope } from '@/db/queries/scope';
import { AppError } from '@/lib/api/errors';
import { JSON_TYPE, ogcBase, pageLinks, selfHref, GEOJSON_TYPE } from '@/lib/ogc/links';
import type { ItemsQuery } from '@/lib/ogc/params';

/**
 * One page of items as a GeoJSON FeatureCollection string: the features array comes from
 * PostGIS as text and is not parsed here; the envelope adds the counts and paging links.
 */
export async function readItems(req: NextRequest, database: Database, id: CollectionId, query: ItemsQuery, scope: Scope): Promise<string> {
  if (query.datetime && !collectionHasTime(id)) {
    throw new AppError('bad_request', `Collection ${id} has no time to filter by`, [{ path: 'query.datetime', message: 'not supported by this collection' }]);
  }
  const page = await getCollectionPage(database, id, { scope, bbox: query.bbox, time: query.datetime, limit: query.limit, offset: query.offset });
  const links = pageLinks(req, `${ogcBase(req)}/collections/${id}`, { offset: query.offset, limit: query.limit, numberReturned: page.numberReturned, numberMatched: page.numberMatched });
  const head = { type: 'FeatureCollection', timeStamp: new Date().toISOString(), numberMatched: page.numberMatched, numberReturned: page.numberReturned, links };
  return `${JSON.stringify(head).slice(0, -1)},"features":${page.features}}`;
}

/** One feature with its links; 404 when it does not exist, is retired or is outside the scope. */
export async function readItem(req: NextRequest, database: Database, id: CollectionId, featureId: string, scope: Scope): Promise<object> {
  const text = await getCollectionFeature(database, id, featureId, scope);
  if (!text) throw new AppError('not_found', `No feature ${featureId} in ${id}`);
  const collection = `${ogcBase(req)}/collections/${id}`;
  return {
    ...(JSON.parse(text) as object),
    links: [
      { href: selfHref(req), rel: 'self', type: GEOJSON_TYPE, title: 'this feature' },
      { href: collection, rel: 'collection', type: JSON_TYPE, title: 'the collection' },
    ],
  };
}
