'use client';

import type Hls from 'hls.js';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';

export type PlayerState = 'loading' | 'live' | 'reconnecting' | 'offline' | 'unsupported' | 'forbidden';

const MAX_BACKOFF_MS = 15_000;

/** What the health monitor last said about the camera (its status, and why it is down). */
export interface CameraHealth {
  status: string;
  errorCode?: string | null;
}

/** Statuses in which the camera cannot be played; the player says so instead of trying. */
const DOWN: Record<string, PlayerState> = { offline: 'offline', unsupported: 'unsupported' };

/**
 * One job: play one camera's live HLS through the app's proxy, and say honestly what is
 * happening (loading, live, reconnecting, offline, unplayable). When the health monitor
 * reports the camera offline or unplayable, the player shows that at once (with the reason)
 * and starts again when the camera comes back. hls.js is imported on first use.
 */
export function CameraPlayer({ cameraId, className, health }: { cameraId: string; className?: string; health?: CameraHealth }) {
  const t = useTranslations();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<PlayerState>('loading');
  const down = health ? DOWN[health.status] : undefined;

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    // A camera the health monitor calls down is not tried (the overlay says why).
    if (down) return;
    let hls: Hls | null = null;
    let disposed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const src = `/api/cameras/${cameraId}/hls/index.m3u8`;

    // 'playing' can fire before React commits the listener's state on busy pages (a full
    // wall); advancing time is the ground truth that frames are arriving.
    const onPlaying = () => {
      if (element.paused) return;
      attempts = 0;
      setState('live');
    };
    element.addEventListener('playing', onPlaying);
    element.addEventListener('timeupdate', onPlaying);

    const start = async () => {
      const { default: HlsClass } = await import('hls.js');
      if (disposed) return;
      setState((s) => (s === 'live' ? s : 'loading'));
      if (!HlsClass.isSupported()) {
        setState('unsupported');
        return;
      }
      hls = new HlsClass({ liveSyncDurationCount: 2, manifestLoadingMaxRetry: 1, levelLoadingMaxRetry: 2, fragLoadingMaxRetry: 2, enableWorker: true });
      hls.on(HlsClass.Events.MANIFEST_PARSED, () => void element.play().catch(() => undefined));
      hls.on(HlsClass.Events.ERROR, (_event, data) => {
        if (!data.fatal) return;
        const code = data.response?.code;
        console.warn(`camera ${cameraId}: ${data.type} ${data.details}${code ? ` (HTTP ${code})` : ''}`);
        if (code === 415) return setState('unsupported');
        if (code === 403 || code === 404) return setState('forbidden');
        // The proxy answered that the camera's stream is gone: no point hammering it.
        if (code === 502 && attempts >= 1) {
          hls?.destroy();
          hls = null;
          setState('offline');
          retry = setTimeout(() => void start(), MAX_BACKOFF_MS);
          return;
        }
        if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR && attempts < 3) {
          attempts++;
          hls?.recoverMediaError();
          return;
        }
        // Network trouble or a camera that went away: rebuild from the entry playlist with backoff.
        hls?.destroy();
        hls = null;
        attempts++;
        setState(attempts > 3 ? 'offline' : 'reconnecting');
        retry = setTimeout(() => void start(), Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts));
      });
      hls.loadSource(src);
      hls.attachMedia(element);
    };
    void start();

    return () => {
      disposed = true;
      clearTimeout(retry);
      element.removeEventListener('playing', onPlaying);
      element.removeEventListener('timeupdate', onPlaying);
      hls?.destroy();
    };
  }, [cameraId, down]);

  const shown: PlayerState = down ?? state;
  const reason = shown !== 'live' && shown !== 'loading' && health?.errorCode ? t(`cameraError.${health.errorCode}` as 'cameraError.timeout') : null;
  return (
    <div className={`player ${className ?? ''}`} data-state={shown} data-testid="camera-player">
      <video ref={video} muted playsInline autoPlay aria-label={t('player.videoLabel')} />
      {shown !== 'live' && (
        <div className={`player-overlay ${shown}`} role="status">
          <span>{t(`player.${shown}`)}</span>
          {reason && <small>{reason}</small>}
        </div>
      )}
      {shown === 'live' && <span className="live-badge">{t('player.live')}</span>}
    </div>
  );
}
