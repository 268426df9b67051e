import { getKmAt } from '@/db/queries/border-km-markers';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { kmAtQuerySchema } from '@/lib/coverage/schemas';

export const dynamic = 'force-dynamic';

/** The kilometre mark of the land or river border point nearest a position ("km 42.3"), and how far it is. */
export const GET = apiRoute({ action: 'layer:read', query: kmAtQuerySchema }, async ({ query, database, scope }) => {
  if (query.province && scope.provinceCode && query.province !== scope.provinceCode) throw new AppError('forbidden', 'That province is outside your scope');
  const result = await getKmAt(database, query.province ?? scope.provinceCode, query.lon, query.lat);
  if (!result) throw new AppError('not_found', 'No land or river border is loaded');
  return result;
});
