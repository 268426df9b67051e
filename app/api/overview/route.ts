import { apiRoute } from '@/lib/api/handler';
import { loadOverview } from '@/lib/overview/load';

export const dynamic = 'force-dynamic';

/** How the border stands today, for leaders (see loadOverview). */
export const GET = apiRoute({ action: 'overview:read' }, async ({ database, scope, user }) => loadOverview(database, scope, user));
