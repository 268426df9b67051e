'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ApiErrorNotice } from '@/components/app/api-error';
import { useApi } from '@/components/app/use-api';
import { useLiveEvents } from '@/components/live/use-live-events';
import type { CameraStatusRow } from '@/db/queries/camera-health';
import { useFormats } from '@/components/app/use-formats';
import { Options } from '@/components/app/options';

type Row = CameraStatusRow;

type SortKey = 'name' | 'status' | 'statusSince' | 'lastOutageAt' | 'uptimePct';
const PERIODS = { '24h': 1, '7d': 7, '30d': 30 } as const;
/** Sorting by status puts what needs attention first. */
const STATUS_RANK: Record<string, number> = { offline: 0, stalled: 1, unsupported: 2, unknown: 3, live: 4 };

function statusUrl(period: keyof typeof PERIODS): string {
  const to = new Date();
  const from = new Date(to.getTime() - PERIODS[period] * 86_400_000);
  return `/api/cameras?from=${from.toISOString()}&to=${to.toISOString()}`;
}

/** Every camera with status, since when, last outage, last error and uptime; sortable and filterable. */
export function CameraStatusTable() {
  const t = useTranslations();
  const format = useFormats();
  const [period, setPeriod] = useState<keyof typeof PERIODS>('24h');
  // The window ends when the period was chosen (a fixed key, so the answer is cached by it).
  const [url, setUrl] = useState(() => statusUrl('24h'));
  const { data, error, mutate } = useApi<{ cameras: Row[] }>(url);
  const rows = data?.cameras ?? null;
  const [filter, setFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState('all');
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'status', asc: true });

  // A status change is applied where it is, without reloading the uptimes.
  useLiveEvents((e) => {
    if (e.topic !== 'camera.status') return;
    void mutate(
      (current) => current && { cameras: current.cameras.map((row) => (row.id === e.cameraId ? { ...row, status: e.status, statusSince: e.since, lastErrorCode: e.errorCode, lastError: e.errorCode ? row.lastError : null } : row)) },
      { revalidate: false },
    );
  });

  const shown = useMemo(() => {
    const q = filter.toLowerCase();
    const list = (rows ?? []).filter(
      (r) => (statusFilter === 'all' || r.status === statusFilter) && `${r.name} ${r.code ?? ''} ${r.zoneName ?? ''} ${r.facilityName ?? ''}`.toLowerCase().includes(q),
    );
    const dir = sort.asc ? 1 : -1;
    return list.sort((a, b) => {
      const x = sort.key === 'status' ? (STATUS_RANK[a.status] ?? 9) : (a[sort.key] ?? '');
      const y = sort.key === 'status' ? (STATUS_RANK[b.status] ?? 9) : (b[sort.key] ?? '');
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  }, [rows, filter, statusFilter, sort]);

  const header = (key: SortKey, label: string) => (
    <th>
      <button type="button" onClick={() => setSort((s) => ({ key, asc: s.key === key ? !s.asc : true }))}>
        {label} {sort.key === key ? (sort.asc ? '▲' : '▼') : ''}
      </button>
    </th>
  );
  const when = (iso: string | null) => (iso ? format.dateTime(iso) : '—');

  return (
    <div className="page">
      <h1>{t('nav.cameras')}</h1>
      <div className="toolbar">
        <input type="search" aria-label={t('wall.search')} placeholder={t('wall.search')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <select aria-label={t('fields.status')} value={statusFilter} onChange={(e) => setStatusFilter(e.target.value)} data-testid="status-filter">
          <option value="all">{t('fields.status')}: *</option>
          <Options values={['live', 'stalled', 'offline', 'unsupported', 'unknown']} label={(s) => t(`cameraStatus.${s}` as 'cameraStatus.live')} />
        </select>
        <select
          aria-label={t('health.uptime')}
          value={period}
          onChange={(e) => {
            const next = e.target.value as keyof typeof PERIODS;
            setPeriod(next);
            setUrl(statusUrl(next));
          }}
        >
          <Options values={Object.keys(PERIODS)} label={(p) => `${t('health.uptime')} ${p}`} />
        </select>
        <span className="count">{shown.length}</span>
      </div>
      <ApiErrorNotice error={error} />
      <table className="data" data-testid="camera-status-table">
        <thead>
          <tr>
            {header('name', t('layers.cameras'))}
            {header('status', t('fields.status'))}
            {header('statusSince', t('fields.since'))}
            {header('lastOutageAt', t('health.lastOutage'))}
            <th>{t('health.lastError')}</th>
            {header('uptimePct', t('health.uptime'))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-status={r.status}>
              <td>
                {r.name}
                <br />
                <small className="muted">{[r.code, r.zoneName ?? r.facilityName, r.isDemo ? t('map.demo') : null].filter(Boolean).join(' · ')}</small>
              </td>
              <td>
                <span className="status-pill">
                  <i className={`dot ${r.status}`} />
                  {t(`cameraStatus.${r.status}` as 'cameraStatus.live')}
                </span>
              </td>
              <td>{when(r.statusSince)}</td>
              <td>{when(r.lastOutageAt)}</td>
              <td>
                {r.lastErrorCode && r.status !== 'live' ? (
                  <small>
                    {t(`cameraError.${r.lastErrorCode}` as 'cameraError.timeout')}
                    {r.lastError && <span className="muted detail"> — {r.lastError}</span>}
                  </small>
                ) : null}
              </td>
              <td>{r.uptimePct === null ? '—' : format.percent(r.uptimePct / 100, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
