'use client';

import type Hls from 'hls.js';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';

export type PlayerState = 'loading' | 'live' | 'reconnecting' | 'offline' | 'unsupported' | 'forbidden';

const MAX_BACKOFF_MS = 15_000;

/**
 * One job: play one camera's live HLS through the app's proxy, and say honestly what is
 * happening (loading, live, reconnecting, offline, unplayable). hls.js is imported on first
 * use, so pages without video never load it.
 */
export function CameraPlayer({ cameraId, className }: { cameraId: string; className?: string }) {
  const t = useTranslations('player');
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<PlayerState>('loading');

  useEffect(() => {
    const element = video.current;
    if (!element) return;
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
  }, [cameraId]);

  return (
    <div className={`player ${className ?? ''}`} data-state={state} data-testid="camera-player">
      <video ref={video} muted playsInline autoPlay />
      {state !== 'live' && <div className={`player-overlay ${state}`}>{t(state)}</div>}
      {state === 'live' && <span className="live-badge">{t('live')}</span>}
    </div>
  );
}
