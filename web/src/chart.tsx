// Bar charts with ECharts, only the pieces used (echarts/core + bar + grid, tooltip, legend,
// canvas renderer) so the JavaScript sent stays small; loaded lazily by the pages that draw.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface BarSeries { name: string; values: number[]; color?: string }

export interface BarChartProps {
  categories: string[];
  series: BarSeries[];
  /** Values are ratios 0–1 shown as percentages. */
  percent?: boolean;
  horizontal?: boolean;
  height?: number;
  label: string; // what the chart shows, for screen readers (the table beside it has the figures)
}

const pct = (v: number) => `${(v * 100).toFixed(1).replace('.', ',').replace(/,0$/, '')}%`;

export default function Bars({ categories, series, percent, horizontal, height = 280, label }: BarChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const valueAxis = { type: 'value' as const, max: percent ? 1 : undefined, axisLabel: { formatter: percent ? pct : undefined } };
    const categoryAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, rotate: horizontal ? 0 : 30, fontSize: 11 } };
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: percent ? (v: unknown) => pct(Number(v)) : undefined },
      legend: { top: 0 },
      grid: { left: horizontal ? 160 : 48, right: 16, top: 32, bottom: horizontal ? 24 : 64 },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? { ...categoryAxis, inverse: true, axisLabel: { fontSize: 11, width: 150, overflow: 'truncate' } } : valueAxis,
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: s.color ? { color: s.color } : undefined })),
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [categories, series, percent, horizontal]);
  return <div ref={ref} className="chart" style={{ height }} role="img" aria-label={label} />;
}
