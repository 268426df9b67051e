import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getDatabase, type Database } from '@/db/client';
import { readBodyText } from '@/lib/api/body';
import { AppError } from '@/lib/api/errors';
import { can, scopeFor, type Action } from '@/lib/auth/permissions';
import { getCurrentUser, type CurrentUser } from '@/lib/auth/session';
import { getLogger } from '@/lib/logger';

export interface ApiContext<Q, P> {
  req: NextRequest;
  user: CurrentUser;
  query: Q;
  params: P;
  database: Database;
  /** The list filter this user's permission implies (see lib/auth/permissions). */
  scope: { provinceCode: string | null; agencyId: string | null };
}

/** Parses a JSON body with a schema: 400 with the reasons when it is not valid, 413 when too large. */
export async function readJsonBody<T extends z.ZodType>(req: NextRequest, schema: T, maxBytes = 64 * 1024): Promise<z.infer<T>> {
  const text = await readBodyText(req, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'Body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('bad_request', 'Invalid body', zodIssues(parsed.error, 'body'));
  return parsed.data;
}

interface ApiOptions<Q extends z.ZodType, P extends z.ZodType> {
  /** The permission every call needs; resource-level checks use `can` inside the handler. */
  action: Action | ((params: z.infer<P>) => Action);
  query?: Q;
  params?: P;
}

/** The client's address as the reverse proxy reports it; only for the audit log. */
export function clientIp(headers: Headers): string | null {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || null;
}

export function errorResponse(error: AppError): NextResponse {
  return NextResponse.json(error.toJSON(), { status: error.status });
}

function zodIssues(error: z.ZodError, prefix: string) {
  return error.issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }));
}

/**
 * The one wrapper for route handlers: session (401), permission (403), input validation
 * (400 with the reasons), and errors mapped to JSON. Handlers return a Response or JSON data.
 */
export function apiRoute<Q extends z.ZodType = z.ZodObject<Record<string, never>>, P extends z.ZodType = z.ZodObject<Record<string, never>>>(
  options: ApiOptions<Q, P>,
  handler: (ctx: ApiContext<z.infer<Q>, z.infer<P>>) => Promise<Response | object>,
) {
  return async (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new AppError('unauthorized', 'Sign in required');
      const rawParams = (await context.params) ?? {};
      // Without a schema the default type parameter is an empty object, which z.object({}) is.
      const params = ((options.params ?? z.object({})) as P).safeParse(rawParams);
      if (!params.success) throw new AppError('not_found', 'No such resource', zodIssues(params.error, 'path'));
      const action = typeof options.action === 'function' ? options.action(params.data) : options.action;
      const scope = scopeFor(user, action);
      if (!scope || !can(user, action)) throw new AppError('forbidden', `Your role may not ${action}`);
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
      const query = ((options.query ?? z.object({})) as Q).safeParse(rawQuery);
      if (!query.success) throw new AppError('bad_request', 'Invalid query parameters', zodIssues(query.error, 'query'));
      const database = await getDatabase();
      const result = await handler({ req, user, query: query.data, params: params.data, database, scope });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      if (err instanceof AppError) return errorResponse(err);
      getLogger().error({ err: err instanceof Error ? err.message : String(err), path: req.nextUrl.pathname }, 'unhandled API error');
      return errorResponse(new AppError('internal', 'The server could not complete the request'));
    }
  };
}
