'use client';

import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type RefObject } from 'react';
import { localInstant } from '@/lib/domain/local-time';
import type { Formats } from '@/lib/format';

// Only the parts of ECharts the pages' charts need (bars and lines), so the pages stay light.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** Colours of chart text on the dark interface. */
export const CHART_TEXT = '#d7e3ec';
export const CHART_MUTED = '#8fa3b3';

/**
 * An ECharts instance on an element, resized with it and disposed with the component; the
 * component sets its options whenever its data change.
 */
export function useEChart(): { element: RefObject<HTMLDivElement | null>; chart: RefObject<echarts.ECharts | null> } {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  return { element, chart };
}

/** The interface's font size in pixels (larger on wall screens), for chart text. */
export function chartFontSize(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 14;
}

/**
 * What every chart of figures per day shares: text sized for the screen, a legend, a tooltip
 * with formatted numbers, and one category per local day. A chart adds its axes and series.
 */
export function dailyChartOptions(dates: string[], f: Formats, grid: { left: number; right: number; top: number }) {
  const size = chartFontSize();
  return {
    aria: { enabled: true },
    textStyle: { color: CHART_TEXT, fontFamily: 'inherit', fontSize: size * 0.85 },
    grid: { left: size * grid.left, right: size * grid.right, top: size * grid.top, bottom: size * 2 },
    legend: { top: 0, textStyle: { color: CHART_TEXT, fontSize: size * 0.85 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => f.number(Number(v)) },
    xAxis: { type: 'category', data: dates.map((d) => f.dayShort(localInstant(d, 12 * 60))), axisLabel: { color: CHART_MUTED } },
  };
}

/** A value axis of counts in the chart's colours. */
export function countAxis(f: Formats, extra: Record<string, unknown> = {}) {
  return { type: 'value', nameTextStyle: { color: CHART_MUTED }, axisLabel: { color: CHART_MUTED, formatter: (v: number) => f.number(v) }, splitLine: { lineStyle: { color: '#1e3345' } }, ...extra };
}
