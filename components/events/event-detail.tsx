'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import type { EventDetail } from '@/db/queries/detections';
import { useFormats } from '@/components/app/use-formats';
import { formatCoordinate } from '@/lib/geo/coordinates';
import type { CameraHealth } from '@/components/video/camera-player';

const TrackMap = dynamic(() => import('@/components/events/track-map'), { ssr: false });
// The player (and hls.js) loads only on pages that show a camera.
const CameraPlayer = dynamic(() => import('@/components/video/camera-player').then((m) => m.CameraPlayer), { ssr: false });
const RecordingPlayer = dynamic(() => import('@/components/video/recording-player').then((m) => m.RecordingPlayer), { ssr: false });

/** "Video at this moment" starts a little before it, so the approach is seen too. */
const LEAD_MS = 10_000;

export function EventDetailView({ detail, cameraHealth, canReview = false }: { detail: EventDetail; cameraHealth: CameraHealth | null; canReview?: boolean }) {
  const t = useTranslations('events');
  const tPlayback = useTranslations('playback');
  const ta = useTranslations('activity');
  const format = useFormats();
  const e = detail.event;
  const rows: [string, string | null][] = [
    [t('time'), format.dateTimeSeconds(e.at)],
    [t('camera'), e.cameraName],
    [t('class'), ta(`classes.${e.class}` as 'classes.person')],
    [t('count'), String(e.count)],
    [t('direction'), e.direction ? ta(e.direction as 'into_vn') : null],
    [t('confidence'), e.confidence !== null ? format.percent(e.confidence) : null],
    [t('side'), e.side ? ta(`side.${e.side}` as 'side.vn') : null],
    [t('distance'), e.borderDistanceM !== null ? format.distance(e.borderDistanceM) : null],
    [t('zones'), e.zones],
    [
      t('track'),
      e.trackId
        ? t('trackLabel', {
            track: e.trackId,
            points: detail.track.length,
            from: format.time(detail.track[0]?.at ?? e.at),
            to: format.time(detail.track.at(-1)?.at ?? e.at),
            crossings: detail.crossings.length,
          })
        : null,
    ],
    ['WGS 84', formatCoordinate(e.lon, e.lat, 'dd', format.locale === 'vi' ? ',' : '.')],
    ['VN-2000', formatCoordinate(e.lon, e.lat, 'vn2000', format.locale === 'vi' ? ',' : '.')],
  ];
  return (
    <div className="page event-detail" data-testid="event-detail">
      <p>
        <a href={`/events?kind=${e.kind}`}>← {t('back')}</a>
      </p>
      <div className="event-heading">
        <h1>{t(e.kind === 'crossings' ? 'crossingTitle' : 'detectionTitle', { id: e.id })}</h1>
        <a className="button" href={`/map?focus=${e.kind}/${e.id}`} data-testid="show-on-map">
          {t('showOnMap')}
        </a>
      </div>
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
        {cameraHealth && (
          <div className="event-live">
            <h2>{t('liveCamera', { camera: e.cameraName })}</h2>
            <CameraPlayer cameraId={e.cameraId} health={cameraHealth} />
          </div>
        )}
        {canReview && (
          <div className="event-live" data-testid="event-recording">
            <h2>{tPlayback('atMoment')}</h2>
            <RecordingPlayer cameraId={e.cameraId} at={Date.parse(e.at) - LEAD_MS} spanHours={1 / 6} />
          </div>
        )}
      </div>
    </div>
  );
}
