import { getTranslations } from 'next-intl/server';
import { EscalationEditor } from '@/components/alerts/escalation-editor';
import { AppPage } from '@/components/app/app-page';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('alerts');
  return { title: `${t('escalationTitle')} – Vigil` };
}

/** Administrators set how long each kind and severity of alert may stay new. */
export default async function EscalationPage() {
  const user = await requirePageUser('alert:policy', '/admin/escalation');
  return (
    <AppPage user={user} scroll="page-scroll">
      <EscalationEditor />
    </AppPage>
  );
}
