'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import type { FeedItem } from '@/components/map/live-feed';

/**
 * The wall screen's only chrome: name, clock, whether the live stream is connected, and the
 * latest crossings; everything else is map. It stays signed in as long as the stream runs.
 */
export function KioskOverlay({ feed, cameraName, connected }: { feed: FeedItem[]; cameraName: (id: string) => string; connected: boolean }) {
  const t = useTranslations();
  const f = useFormats();
  // Rendered in the browser only (inside the map), so the clock can start at once.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      <div className="kiosk-bar" data-testid="kiosk-bar">
        <strong>{t('app.name')}</strong>
        <span className={`live-dot${connected ? '' : ' off'}`} aria-hidden="true" />
        <span className="sr-only">{connected ? t('kiosk.connected') : t('kiosk.disconnected')}</span>
        <time>{f.dateTimeSeconds(now)}</time>
        <a href="/map" className="kiosk-exit">
          {t('kiosk.exit')}
        </a>
      </div>
      <ol className="kiosk-feed" aria-label={t('activity.liveFeed')}>
        {feed.slice(0, 5).map(({ crossing: c, alert }) => (
          <li key={c.crossingId} className={alert ? 'alerting' : undefined}>
            <time>{f.time(c.crossedAt)}</time> <span className={`direction ${c.direction}`}>{c.direction === 'into_vn' ? '↓' : '↑'} {t(`activity.${c.direction}`)}</span> ·{' '}
            {c.class === 'person' ? t('activity.people', { count: c.count }) : `${t(`activity.classes.${c.class}`)} ×${c.count}`} · {cameraName(c.cameraId)}
          </li>
        ))}
      </ol>
    </>
  );
}
