import { describe, expect, it } from 'vitest';
import { addDecimals, byField, serverProblems } from './validate';

// The checks of typed values are pinned, with the server's, by tests/report_checks/cases.json
// (report_checks.test.ts).

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

describe('the sum a cumulative flag quotes is exact', () => {
  it('adds decimals as the server does (core::Add), not as floating point', () => {
    expect(addDecimals('10315', '95000')).toBe('105315');
    expect(addDecimals('9', '1.5')).toBe('10.5');
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('-2.5', '1.25')).toBe('-1.25');
    expect(addDecimals('1.5', '-1.5')).toBe('0');
    expect(addDecimals('123456789012345678', '1')).toBe('123456789012345679');
  });
});
