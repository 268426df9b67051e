'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { Tile } from '@/components/app/tile';
import { useFormats } from '@/components/app/use-formats';
import { useLiveApi } from '@/components/live/use-live-api';
import { ProgrammeTrend } from '@/components/programme/programme-trend';
import { StatusBadge } from '@/components/programme/status-badge';
import { FACILITY_STATUSES, type FacilityStatus } from '@/lib/domain/facilities';
import { provinceName } from '@/lib/geo/provinces';
import type { GroupFigure } from '@/lib/programme/figures';
import type { Dashboard } from '@/lib/programme/read';
import { localInstant } from '@/lib/domain/local-time';
import { TableHead } from '@/components/app/table-head';
import { Options } from '@/components/app/options';

// MapLibre needs a browser (WebGL).
const FacilitiesMap = dynamic(() => import('@/components/programme/facilities-map'), { ssr: false });

const REFRESH_MS = 30_000;
const BURST_MS = 1_200;

export interface DashboardLinks {
  canRegister: boolean;
  canReports: boolean;
}

/** The camera programme at a glance for the user's scope; reloads itself on facility and camera changes. */
export function ProgrammeDashboard({ initial, links }: { initial: Dashboard; links: DashboardLinks }) {
  const t = useTranslations('programme');
  const f = useFormats();
  const locale = useLocale();
  const router = useRouter();
  const [filter, setFilter] = useState<FacilityStatus | 'late' | ''>('');
  const { data, stale, connected } = useLiveApi<Dashboard>('/api/programme', initial, (event) => event.topic === 'facility' || event.topic === 'camera.status', {
    refreshMs: REFRESH_MS,
    burstMs: BURST_MS,
  });

  const { programme, figures } = data;
  const T = figures.totals;
  const name = (x: { name: string; nameEn: string | null }) => (locale === 'en' && x.nameEn) || x.name;
  const pct = (v: number | null) => (v === null ? '—' : f.percent(v / 100, 1));
  const shown = useMemo(
    () => figures.facilities.filter((x) => (filter === 'late' ? x.late : filter ? x.status === filter : true)),
    [figures.facilities, filter],
  );
  const degraded = figures.facilities.filter((x) => x.status === 'degraded');
  const deadlineText =
    programme.daysLeft > 0 ? t('dashboard.daysLeft', { days: programme.daysLeft }) : programme.daysLeft === 0 ? t('dashboard.dueToday') : t('dashboard.daysOver', { days: -programme.daysLeft });

  return (
    <div className="overview programme" data-testid="programme-dashboard" data-connected={connected}>
      <header className="overview-head">
        <h1>{locale === 'en' ? programme.nameEn : programme.name}</h1>
        <p className="muted">
          {t('dashboard.asOf', { time: f.dateTime(figures.cutoffAt) })}
          {stale && <span className="badge warning"> {t('dashboard.stale')}</span>}
        </p>
        <nav className="programme-links" aria-label={t('dashboard.linksLabel')}>
          {links.canReports && <Link href="/programme/reports">{t('nav.reports')}</Link>}
          <Link href="/programme/contacts">{t('nav.contacts')}</Link>
          {links.canRegister && (
            <Link href="/programme/facilities/new" className="button">
              {t('nav.register')}
            </Link>
          )}
        </nav>
      </header>

      <section className="tiles" aria-label={t('dashboard.figures')}>
        <Tile
          testId="tile-connected"
          label={t('fig.connectedPct')}
          value={pct(T.connectedPct)}
          detail={`${t('dashboard.connectedOf', { connected: T.byStatus.connected, total: T.total })} · ${t('fig.deadline')} ${f.date(localInstant(programme.deadline, 12 * 60))} (${deadlineText})`}
          tone={T.connectedPct !== null && T.connectedPct >= 100 ? 'good' : programme.daysLeft < 0 ? 'critical' : 'warning'}
        />
        <Tile testId="tile-cameras" label={t('fig.camerasLive')} value={`${f.number(T.camerasLive)}/${f.number(T.camerasTotal)}`} detail={t('dashboard.uptimeToday', { pct: pct(T.uptimePct) })} />
        <Tile testId="tile-late" label={t('fig.late')} value={f.number(T.late)} detail={t('dashboard.lateDetail')} tone={T.late > 0 ? 'critical' : undefined} />
        <Tile testId="tile-degraded" label={t('status.degraded')} value={f.number(T.byStatus.degraded)} detail={t('dashboard.outagesToday', { count: T.outages })} tone={T.byStatus.degraded > 0 ? 'warning' : undefined} />
        <Tile testId="tile-new" label={t('fig.newlyConnected')} value={f.number(T.newlyConnected)} detail={t('dashboard.occupancy', { people: f.number(T.occupancy), capacity: f.number(T.capacity) })} />
      </section>

      <section className="status-strip" aria-label={t('dashboard.byStatus')}>
        {FACILITY_STATUSES.map((s) => (
          <button key={s} type="button" className={`status-count status-${s}`} aria-pressed={filter === s} onClick={() => setFilter(filter === s ? '' : s)} data-testid={`count-${s}`}>
            <strong>{f.number(T.byStatus[s])}</strong> <span>{t(`status.${s}`)}</span>
          </button>
        ))}
      </section>

      <div className="programme-grid">
        <section className="panel programme-map-panel" aria-labelledby="map-heading">
          <h2 id="map-heading">{t('report.map')}</h2>
          <FacilitiesMap facilities={figures.facilities.map((x) => ({ id: x.id, name: name(x), status: x.status, lon: x.lon, lat: x.lat }))} onOpen={(id) => router.push(`/programme/facilities/${id}`)} />
          <p className="legend-line small">
            {FACILITY_STATUSES.map((s) => (
              <span key={s} className={`legend-dot status-${s}`}>
                {t(`status.${s}`)}
              </span>
            ))}
          </p>
        </section>
        <section className="panel" aria-labelledby="trend-heading">
          <h2 id="trend-heading">{t('report.trend', { days: figures.trend.length })}</h2>
          <ProgrammeTrend days={figures.trend} />
        </section>
        <section className="panel" aria-labelledby="late-heading">
          <h2 id="late-heading">{t('report.late', { count: figures.late.length })}</h2>
          {figures.late.length === 0 ? (
            <p className="muted">{t('report.none')}</p>
          ) : (
            <ul className="gap-list" data-testid="late-list">
              {figures.late.map((x) => (
                <li key={x.id} className="critical">
                  <Link href={`/programme/facilities/${x.id}`}>{name(figures.facilities.find((y) => y.id === x.id) ?? { name: x.name, nameEn: null })}</Link> · {t(`status.${x.status}`)} · {t('fig.due')} {f.date(localInstant(x.due, 12 * 60))}
                </li>
              ))}
            </ul>
          )}
          <h2 id="degraded-heading">{t('report.degraded', { count: degraded.length })}</h2>
          {degraded.length === 0 ? (
            <p className="muted">{t('report.none')}</p>
          ) : (
            <ul className="gap-list" data-testid="degraded-list">
              {degraded.map((x) => (
                <li key={x.id} className="warning">
                  <Link href={`/programme/facilities/${x.id}`}>{name(x)}</Link> · {t('dashboard.camerasLiveOf', { live: x.camerasLive, total: x.camerasTotal })}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="panel programme-groups" aria-labelledby="by-province">
        <h2 id="by-province">{t('report.byProvince')}</h2>
        <GroupTable groups={figures.byProvince} first={t('fig.province')} label={(g) => provinceName(g.key ?? '', locale)} testId="province-table" />
        <h2 id="by-telecom">{t('report.byTelecom')}</h2>
        <GroupTable groups={figures.byTelecom} first={t('fig.telecom')} label={(g) => g.name ?? t('fig.noTelecom')} testId="telecom-table" />
      </section>

      <section className="panel programme-list" aria-labelledby="list-heading">
        <div className="list-head">
          <h2 id="list-heading">{t('dashboard.list', { count: shown.length })}</h2>
          <label>
            {t('dashboard.filter')}{' '}
            <select value={filter} onChange={(e) => setFilter(e.target.value as FacilityStatus | 'late' | '')} data-testid="status-filter">
              <option value="">{t('dashboard.all')}</option>
              <Options values={FACILITY_STATUSES} label={(s) => t(`status.${s}`)} />
              <option value="late">{t('fig.late')}</option>
            </select>
          </label>
        </div>
        <div className="table-scroll">
          <table className="data" data-testid="facility-table">
            <TableHead columns={[t('fig.facility'), t('fig.province'), t('fig.telecom'), t('fig.status'), { label: t('fig.camerasShort'), numeric: true }, { label: t('fig.uptimeShort'), numeric: true }, t('fig.due')]} />
            <tbody>
              {shown.map((x) => (
                <tr key={x.id} className={x.late ? 'late' : undefined}>
                  <th scope="row">
                    <Link href={`/programme/facilities/${x.id}`}>{name(x)}</Link>
                  </th>
                  <td>{provinceName(x.provinceCode, locale)}</td>
                  <td>{x.telecomName ?? '—'}</td>
                  <td>
                    <StatusBadge status={x.status} />
                    {x.late && <span className="late-mark"> {t('fig.late')}</span>}
                  </td>
                  <td className="num">
                    {f.number(x.camerasLive)}/{f.number(x.requiredCameras ?? x.camerasTotal)}
                  </td>
                  <td className="num">{pct(x.uptimePct)}</td>
                  <td>{x.due ? f.date(localInstant(x.due, 12 * 60)) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function GroupTable({ groups, first, label, testId }: { groups: GroupFigure[]; first: string; label: (g: GroupFigure) => string; testId: string }) {
  const t = useTranslations('programme');
  const f = useFormats();
  if (groups.length === 0) return <p className="muted">{t('report.none')}</p>;
  return (
    <div className="table-scroll">
      <table className="data" data-testid={testId}>
        <TableHead columns={[first, { label: t('fig.facilitiesShort'), numeric: true }, ...FACILITY_STATUSES.map((s) => ({ key: s, numeric: true, label: <span className={`legend-dot status-${s}`}>{t(`status.${s}`)}</span> })), { label: t('fig.connectedPctShort'), numeric: true }, { label: t('fig.camerasShort'), numeric: true }, { label: t('fig.uptimeShort'), numeric: true }]} />
        <tbody>
          {groups.map((g) => (
            <tr key={g.key ?? 'none'}>
              <th scope="row">{label(g)}</th>
              <td className="num">{f.number(g.total)}</td>
              {FACILITY_STATUSES.map((s) => (
                <td key={s} className="num">
                  {f.number(g.byStatus[s])}
                </td>
              ))}
              <td className="num">{g.connectedPct === null ? '—' : f.percent(g.connectedPct / 100, 1)}</td>
              <td className="num">
                {f.number(g.camerasLive)}/{f.number(g.camerasTotal)}
              </td>
              <td className="num">{g.uptimePct === null ? '—' : f.percent(g.uptimePct / 100, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
