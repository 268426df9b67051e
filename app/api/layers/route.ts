import { getLayerCounts } from '@/db/queries/layers';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

/** Feature counts per layer within the caller's scope. */
export const GET = apiRoute({ action: 'layer:read' }, async ({ database, scope }) => ({ counts: await getLayerCounts(database, scope) }));
