import { listAlertGroups } from '@/db/queries/alerts';
import { alertListQuery } from '@/lib/alerts/schemas';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

/** The inbox: alert groups (incidents and single alerts) matching the filter, in the caller's scope. */
export const GET = apiRoute({ action: 'alert:read', query: alertListQuery }, async ({ query, database, scope }) => {
  return { groups: await listAlertGroups(database, scope, query) };
});
