'use client';

import type Hls from 'hls.js';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { LocalDateTimeInput } from '@/components/app/local-datetime-input';
import { useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';

interface Timeline {
  recording: boolean;
  ranges: { fromMs: number; toMs: number }[];
  gaps: { fromMs: number; toMs: number; reason: string }[];
}

type PlaybackState = 'loading' | 'playing' | 'empty' | 'forbidden' | 'error';

/** How much the time bar shows around the moment (hours): a day to find, an hour or ten minutes to scrub. */
const SPANS_H = [24, 1, 1 / 6] as const;
/** Where a dragged or typed moment is taken, after the hand stops. */
const COMMIT_MS = 400;
/** Playback that starts this much later than asked means nothing was recorded at that moment. */
const SKIP_MS = 2_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The stretch shown on the time bar: ending now, or centred on an older moment. */
function spanFor(moment: number, now: number, spanMs: number): { from: number; to: number } {
  const to = now - moment > spanMs / 2 ? moment + spanMs / 2 : now;
  return { from: to - spanMs, to };
}

/**
 * One camera's recordings from a chosen moment: the video as the camera recorded it (VOD HLS
 * through the app, every playback audited), the moment it shows (the camera's own clock,
 * EXT-X-PROGRAM-DATE-TIME), a time bar of the day with what was recorded and the gaps (and
 * why), a picker for any moment, and the way back to live.
 */
export function RecordingPlayer({
  cameraId,
  at,
  onLive,
  spanHours = SPANS_H[0],
  compact = false,
}: {
  cameraId: string;
  at: number;
  onLive?: () => void;
  spanHours?: (typeof SPANS_H)[number];
  /** A small tile (the video wall): the picture, the time bar and the way back to live only. */
  compact?: boolean;
}) {
  const t = useTranslations('playback');
  const tError = useTranslations('cameraError');
  const format = useFormats();
  const video = useRef<HTMLVideoElement>(null);
  const [moment, setMoment] = useState(at);
  const [position, setPosition] = useState<number | null>(null);
  /** The first moment shown after loading: later than asked when nothing was recorded then. */
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [state, setState] = useState<PlaybackState>('loading');
  const [picked, setPicked] = useState<string | null>(null);
  const [spanH, setSpanH] = useState<number>(spanHours);
  const [span, setSpan] = useState(() => spanFor(at, Date.now(), spanHours * 3_600_000));
  const timeline = useApi<Timeline>(`/api/cameras/${cameraId}/recordings?from=${iso(span.from)}&to=${iso(span.to)}`, { refreshInterval: 15_000 });

  /** Plays from this moment; a moment off the time bar moves the bar there. */
  const go = (ms: number) => {
    setMoment(ms);
    setSpan((current) => (ms < current.from || ms > current.to ? spanFor(ms, Date.now(), spanH * 3_600_000) : current));
  };
  const zoom = (hours: number) => {
    setSpanH(hours);
    const around = position ?? moment;
    setSpan(() => spanFor(around, Date.now(), hours * 3_600_000));
  };

  // Asked for only when the time bar shows something recorded from the moment on: a camera
  // that never recorded then answers from the time bar, not with a failed request.
  const ranges = timeline.data?.ranges;
  const playable = ranges === undefined ? null : ranges.some((r) => r.toMs > moment);

  useEffect(() => {
    const element = video.current;
    if (!element || !playable) return;
    let hls: Hls | null = null;
    let disposed = false;
    setState('loading');
    setPosition(null);
    setStartedAt(null);
    const onTime = () => {
      const date = hls?.playingDate;
      if (date) {
        setPosition(date.getTime());
        setStartedAt((s) => s ?? date.getTime());
      }
      if (!element.paused) setState('playing');
    };
    element.addEventListener('timeupdate', onTime);
    const start = async () => {
      const { default: HlsClass } = await import('hls.js');
      if (disposed) return;
      hls = new HlsClass({ enableWorker: true, manifestLoadingMaxRetry: 1, fragLoadingMaxRetry: 2 });
      // The playlist says where the moment is (EXT-X-START): play from there.
      hls.on(HlsClass.Events.MANIFEST_PARSED, () => void element.play().catch(() => undefined));
      hls.on(HlsClass.Events.ERROR, (_e, data) => {
        if (!data.fatal) return;
        const code = data.response?.code;
        setState(code === 404 ? 'empty' : code === 403 ? 'forbidden' : 'error');
        hls?.destroy();
        hls = null;
      });
      hls.loadSource(`/api/cameras/${cameraId}/recordings/playlist.m3u8?from=${iso(moment)}`);
      hls.attachMedia(element);
    };
    void start();
    // A playlist holds a stretch: at its end, go on with the next one.
    const onEnded = () => {
      const date = hls?.playingDate?.getTime();
      if (date && date < Date.now() - 5_000) setMoment(date + 500);
    };
    element.addEventListener('ended', onEnded);
    return () => {
      disposed = true;
      element.removeEventListener('timeupdate', onTime);
      element.removeEventListener('ended', onEnded);
      hls?.destroy();
    };
  }, [cameraId, moment, playable]);

  // Dragging the bar plays nothing until the hand stops.
  useEffect(() => {
    if (dragging === null) return;
    // The time bar only reaches moments on it: no need to move it.
    const timer = setTimeout(() => {
      setMoment(dragging);
      setDragging(null);
    }, COMMIT_MS);
    return () => clearTimeout(timer);
  }, [dragging]);

  const shown = dragging ?? position ?? moment;
  // Nothing recorded from the moment on (the time bar says so): no playlist was asked for.
  const shownState: PlaybackState = playable === false ? 'empty' : timeline.error?.status === 403 ? 'forbidden' : state;
  const width = span.to - span.from;
  const pct = (ms: number) => `${(((Math.min(Math.max(ms, span.from), span.to) - span.from) / width) * 100).toFixed(3)}%`;
  const data = timeline.data;
  const reason = (code: string) => (tError.has(code) ? tError(code as 'http') : t('gapMissed'));
  return (
    <div className="recording-player" data-testid="recording-player">
      <div className="player" data-state={shownState}>
        <video ref={video} muted playsInline controls={false} aria-label={t('videoLabel')} data-testid="recording-video" />
        {shownState !== 'playing' && (
          <div className={`player-overlay ${shownState === 'forbidden' || shownState === 'error' ? 'offline' : ''}`} role="status">
            <span>{t(shownState === 'loading' ? 'loading' : shownState === 'empty' ? (data && !data.recording && data.ranges.length === 0 ? 'notRecorded' : 'empty') : shownState)}</span>
          </div>
        )}
        <span className="playback-badge">{t('badge')}</span>
      </div>
      <p className="playback-clock" data-testid="playback-clock" data-ms={position ?? ''} aria-live="off">
        {t('showing', { time: format.dateTimeSeconds(shown) })}
      </p>
      <div className="playback-bar">
        <div className="playback-track" aria-hidden="true">
          {data?.ranges.map((r) => <span key={`r${r.fromMs}`} className="recorded" style={{ left: pct(r.fromMs), width: `calc(${pct(r.toMs)} - ${pct(r.fromMs)})` }} />)}
          {data?.gaps.map((g) => (
            <span key={`g${g.fromMs}`} className="gap" title={t('gap', { reason: reason(g.reason) })} style={{ left: pct(g.fromMs), width: `calc(${pct(g.toMs)} - ${pct(g.fromMs)})` }} />
          ))}
        </div>
        <input
          type="range"
          className="playback-scrubber"
          aria-label={t('scrubber')}
          aria-valuetext={format.dateTimeSeconds(shown)}
          min={span.from}
          max={span.to}
          step={1000}
          value={Math.min(Math.max(shown, span.from), span.to)}
          onChange={(e) => setDragging(Number(e.target.value))}
          data-testid="playback-scrubber"
        />
        <div className="playback-ticks" aria-hidden="true">
          <span>{format.dateTime(span.from)}</span>
          <span>{format.dateTime(span.to)}</span>
        </div>
      </div>
      {!compact && (
        <div className="playback-zoom" role="group" aria-label={t('zoom')}>
          {SPANS_H.map((h) => (
            <button key={h} type="button" className="button small" aria-pressed={spanH === h} onClick={() => zoom(h)} data-testid={`playback-zoom-${Math.round(h * 60)}`}>
              {h >= 1 ? t('hours', { count: h }) : t('minutes', { count: Math.round(h * 60) })}
            </button>
          ))}
        </div>
      )}
      {startedAt !== null && startedAt - moment > SKIP_MS && (
        <p className="muted small" role="status" data-testid="playback-skipped">
          {t('skipped', { time: format.dateTimeSeconds(moment) })}
        </p>
      )}
      {data && data.gaps.length > 0 && (
        <p className="muted small" data-testid="playback-gaps">
          {t('gapCount', { count: data.gaps.length, span: spanH >= 1 ? t('hours', { count: spanH }) : t('minutes', { count: Math.round(spanH * 60) }) })}
        </p>
      )}
      <div className="playback-controls">
        {!compact && (
          <>
            <LocalDateTimeInput label={t('moment')} defaultValue={iso(moment)} max={span.to} onChange={setPicked} testId="playback-moment" />
            <button type="button" className="button small" disabled={!picked} onClick={() => picked && go(Date.parse(picked))} data-testid="playback-go">
              {t('go')}
            </button>
          </>
        )}
        {onLive && (
          <button type="button" className="button small primary" onClick={onLive} data-testid="playback-live">
            {t('live')}
          </button>
        )}
      </div>
    </div>
  );
}
