import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { devices } from '@/db/schema';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { createDeviceKey } from '@/lib/detections/device-keys';

export const dynamic = 'force-dynamic';

const createSchema = z.object({ name: z.string().trim().min(1).max(200), cameraIds: z.array(z.string().uuid()).min(1).max(500) }).strict();

/** Device keys: listed without the key; created keys are shown once in the response. */
export const GET = apiRoute({ action: 'device:manage' }, async ({ database }) => ({
  devices: await database.db
    .select({ id: devices.id, name: devices.name, cameraIds: devices.cameraIds, keyPrefix: devices.keyPrefix, createdAt: devices.createdAt, revokedAt: devices.revokedAt, lastUsedAt: devices.lastUsedAt })
    .from(devices)
    .orderBy(desc(devices.createdAt)),
}));

export const POST = apiRoute({ action: 'device:manage' }, async ({ req, user, database }) => {
  const input = await readJsonBody(req, createSchema);
  const created = await createDeviceKey(database, { ...input, createdBy: user.id, createdByName: user.username });
  return Response.json(created, { status: 201 });
});
