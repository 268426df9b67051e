import type { NextRequest } from 'next/server';
import { ownOrigin } from '@/lib/api/handler';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

/** The API's root as clients reach it (NEXTAUTH_URL's origin behind a proxy): links are absolute. */
export function ogcBase(req: NextRequest): string {
  return `${ownOrigin(req)}/ogc`;
}

/** This request's URL on that root, with its query parameters (the `self` link). */
export function selfHref(req: NextRequest, changes: Record<string, string | null> = {}): string {
  const params = new URLSearchParams(req.nextUrl.searchParams);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return `${ownOrigin(req)}${req.nextUrl.pathname}${query ? `?${query}` : ''}`;
}

/** Links of one page of items: self, the next and previous pages where there are any, the collection. */
export function pageLinks(req: NextRequest, collectionHref: string, page: { offset: number; limit: number; numberReturned: number; numberMatched: number }): Link[] {
  const links: Link[] = [{ href: selfHref(req), rel: 'self', type: GEOJSON_TYPE, title: 'this page' }];
  if (page.offset + page.numberReturned < page.numberMatched) {
    links.push({ href: selfHref(req, { offset: String(page.offset + page.numberReturned), limit: String(page.limit) }), rel: 'next', type: GEOJSON_TYPE, title: 'next page' });
  }
  if (page.offset > 0) {
    const previous = Math.max(0, page.offset - page.limit);
    links.push({ href: selfHref(req, { offset: previous === 0 ? null : String(previous), limit: String(page.limit) }), rel: 'prev', type: GEOJSON_TYPE, title: 'previous page' });
  }
  links.push({ href: collectionHref, rel: 'collection', type: JSON_TYPE, title: 'the collection' });
  return links;
}
