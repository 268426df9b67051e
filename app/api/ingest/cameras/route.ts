import { listCameraMountings } from '@/db/queries/cameras';
import { deviceRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

/**
 * The cameras a device key may report for, with their mounting (position, bearing, field of
 * view, range), so an edge box can be configured from the portal and send bearing + range.
 */
export const GET = deviceRoute(async ({ device, database }) => ({
  device: { id: device.id, name: device.name },
  cameras: await listCameraMountings(database, device.cameraIds),
}));
