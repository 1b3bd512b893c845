import { describe, expect, it } from 'vitest';
import { defaultPeriod, parsePeriodKey, periodEnd, periodKey, periodLabel } from './document_period';

describe('a report\'s period', () => {
  it('is named as the API names it, and read back', () => {
    expect(periodKey({ type: 'month', year: 2012, n: 3 })).toBe('2012-M03');
    expect(periodKey({ type: 'month', year: 2012, n: 12 })).toBe('2012-M12');
    expect(periodKey({ type: 'quarter', year: 2012, n: 4 })).toBe('2012-Q4');
    expect(periodKey({ type: 'half', year: 2012, n: 1 })).toBe('2012-H1');
    expect(periodKey({ type: 'year', year: 2012, n: 1 })).toBe('2012-Y');
    for (const k of ['2012-M03', '2012-M12', '2012-Q4', '2012-H1', '2012-Y']) expect(periodKey(parsePeriodKey(k)!)).toBe(k);
    for (const k of ['2012-M13', '2012-M3', '2012-Q5', '2012-H2', '2012', 'x']) expect(parsePeriodKey(k), k).toBeNull();
  });
  it('ends on its last day, leap years included', () => {
    expect(periodEnd({ type: 'month', year: 2012, n: 2 })).toBe('2012-02-29');
    expect(periodEnd({ type: 'month', year: 2013, n: 2 })).toBe('2013-02-28');
    expect(periodEnd({ type: 'month', year: 2012, n: 12 })).toBe('2012-12-31');
    expect(periodEnd({ type: 'quarter', year: 2012, n: 3 })).toBe('2012-09-30');
    expect(periodEnd({ type: 'half', year: 2012, n: 1 })).toBe('2012-06-30');
    expect(periodEnd({ type: 'year', year: 2012, n: 1 })).toBe('2012-12-31');
  });
  it('reads as a subject line says it', () => {
    expect(periodLabel({ type: 'month', year: 2012, n: 12 })).toBe('tháng 12 năm 2012');
    expect(periodLabel({ type: 'quarter', year: 2012, n: 4 })).toBe('quý IV năm 2012');
    expect(periodLabel({ type: 'half', year: 2012, n: 1 })).toBe('6 tháng đầu năm 2012');
    expect(periodLabel({ type: 'year', year: 2012, n: 1 })).toBe('năm 2012');
    expect(periodLabel({ type: 'month', year: 2012, n: 12 }, 'en')).toBe('December 2012');
  });
  it('defaults to the last month ended', () => {
    expect(defaultPeriod(2012, '2013-01-20')).toEqual({ type: 'month', year: 2012, n: 12 });
    expect(defaultPeriod(2012, '2012-07-05')).toEqual({ type: 'month', year: 2012, n: 6 });
    expect(defaultPeriod(2012, '2012-01-05')).toEqual({ type: 'month', year: 2012, n: 1 });
    expect(defaultPeriod(2026, '2025-12-01')).toEqual({ type: 'month', year: 2026, n: 1 });
  });
});
