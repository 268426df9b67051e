'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { CrossingEvent } from '@/lib/events/types';
import { useFormats } from '@/components/app/use-formats';

export interface FeedItem {
  crossing: CrossingEvent;
  /** Whether this crossing raised a hotspot alert. */
  alert?: boolean;
}

/** The newest crossings, newest first; a click flies the map to one. */
export function LiveFeed({ items, cameraName, onSelect }: { items: FeedItem[]; cameraName: (id: string) => string; onSelect: (item: FeedItem) => void }) {
  const t = useTranslations('activity');
  const format = useFormats();
  return (
    <section className="panel live-feed" aria-label={t('liveFeed')} data-testid="live-feed">
      <header className="panel-header">
        <h2>
          <span className="live-dot" aria-hidden /> {t('liveFeed')}
        </h2>
        <Link className="button small" href="/events?kind=crossings">
          {t('events')}
        </Link>
      </header>
      {items.length === 0 ? (
        <p className="muted">{t('noLive')}</p>
      ) : (
        <ol>
          {items.map(({ crossing: c, alert }) => (
            <li key={c.crossingId} className={alert ? 'alerting' : undefined}>
              <button type="button" onClick={() => onSelect({ crossing: c, alert })}>
                <time dateTime={c.crossedAt}>{format.dateTimeSeconds(c.crossedAt)}</time>
                <span className={`direction ${c.direction}`}>
                  {c.direction === 'into_vn' ? '↓' : '↑'} {t(c.direction)}
                </span>
                <span className="what">
                  {c.class === 'person' ? t('people', { count: c.count }) : `${t(`classes.${c.class}`)} ×${c.count}`} · {cameraName(c.cameraId)}
                </span>
                {alert && <span className="alert-text">⚠ {t('hotspotAlert')}</span>}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
