import { describe, expect, it } from 'vitest';
import { carryView, dateInAddress, isAddressed, programInAddress } from './address';

const q = (s: string) => new URLSearchParams(s);
const programs = [{ id: 3 }, { id: 12 }];

describe('the program and the date in the address', () => {
  it('names the pages that show figures, and only those', () => {
    for (const p of ['/', '/provinces', '/tasks', '/targets/7', '/targets/7/units/40']) expect(isAddressed(p)).toBe(true);
    for (const p of ['/programs', '/programs/3', '/reports', '/reports/3/r2/2012-M01/4', '/org', '/targets', '/targets/7/units'])
      expect(isAddressed(p)).toBe(false);
  });
  it('reads ?program= among the programs one sees', () => {
    expect(programInAddress(q(''), programs)).toEqual({ kind: 'absent' });
    expect(programInAddress(q('program='), programs)).toEqual({ kind: 'absent' });
    expect(programInAddress(q('program=12&at=2012-06-30'), programs)).toEqual({ kind: 'known', id: 12 });
    // not one this user sees, or not an id at all: said, never taken for another
    expect(programInAddress(q('program=99'), programs)).toEqual({ kind: 'unknown', text: '99' });
    for (const bad of ['abc', '3x', '03', '-3', '3.0', ' 3', '1e1', '99999999999999999999'])
      expect(programInAddress(q('program=' + encodeURIComponent(bad)), programs)).toEqual({ kind: 'unknown', text: bad });
  });
  it('reads ?at= when it is a day of the calendar (as_of of older links too)', () => {
    expect(dateInAddress(q('at=2012-06-30'))).toBe('2012-06-30');
    expect(dateInAddress(q('as_of=2012-04-01'))).toBe('2012-04-01');
    expect(dateInAddress(q('at=2012-06-30&as_of=2012-04-01'))).toBe('2012-06-30');
    expect(dateInAddress(q('at=2012-02-29'))).toBe('2012-02-29');
    for (const bad of ['', '2013-02-29', '2012-13-01', '2012-6-30', '30/06/2012', '2012-06-31', 'x'])
      expect(dateInAddress(q('at=' + encodeURIComponent(bad)))).toBe('');
  });
  it('carries the program and the date into links between those pages', () => {
    const view = { program: 12, at: '2012-06-30' };
    expect(carryView('/', view)).toBe('/?program=12&at=2012-06-30');
    expect(carryView('/tasks', view)).toBe('/tasks?program=12&at=2012-06-30');
    expect(carryView('/targets/7?unit=40', view)).toBe('/targets/7?program=12&unit=40&at=2012-06-30');
    expect(carryView('/targets/7/units/40', view)).toBe('/targets/7/units/40?program=12&at=2012-06-30');
    // a link's own program and date win; the tasks' older as_of becomes at
    expect(carryView('/provinces?program=3&at=2012-12-31', view)).toBe('/provinces?program=3&at=2012-12-31');
    expect(carryView('/tasks?as_of=2012-04-01&state=overdue', view)).toBe('/tasks?program=12&state=overdue&at=2012-04-01');
    // no date chosen, no program yet: nothing invented
    expect(carryView('/provinces', { program: 12, at: '' })).toBe('/provinces?program=12');
    expect(carryView('/', { program: null, at: '' })).toBe('/');
    // other pages are left as they are
    expect(carryView('/programs', view)).toBe('/programs');
    expect(carryView('/reports?state=due', view)).toBe('/reports?state=due');
  });
});
