import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { OverviewDashboard } from '@/components/overview/overview-dashboard';
import { getDatabase } from '@/lib/database';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { loadOverview } from '@/lib/overview/load';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('overview');
  return { title: `${t('title')} – Vigil` };
}

/** The leadership overview: how the border stands today. */
export default async function OverviewPage() {
  const user = await requirePageUser('overview:read', '/overview');
  const overview = await loadOverview(await getDatabase(), scopeFor(user, 'overview:read')!, user);
  return (
    <AppPage user={user} scroll="scroll">
      <OverviewDashboard initial={overview} />
    </AppPage>
  );
}
