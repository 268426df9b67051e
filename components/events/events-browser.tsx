'use client';

import { useTranslations } from 'next-intl';
import { ClassOptions } from '@/components/activity/class-options';
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { errorMessage, readApiError } from '@/lib/api/client';
import { ApiErrorNotice } from '@/components/app/api-error';
import { LocalDateTimeInput } from '@/components/app/local-datetime-input';
import { useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';
import { TableHead } from '@/components/app/table-head';
import { ItemOptions } from '@/components/app/options';


interface Row {
  id: number;
  kind: 'detections' | 'crossings';
  at: string;
  cameraName: string;
  class: string;
  count: number;
  confidence: number | null;
  direction: string | null;
  alerted: boolean;
  side: string | null;
  borderDistanceM: number | null;
  zones: string | null;
  hasSnapshot: boolean;
}

interface Props {
  cameras: { id: string; name: string }[];
  zones: { id: string; name: string }[];
  canExport: boolean;
}


/**
 * Search detections and crossings: the filter lives in the URL (shareable, survives reloads),
 * pages are fetched by cursor, and the same filter exports to CSV or GeoJSON with progress.
 */
export function EventsBrowser({ cameras, zones, canExport }: Props) {
  const t = useTranslations('events');
  const ta = useTranslations('activity');
  const format = useFormats();
  const router = useRouter();
  const search = useSearchParams();
  const kind = search.get('kind') === 'crossings' ? 'crossings' : 'detections';
  // The URL carries instants (ISO); the form shows them as Viet Nam's wall clock.
  const [defaults] = useState(() => ({ from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() }));
  const form = {
    from: search.get('from') ?? defaults.from,
    to: search.get('to') ?? defaults.to,
    class: search.get('class') ?? '',
    zone: search.get('zone') ?? '',
    camera: search.get('camera') ?? '',
    direction: search.get('direction') ?? '',
    minConfidence: search.get('minConfidence') ?? '',
  };
  /** The API's filter: what the table shows and what an export writes. */
  const filterQuery = useMemo(() => {
    const p = new URLSearchParams({ kind, from: new Date(form.from).toISOString(), to: new Date(form.to).toISOString() });
    for (const key of ['class', 'zone', 'camera'] as const) if (form[key]) p.set(key, form[key]);
    if (kind === 'crossings' && form.direction) p.set('direction', form.direction);
    if (kind === 'detections' && form.minConfidence) p.set('minConfidence', form.minConfidence);
    return p.toString();
  }, [kind, form.from, form.to, form.class, form.zone, form.camera, form.direction, form.minConfidence]); // eslint-disable-line react-hooks/exhaustive-deps

  const [cursors, setCursors] = useState<{ query: string; stack: string[] }>({ query: '', stack: [] });
  const stack = cursors.query === filterQuery ? cursors.stack : [];
  const cursor = stack.at(-1) ?? null;
  const pageUrl = useMemo(() => {
    const p = new URLSearchParams(filterQuery);
    p.set('limit', '50');
    if (cursor) p.set('cursor', cursor);
    return `/api/activity?${p}`;
  }, [filterQuery, cursor]);
  // Not the last filter's rows while the next load: they would be read as the answer to this one.
  const { data: shown, error: pageError } = useApi<{ rows: Row[]; next: string | null }>(pageUrl, { keepPreviousData: false });

  const submit = (data: FormData) => {
    const p = new URLSearchParams();
    for (const [k, v] of data.entries()) if (typeof v === 'string' && v) p.set(k, v);
    router.replace(`/events?${p}`);
  };

  const [exporting, setExporting] = useState<{ done: number; total: number; bytes?: number; state: 'running' | 'done' | 'failed'; reason?: string } | null>(null);
  const runExport = async (formatName: 'csv' | 'xlsx' | 'geojson') => {
    setExporting({ done: 0, total: 0, state: 'running' });
    try {
      const res = await fetch(`/api/activity/export?${filterQuery}&format=${formatName}`);
      if (!res.ok || !res.body) throw await readApiError(res);
      const total = Number(res.headers.get('x-total-rows') ?? 0);
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let lines = 0;
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        // CSV: one header line; GeoJSON: one opening line; both one line per row. XLSX is
        // compressed: its progress is the bytes received.
        if (formatName === 'xlsx') setExporting({ done: 0, total, bytes, state: 'running' });
        else {
          for (const byte of value) if (byte === 10) lines++;
          setExporting({ done: Math.min(total, Math.max(0, lines - 1)), total, state: 'running' });
        }
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `vigil-${kind}.${formatName}`;
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExporting({ done: total, total, state: 'done' });
    } catch (err) {
      setExporting({ done: 0, total: 0, state: 'failed', reason: errorMessage(err) });
    }
  };

  return (
    <div className="page events-page">
      <h1>{t('title')}</h1>
      <form className="events-filters" action={submit} key={search.toString()}>
        <div className="tabs" role="radiogroup" aria-label={t('kindLabel')}>
          {(['detections', 'crossings'] as const).map((k) => (
            <label key={k} className={k === kind ? 'tab active' : 'tab'}>
              <input type="radio" name="kind" value={k} defaultChecked={k === kind} onChange={(e) => e.currentTarget.form?.requestSubmit()} />
              {ta(k)}
            </label>
          ))}
        </div>
        <LocalDateTimeInput key={`from-${form.from}`} label={t('from')} name="from" defaultValue={form.from} required testId="filter-from" />
        <LocalDateTimeInput key={`to-${form.to}`} label={t('to')} name="to" defaultValue={form.to} required testId="filter-to" />
        <label>
          {t('class')}
          <select name="class" defaultValue={form.class}>
            <ClassOptions />
          </select>
        </label>
        <label>
          {ta('zone')}
          <select name="zone" defaultValue={form.zone}>
            <option value="">{ta('allZones')}</option>
            <ItemOptions items={zones} />
          </select>
        </label>
        <label>
          {ta('camera')}
          <select name="camera" defaultValue={form.camera}>
            <option value="">{ta('allCameras')}</option>
            <ItemOptions items={cameras} />
          </select>
        </label>
        {kind === 'crossings' ? (
          <label>
            {t('direction')}
            <select name="direction" defaultValue={form.direction}>
              <option value="">{t('anyDirection')}</option>
              <option value="into_vn">{ta('into_vn')}</option>
              <option value="out_of_vn">{ta('out_of_vn')}</option>
            </select>
          </label>
        ) : (
          <label>
            {ta('minConfidence')}
            <select name="minConfidence" defaultValue={form.minConfidence}>
              <option value="">0</option>
              {[0.5, 0.6, 0.7, 0.8, 0.9].map((v) => (
                <option key={v} value={v.toFixed(1)}>
                  {format.number(v, 1)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="button" data-testid="events-search">
          {t('search')}
        </button>
        {canExport && (
          <span className="export-buttons">
            {t('export')}:
            <button type="button" className="button small" onClick={() => void runExport('csv')} disabled={exporting?.state === 'running'} data-testid="export-csv">
              {t('exportCsv')}
            </button>
            <button type="button" className="button small" onClick={() => void runExport('xlsx')} disabled={exporting?.state === 'running'} data-testid="export-xlsx">
              {t('exportXlsx')}
            </button>
            <button type="button" className="button small" onClick={() => void runExport('geojson')} disabled={exporting?.state === 'running'} data-testid="export-geojson">
              {t('exportGeojson')}
            </button>
          </span>
        )}
      </form>
      {exporting && (
        <div className="export-status" role="status" data-testid="export-status">
          {exporting.state === 'running' && (
            <>
              {exporting.bytes !== undefined ? (
                <>
                  <progress /> {t('exportingBytes', { size: `${format.number(exporting.bytes / 1_048_576, 1)} MB` })}
                </>
              ) : (
                <>
                  <progress max={exporting.total || 1} value={exporting.done} /> {t('exporting', { done: format.number(exporting.done), total: format.number(exporting.total) })}
                </>
              )}
            </>
          )}
          {exporting.state === 'done' && t('exported', { total: format.number(exporting.total) })}
          {exporting.state === 'failed' && t('exportFailed', { reason: exporting.reason ?? '' })}
        </div>
      )}
      {/* A 400 names each field that is wrong and why: all of it is shown. */}
      <ApiErrorNotice error={pageError} />
      <table className="data" data-testid="events-table">
        <TableHead columns={[t('time'), t('camera'), t('class'), t('count'), kind === 'crossings' ? t('direction') : t('confidence'), kind === 'detections' && t('side'), kind === 'detections' && t('distance'), t('zones')]} />
        <tbody>
          {shown?.rows.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/events/${r.kind}/${r.id}`}>{format.dateTimeSeconds(r.at)}</a>
                {r.hasSnapshot && <span title={t('snapshot')}> 📷</span>}
              </td>
              <td>{r.cameraName}</td>
              <td>{ta(`classes.${r.class}` as 'classes.person')}</td>
              <td className="num">{r.count}</td>
              {kind === 'crossings' ? (
                <td className={`direction ${r.direction}`}>
                  {r.direction ? ta(r.direction as 'into_vn') : ''}
                  {r.alerted && <span title={ta('hotspotAlert')}> ⚠</span>}
                </td>
              ) : (
                <td className="num">{r.confidence !== null ? format.percent(r.confidence) : ''}</td>
              )}
              {kind === 'detections' && <td>{r.side ? ta(`side.${r.side}` as 'side.vn') : '—'}</td>}
              {kind === 'detections' && <td className="num">{r.borderDistanceM !== null ? format.distance(r.borderDistanceM) : ''}</td>}
              <td>{r.zones ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && shown.rows.length === 0 && <p className="muted">{t('noRows')}</p>}
      {!shown && !pageError && <p className="muted">{ta('loading')}</p>}
      <nav className="pager">
        <button type="button" className="button small" disabled={stack.length === 0} onClick={() => setCursors({ query: filterQuery, stack: [] })}>
          {t('first')}
        </button>
        <button type="button" className="button small" disabled={!shown?.next} onClick={() => shown?.next && setCursors({ query: filterQuery, stack: [...stack, shown.next] })} data-testid="events-next">
          {t('next')}
        </button>
      </nav>
    </div>
  );
}
