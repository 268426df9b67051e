import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { AppPage } from '@/components/app/app-page';
import { ReportHistory } from '@/components/programme/report-history';
import { getDatabase } from '@/lib/database';
import { getProgramme } from '@/db/queries/programme';
import { can } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { localDateOf } from '@/lib/domain/local-time';
import { canReadScope, defaultScopeKey, listReports, reportScopes } from '@/lib/programme/reports';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('programme');
  return { title: `${t('nav.reports')} – Vigil` };
}

/** The daily reports: made by themselves at the report time, on demand too; past ones never change. */
export default async function ReportsPage() {
  const user = await requirePageUser('facility:read', '/programme/reports');
  if (!canReadScope(user, defaultScopeKey(user))) redirect('/forbidden');
  const database = await getDatabase();
  const [reports, programme, scopes] = await Promise.all([listReports(database, user.provinceCode ? [user.provinceCode] : null), getProgramme(database), reportScopes(database)]);
  return (
    <AppPage user={user} scroll="scroll">
      <ReportHistory
        initial={reports}
        reportMinute={programme.reportMinute}
        scopes={user.provinceCode ? [user.provinceCode] : scopes}
        defaultScope={defaultScopeKey(user)}
        canGenerate={can(user, 'programme:manage')}
        today={localDateOf(new Date())}
      />
    </AppPage>
  );
}
