import { z } from 'zod';
import { listUnretiredCameraOwners } from '@/db/queries/cameras';
import { listDeviceKeys } from '@/db/queries/devices';
import { AppError } from '@/lib/api/errors';
import { nameText, uuidSchema } from '@/lib/api/schemas';
import { can } from '@/lib/auth/permissions';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { createDeviceKey } from '@/lib/detections/device-keys';

export const dynamic = 'force-dynamic';

const createSchema = z.object({ name: nameText(200), cameraIds: z.array(uuidSchema).min(1).max(500) }).strict();

/** Device keys: listed without the key; created keys are shown once in the response. */
export const GET = apiRoute({ action: 'device:manage' }, async ({ database }) => ({
  devices: await listDeviceKeys(database),
}));

export const POST = apiRoute({ action: 'device:manage' }, async ({ req, user, database, ip }) => {
  const input = await readJsonBody(req, createSchema);
  const cameraIds = [...new Set(input.cameraIds)];
  // A key may only name existing cameras this administrator is responsible for.
  const found = await listUnretiredCameraOwners(database, cameraIds);
  const allowed = new Set(found.filter((c) => can(user, 'device:manage', c)).map((c) => c.id));
  const refused = cameraIds.filter((id) => !allowed.has(id));
  if (refused.length > 0) throw new AppError('bad_request', 'Invalid body', refused.map((id) => ({ path: 'body.cameraIds', message: `no camera ${id} that you manage` })));
  const created = await createDeviceKey(database, { name: input.name, cameraIds, createdBy: user.id, createdByName: user.username, ip });
  return Response.json(created, { status: 201 });
});
