import { describe, expect, it } from 'vitest';
import { BANDS, NO_DATA, achievementColor, monthKeys, monthlySeries, overallState, runningTotal, sparkPath, yearFraction } from './measure';
import type { AnalyticsCell, TaskCounts } from './types';

const bandOf = (r: number) => BANDS.find((b) => b === achievementColor(r));

describe('the achievement colours', () => {
  it('follow the status rule at its thresholds (90 % and 100 % of the target projected)', () => {
    expect(bandOf(0.899)?.status).toBe('off_track');
    expect(bandOf(0.9)?.status).toBe('at_risk');
    expect(bandOf(0.999)?.status).toBe('at_risk');
    expect(bandOf(1.0)?.status).toBe('on_track');
  });
  it('tell far behind from nearly there, and met from well beyond', () => {
    expect(achievementColor(0.5).bg).not.toBe(achievementColor(0.85).bg);
    expect(achievementColor(1.02).bg).not.toBe(achievementColor(1.3).bg);
  });
  it('are grey without a figure', () => {
    expect(achievementColor(null)).toBe(NO_DATA);
    expect(achievementColor(Number.NaN)).toBe(NO_DATA);
  });
});

const cell = (target_id: number, period: string, value: number | null, count = 1): AnalyticsCell =>
  ({ target_id, period, value, count, node: { unit_id: null, code: '', name: '', kind: null, label: '', outside_date: false, related: [] } });

describe('a target by month', () => {
  it('places each month\'s figure, leaves months without one empty, ignores other targets', () => {
    const cells = [cell(60, '2012-M03', 120), cell(60, '2012-M04', 80), cell(61, '2012-M03', 4.1), cell(60, '2012-M05', 0, 0)];
    const s = monthlySeries(cells, 60, 2012);
    expect(s.slice(0, 6)).toEqual([null, null, 120, 80, null, null]);
    expect(runningTotal(s).slice(1, 6)).toEqual([null, 120, 200, 200, 200]);
    expect(monthKeys(2012)[2]).toBe('2012-M03');
  });
  it('draws a trend line through the months with figures, highest at the top', () => {
    const path = sparkPath([null, 10, 30, null, 20], 40, 10);
    const pts = path.split(' ').map((p) => p.slice(1).split(',').map(Number));
    expect(path.startsWith('M10.0,')).toBe(true); // February, a quarter of the way
    expect(pts).toHaveLength(3);
    expect(pts[1][1]).toBeLessThan(pts[0][1]); // 30 is drawn above 10
    expect(pts[2][0]).toBe(40); // May at the right end
    expect(sparkPath([null, 5], 40, 10)).toBe('');
    expect(sparkPath([3, 3], 40, 10)).toBe('M0.0,5.0 L40.0,5.0');
  });
});

const counts = (total: number, states: Partial<TaskCounts['states']>, overdue = 0): TaskCounts =>
  ({ total, overdue, states: { not_reported: 0, not_started: 0, in_progress: 0, done: 0, overdue: 0, cancelled: 0, ...states } });

describe('where a task stands across its lead units', () => {
  it('is overdue when one unit is, whatever the others did', () => {
    expect(overallState(counts(63, { done: 62, not_reported: 1 }, 1))).toBe('overdue');
  });
  it('is done only when every unit is done or cancelled', () => {
    expect(overallState(counts(3, { done: 2, cancelled: 1 }))).toBe('done');
    expect(overallState(counts(3, { done: 2, not_reported: 1 }))).toBe('in_progress');
  });
  it('is not reported when no unit said anything, and nothing when no unit leads it', () => {
    expect(overallState(counts(5, { not_reported: 5 }))).toBe('not_reported');
    expect(overallState(counts(5, { not_started: 1, not_reported: 4 }))).toBe('not_started');
    expect(overallState(counts(0, {}))).toBeNull();
  });
});

describe('the year\'s timeline', () => {
  it('places dates by the share of the year gone, clamped to the year', () => {
    expect(yearFraction('2012-01-01', 2012)).toBe(0);
    expect(yearFraction('2012-07-02', 2012)).toBeCloseTo(183 / 366, 5); // 2012 is a leap year
    expect(yearFraction('2013-03-01', 2012)).toBe(1);
    expect(yearFraction('2011-12-31', 2012)).toBe(0);
  });
});
