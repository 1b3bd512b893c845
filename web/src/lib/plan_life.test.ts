import { describe, expect, it } from 'vitest';
import {
  amendmentActions, chipCounts, daysLate, nestUnitTasks, personName, rowOf, rowProblems, rowsByItem, shortDate, tasksInput,
  unitProgramActions, valueChange, versionBadgeText, waitingForLeader, type TaskRow,
} from './plan_life';
import type { UnitProgramSummary, User } from './types';

const user = (role: User['role'], unit_id: number | null = null, title = ''): User =>
  ({ id: 1, username: 'u', display_name: 'U', role, unit_id, unit_name: null, title });
const HANOI = { id: 7, code: '01', name: 'Hà Nội' };

describe('how an amended value is written', () => {
  it('writes a day as the decisions do', () => {
    expect(shortDate('2012-07-01')).toBe('01/7/2012');
    expect(shortDate('2012-12-31')).toBe('31/12/2012');
  });
  it('writes job targets in thousands, other values whole', () => {
    expect(valueChange(1600000, 1650000, 'người')).toBe('1.600 → 1.650 nghìn người');
    expect(valueChange('90000', '85000', 'lao động')).toBe('90 → 85 nghìn lao động');
    expect(valueChange(4.3, 4, '%')).toBe('4,3 → 4%');
    expect(valueChange(1500, 1650, 'xã')).toBe('1.500 → 1.650 xã');
  });
  it('says nothing when the value in force is the decision\'s', () => {
    const words = { adjusted: 'Đã điều chỉnh', from: 'từ' };
    expect(versionBadgeText(1600000, 1650000, '2012-07-01', 'người', words)).toBe('Đã điều chỉnh: 1.600 → 1.650 nghìn người từ 01/7/2012');
    expect(versionBadgeText(1600000, 1600000, '2012-07-01', 'người', words)).toBeNull();
    expect(versionBadgeText(null, 1600000, null, 'người', words)).toBeNull();
  });
});

describe('a unit program\'s lateness and chips', () => {
  it('counts days after the due date to the first sending, or to today when not sent', () => {
    expect(daysLate('2012-03-15', '2012-03-10T02:00:00Z', '2012-04-01')).toBe(0);
    expect(daysLate('2012-03-15', '2012-03-20T02:00:00Z', '2012-04-01')).toBe(5);
    expect(daysLate('2012-03-15', null, '2012-03-18')).toBe(3);
    // 23:30 in Hà Nội on the due day is still the due day
    expect(daysLate('2012-03-15', '2012-03-15T16:30:00Z', '2012-04-01')).toBe(0);
    expect(daysLate(null, null, '2012-04-01')).toBe(0);
  });
  it('counts each chip, a late one also under its state', () => {
    const s = (status: UnitProgramSummary['status'], late = false): UnitProgramSummary =>
      ({ unit: HANOI, id: 1, status, late, first_submitted_at: null, tasks: 0, version: 1 });
    const c = chipCounts([s('missing', true), s('submitted', true), s('submitted'), s('accepted'), s('draft')]);
    expect(c).toEqual({ missing: 1, late: 2, submitted: 2, returned: 0, accepted: 1, draft: 1 });
  });
});

describe('who does what with a unit program', () => {
  const v = (status: 'draft' | 'submitted' | 'returned' | 'accepted' | 'missing', id: number | null = 3) => ({ status, unit: HANOI, id });
  it('lets the unit write and send its draft, not another unit', () => {
    expect(unitProgramActions(user('editor', 7), v('draft'))).toEqual(['save', 'import', 'submit']);
    expect(unitProgramActions(user('editor', 7), v('missing', null))).toEqual(['save', 'import']);
    expect(unitProgramActions(user('editor', 8), v('draft'))).toEqual([]);
    expect(unitProgramActions(user('viewer'), v('draft'))).toEqual([]);
    expect(unitProgramActions(user('leader'), v('submitted'))).toEqual([]);
  });
  it('lets a planner return or accept a sent one, and the unit reopen an accepted one', () => {
    expect(unitProgramActions(user('planner', 2), v('submitted'))).toEqual(['return', 'accept']);
    expect(unitProgramActions(user('editor', 7), v('submitted'))).toEqual([]);
    expect(unitProgramActions(user('approver', 7), v('accepted'))).toEqual(['reopen']);
    expect(unitProgramActions(user('editor', 7), v('returned'))).toEqual(['save', 'import', 'submit']);
  });
});

