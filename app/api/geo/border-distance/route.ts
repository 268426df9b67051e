import { z } from 'zod';
import { getBorderDistance } from '@/db/queries/border-distance';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

const query = z.object({ lon: z.coerce.number().finite().min(-180).max(180), lat: z.coerce.number().finite().min(-90).max(90) }).strict();

/** How far a point is from the border, on which side, and where the nearest point of the line is. */
export const GET = apiRoute({ action: 'reference:read', query }, async ({ query, database }) => {
  const result = await getBorderDistance(database, query.lon, query.lat);
  if (!result) throw new AppError('not_found', 'No border line is loaded');
  return result;
});
