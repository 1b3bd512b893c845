// Charts with ECharts, only the pieces used (echarts/core + bar, line, grid, tooltip, legend,
// canvas renderer) so the JavaScript sent stays small; loaded lazily by the pages that draw.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

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

export interface TrendProps {
  months: string[]; // the axis labels ("T1" … "T12")
  monthly: (number | null)[]; // each month's figure
  total?: (number | null)[]; // running total (flows), on the right axis
  expected?: (number | null)[]; // the pace the target asks for, on the right axis
  names: { monthly: string; total?: string; expected?: string };
  format: (v: number) => string;
  label: string;
  height?: number;
}

/** A target through the year: the months' figures as bars (a line for a rate), and for a flow
 * its running total against the pace its target asks for. */
export function Trend({ months, monthly, total, expected, names, format, label, height = 300 }: TrendProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const flow = total !== undefined;
    const axis = (v: unknown) => format(Number(v));
    const series: object[] = [
      { type: flow ? 'bar' : 'line', name: names.monthly, data: monthly, itemStyle: { color: '#1f5fa8' }, connectNulls: false },
    ];
    if (total) series.push({ type: 'line', name: names.total, data: total, yAxisIndex: 1, itemStyle: { color: '#2f855a' } });
    if (expected) {
      series.push({ type: 'line', name: names.expected, data: expected, yAxisIndex: 1, symbol: 'none',
                    lineStyle: { type: 'dashed', color: '#975a16' }, itemStyle: { color: '#975a16' } });
    }
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : axis(v)) },
      legend: { top: 0 },
      grid: { left: 64, right: flow ? 72 : 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months },
      yAxis: flow
        ? [{ type: 'value', axisLabel: { formatter: axis } }, { type: 'value', axisLabel: { formatter: axis }, splitLine: { show: false } }]
        : { type: 'value', scale: true, axisLabel: { formatter: axis } },
      series,
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [months, monthly, total, expected, names, format]);
  return <div ref={ref} className="chart" style={{ height }} role="img" aria-label={label} />;
}
