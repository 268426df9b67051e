import type { NextRequest } from 'next/server';
import { AppError } from '@/lib/api/errors';
import { GEOJSON_TYPE, JSON_TYPE, OPENAPI_TYPE } from '@/lib/ogc/links';

/** What a resource is served as: plain JSON, GeoJSON (features) or an OpenAPI document. */
export type Produces = 'json' | 'geojson' | 'openapi';

const MEDIA: Record<Produces, { type: string; accepts: string[] }> = {
  json: { type: JSON_TYPE, accepts: ['application/json'] },
  geojson: { type: GEOJSON_TYPE, accepts: ['application/geo+json', 'application/json'] },
  openapi: { type: OPENAPI_TYPE, accepts: ['application/vnd.oai.openapi+json', 'application/openapi+json', 'application/json'] },
};

/**
 * Content negotiation: `f=json` (validated with the query) chooses JSON; otherwise the Accept
 * header must allow the one encoding served (or anything), else 406. No Accept header is JSON.
 */
export function negotiate(req: NextRequest, produces: Produces): string {
  const { type, accepts } = MEDIA[produces];
  if (req.nextUrl.searchParams.has('f')) return type;
  const accept = req.headers.get('accept');
  if (!accept || !accept.trim()) return type;
  const ranges = accept.split(',').map((part) => {
    const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return { range: range ?? '', q: q ? Number(q.slice(2)) : 1 };
  });
  const ok = ranges.some(({ range, q }) => q > 0 && (range === '*/*' || range === 'application/*' || accepts.includes(range)));
  if (!ok) throw new AppError('not_acceptable', `This resource is served as ${type} only (or use f=json)`);
  return type;
}