describe('the task rows', () => {
  const row = (over: Partial<TaskRow>): TaskRow => ({
    key: 'new-1', serves: 'II.2.1', text: 'Tổ chức sàn giao dịch việc làm', person: '', name: 'Phòng Việc làm',
    start: '01/04/2012', due: '30/06/2012', output: 'Báo cáo UBND thành phố', dropped: false, ...over,
  });
  it('names what is wrong before sending', () => {
    expect(rowProblems(row({}), 2012)).toEqual({});
    expect(rowProblems(row({ text: ' ' }), 2012)).toEqual({ text: 'text_required' });
    expect(rowProblems(row({ start: '31/02/2012' }), 2012)).toEqual({ start: 'date_invalid' });
    expect(rowProblems(row({ due: '15/01/2013' }), 2012)).toEqual({ due: 'date_outside_year' });
    expect(rowProblems(row({ start: '01/07/2012' }), 2012)).toEqual({ due: 'start_after_due' });
    expect(rowProblems(row({ text: '', dropped: true }), 2012)).toEqual({});
  });
  it('sends an account or a name, ISO dates, what the server said of its past, and no removed row', () => {
    const body = tasksInput([
      row({ key: 'u:5', id: 'u:5', person: '12', name: '', carried_from: '2:II.2.1#1' }),
      row({ start: '', due: '' }),
      row({ key: 'u:6', id: 'u:6', dropped: true }),
      row({ key: 'new-9', dropped: true }),
    ]);
    expect(body).toEqual([
      { id: 'u:5', serves: 'II.2.1', text: 'Tổ chức sàn giao dịch việc làm', responsible_user_id: 12, start: '2012-04-01', due: '2012-06-30', output: 'Báo cáo UBND thành phố', carried_from: '2:II.2.1#1' },
      { serves: 'II.2.1', text: 'Tổ chức sàn giao dịch việc làm', responsible_name: 'Phòng Việc làm', start: null, due: null, output: 'Báo cáo UBND thành phố' },
    ]);
  });
  it('reads a saved task back into a row, and groups rows under their items', () => {
    const r = rowOf({ id: 'u:5', ord: 1, serves: 'II.2.3', text: 'x', responsible: { user: { id: 12, username: 'hn', display_name: 'HN' }, name: '' },
                      start: '2012-03-05', due: null, output: '' });
    expect(r).toMatchObject({ person: '12', name: '', start: '05/03/2012', due: '' });
    const groups = rowsByItem([{ key: 'II.2.1' }, { key: 'II.2.3' }], [r, row({ serves: 'II.9' })]);
    expect(groups.map((g) => [g.key, g.rows.length])).toEqual([['II.2.1', 0], ['II.2.3', 1], [null, 1]]);
  });
});

describe('who does what with an amendment', () => {
  const a = (status: 'draft' | 'submitted' | 'forwarded' | 'approved', unit = HANOI) => ({ status, unit });
  it('follows the road: the unit sends, the planner forwards, a leader decides', () => {
    expect(amendmentActions(user('editor', 7), a('draft'))).toEqual(['edit', 'submit', 'withdraw']);
    expect(amendmentActions(user('editor', 8), a('draft'))).toEqual([]);
    expect(amendmentActions(user('editor', 7), a('submitted'))).toEqual(['withdraw']);
    expect(amendmentActions(user('planner'), a('submitted'))).toEqual(['forward', 'return']);
    expect(amendmentActions(user('leader', null, 'Bộ trưởng'), a('forwarded'))).toEqual(['approve', 'refuse']);
    expect(amendmentActions(user('leader'), a('submitted'))).toEqual([]);
  });
  it('follows what the server says this account may do, when it says it', () => {
    expect(amendmentActions(user('leader', null, 'Thứ trưởng'), { ...a('forwarded'), actions: [] })).toEqual([]);
    expect(amendmentActions(user('planner'), { ...a('submitted'), actions: ['return', 'forward', 'later'] })).toEqual(['forward', 'return']);
  });
  it('never lets an admin approve: the Minister\'s act', () => {
    expect(amendmentActions(user('admin'), a('forwarded'))).toEqual([]);
    expect(amendmentActions(user('planner'), a('approved'))).toEqual([]);
  });
  it('counts what waits for the leaders and names who acted', () => {
    expect(waitingForLeader([a('forwarded'), a('submitted'), a('forwarded')])).toBe(2);
    expect(personName({ username: 'bo.truong', display_name: 'Nguyễn Văn A', title: 'Bộ trưởng' })).toBe('Nguyễn Văn A (Bộ trưởng)');
    expect(personName('kehoach')).toBe('kehoach');
    expect(personName(null)).toBe('');
  });
});

describe("a unit's tasks in its form", () => {
  it('puts each under the Ministry task or section it serves, the rest last', () => {
    const m = (id: string) => ({ id, section: id.split('#')[0] });
    const u = (id: string, serves: string, section = serves.split('#')[0]) => ({ id, section, kind: 'unit', serves });
    const order = nestUnitTasks([m('II.2.1#1'), m('II.2.1#2'), m('II.2.3#1'), u('u:1', 'II.2.1'), u('u:2', 'II.2.1#1'),
                                 u('u:3', 'II.2.3#1'), u('u:4', 'II.4.3')]);
    expect(order.map((x) => `${x.task.id}/${x.depth}`)).toEqual(
      ['II.2.1#1/0', 'u:2/1', 'II.2.1#2/0', 'u:1/1', 'II.2.3#1/0', 'u:3/1', 'u:4/0']);
  });
});
