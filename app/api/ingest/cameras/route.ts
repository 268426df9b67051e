import type { NextRequest } from 'next/server';
import { inArray, isNull, and, sql } from 'drizzle-orm';
import { getDatabase } from '@/lib/database';
import { cameras } from '@/db/schema';
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
    const rows = device.cameraIds.length
      ? await database.db
          .select({
            id: cameras.id,
            code: cameras.code,
            name: cameras.name,
            kind: cameras.kind,
            bearingDeg: cameras.bearingDeg,
            fovDeg: cameras.fovDeg,
            rangeM: cameras.rangeM,
            lon: sql<number>`ST_X(${cameras.geom})`,
            lat: sql<number>`ST_Y(${cameras.geom})`,
          })
          .from(cameras)
          .where(and(inArray(cameras.id, device.cameraIds), isNull(cameras.retiredAt)))
      : [];
    return Response.json({ device: { id: device.id, name: device.name }, cameras: rows });
  } catch (err) {
    const error = toAppError(err, req.nextUrl.pathname);
    const res = errorResponse(error);
    if (error.code === 'unavailable') res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return res;
  }
}
