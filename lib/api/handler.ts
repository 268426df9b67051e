import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { type Database } from '@/db/client';
import { getDatabase, getReadDatabase } from '@/lib/database';
import { describeDatabaseError, isDatabaseUnavailable } from '@/db/errors';
import { readBodyText } from '@/lib/api/body';
import { AppError } from '@/lib/api/errors';
import { authenticateApiToken, hasBearer } from '@/lib/auth/api-tokens';
import { can, scopeFor, type Action, type ActorScope } from '@/lib/auth/permissions';
import { getCurrentUser, type CurrentUser } from '@/lib/auth/session';
import { authenticateDevice, type Device } from '@/lib/detections/device-keys';
import { getLogger } from '@/lib/logger';
import { clientAddress } from '@/lib/net/client-address';

export interface ApiContext<Q, P> {
  req: NextRequest;
  user: CurrentUser;
  query: Q;
  params: P;
  database: Database;
  /**
   * Where this request's heavy reads may go when they may be a few seconds stale (heatmaps,
   * search, exports, OGC): the read replica when one is set and current, else `database`.
   * Writes (the audit of an export) and reads of one's own writes stay on `database`.
   */
  reads: () => Promise<Database>;
  /** The list filter this user's permission implies (see lib/auth/permissions). */
  scope: ActorScope;
  /** The client's address (lib/net/client-address), for the audit log. */
  ip: string | null;
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
  /**
   * For the routes GIS clients call (OGC API, layer exports) only: a personal API token
   * (`Authorization: Bearer vgl_…`, lib/auth/api-tokens) counts as its user, and a 401 says
   * `WWW-Authenticate: Bearer`. Every other route ignores the header.
   */
  allowApiToken?: boolean;
  /**
   * The one body type the route takes: JSON by default; a file checked as it is (an archive)
   * where base64 in JSON would cost a third more. Neither can be sent by a cross-site form.
   */
  bodyType?: BodyType;
  /** How errors are written; Vigil's `{ error }` JSON by default (the OGC API has its own). */
  errorResponse?: (error: AppError) => Response;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type BodyType = 'application/json' | 'application/zip';

/**
 * Cross-site request forgery: a state-changing call carried by the session cookie must come
 * from this site's own pages (Sec-Fetch-Site, or Origin against this site's origin) and be
 * JSON, which a form on another site (another port of this host included) cannot send
 * without the browser asking first. Clients that send neither header are not browsers and
 * cannot be made to forge a request.
 */
export function checkSameOrigin(req: Request, bodyType: BodyType = 'application/json'): void {
  if (SAFE_METHODS.has(req.method)) return;
  checkSameSite(req);
  if (req.method !== 'DELETE') {
    const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== bodyType) throw new AppError('unsupported_media', `Send the body as ${bodyType}`);
  }
}

/**
 * The origin half of checkSameOrigin, for the sign-in and sign-out forms (form-encoded by the
 * auth library, so the JSON rule cannot apply): a browser's request must come from this site.
 */
export function checkSameSite(req: Request): void {
  const refuse = (why: string) => {
    throw new AppError('forbidden', `Cross-site request refused: ${why}`);
  };
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') refuse(`Sec-Fetch-Site is ${site}`);
  const origin = req.headers.get('origin');
  if (origin !== null && origin !== ownOrigin(req)) refuse('Origin is not this site');
}

/** This site's origin: NEXTAUTH_URL when set (behind a proxy), else the Host the request was sent to. */
export function ownOrigin(req: Request): string {
  const configured = process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // settings validation reports it
    }
  }
  const host = req.headers.get('host') ?? new URL(req.url).host;
  const proto = new URL(req.url).protocol;
  return `${proto}//${host}`;
}

export function errorResponse(error: AppError): NextResponse {
  return NextResponse.json(error.toJSON(), { status: error.status });
}

function zodIssues(error: z.ZodError, prefix: string) {
  return error.issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }));
}

/** How long a client is asked to wait when the database is briefly away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Any failure as the error the client gets: an AppError as it is; the database being away (also
 * while checking the session or a token) as 503 with Retry-After; anything else, a bug, as 500.
 * Logged by path only (never the query string, which can carry ids) and without SQL parameters.
 */
export function toAppError(err: unknown, path: string): AppError {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) {
    getLogger().warn({ err: describeDatabaseError(err), path }, 'database unavailable');
    return new AppError('unavailable', 'The database is briefly unavailable; try again in a few seconds');
  }
  getLogger().error({ err: describeDatabaseError(err), path }, 'unhandled API error');
  return new AppError('internal', 'The server could not complete the request');
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
      const user = options.allowApiToken && hasBearer(req.headers.get('authorization')) ? await authenticateApiToken(await getDatabase(), req.headers.get('authorization')) : await getCurrentUser();
      if (!user) throw new AppError('unauthorized', 'Sign in required');
      checkSameOrigin(req, options.bodyType);
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
      const result = await handler({ req, user, query: query.data, params: params.data, database, reads: getReadDatabase, scope, ip: clientAddress(req.headers) });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      const error = toAppError(err, req.nextUrl.pathname);
      const res = (options.errorResponse ?? errorResponse)(error);
      if (error.code === 'unauthorized' && options.allowApiToken) res.headers.set('WWW-Authenticate', 'Bearer realm="vigil"');
      if (error.code === 'unavailable') res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
      return res;
    }
  };
}

export interface DeviceContext {
  req: NextRequest;
  device: Device;
  database: Database;
}

/**
 * The wrapper for routes that AI cameras and edge boxes call with a device API key instead of a
 * session: the key (401), then the handler, with errors mapped as apiRoute maps them (503 with
 * Retry-After when the database is away, 500 for a bug). `unavailable` says what a device should
 * do then (the ingest: send the same batch again).
 */
export function deviceRoute(handler: (ctx: DeviceContext) => Promise<Response | object>, options: { unavailable?: string } = {}) {
  return async (req: NextRequest): Promise<Response> => {
    try {
      const database = await getDatabase();
      const device = await authenticateDevice(database, req.headers.get('authorization'));
      const result = await handler({ req, device, database });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      let error = toAppError(err, req.nextUrl.pathname);
      if (error.code === 'unavailable' && options.unavailable) error = new AppError('unavailable', options.unavailable);
      const res = errorResponse(error);
      if (error.code === 'unauthorized') res.headers.set('WWW-Authenticate', 'Bearer realm="vigil-devices"');
      if (error.code === 'unavailable') res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
      return res;
    }
  };
}

