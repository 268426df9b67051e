import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { RosterPlanner } from '@/components/roster/roster-planner';
import { StaffingTable } from '@/components/roster/staffing-table';
import { getDatabase } from '@/lib/database';
import { getStaffingAt } from '@/db/queries/roster';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('roster');
  return { title: `${t('title')} – Vigil` };
}

/** Teams and the 24/7 roster: who holds each post now and next, and the plan (planners edit it). */
export default async function RosterPage() {
  const user = await requirePageUser('roster:read', '/roster');
  const t = await getTranslations('roster');
  const staffing = await getStaffingAt(await getDatabase(), scopeFor(user, 'roster:read')!, new Date(), getSettings().SHIFT_STARTS);
  return (
    <AppPage user={user} scroll="scroll">
      <div className="page">
        <h1>{t('title')}</h1>
        <StaffingTable initial={staffing} />
        <RosterPlanner posts={staffing.posts.map(({ id, code, name, nameEn }) => ({ id, code, name, nameEn }))} canEdit={can(user, 'roster:write')} />
      </div>
    </AppPage>
  );
}
