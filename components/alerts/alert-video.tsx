'use client';

import dynamic from 'next/dynamic';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import type { AlertContext } from '@/lib/alerts/context';
import { ApiErrorNotice } from '@/components/app/api-error';
import { apiFetch } from '@/lib/api/client';

// The player (and hls.js) loads with the first camera shown.
const CameraPlayer = dynamic(() => import('@/components/video/camera-player').then((m) => m.CameraPlayer), { ssr: false });
const RecordingPlayer = dynamic(() => import('@/components/video/recording-player').then((m) => m.RecordingPlayer), { ssr: false });

/** Cameras that can be played now come first; nearer before farther (the order the server gives). */
const PLAYABLE = new Set(['live', 'stalled', 'unknown']);

/**
 * The alarm opened into its video: the crossing's snapshot at once, the best covering camera
 * (the nearest that can play) already playing, muted, and every other covering camera one click
 * away — the officer never hunts for the picture.
 */
export function AlertVideo({ context, onChange }: { context: AlertContext; onChange?: () => void }) {
  const t = useTranslations('alerts');
  const tPlayback = useTranslations('playback');
  const locale = useLocale();
  const format = useFormats();
  const name = (vi: string, en: string | null) => (locale === 'en' ? en || vi : vi);
  const cameras = [...context.cameras].sort((a, b) => Number(PLAYABLE.has(b.status)) - Number(PLAYABLE.has(a.status)));
  const best = cameras[0];
  const [playing, setPlaying] = useState<Set<string>>(() => new Set(best ? [best.id] : []));
  // The most recent snapshot sent with the group's crossings: the picture at the moment itself.
  const latest = context.evidence.flatMap((e) => e.snapshots.map((id) => ({ id, at: e.crossing.event.at }))).at(-1);
  return (
    <section aria-labelledby="alert-video-h" className="alert-video-section" data-testid="alert-video">
      <h3 id="alert-video-h">{t('video')}</h3>
      <div className="alert-video-main">
        {latest && (
          <figure className="alert-snapshot" data-testid="alert-snapshot">
            {/* eslint-disable-next-line @next/next/no-img-element -- a JPEG the API serves with the user's permission check */}
            <img src={`/api/activity/detections/${latest.id}/snapshot`} alt={t('snapshotAlt', { id: latest.id })} />
            <figcaption>{t('snapshotAtMoment', { time: format.timeSeconds(latest.at) })}</figcaption>
          </figure>
        )}
        {best ? (
          <figure className="alert-video" data-testid="covering-camera" data-camera-id={best.id} data-best="true">
            <figcaption>
              <strong>{t('liveVideo', { camera: name(best.name, best.nameEn) })}</strong> · {format.distance(best.distanceM)}
              {best.azimuthDeg !== null ? ` · ${format.bearing(best.azimuthDeg)}` : ''}
            </figcaption>
            <CameraPlayer cameraId={best.id} health={{ status: best.status }} />
          </figure>
        ) : (
          <p className="muted">{t('noCamera')}</p>
        )}
        {context.clip && (
          <figure className="alert-video" data-testid="alert-clip" data-camera-id={context.clip.camera.id}>
            <figcaption>
              <strong>{tPlayback('atMoment')}</strong> · {name(context.clip.camera.name, context.clip.camera.nameEn)}
            </figcaption>
            <RecordingPlayer cameraId={context.clip.camera.id} at={context.clip.fromMs} spanHours={1 / 6} />
            {context.clip.mayKeep && <KeepEvidence groupId={context.group.id} kept={context.clip.evidence} onChange={onChange} />}
          </figure>
        )}
      </div>
      {!latest && context.evidence.length > 0 && <p className="muted">{t('snapshotsMissing')}</p>}
      {context.mayExport && (
        <p className="export-evidence">
          <a className="button small" href={`/api/alerts/${context.group.id}/evidence-package`} download data-testid="export-evidence">
            {tPlayback('exportEvidence')}
          </a>
          <small className="muted"> {tPlayback('exportEvidenceHint')}</small>
        </p>
      )}
      {cameras.length > 1 && (
        <div className="alert-other-cameras">
          <h4>{t('otherCameras')}</h4>
          <div className="alert-videos">
            {cameras.slice(1).map((c) =>
              playing.has(c.id) ? (
                <figure key={c.id} className="alert-video" data-testid="covering-camera" data-camera-id={c.id}>
                  <figcaption>
                    <strong>{name(c.name, c.nameEn)}</strong> · {format.distance(c.distanceM)}
                  </figcaption>
                  <CameraPlayer cameraId={c.id} health={{ status: c.status }} />
                </figure>
              ) : (
                <button key={c.id} type="button" className="button small" onClick={() => setPlaying((p) => new Set(p).add(c.id))} data-testid="show-video">
                  {t('playCamera', { camera: name(c.name, c.nameEn) })} · {format.distance(c.distanceM)}
                </button>
              ),
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/** Keeps the group's clips past retention (or lets them go), on an operator's word. */
function KeepEvidence({ groupId, kept, onChange }: { groupId: string; kept: boolean; onChange?: () => void }) {
  const t = useTranslations('playback');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/alerts/${groupId}/evidence`, { method: 'POST', body: { evidence: !kept } });
      onChange?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <p className="keep-evidence">
      <button type="button" className="button small" aria-pressed={kept} disabled={busy} onClick={() => void toggle()} data-testid="keep-evidence">
        {kept ? t('evidenceKept') : t('keepEvidence')}
      </button>
      <small className="muted"> {kept ? t('evidenceKeptHint') : t('keepEvidenceHint')}</small>
      {error !== null && <ApiErrorNotice error={error} />}
    </p>
  );
}
