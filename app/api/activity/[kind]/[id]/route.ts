import { z } from 'zod';
import { getEventDetail } from '@/db/queries/detections';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

const params = z.object({ kind: z.enum(['detections', 'crossings']), id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** One detection or crossing with its whole track and the track's crossings. */
export const GET = apiRoute({ action: 'detection:read', params }, async ({ params: p, database, scope }) => {
  const detail = await getEventDetail(database, scope, p.kind, p.id);
  if (!detail) throw new AppError('not_found', 'No such event');
  return detail;
});
