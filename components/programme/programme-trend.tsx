'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { countAxis, dailyChartOptions, useEChart } from '@/components/app/use-echart';
import { useFormats } from '@/components/app/use-formats';
import type { TrendPoint } from '@/db/queries/programme';
import { STATUS_COLORS } from '@/lib/programme/status-colors';
import { TableHead } from '@/components/app/table-head';
import { localInstant } from '@/lib/domain/local-time';

/** Facilities connected and degraded (bars) against all facilities (line), per day. */
export function ProgrammeTrend({ days }: { days: TrendPoint[] }) {
  const t = useTranslations('programme');
  const f = useFormats();
  const { element, chart } = useEChart();

  useEffect(() => {
    chart.current?.setOption(
      {
        ...dailyChartOptions(
          days.map((d) => d.date),
          f,
          { left: 2.5, right: 1, top: 2.6 },
        ),
        yAxis: countAxis(f, { minInterval: 1 }),
        series: [
          { name: t('status.connected'), type: 'bar', stack: 's', data: days.map((d) => d.connected), itemStyle: { color: STATUS_COLORS.connected } },
          { name: t('status.degraded'), type: 'bar', stack: 's', data: days.map((d) => d.degraded), itemStyle: { color: STATUS_COLORS.degraded } },
          { name: t('fig.facilities'), type: 'line', data: days.map((d) => d.total), itemStyle: { color: '#38bdf8' }, lineStyle: { width: 2 } },
        ],
      },
      { notMerge: true },
    );
  }, [chart, days, f, t]);

  return (
    <figure className="trend-chart">
      <div ref={element} className="chart" role="img" aria-label={t('dashboard.trendLabel', { days: days.length })} data-testid="programme-trend" />
      <table className="sr-only">
        <caption>{t('dashboard.trendLabel', { days: days.length })}</caption>
        <TableHead columns={[t('fig.time'), t('status.connected'), t('status.degraded'), t('fig.facilities')]} />
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{f.date(localInstant(d.date, 12 * 60))}</th>
              <td>{f.number(d.connected)}</td>
              <td>{f.number(d.degraded)}</td>
              <td>{f.number(d.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
