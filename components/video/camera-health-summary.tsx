'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { ApiErrorNotice } from '@/components/app/api-error';
import { useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';

interface Health {
  uptimePct: number | null;
  lastErrorCode: string | null;
  /** Only for administrators. */
  lastError: string | null;
  timeline: { status: string; from: string; to: string | null; errorCode: string | null }[];
}

/** Uptime over the last 24 hours and the recent status periods of one camera. */
export function CameraHealthSummary({ cameraId, status }: { cameraId: string; status: string }) {
  const t = useTranslations();
  const format = useFormats();
  const { data: health, error, mutate } = useApi<Health>(`/api/cameras/${cameraId}/health`);
  // Reloaded when the live status changes, so the timeline shows the new period.
  useEffect(() => {
    void mutate();
  }, [status, mutate]);
  // Inside the details panel's list: the notice sits in a group of its own.
  if (!health)
    return error ? (
      <div className="health-summary">
        <ApiErrorNotice error={error} />
      </div>
    ) : null;
  return (
    <div className="health-summary" data-testid="camera-health">
      <ApiErrorNotice error={error} />
      <div className="row">
        <dt>{t('health.uptime24h')}</dt>
        <dd>{health.uptimePct === null ? '—' : format.percent(health.uptimePct / 100, 1)}</dd>
      </div>
      {health.lastErrorCode && status !== 'live' && (
        <p className="note">
          {t(`cameraError.${health.lastErrorCode}` as 'cameraError.timeout')}
          {health.lastError && <small className="detail"> — {health.lastError}</small>}
        </p>
      )}
      <ol className="timeline">
        {health.timeline.slice(0, 6).map((p) => (
          <li key={p.from}>
            <i className={`dot ${p.status}`} />
            {t(`cameraStatus.${p.status}` as 'cameraStatus.live')} · {format.dateTimeSeconds(p.from)}
            {p.to ? ` → ${format.timeSeconds(p.to)}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}
