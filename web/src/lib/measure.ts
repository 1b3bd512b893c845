// How the dashboard's figures are drawn, without React: the colour of an achievement, a
// target's monthly series from the analytics query, the small trend line, where a task stands
// across its lead units, and where a date falls on the year's timeline.
import type { AnalyticsCell, Status, TaskCounts, TaskState } from './types';

/** The bands of the achievement colour scale, by the projected achievement (the status rule:
 * ≥ 100 % on track, 90–100 % at risk, below 90 % off track), worst first. */
export const BANDS = [
  { min: -Infinity, bg: '#9b2c2c', fg: '#fff', status: 'off_track' as Status, label: '< 80%' },
  { min: 0.8, bg: '#e05252', fg: '#fff', status: 'off_track' as Status, label: '80–90%' },
  { min: 0.9, bg: '#f0b429', fg: '#1a202c', status: 'at_risk' as Status, label: '90–100%' },
  { min: 1.0, bg: '#5fb878', fg: '#1a202c', status: 'on_track' as Status, label: '100–110%' },
  { min: 1.1, bg: '#22663c', fg: '#fff', status: 'on_track' as Status, label: '≥ 110%' },
];
export const NO_DATA = { bg: '#d5dae1', fg: '#1a202c', label: '—' };

/** The colours of an achievement (a ratio, 1 = the target met); grey when there is none. */
export function achievementColor(ratio: number | null | undefined): { bg: string; fg: string } {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return NO_DATA;
  let band = BANDS[0];
  for (const b of BANDS) if (ratio >= b.min) band = b;
  return band;
}

/** "2012-M03" … "2012-M12" for a year's months. */
export function monthKeys(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-M${String(i + 1).padStart(2, '0')}`);
}

/** A target's figure in each month (index 0 = January) from the analytics query's cells;
 * null where nothing was approved for that month. */
export function monthlySeries(cells: readonly AnalyticsCell[], targetId: number, year: number): (number | null)[] {
  const out: (number | null)[] = Array(12).fill(null);
  const prefix = `${year}-M`;
  for (const c of cells) {
    if (c.target_id !== targetId || !c.period.startsWith(prefix) || c.count === 0) continue;
    const m = Number(c.period.slice(prefix.length));
    if (m >= 1 && m <= 12 && c.value !== null) out[m - 1] = c.value;
  }
  return out;
}

/** Running totals of a flow; a month without a figure keeps the total so far (null before the
 * first figure). */
export function runningTotal(series: readonly (number | null)[]): (number | null)[] {
  let sum: number | null = null;
  return series.map((v) => {
    if (v !== null) sum = (sum ?? 0) + v;
    return sum;
  });
}

/** The SVG path of a small trend line through the months that have a figure, scaled to
 * width × height (y grows downwards); "" when fewer than two months have one. */
export function sparkPath(values: readonly (number | null)[], width: number, height: number): string {
  const points = values.map((v, i) => [i, v] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (points.length < 2) return '';
  const ys = points.map((p) => p[1]);
  const lo = Math.min(...ys), hi = Math.max(...ys);
  const span = hi - lo || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const pad = 1.5; // keeps the stroke inside the box
  return points
    .map(([i, v], k) => {
      const x = i * step;
      const y = hi === lo ? height / 2 : pad + (1 - (v - lo) / span) * (height - 2 * pad);
      return `${k ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** Where a task stands across its lead units, as the board shows it: overdue when any unit is
 * overdue; done when every unit reported it done (or cancelled); in progress once any started;
 * not started when reported so; otherwise not reported; null for a task no unit leads. */
export function overallState(c: TaskCounts): TaskState | null {
  if (c.total === 0) return null;
  const s = c.states;
  if (c.overdue > 0 || s.overdue > 0) return 'overdue';
  if (s.done + s.cancelled === c.total) return 'done';
  if (s.in_progress > 0 || s.done > 0) return 'in_progress';
  if (s.not_started > 0) return 'not_started';
  return 'not_reported';
}

/** The share (0–1) of `year` gone by the start of `date` (YYYY-MM-DD), clamped to the year. */
export function yearFraction(date: string, year: number): number {
  const t = Date.parse(date + 'T00:00:00Z');
  const start = Date.UTC(year, 0, 1), end = Date.UTC(year + 1, 0, 1);
  if (Number.isNaN(t)) return 0;
  return Math.min(1, Math.max(0, (t - start) / (end - start)));
}
