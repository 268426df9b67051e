'use client';

import dynamic from 'next/dynamic';
import { useLocale, useTranslations } from 'next-intl';
import { useAlertTitle } from '@/components/alerts/alert-text';
import { useFormats } from '@/components/app/use-formats';
import { useLiveApi } from '@/components/live/use-live-api';
import { TrendChart } from '@/components/overview/trend-chart';
import { Tile, type TileComparison } from '@/components/app/tile';
import type { Overview } from '@/lib/overview/load';
import { TableHead } from '@/components/app/table-head';

// MapLibre needs a browser (WebGL).
const OverviewMap = dynamic(() => import('@/components/overview/overview-map'), { ssr: false });

/** The figures are also reloaded on this period, so a quiet hour still shows the clock moving on. */
const REFRESH_MS = 30_000;
/** Live events come in bursts; one reload per burst. */
const BURST_MS = 1_500;

/** How the border stands today: the leaders' first page. Reloads itself on live events. */
export function OverviewDashboard({ initial }: { initial: Overview }) {
  const t = useTranslations('overview');
  const f = useFormats();
  const locale = useLocale();
  const alertTitle = useAlertTitle();
  // Detections alone do not change the figures shown; the next crossing or alert will.
  const { data, stale, connected } = useLiveApi<Overview>('/api/overview', initial, (event) => event.topic !== 'detections', { refreshMs: REFRESH_MS, burstMs: BURST_MS });

  const { today, alerts, cameras, staffing, compare } = data;
  // Each figure against the same part of yesterday and of the 7 days before (lib/overview/load).
  const vs = (field: keyof typeof compare.today): TileComparison => {
    const now = compare.today[field];
    const average = compare.weekAverage[field];
    return {
      text: t('compare', { yesterday: f.number(compare.yesterday[field]), average: f.number(average, 1) }),
      trend: now > average * 1.1 + 0.5 ? 'up' : now < average * 0.9 - 0.5 ? 'down' : 'level',
    };
  };
  const since = encodeURIComponent(data.dayStart);
  const name = (p: { name: string; nameEn: string | null }) => (locale === 'en' && p.nameEn) || p.name;
  const duration = (s: number | null) => (s === null ? '—' : f.duration(s));
  const handled = today.alerts.resolved + today.alerts.dismissed;

  return (
    <div className="overview" data-testid="overview" data-connected={connected}>
      <header className="overview-head">
        <h1>{t('title')}</h1>
        <p className="muted">
          {t('asOf', { time: f.dateTime(data.now), since: f.time(data.dayStart) })}
          {stale && <span className="badge warning"> {t('stale')}</span>}
        </p>
      </header>

      <section className="tiles" aria-label={t('today')}>
        <Tile testId="tile-into" label={t('crossedInto')} value={f.number(today.crossings.into)} detail={t('people', { count: today.crossings.peopleInto })} tone="into" compare={vs('into')} href={`/events?kind=crossings&direction=into_vn&from=${since}`} />
        <Tile testId="tile-out" label={t('crossedOut')} value={f.number(today.crossings.out)} detail={t('people', { count: today.crossings.peopleOut })} tone="out" compare={vs('out')} href={`/events?kind=crossings&direction=out_of_vn&from=${since}`} />
        {alerts && (
          <Tile
            testId="tile-open-alerts"
            label={t('openAlerts')}
            value={f.number(alerts.open)}
            detail={t('openDetail', { fresh: alerts.new, escalated: alerts.escalated })}
            tone={alerts.escalated > 0 ? 'critical' : alerts.new > 0 ? 'warning' : undefined}
            href="/alerts"
          />
        )}
        <Tile
          testId="tile-handled"
          label={t('handled')}
          value={f.number(handled)}
          detail={t('handledDetail', { ack: duration(today.alerts.medianAckSeconds), resolve: duration(today.alerts.medianResolveSeconds) })}
          compare={vs('handled')}
          href="/alerts?state=closed"
        />
        <Tile testId="tile-intercepted" label={t('intercepted')} value={f.number(today.alerts.intercepted)} detail={t('tips', { count: today.tips })} compare={vs('intercepted')} href="/alerts?state=closed" />
        {cameras && (
          <Tile
            testId="tile-cameras"
            label={t('camerasLive')}
            value={cameras.total ? f.percent(cameras.live / cameras.total, 0) : '—'}
            detail={t('camerasDetail', { live: cameras.live, total: cameras.total })}
            tone={cameras.total && cameras.live / cameras.total < 0.9 ? 'warning' : undefined}
            href="/cameras"
          />
        )}
        {staffing && (
          <Tile
            testId="tile-staffed"
            label={t('postsStaffed')}
            value={`${f.number(staffing.staffedNow)}/${f.number(staffing.posts)}`}
            detail={t('officersNow', { count: staffing.officersNow })}
            tone={staffing.unstaffedNow.length ? 'critical' : undefined}
            href="/roster"
          />
        )}
      </section>

      <div className="overview-grid">
        <section className="panel overview-zones" aria-labelledby="zones-heading">
          <h2 id="zones-heading">{t('byZone')}</h2>
          {today.crossings.byZone.length === 0 ? (
            <p className="muted">{t('noCrossings')}</p>
          ) : (
            <table className="data" data-testid="zone-table">
              <TableHead columns={[t('zone'), { label: t('into'), numeric: true }, { label: t('out'), numeric: true }]} />
              <tbody>
                {today.crossings.byZone.slice(0, 12).map((z) => (
                  <tr key={z.zoneId}>
                    <th scope="row">
                      {name(z)}
                    </th>
                    <td className="num">{f.number(z.into)}</td>
                    <td className="num">{f.number(z.out)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {staffing && staffing.unstaffedNow.length + staffing.unstaffedNext.length > 0 && (
            <>
              <h2>{t('gaps')}</h2>
              <ul className="gap-list" data-testid="gap-list">
                {staffing.unstaffedNow.map((p) => (
                  <li key={`now-${p.id}`} className="critical">
                    {t('gapNow', { post: name(p) })}
                  </li>
                ))}
                {staffing.unstaffedNext.map((p) => (
                  <li key={`next-${p.id}`} className="warning">
                    {t('gapNext', { post: name(p), time: f.time(staffing.next.start) })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {alerts && alerts.escalatedGroups.length > 0 && (
            <>
              <h2>{t('overdue')}</h2>
              <ul className="gap-list">
                {alerts.escalatedGroups.map((g) => (
                  <li key={g.id} className="critical">
                    <a href={`/alerts?alert=${g.id}`}>{alertTitle(g)}</a> · {f.time(g.raisedAt)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="panel overview-map-panel" aria-labelledby="map-heading">
          <h2 id="map-heading">{t('mapTitle')}</h2>
          <OverviewMap
            data={{
              crossings: data.crossings,
              alerts: alerts?.places ?? [],
              unstaffed: [...(staffing?.unstaffedNow.map((p) => ({ ...p, now: true })) ?? []), ...(staffing?.unstaffedNext.map((p) => ({ ...p, now: false })) ?? [])],
            }}
          />
          <p className="small muted">{t('mapLegend')}</p>
        </section>
        <section className="panel overview-trend" aria-labelledby="trend-heading">
          <h2 id="trend-heading">{t('trendTitle', { days: data.trend.length })}</h2>
          <TrendChart days={data.trend} />
        </section>
      </div>
    </div>
  );
}
