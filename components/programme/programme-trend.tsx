'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { CHART_MUTED, CHART_TEXT, chartFontSize, useEChart } from '@/components/app/use-echart';
import { useFormats } from '@/components/app/use-formats';
import type { TrendPoint } from '@/db/queries/programme';
import { STATUS_COLORS } from '@/lib/programme/status-colors';
import { localInstant } from '@/lib/domain/local-time';
import { TableHead } from '@/components/app/table-head';

const TEXT = CHART_TEXT;
const MUTED = CHART_MUTED;

/** Facilities connected and degraded (bars) against all facilities (line), per day. */
export function ProgrammeTrend({ days }: { days: TrendPoint[] }) {
  const t = useTranslations('programme');
  const f = useFormats();
  const { element, chart } = useEChart();

  useEffect(() => {
    const size = chartFontSize();
    chart.current?.setOption(
      {
        aria: { enabled: true },
        textStyle: { color: TEXT, fontFamily: 'inherit', fontSize: size * 0.85 },
        grid: { left: size * 2.5, right: size, top: size * 2.6, bottom: size * 2 },
        legend: { top: 0, textStyle: { color: TEXT, fontSize: size * 0.85 } },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => f.number(Number(v)) },
        xAxis: { type: 'category', data: days.map((d) => f.dayShort(localInstant(d.date, 12 * 60))), axisLabel: { color: MUTED } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { color: MUTED, formatter: (v: number) => f.number(v) }, splitLine: { lineStyle: { color: '#1e3345' } } },
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
