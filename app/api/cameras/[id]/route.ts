import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { cameraInputSchema, updateCamera } from '@/lib/cameras/manage';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid() });

export const PATCH = apiRoute({ params, action: 'camera:write' }, async ({ req, params, user, database, ip }) => {
  const input = await readJsonBody(req, cameraInputSchema.partial());
  await updateCamera(database, user, params.id, input, ip);
  return { ok: true };
});
