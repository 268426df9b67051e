import type { NextRequest } from 'next/server';
import { getDatabase } from '@/lib/database';
import { AppError } from '@/lib/api/errors';
import { errorResponse, RETRY_AFTER_SECONDS, toAppError } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi';
import { can } from '@/lib/auth/permissions';
import { getCurrentUser } from '@/lib/auth/session';
import { authenticateDevice } from '@/lib/detections/device-keys';

export const dynamic = 'force-dynamic';

/** The API description, for integrators: readable with a device key or by any signed-in user. */
export async function GET(req: NextRequest): Promise<Response> {
  try {
    const authorization = req.headers.get('authorization');
    if (authorization) await authenticateDevice(await getDatabase(), authorization);
    else {
      const user = await getCurrentUser();
      if (!user) throw new AppError('unauthorized', 'Sign in, or send a device key');
      if (!can(user, 'account:self')) throw new AppError('forbidden', 'Not permitted');
    }
    return Response.json(openApiDocument(req.nextUrl.origin));
  } catch (err) {
    const error = toAppError(err, req.nextUrl.pathname);
    const res = errorResponse(error);
    if (error.code === 'unavailable') res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return res;
  }
}
