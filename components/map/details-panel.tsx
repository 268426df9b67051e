'use client';

import dynamic from 'next/dynamic';
import { useLocale, useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { useAlertTitle } from '@/components/alerts/alert-text';
import { CameraHealthSummary } from '@/components/video/camera-health-summary';
import { useFormats } from '@/components/app/use-formats';

// The player (and hls.js with it) loads only when a camera is opened.
const CameraPlayer = dynamic(() => import('@/components/video/camera-player').then((m) => m.CameraPlayer), { ssr: false });
const RecordingPlayer = dynamic(() => import('@/components/video/recording-player').then((m) => m.RecordingPlayer), { ssr: false });

/** Where "review" starts: a minute back, so there is something recorded to see. */
const REVIEW_BACK_MS = 60_000;

export type SelectionLayer = 'alerts' | 'cameras' | 'border' | 'zones' | 'routes' | 'checkpoints' | 'facilities' | 'detections' | 'crossings';

export interface Selection {
  layer: SelectionLayer;
  feature: { id: string | number | undefined; properties: Record<string, unknown> };
}

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

/** `actions`: what this person can do with the object (e.g. a planner's Edit). */
export function DetailsPanel({ selection, onClose, actions, canReview = false }: { selection: Selection | null; onClose: () => void; actions?: ReactNode; canReview?: boolean }) {
  const t = useTranslations();
  const format = useFormats();
  const locale = useLocale();
  const alertTitle = useAlertTitle();
  if (!selection) return null;
  const p = selection.feature.properties;
  const activity = selection.layer === 'detections' || selection.layer === 'crossings';
  const team = (v: unknown) => {
    const duty = v as { teamName: string; callSign: string | null; officerCount: number } | null;
    return duty ? `${duty.teamName}${duty.callSign ? ` (${duty.callSign})` : ''} · ${t('alerts.officers', { count: duty.officerCount })}` : t('roster.unstaffed');
  };
  const name = selection.layer === 'alerts'
    ? alertTitle(p as unknown as Parameters<typeof alertTitle>[0])
    : activity
    ? p.class === 'person'
      ? t('activity.people', { count: Number(p.count) })
      : `${t(`activity.classes.${String(p.class)}` as 'activity.classes.person')} ×${Number(p.count)}`
    : ((locale === 'en' ? str(p.nameEn) : null) ?? str(p.name) ?? '—');
  const yesNo = (v: unknown) => (v === true || v === 'true' ? t('fields.yes') : t('fields.no'));
  const rows: [string, string | null][] = [];
  switch (selection.layer) {
    case 'cameras':
      rows.push(
        [t('fields.kind'), t(`cameraKind.${String(p.kind)}` as 'cameraKind.ai')],
        [t('fields.status'), t(`cameraStatus.${String(p.status)}` as 'cameraStatus.live')],
        [t('fields.since'), p.statusSince ? format.dateTime(String(p.statusSince)) : null],
        [t('fields.bearing'), format.bearing(Number(p.bearingDeg))],
        [t('fields.fov'), `${Math.round(Number(p.fovDeg))}°`],
        [t('fields.range'), format.distance(Number(p.rangeM))],
        [t('fields.infrared'), yesNo(p.infrared)],
        [t('fields.zone'), str(p.zoneName)],
        [t('fields.facility'), str(p.facilityName)],
      );
      break;
    case 'alerts':
      rows.push(
        [t('fields.status'), `${t(`alerts.status.${String(p.status)}` as 'alerts.status.new')}${p.escalated === true ? ` · ${t('alerts.escalated')}` : ''}`],
        [t('alerts.filter.severity'), t(`alerts.severity.${String(p.severity)}` as 'alerts.severity.info')],
        [t('alerts.occurredAt'), format.dateTime(String(p.lastAt))],
        [t('alerts.zone'), (locale === 'en' ? str(p.zoneNameEn) : null) ?? str(p.zoneName)],
        [t('events.camera'), (locale === 'en' ? str(p.cameraNameEn) : null) ?? str(p.cameraName)],
        [t('alerts.members'), Number(p.count) > 1 ? String(p.count) : null],
      );
      break;
    case 'border':
      rows.push([t('fields.kind'), t(`border.${String(p.section)}` as 'border.land')], [t('fields.length'), `${format.number(Number(p.lengthM) / 1000, 2)} km`], [t('fields.source'), str(p.source)]);
      break;
    case 'zones':
      rows.push(
        [t('fields.kind'), t(`zoneKind.${String(p.kind)}` as 'zoneKind.hotspot')],
        [t('fields.area'), format.area(Number(p.areaKm2) * 1_000_000)],
        [t('planning.severity'), p.severity ? t(`planning.severities.${String(p.severity)}` as 'planning.severities.low') : null],
        [t('planning.version'), str(p.version)],
        ['', (locale === 'en' ? str(p.descriptionEn) : null) ?? str(p.description)],
      );
      break;
    case 'routes':
      rows.push(
        [t('fields.kind'), t(`planning.kinds.routes.${String(p.kind)}` as 'planning.kinds.routes.foot_patrol')],
        [t('fields.length'), format.distance(Number(p.lengthKm) * 1000)],
        [t('planning.severity'), p.severity ? t(`planning.severities.${String(p.severity)}` as 'planning.severities.low') : null],
        [t('planning.version'), str(p.version)],
        ['', (locale === 'en' ? str(p.descriptionEn) : null) ?? str(p.description)],
      );
      break;
    case 'checkpoints':
      rows.push(
        [t('fields.kind'), t(`checkpointKind.${String(p.kind)}` as 'checkpointKind.wharf')],
        [t('fields.staffing'), str(p.staffing)],
        [t('fields.staffed24h'), yesNo(p.staffed24h)],
        [t('roster.onDutyNow'), p.staffingKnown ? team(p.onDuty) : null],
        [t('roster.nextShift'), p.staffingKnown ? team(p.nextDuty) : null],
        ['', (locale === 'en' ? str(p.descriptionEn) : null) ?? str(p.description)],
      );
      break;
    case 'detections':
    case 'crossings':
      rows.push(
        // Live items carry observedAt or crossedAt; events opened by id (focus, a dot of the analysis) carry at.
        [t('events.time'), format.dateTimeSeconds(String(p.observedAt ?? p.crossedAt ?? p.at))],
        [t('events.direction'), p.direction ? `${t('activity.crossing')} ${t(`activity.${String(p.direction)}` as 'activity.into_vn')}` : null],
        [t('events.confidence'), p.confidence !== undefined ? format.percent(Number(p.confidence)) : null],
        [t('events.side'), p.side ? t(`activity.side.${String(p.side)}` as 'activity.side.vn') : null],
        [t('events.camera'), str(p.cameraName)],
      );
      break;
    case 'facilities':
      rows.push(
        [t('programme.fig.status'), p.status ? t(`programme.status.${String(p.status)}` as 'programme.status.connected') : null],
        [t('fields.capacity'), str(p.capacity)],
        [t('fields.contact'), [str(p.contactName), str(p.contactPhone)].filter(Boolean).join(' · ') || null],
        [t('fields.cameras'), str(p.cameraCount)],
        ['', (locale === 'en' ? str(p.descriptionEn) : null) ?? str(p.description)],
      );
      break;
  }
  const approximate = p.confidence === 'approximate';
  const demo = p.isDemo === true || p.isDemo === 'true';
  return (
    <section className="panel details-panel" aria-label={t('map.details')} data-testid="details-panel">
      <header className="panel-header">
        <h2>{name}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('map.close')}>
          ×
        </button>
      </header>
      <div className="badges">
        <span className="badge">{t(`layers.${selection.layer}`)}</span>
        {demo && <span className="badge demo">{t('map.demo')}</span>}
        {approximate && (
          <span className="badge approximate">
            {p.uncertaintyM ? t('map.approximateWithin', { metres: Number(p.uncertaintyM) }) : t('map.approximate')}
          </span>
        )}
      </div>
      {selection.layer === 'cameras' && p.hasStream === true && selection.feature.id !== undefined && (
        <CameraVideo key={String(selection.feature.id)} cameraId={String(selection.feature.id)} health={{ status: String(p.status), errorCode: str(p.lastErrorCode) }} canReview={canReview} />
      )}
      <dl>
        {rows
          .filter(([, value]) => value !== null)
          .map(([label, value], i) => (
            <div key={`${label}-${i}`} className={label ? 'row' : 'row note'}>
              {label && <dt>{label}</dt>}
              <dd>{value}</dd>
            </div>
          ))}
        {selection.layer === 'cameras' && selection.feature.id !== undefined && <CameraHealthSummary cameraId={String(selection.feature.id)} status={String(p.status)} />}
      </dl>
      {actions}
      {selection.layer === 'facilities' && selection.feature.id !== undefined && (
        <p>
          <a className="button small" href={`/programme/facilities/${String(p.id ?? selection.feature.id)}`} data-testid="facility-page-link">
            {t('programme.facility.open')}
          </a>
        </p>
      )}
      {selection.layer === 'alerts' && (
        <p>
          <a className="button small" href={`/alerts?alert=${String(selection.feature.id)}`} data-testid="alert-inbox-link">
            {t('alerts.openInInbox')}
          </a>
        </p>
      )}
      {activity && (
        <p>
          <a className="button small" href={`/events/${selection.layer}/${String(selection.feature.id)}`} data-testid="activity-detail-link">
            {t('events.detail')}
          </a>
        </p>
      )}
    </section>
  );
}

/** A camera's live video, and (for those who may) its recordings from any past moment. */
function CameraVideo({ cameraId, health, canReview }: { cameraId: string; health: { status: string; errorCode: string | null }; canReview: boolean }) {
  const t = useTranslations('playback');
  const [reviewing, setReviewing] = useState<number | null>(null);
  if (reviewing !== null) return <RecordingPlayer cameraId={cameraId} at={reviewing} onLive={() => setReviewing(null)} />;
  return (
    <>
      <CameraPlayer cameraId={cameraId} health={health} />
      {canReview && (
        <p>
          <button type="button" className="button small" onClick={() => setReviewing(Date.now() - REVIEW_BACK_MS)} data-testid="open-playback">
            {t('open')}
          </button>
        </p>
      )}
    </>
  );
}
