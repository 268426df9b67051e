import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { revokeDeviceKey } from '@/lib/detections/device-keys';

export const dynamic = 'force-dynamic';

/** Revokes a device key; the device's later requests get 401. */
export const DELETE = apiRoute({ params: z.object({ id: z.string().uuid() }), action: 'device:manage' }, async ({ params, user, database, ip }) => {
  await revokeDeviceKey(database, params.id, user, ip);
  return { ok: true };
});
