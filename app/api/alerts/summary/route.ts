import { countOpenAlertGroups } from '@/db/queries/alerts';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

/** Open groups, new critical ones and escalated ones: the header badge and the tab title. */
export const GET = apiRoute({ action: 'alert:read' }, async ({ database, scope }) => countOpenAlertGroups(database, scope));
