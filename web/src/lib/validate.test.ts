import { describe, expect, it } from 'vitest';
import { byField, serverProblems, validateReport, type FormTarget } from './validate';

// The targets of Hà Nội's 2012 form that carry rules: a rate (max 4,3%), a poverty reduction
// (a change, may be negative), a fund with its part, a count.
const targets: FormTarget[] = [
  { id: 61, unit: '%', comparator: 'max', parent_id: null, indicator: 'Tỷ lệ thất nghiệp thành thị' },
  { id: 70, unit: '%', comparator: 'decrease_by', parent_id: null, indicator: 'Giảm tỷ lệ hộ nghèo' },
  { id: 118, unit: 'đồng', comparator: 'eq', parent_id: null, indicator: 'Vận động quỹ' },
  { id: 119, unit: 'đồng', comparator: 'eq', parent_id: 118, indicator: 'Quỹ Bảo trợ trẻ em Việt Nam' },
  { id: 21, unit: 'người', comparator: 'eq', parent_id: null, indicator: 'Tạo việc làm' },
  { id: 22, unit: 'người', comparator: 'eq', parent_id: 21, indicator: 'Trong nước' },
  { id: 23, unit: 'người', comparator: 'eq', parent_id: 21, indicator: 'Xuất khẩu lao động' },
];
const v = (target_id: number, text: string, scope: 'period' | 'cumulative' = 'period') => ({ target_id, scope, text });
const codes = (ps: { field: string; code: string }[]) => ps.map((p) => `${p.field} ${p.code}`);

describe('the report form checks values as the server does', () => {
  it('accepts valid values and empty cells', () => {
    expect(validateReport(targets, [v(61, '4,1'), v(21, '1.600.000'), v(22, '1.510.000'), v(23, '90.000'), v(118, '')])).toEqual([]);
  });
  it('keeps a rate between 0 and 100', () => {
    expect(codes(validateReport(targets, [v(61, '104,5')]))).toEqual(['values[61].period out_of_range']);
    expect(codes(validateReport(targets, [v(61, '-1')]))).toEqual(['values[61].period out_of_range']);
    expect(validateReport(targets, [v(61, '100')])).toEqual([]);
  });
  it('lets a change of rate be negative, within ±100 points', () => {
    expect(validateReport(targets, [v(70, '-0,5')])).toEqual([]);
    expect(codes(validateReport(targets, [v(70, '-120')]))).toEqual(['values[70].period change_out_of_range']);
  });
  it('refuses negative counts and money', () => {
    expect(codes(validateReport(targets, [v(21, '-5', 'cumulative'), v(118, '-1')]))).toEqual([
      'values[21].cumulative negative', 'values[118].period negative',
    ]);
  });
  it('names what is not a number', () => {
    expect(codes(validateReport(targets, [v(21, 'mười nghìn')]))).toEqual(['values[21].period not_a_number']);
  });
  it('refuses parts above their whole, on the whole, per scope', () => {
    const ps = validateReport(targets, [v(21, '1.600.000'), v(22, '1.520.000'), v(23, '90.000'), v(21, '10', 'cumulative'), v(22, '5', 'cumulative')]);
    expect(codes(ps)).toEqual(['values[21].period part_exceeds_whole']);
    expect(ps[0].whole).toBe('1600000');
    expect(codes(validateReport(targets, [v(118, '1'), v(119, '5')]))).toEqual(['values[118].period part_exceeds_whole']);
    // parts with no whole entered are not compared
    expect(validateReport(targets, [v(22, '1.520.000')])).toEqual([]);
  });
  it('checks task progress: 0–100, and a done task is 100%', () => {
    expect(codes(validateReport(targets, [], [
      { task_id: 'II.1.1#3', status: 'done', percent: '50' },
      { task_id: 'II.1.2#2', status: 'in_progress', percent: '120' },
      { task_id: 'II.1.2#3', status: 'done', percent: '100' },
      { task_id: 'II.1.2#4', status: 'in_progress', percent: '' },
    ]))).toEqual(['tasks[II.1.1#3].percent done_not_complete', 'tasks[II.1.2#2].percent task_out_of_range']);
  });
});

describe('server refusals shown on the fields', () => {
  it('reads error.details[].field into field problems', () => {
    const body = { error: { code: 'report_invalid', message: 'Báo cáo có số liệu chưa hợp lệ; chưa lưu.', details: [
      { field: 'values[61].period', message: 'Tỷ lệ phải nằm trong khoảng 0–100%.' },
      { field: 'values[12].period', message: 'Giá trị không được âm.' },
      { field: 'values[12].period', message: 'second problem of the same field' },
    ] } };
    const { fields, general } = serverProblems(body);
    expect(general).toBe('Báo cáo có số liệu chưa hợp lệ; chưa lưu.');
    const m = byField(fields);
    expect(m.get('values[12].period')?.message).toBe('Giá trị không được âm.');
    expect(m.get('values[61].period')?.message).toBe('Tỷ lệ phải nằm trong khoảng 0–100%.');
    expect(m.size).toBe(2);
  });
  it('copes with an answer that is no error', () => {
    expect(serverProblems(null)).toEqual({ fields: [], general: null });
  });
});
