'use client';

import dynamic from 'next/dynamic';
import { useFormatter, useTranslations } from 'next-intl';
import type { EventDetail } from '@/db/queries/detections';

const TrackMap = dynamic(() => import('@/components/events/track-map'), { ssr: false });

export function EventDetailView({ detail }: { detail: EventDetail }) {
  const t = useTranslations('events');
  const ta = useTranslations('activity');
  const format = useFormatter();
  const e = detail.event;
  const rows: [string, string | null][] = [
    [t('time'), format.dateTime(new Date(e.at), { dateStyle: 'medium', timeStyle: 'medium' })],
    [t('camera'), e.cameraName],
    [t('class'), ta(`classes.${e.class}` as 'classes.person')],
    [t('count'), String(e.count)],
    [t('direction'), e.direction ? ta(e.direction as 'into_vn') : null],
    [t('confidence'), e.confidence !== null ? format.number(e.confidence, { style: 'percent' }) : null],
    [t('side'), e.side ? ta(`side.${e.side}` as 'side.vn') : null],
    [t('distance'), e.borderDistanceM !== null ? `${format.number(e.borderDistanceM)} m` : null],
    [t('zones'), e.zones],
    [t('track'), e.trackId ? `${e.trackId} · ${t('points', { n: detail.track.length })}` : null],
    ['WGS84', `${e.lat.toFixed(6)}, ${e.lon.toFixed(6)}`],
  ];
  return (
    <div className="page event-detail" data-testid="event-detail">
      <p>
        <a href={`/events?kind=${e.kind}`}>← {t('back')}</a>
      </p>
      <h1>
        {e.kind === 'crossings' ? ta('crossing') : ta('detections')} #{e.id}
      </h1>
      <div className="event-detail-grid">
        <dl className="kv">
          {rows
            .filter(([, v]) => v !== null)
            .map(([k, v]) => (
              <div key={k} className="row">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
        <div className="event-snapshot">
          <h2>{t('snapshot')}</h2>
          {e.hasSnapshot ? (
            // A JPEG from the API, behind the same permission check as this page.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={`/api/activity/detections/${e.id}/snapshot`} alt={t('snapshot')} data-testid="event-snapshot" />
          ) : (
            <p className="muted">{t('noSnapshot')}</p>
          )}
        </div>
        <div className="event-map">
          <TrackMap detail={detail} />
        </div>
      </div>
    </div>
  );
}
