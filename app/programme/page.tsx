import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { ProgrammeDashboard } from '@/components/programme/programme-dashboard';
import { getDatabase } from '@/lib/database';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { getProgrammeDashboard } from '@/lib/programme/read';
import { canReadScope, defaultScopeKey } from '@/lib/programme/reports';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('programme');
  return { title: `${t('nav.dashboard')} – Vigil` };
}

/** The quarantine-facility camera programme: where every facility in the user's scope stands. */
export default async function ProgrammePage() {
  const user = await requirePageUser('facility:read', '/programme');
  const dashboard = await getProgrammeDashboard(await getDatabase(), scopeFor(user, 'facility:read')!);
  return (
    <AppPage user={user} scroll="scroll">
      <ProgrammeDashboard initial={dashboard} links={{ canRegister: can(user, 'facility:write'), canReports: canReadScope(user, defaultScopeKey(user)) }} />
    </AppPage>
  );
}
