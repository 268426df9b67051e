'use client';

import { useTranslations } from 'next-intl';
import { ClassOptions } from '@/components/activity/class-options';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CLASS_COLORS, HEAT_COLORS, type HeatItem, type HeatRender } from '@/components/map/activity-layers';
import { ApiErrorNotice } from '@/components/app/api-error';
import { useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';
import { ItemOptions, Options } from '@/components/app/options';
import type { PointsSpec } from '@/components/map/use-activity-points';
import { DETECTION_CLASSES, POINTS_MIN_ZOOM } from '@/lib/domain/detections';

const PERIODS = { last24h: 1, last7d: 7, last30d: 30 } as const;
type Period = keyof typeof PERIODS;

export interface HeatmapResponse {
  mode: 'points' | 'cells';
  cellDeg: number;
  bucket: 'hour' | 'day';
  total: number;
  items: HeatItem[];
  byBucket: { t: number; n: number }[];
  byZone: { id: string; name: string; kind: string; n: number }[];
  /** How this server sends each point when zoomed in: vector tiles (server engine) or GeoJSON. */
  points: PointsSpec['source'];
}

/** How the period is drawn: counted (deck.gl) or, zoomed in, each point (MapLibre). */
type Render = HeatRender | 'points';

export interface AnalysisView {
  items: HeatItem[];
  render: HeatRender;
  /** Cell width in metres, for hexagon and grid sizes. */
  cellM: number;
  /** deck.gl reports the range of counts its colours span (hexagons, grid). */
  onDomain?: (domain: [number, number]) => void;
  /** Each point of the period, drawn where the map is zoomed in (from POINTS_MIN_ZOOM). */
  points: PointsSpec | null;
}

interface Props {
  zoom: number;
  /** What is in view holds more points than are drawn. */
  pointsCut: boolean;
  cameras: { id: string; name: string }[];
  onView: (view: AnalysisView | null) => void;
  onClose: () => void;
}

interface Filters {
  kind: 'detections' | 'crossings';
  period: Period;
  render: Render;
  cls: string;
  zone: string;
  camera: string;
  minConfidence: number;
  daynight: 'all' | 'day' | 'night';
}

const INITIAL: Filters = { kind: 'detections', period: 'last24h', render: 'heatmap', cls: '', zone: '', camera: '', minConfidence: 0, daynight: 'all' };
const PERIOD_ORDER: Period[] = ['last24h', 'last7d', 'last30d'];

/** Playback shows this many buckets up to the current one (a 3-hour or 3-day trail). */
const TRAIL = 3;
const FRAME_MS = 450;

/**
 * Heatmap / hexagon / grid of detections or crossings over a period, with filters, counts per
 * zone and per hour (or day), and a time slider that scrubs and plays the period back.
 */
export function AnalysisPanel({ zoom, pointsCut, cameras, onView, onClose }: Props) {
  const t = useTranslations('activity');
  const format = useFormats();
  const [filters, setFilters] = useState<Filters>(INITIAL);
  // The zone filter's choices: the zones layer this person may see (a failure leaves the list empty, said below).
  const zoneLayer = useApi<{ features: { id: string; properties: { name: string } }[] }>('/api/layers/zones');
  const zones = useMemo(() => (zoneLayer.data?.features ?? []).map((f) => ({ id: String(f.id), name: f.properties.name })), [zoneLayer.data]);
  const [result, setResult] = useState<{ query: string; data: HeatmapResponse | null; error: string | null } | null>(null);
  /** Index into byBucket, or null for the whole period. */
  const [frame, setFrame] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  /** The period was chosen by the user (until then the panel widens it to find data). */
  const [periodTouched, setPeriodTouched] = useState(false);
  const periodTouchedRef = useRef(false);
  const [domain, setDomain] = useState<[number, number] | null>(null);
  // Zoom steps, not every fractional zoom, decide the server's cell size.
  const zoomStep = Math.round(zoom);


  // The period ends when the filters last changed (a fixed window, so neither playback nor the
  // points' tiles shift when the map zooms).
  const filterQuery = useMemo(() => {
    const to = new Date();
    const from = new Date(to.getTime() - PERIODS[filters.period] * 86_400_000);
    const params = new URLSearchParams({ kind: filters.kind, from: from.toISOString(), to: to.toISOString(), daynight: filters.daynight });
    if (filters.cls) params.set('class', filters.cls);
    if (filters.zone) params.set('zone', filters.zone);
    if (filters.camera) params.set('camera', filters.camera);
    if (filters.kind === 'detections' && filters.minConfidence > 0) params.set('minConfidence', filters.minConfidence.toFixed(1));
    return params.toString();
  }, [filters.kind, filters.period, filters.cls, filters.zone, filters.camera, filters.minConfidence, filters.daynight]);
  const query = `${filterQuery}&zoom=${zoomStep}`;

  useEffect(() => {
    const abort = new AbortController();
    fetch(`/api/activity/heatmap?${query}`, { signal: abort.signal })
      .then(async (r) => {
        if (!r.ok) throw new Error(((await r.json()) as { error?: { message?: string } }).error?.message ?? `HTTP ${r.status}`);
        return (await r.json()) as HeatmapResponse;
      })
      .then((d) => {
        // Open on a period that has something to show: 24 hours, else 7 days, else 30 days.
        const asked = new URLSearchParams(query);
        const days = Math.round((Date.parse(asked.get('to') ?? '') - Date.parse(asked.get('from') ?? '')) / 86_400_000);
        const next = PERIOD_ORDER[PERIOD_ORDER.findIndex((p) => PERIODS[p] === days) + 1];
        if (d.total === 0 && next && !periodTouchedRef.current) {
          setFilters((f) => ({ ...f, period: next }));
          return;
        }
        setResult({ query, data: d, error: null });
        setFrame((f) => (f === null ? null : Math.min(f, Math.max(0, d.byBucket.length - 1))));
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setResult((r) => ({ query, data: r?.data ?? null, error: String((err as Error).message ?? err) }));
      });
    return () => abort.abort();
  }, [query]);
  const data = result?.data ?? null;
  const error = result?.error ?? null;
  const loading = result?.query !== query;



  // Playback: one bucket per frame, looping.
  useEffect(() => {
    if (!playing || !data || data.byBucket.length === 0) return;
    const timer = setInterval(() => setFrame((f) => (f === null || f >= data.byBucket.length - 1 ? 0 : f + 1)), FRAME_MS);
    return () => clearInterval(timer);
  }, [playing, data]);

  const visibleItems = useMemo(() => {
    if (!data) return [];
    if (frame === null) return data.items;
    const current = data.byBucket[frame]?.t;
    if (current === undefined) return [];
    const span = data.bucket === 'hour' ? 3600 : 86_400;
    return data.items.filter((d) => d[2] <= current && d[2] > current - TRAIL * span);
  }, [data, frame]);

  const onDomain = useCallback((next: [number, number]) => setDomain((d) => (d && d[0] === next[0] && d[1] === next[1] ? d : next)), []);
  // Each point follows the time slider: the frame's trail of buckets, inside the period.
  const frameStart = frame !== null ? data?.byBucket[frame]?.t : undefined;
  const pointsQuery = useMemo(() => {
    if (frameStart === undefined || !data) return filterQuery;
    const params = new URLSearchParams(filterQuery);
    const span = data.bucket === 'hour' ? 3600 : 86_400;
    const clip = (ms: number) => new Date(Math.min(Date.parse(params.get('to')!), Math.max(Date.parse(params.get('from')!), ms))).toISOString();
    params.set('from', clip((frameStart - (TRAIL - 1) * span) * 1000));
    params.set('to', clip((frameStart + span) * 1000));
    return params.toString();
  }, [filterQuery, frameStart, data]);
  const eachPoint = filters.render === 'points';
  const pointsShown = eachPoint && zoomStep >= POINTS_MIN_ZOOM;
  const pointSource = data?.points;
  useEffect(() => {
    if (!data) return onView(null);
    const cellM = data.cellDeg * 111_320 * Math.cos((21.5 * Math.PI) / 180);
    // Each point replaces the counted cells where the map is close enough; further out, the heatmap.
    onView({
      items: pointsShown ? [] : visibleItems,
      render: filters.render === 'points' ? 'heatmap' : filters.render,
      cellM,
      onDomain,
      points: eachPoint && pointSource ? { query: pointsQuery, source: pointSource } : null,
    });
  }, [data, visibleItems, filters.render, eachPoint, pointsShown, pointSource, pointsQuery, onView, onDomain]);

  /** Pausing on a moment with nothing in it would leave an empty map: show the whole period then. */
  const pause = () => {
    setPlaying(false);
    if (frame !== null && visibleItems.length === 0) setFrame(null);
  };
  const heaviestCell = data?.items.reduce((m, d) => Math.max(m, d[3]), 0) ?? 0;
  useEffect(() => () => onView(null), [onView]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    if (key === 'period') {
      setPeriodTouched(true);
      periodTouchedRef.current = true;
    }
    setFilters((f) => ({ ...f, [key]: value }));
  };
  const max = Math.max(1, ...(data?.byBucket.map((b) => b.n) ?? [0]));
  const current = frame !== null ? data?.byBucket[frame] : undefined;
  const when = (sec: number) =>
    data?.bucket === 'hour' ? format.dayHour(sec * 1000) : format.dayShort(sec * 1000);

  return (
    <section className="panel analysis-panel" aria-label={t('analysis')} data-testid="analysis-panel">
      <header className="panel-header">
        <h2>{t('analysis')}</h2>
        <span className="analysis-summary" data-testid="analysis-total">
          {loading ? t('loading') : data ? `${t('total', { n: format.number(data.total) })} · ${data.mode === 'points' ? t('mode_points') : t('mode_cells', { size: format.distance(data.cellDeg * 111_320) })}` : ''}
        </span>
        <button type="button" className="button small" onClick={onClose} aria-label={t('closeAnalysis')}>
          ×
        </button>
      </header>
      <div className="analysis-filters">
        <label>
          {t('source')}
          <select value={filters.kind} onChange={(e) => set('kind', e.target.value as Filters['kind'])} data-testid="analysis-kind">
            <option value="detections">{t('detections')}</option>
            <option value="crossings">{t('crossings')}</option>
          </select>
        </label>
        <label>
          {t('period')}
          <select value={filters.period} onChange={(e) => set('period', e.target.value as Period)} data-testid="analysis-period">
            <Options values={Object.keys(PERIODS)} label={(p) => t(p as Period)} />
          </select>
        </label>
        <label>
          {t('render')}
          <select value={filters.render} onChange={(e) => set('render', e.target.value as Render)} data-testid="analysis-render">
            <option value="heatmap">{t('heatmap')}</option>
            <option value="hexagon">{t('hexagon')}</option>
            <option value="grid">{t('grid')}</option>
            <option value="points">{t('eachPoint')}</option>
          </select>
        </label>
        <label>
          {t('class')}
          <select value={filters.cls} onChange={(e) => set('cls', e.target.value)} data-testid="analysis-class">
            <ClassOptions />
          </select>
        </label>
        <label>
          {t('zone')}
          <select value={filters.zone} onChange={(e) => set('zone', e.target.value)}>
            <option value="">{t('allZones')}</option>
            <ItemOptions items={zones} />
          </select>
        </label>
        <ApiErrorNotice error={zoneLayer.error} />
        <label>
          {t('camera')}
          <select value={filters.camera} onChange={(e) => set('camera', e.target.value)}>
            <option value="">{t('allCameras')}</option>
            <ItemOptions items={cameras} />
          </select>
        </label>
        {filters.kind === 'detections' && (
          <label>
            {t('minConfidence')} {format.number(filters.minConfidence, 1)}
            <input type="range" min={0} max={0.9} step={0.1} value={filters.minConfidence} onChange={(e) => set('minConfidence', Number(e.target.value))} />
          </label>
        )}
        <label>
          {t('daynight')}
          <select value={filters.daynight} onChange={(e) => set('daynight', e.target.value as Filters['daynight'])}>
            <option value="all">{t('all')}</option>
            <option value="day">{t('day')}</option>
            <option value="night">{t('night')}</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {eachPoint && (
        <p className="small muted" role="status" data-testid="analysis-points-note">
          {!pointsShown ? t('pointsZoomIn', { zoom: POINTS_MIN_ZOOM }) : pointsCut ? t('pointsCut') : t('pointsShown')}
        </p>
      )}
      <div className="analysis-body">
        <div className="analysis-timeline">
          <div className="timeline-controls">
            <button type="button" className="button small" onClick={() => (playing ? pause() : (setFrame((f) => f ?? 0), setPlaying(true)))} data-testid="analysis-play" disabled={!data?.byBucket.length}>
              {playing ? t('pause') : t('play')}
            </button>
            <input
              type="range"
              min={0}
              max={Math.max(0, (data?.byBucket.length ?? 1) - 1)}
              value={frame ?? Math.max(0, (data?.byBucket.length ?? 1) - 1)}
              onChange={(e) => {
                setPlaying(false);
                setFrame(Number(e.target.value));
              }}
              aria-label={data?.bucket === 'day' ? t('byDay') : t('byHour')}
              data-testid="analysis-slider"
            />
            <button type="button" className="button small" onClick={() => (setPlaying(false), setFrame(null))} aria-pressed={frame === null}>
              {t('wholePeriod')}
            </button>
            <span className="timeline-label" data-testid="analysis-frame">
              {current ? `${when(current.t)} · ${format.number(current.n)}` : data ? `${format.number(data.total)}` : ''}
            </span>
          </div>
          <svg className="timeline-bars" viewBox={`0 0 ${Math.max(1, data?.byBucket.length ?? 1)} 40`} preserveAspectRatio="none" role="img" aria-label={data?.bucket === 'day' ? t('byDay') : t('byHour')}>
            {data?.byBucket.map((b, i) => (
              <rect
                key={b.t}
                x={i + 0.1}
                width={0.8}
                y={40 - (b.n / max) * 38}
                height={(b.n / max) * 38}
                className={frame !== null && i <= frame && i > frame - TRAIL ? 'bar current' : 'bar'}
                onClick={() => (setPlaying(false), setFrame(i))}
              >
                <title>{`${when(b.t)}: ${b.n}`}</title>
              </rect>
            ))}
          </svg>
          {data && data.total === 0 && !loading && <p className="muted">{t(filters.period === 'last30d' && !periodTouched ? 'emptyAll' : 'empty')}</p>}
        </div>
        {data && data.total > 0 && (
          <div className="color-scale" data-testid="analysis-scale">
            <h3>{pointsShown ? t('pointColours') : t('scale')}</h3>
            {pointsShown ? (
              <ol className="bins" data-testid="analysis-point-classes">
                {DETECTION_CLASSES.map((cls) => (
                  <li key={cls}>
                    <i style={{ background: `rgb(${CLASS_COLORS[cls].join(',')})`, borderRadius: '50%' }} aria-hidden="true" />
                    {t(`classes.${cls}`)}
                  </li>
                ))}
              </ol>
            ) : filters.render === 'heatmap' || filters.render === 'points' ? (
              <>
                <div className="gradient" style={{ background: `linear-gradient(to right, ${HEAT_COLORS.map((c) => `rgb(${c.join(',')})`).join(', ')})` }} aria-hidden="true" />
                <p className="small">{t('scaleHeatmap', { max: format.number(heaviestCell), cell: format.distance(data.cellDeg * 111_320) })}</p>
              </>
            ) : domain ? (
              <ol className="bins">
                {HEAT_COLORS.map((c, i) => {
                  const step = (domain[1] - domain[0]) / HEAT_COLORS.length;
                  const lo = Math.ceil(domain[0] + i * step);
                  const hi = i === HEAT_COLORS.length - 1 ? domain[1] : Math.max(lo, Math.ceil(domain[0] + (i + 1) * step) - 1);
                  return (
                    <li key={i}>
                      <i style={{ background: `rgb(${c.join(',')})` }} aria-hidden="true" />
                      {lo === hi ? format.number(lo) : `${format.number(lo)}–${format.number(hi)}`}
                    </li>
                  );
                })}
              </ol>
            ) : null}
            {(filters.render === 'hexagon' || filters.render === 'grid') && <p className="small muted">{t(filters.render === 'hexagon' ? 'scaleHexagon' : 'scaleGrid')}</p>}
          </div>
        )}
        <div className="analysis-zones">
          <h3>{t('byZone')}</h3>
          <ol data-testid="analysis-zones">
            {data?.byZone.slice(0, 8).map((z) => (
              <li key={z.id}>
                <button type="button" className="link" onClick={() => set('zone', filters.zone === z.id ? '' : z.id)} aria-pressed={filters.zone === z.id}>
                  {z.name}
                </button>
                <span className="count">{format.number(z.n)}</span>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
