'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { CHART_MUTED, CHART_TEXT, chartFontSize, useEChart } from '@/components/app/use-echart';
import { useFormats } from '@/components/app/use-formats';
import type { TrendDay } from '@/db/queries/overview';
import { localInstant } from '@/lib/domain/local-time';
import { TableHead } from '@/components/app/table-head';

const TEXT = CHART_TEXT;
const MUTED = CHART_MUTED;

/** Crossings into and out of Viet Nam (bars) and alerts raised (line) per day. */
export function TrendChart({ days }: { days: TrendDay[] }) {
  const t = useTranslations('overview');
  const f = useFormats();
  const { element, chart } = useEChart();

  useEffect(() => {
    const size = chartFontSize();
    chart.current?.setOption(
      {
        aria: { enabled: true },
        textStyle: { color: TEXT, fontFamily: 'inherit', fontSize: size * 0.85 },
        grid: { left: size * 3, right: size * 3, top: size * 3, bottom: size * 2 },
        legend: { top: 0, textStyle: { color: TEXT, fontSize: size * 0.85 } },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => f.number(Number(v)) },
        xAxis: { type: 'category', data: days.map((d) => f.dayShort(localInstant(d.date, 12 * 60))), axisLabel: { color: MUTED } },
        yAxis: [
          { type: 'value', name: t('trendCrossings'), nameTextStyle: { color: MUTED }, axisLabel: { color: MUTED, formatter: (v: number) => f.number(v) }, splitLine: { lineStyle: { color: '#1e3345' } } },
          { type: 'value', name: t('trendAlerts'), nameTextStyle: { color: MUTED }, axisLabel: { color: MUTED, formatter: (v: number) => f.number(v) }, splitLine: { show: false } },
        ],
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
