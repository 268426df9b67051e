import type { NextRequest } from 'next/server';
import { apiRoute, deviceRoute } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

const forDevices = deviceRoute(async ({ req }) => openApiDocument(req.nextUrl.origin));
const forPeople = apiRoute({ action: 'account:self' }, async ({ req }) => openApiDocument(req.nextUrl.origin));

/** The API description, for integrators: readable with a device key or by any signed-in user. */
export async function GET(req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }): Promise<Response> {
  return req.headers.get('authorization') ? forDevices(req) : forPeople(req, context);
}
