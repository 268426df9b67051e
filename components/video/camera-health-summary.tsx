'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
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
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch(`/api/cameras/${cameraId}/health`, { signal: abort.signal })
      .then((r) => (r.ok ? (r.json() as Promise<Health>) : null))
      .then(setHealth)
      .catch(() => undefined);
    return () => abort.abort();
    // Refetch when the live status changes, so the timeline shows the new period.
  }, [cameraId, status]);
  if (!health) return null;
  return (
    <div className="health-summary" data-testid="camera-health">
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
