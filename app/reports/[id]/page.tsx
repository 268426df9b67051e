import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { ReportEditor } from '@/components/reports/report-editor';
import { getDatabase } from '@/lib/database';
import { uuidSchema } from '@/lib/api/schemas';
import { can } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { getSituationReport } from '@/lib/reports/situation';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('reports');
  return { title: `${t('title')} – Vigil` };
}

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser('sitrep:read', `/reports/${encodeURIComponent(id)}`);
  const parsed = uuidSchema.safeParse(id);
  const report = parsed.success ? await getSituationReport((await getDatabase()).db, user, parsed.data) : null;
  if (!report) notFound();
  return (
    <AppPage user={user} scroll="scroll">
      <ReportEditor initial={report} canWrite={can(user, 'sitrep:write', { provinceCode: report.provinceCode })} />
    </AppPage>
  );
}
