import { z } from 'zod';
import { getSnapshot } from '@/db/queries/detections';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

const params = z.object({ kind: z.literal('detections'), id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The JPEG a device sent with a detection; only for users who may see that detection. */
export const GET = apiRoute({ action: 'detection:read', params }, async ({ params: p, database, scope }) => {
  const jpeg = await getSnapshot(database, scope, p.id);
  if (!jpeg) throw new AppError('not_found', 'No snapshot for this detection');
  return new Response(new Uint8Array(jpeg), {
    headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff' },
  });
});
