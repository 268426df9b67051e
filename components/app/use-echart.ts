'use client';

import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type RefObject } from 'react';

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
