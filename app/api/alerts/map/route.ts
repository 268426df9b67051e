import { listActiveDispatches, listAlertGroups } from '@/db/queries/alerts';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

/** Open alert groups with a place, and the teams sent to them (post → alert), for the map. */
export const GET = apiRoute({ action: 'alert:read' }, async ({ database, scope }) => {
  const groups = await listAlertGroups(database, scope, { state: 'open', sort: 'attention', limit: 500 });
  return {
    alerts: groups.filter((g) => g.lon !== null && g.lat !== null),
    dispatches: await listActiveDispatches(database, scope),
  };
});
