import type { NextRequest } from 'next/server';
import { getDatabase } from '@/lib/database';
import { listCameraMountings } from '@/db/queries/cameras';
import { errorResponse, RETRY_AFTER_SECONDS, toAppError } from '@/lib/api/handler';
import { authenticateDevice } from '@/lib/detections/device-keys';

export const dynamic = 'force-dynamic';

/**
 * The cameras a device key may report for, with their mounting (position, bearing, field of
 * view, range), so an edge box can be configured from the portal and send bearing + range.
 */
export async function GET(req: NextRequest): Promise<Response> {
  try {
    const database = await getDatabase();
    const device = await authenticateDevice(database, req.headers.get('authorization'));
    const rows = await listCameraMountings(database, device.cameraIds);
    return Response.json({ device: { id: device.id, name: device.name }, cameras: rows });
  } catch (err) {
    const error = toAppError(err, req.nextUrl.pathname);
    const res = errorResponse(error);
    if (error.code === 'unavailable') res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return res;
  }
}
