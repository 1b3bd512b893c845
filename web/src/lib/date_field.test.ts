import { describe, expect, it } from 'vitest';
import { dateField, initDateField, type DateFieldEvent } from './date_field';

const run = (start: string, events: DateFieldEvent[]) => events.reduce(dateField, initDateField(start));

describe('the date field of the figures pages', () => {
  it('shows the date the figures are for', () => {
    expect(run('', [{ kind: 'server', iso: '2012-03-16' }]).text).toBe('16/03/2012');
    expect(run('2012-03-16', [{ kind: 'server', iso: '2012-12-31' }]).text).toBe('31/12/2012');
  });
  it('never puts a date arriving into a field someone is in: what they type replaces what was there', () => {
    // The flaky e2e run: the field is entered (and its text selected) before the figures
    // arrive; the typed date must be all the field holds.
    const s = run('', [{ kind: 'focus' }, { kind: 'server', iso: '2012-03-16' }, { kind: 'type', text: '31/03/2012' }]);
    expect(s.text).toBe('31/03/2012');
    expect(run('', [{ kind: 'focus' }, { kind: 'server', iso: '2012-03-16' }]).text).toBe('');
  });
  it('keeps typed text that was not asked for yet, even once the field is left', () => {
    const s = run('2012-03-16', [{ kind: 'focus' }, { kind: 'type', text: '31/03/20' }, { kind: 'blur' }, { kind: 'server', iso: '2012-04-01' }]);
    expect(s.text).toBe('31/03/20');
  });
  it('shows the date kept aside when the field is left with nothing typed', () => {
    const s = run('', [{ kind: 'focus' }, { kind: 'server', iso: '2012-03-16' }, { kind: 'blur' }]);
    expect(s.text).toBe('16/03/2012');
  });
  it('follows the server again once a date is asked for', () => {
    const typed = run('2012-03-16', [{ kind: 'focus' }, { kind: 'type', text: '1/4/2012' }, { kind: 'ask', iso: '2012-04-01' }]);
    expect(typed.text).toBe('1/4/2012');
    expect(dateField(dateField(typed, { kind: 'blur' }), { kind: 'server', iso: '2012-04-01' }).text).toBe('01/04/2012');
    const quick = run('2012-03-16', [{ kind: 'focus' }, { kind: 'type', text: '1/4' }, { kind: 'blur' }, { kind: 'ask', iso: '2012-06-30' }]);
    expect(quick.text).toBe('30/06/2012');
    expect(dateField(quick, { kind: 'server', iso: '2012-06-30' }).text).toBe('30/06/2012');
  });
});
