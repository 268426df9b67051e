import { NextRequest } from 'next/server';
import { expect } from 'vitest';
import type { Feature, Json } from '@/test/support/bbox-reference';

// The OGC API – Features routes and the layer exports called as Next calls them (the handler
// of the path, with its params), and a client that follows `next` links as QGIS does.

type RouteModule = { GET: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> };

export interface RouteAnswer {
  status: number;
  headers: Headers;
  text: string;
  bytes: Uint8Array;
  json: () => Json;
}

/** Calls the route handler that serves `path`, as Next would. */
export async function callOgc(path: string, token: string | null, extraHeaders: Record<string, string> = {}): Promise<RouteAnswer> {
  const url = new URL(path, 'http://vigil.test');
  const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let mod: RouteModule;
  let params: Record<string, string> = {};
  if (seg[0] === 'api' && seg[1] === 'export') {
    mod = await import('@/app/api/export/[collection]/route');
    params = { collection: seg[2]! };
  } else if (seg.length === 1) mod = await import('@/app/ogc/route');
  else if (seg[1] === 'conformance') mod = await import('@/app/ogc/conformance/route');
  else if (seg[1] === 'api') mod = await import('@/app/ogc/api/route');
  else if (seg.length === 2) mod = await import('@/app/ogc/collections/route');
  else if (seg.length === 3) {
    mod = await import('@/app/ogc/collections/[collectionId]/route');
    params = { collectionId: seg[2]! };
  } else if (seg.length === 4) {
    mod = await import('@/app/ogc/collections/[collectionId]/items/route');
    params = { collectionId: seg[2]! };
  } else {
    mod = await import('@/app/ogc/collections/[collectionId]/items/[featureId]/route');
    params = { collectionId: seg[2]!, featureId: seg[4]! };
  }
  const headers = { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extraHeaders };
  const res = await mod.GET(new NextRequest(url, { headers }), { params: Promise.resolve(params) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes); // drops a byte order mark: see `bytes`
  return { status: res.status, headers: res.headers, text, bytes, json: () => JSON.parse(text) };
}

/** Every feature of a collection, following `next` links as a client does. */
export async function allOgcPages(collection: string, query: string, token: string, limit = 1000): Promise<{ features: Feature[]; pages: number; matched: number[] }> {
  let href: string | undefined = `/ogc/collections/${collection}/items?limit=${limit}${query ? `&${query}` : ''}`;
  const features: Feature[] = [];
  const matched: number[] = [];
  let pages = 0;
  while (href) {
    const res = await callOgc(href, token);
    expect(res.status, res.text).toBe(200);
    const body = res.json();
    features.push(...body.features);
    matched.push(body.numberMatched);
    expect(body.numberReturned).toBe(body.features.length);
    pages++;
    const next = body.links.find((l: { rel: string }) => l.rel === 'next');
    href = next ? new URL(next.href).pathname + new URL(next.href).search : undefined;
  }
  return { features, pages, matched };
}

