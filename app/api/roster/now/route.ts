import { getStaffingAt } from '@/db/queries/roster';
import { apiRoute } from '@/lib/api/handler';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

/** Every post with the team on duty now and in the next shift (null: unstaffed). */
export const GET = apiRoute({ action: 'roster:read' }, async ({ database, scope }) => {
  return getStaffingAt(database, scope, new Date(), getSettings().SHIFT_STARTS);
});
