import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { retireCamera } from '@/lib/cameras/manage';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: z.object({ id: z.string().uuid() }), action: 'camera:write' }, async ({ params, user, database, ip }) => {
  await retireCamera(database, user, params.id, ip);
  return { ok: true };
});
