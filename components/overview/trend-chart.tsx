'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { countAxis, dailyChartOptions, useEChart } from '@/components/app/use-echart';
import { useFormats } from '@/components/app/use-formats';
import type { TrendDay } from '@/db/queries/overview';
import { TableHead } from '@/components/app/table-head';
import { localInstant } from '@/lib/domain/local-time';

/** Crossings into and out of Viet Nam (bars) and alerts raised (line) per day. */
export function TrendChart({ days }: { days: TrendDay[] }) {
  const t = useTranslations('overview');
  const f = useFormats();
  const { element, chart } = useEChart();

  useEffect(() => {
    chart.current?.setOption(
      {
        ...dailyChartOptions(
          days.map((d) => d.date),
          f,
          { left: 3, right: 3, top: 3 },
        ),
        yAxis: [countAxis(f, { name: t('trendCrossings') }), countAxis(f, { name: t('trendAlerts'), splitLine: { show: false } })],
        series: [
          { name: t('into'), type: 'bar', stack: 'crossings', data: days.map((d) => d.into), itemStyle: { color: '#f87171' } },
          { name: t('out'), type: 'bar', stack: 'crossings', data: days.map((d) => d.out), itemStyle: { color: '#fb923c' } },
          { name: t('alertsRaised'), type: 'line', yAxisIndex: 1, data: days.map((d) => d.alerts), itemStyle: { color: '#38bdf8' }, lineStyle: { width: 3 } },
          { name: t('intercepted'), type: 'line', yAxisIndex: 1, data: days.map((d) => d.intercepted), itemStyle: { color: '#4ade80' }, lineStyle: { width: 2, type: 'dashed' } },
        ],
      },
      { notMerge: true },
    );
  }, [chart, days, f, t]);

  return (
    <figure className="trend-chart">
      <div ref={element} className="chart" role="img" aria-label={t('trendLabel', { days: days.length })} data-testid="trend-chart" />
      {/* The same figures as a table, for screen readers and for reading exact values. */}
      <table className="sr-only">
        <caption>{t('trendLabel', { days: days.length })}</caption>
        <TableHead columns={[t('day'), t('into'), t('out'), t('alertsRaised'), t('intercepted')]} />
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{f.date(localInstant(d.date, 12 * 60))}</th>
              <td>{d.into}</td>
              <td>{d.out}</td>
              <td>{d.alerts}</td>
              <td>{d.intercepted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
