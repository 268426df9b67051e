import 'server-only';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { negotiate, type Produces } from '@/lib/ogc/negotiate';
import { ogcErrorResponse } from '@/lib/ogc/errors';

type ApiRouteArgs<Q extends z.ZodType, P extends z.ZodType> = Parameters<typeof apiRoute<Q, P>>;

/**
 * A route of the OGC API: apiRoute with a session or a personal API token, errors as OGC
 * exceptions, content negotiation, and the answer serialised with its media type.
 */
export function ogcRoute<Q extends z.ZodType, P extends z.ZodType>(
  options: Omit<ApiRouteArgs<Q, P>[0], 'allowApiToken' | 'errorResponse'> & { produces: Produces },
  handler: (ctx: Parameters<ApiRouteArgs<Q, P>[1]>[0]) => Promise<object | string>,
): (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> {
  const { produces, ...apiOptions } = options;
  return apiRoute<Q, P>({ ...apiOptions, allowApiToken: true, errorResponse: ogcErrorResponse }, async (ctx) => {
    const type = negotiate(ctx.req, produces);
    const body = await handler(ctx);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { headers: { 'Content-Type': type, 'Cache-Control': 'private, no-store', Vary: 'Accept, Authorization, Cookie' } });
  });
}
