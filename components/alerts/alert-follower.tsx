'use client';

import { useTranslations } from 'next-intl';
import { AlertDetail } from '@/components/alerts/alert-detail';
import { useSelectionChannel } from '@/components/alerts/use-selection-channel';
import { useLiveEvents } from '@/components/live/use-live-events';
import { revalidateApi } from '@/components/app/use-api';

/** A second window (a second monitor): the detail and video of whatever the inbox selects. */
export function AlertFollower({ canHandle }: { canHandle: boolean }) {
  const t = useTranslations('alerts');
  const { followed } = useSelectionChannel(null, 'follower');
  useLiveEvents((event) => {
    if (event.topic === 'alert') revalidateApi('/api/alerts');
  });
  return (
    <main className="app-main alert-follower" data-testid="alert-follower" data-following={followed ?? ''}>
      <h1 className="follower-title">{t('detail')}</h1>
      <p className="muted follower-note">{t('follows')}</p>
      {followed ? <AlertDetail key={followed} groupId={followed} canHandle={canHandle} onSelect={() => undefined} /> : <p className="muted">{t('followNothing')}</p>}
    </main>
  );
}
