import { getTranslations } from 'next-intl/server';
import { AlertFollower } from '@/components/alerts/alert-follower';
import { can } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('alerts');
  return { title: `${t('detail')} – Vigil` };
}

/** The inbox's second window: follows the selected alert (components/alerts/use-selection-channel). */
export default async function AlertFollowPage() {
  const user = await requirePageUser('alert:read', '/alerts/follow');
  return (
    <div className="app">
      <AlertFollower canHandle={can(user, 'alert:handle')} />
    </div>
  );
}
