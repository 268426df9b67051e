import 'server-only';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { TrendPoint } from '@/db/queries/programme';
import { STATUS_COLORS } from '@/lib/programme/status-colors';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

/** The chart's inner margin in points: the day labels the PDF writes under it line up with its bars. */
export const TREND_MARGIN = 6;

/**
 * The trend for print: facilities connected (and degraded) against all facilities per day, drawn
 * by ECharts on the server as SVG (the same library as the dashboard's chart). The SVG carries
 * no text (the PDF's SVG path cannot use its embedded fonts): the report writes the day labels,
 * the scale and the legend itself, as real text in Noto Sans.
 */
export function trendSvg(trend: TrendPoint[], labels: { total: string; connected: string; degraded: string }, width = 500, height = 190): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      grid: { left: TREND_MARGIN, right: TREND_MARGIN, top: TREND_MARGIN, bottom: TREND_MARGIN },
      legend: { show: false },
      xAxis: { type: 'category', data: trend.map((d) => d.date), axisLabel: { show: false }, axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { show: false }, splitLine: { lineStyle: { color: '#e2e8f0' } } },
      series: [
        { name: labels.connected, type: 'bar', stack: 's', data: trend.map((d) => d.connected), itemStyle: { color: STATUS_COLORS.connected } },
        { name: labels.degraded, type: 'bar', stack: 's', data: trend.map((d) => d.degraded), itemStyle: { color: STATUS_COLORS.degraded } },
        { name: labels.total, type: 'line', data: trend.map((d) => d.total), itemStyle: { color: '#334155' }, lineStyle: { width: 2 }, symbolSize: 4 },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
