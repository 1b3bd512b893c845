import { describe, expect, it } from 'vitest';
import { compareDecimals, parsePaste, sumDecimals, PASTE_MAX_LINES } from './paste';

const units = [
  { id: 1001, code: '01', name: 'Hà Nội' },
  { id: 1002, code: '02', name: 'Hà Giang' },
  { id: 1079, code: '79', name: 'Hồ Chí Minh' },
];

const values = (r: ReturnType<typeof parsePaste>) => Object.fromEntries(r.values);

describe('a paste from Excel', () => {
  it('reads code<TAB>value rows, Vietnamese thousands dots and decimal commas', () => {
    const r = parsePaste('01\t150.000\r\n02\t12.500,5\r\n79\t1.600.000\r\n', units);
    expect(r.problems).toEqual([]);
    expect(r.mode).toBe('named');
    expect(values(r)).toEqual({ 1001: '150000', 1002: '12500.5', 1079: '1600000' });
  });

  it('reads name<TAB>value rows, diacritics, case and "Tỉnh"/"TP." ignored, in any order', () => {
    const r = parsePaste('TP. Hồ Chí Minh\t300\nha noi\t200\nTỉnh Hà Giang\t100', units);
    expect(values(r)).toEqual({ 1079: '300', 1001: '200', 1002: '100' });
  });

  it('reads code<TAB>name<TAB>value as copied from the workbook, with its heading row', () => {
    const r = parsePaste('Mã\tTỉnh\tChỉ tiêu giao\n1\tHà Nội\t150.000\n2\tHà Giang\t5.000\n', units);
    expect(r.problems).toEqual([]);
    // Excel shows the code 01 typed as a number as 1.
    expect(values(r)).toEqual({ 1001: '150000', 1002: '5000' });
  });

  it('reads one column of values in the grid\'s order, an empty cell clearing its unit', () => {
    const r = parsePaste('150.000\n\n1.450.000\n', units);
    expect(r.mode).toBe('ordered');
    expect(values(r)).toEqual({ 1001: '150000', 1002: '', 1079: '1450000' });
    // With the column's heading.
    expect(values(parsePaste('Chỉ tiêu\n1\n2\n3', units))).toEqual({ 1001: '1', 1002: '2', 1079: '3' });
  });

  it('refuses a column whose length is not the grid\'s, applying nothing', () => {
    const r = parsePaste('1\n2', units);
    expect(r.values.size).toBe(0);
    expect(r.problems).toEqual([{ line: 0, kind: 'count_mismatch', text: '2/3' }]);
  });

  it('names each line it cannot read, and then applies none of them', () => {
    const r = parsePaste('01\t150.000\nĐà Nẵng\t5\n02\tmột trăm\n79\t-3\n01\t7', units);
    expect(r.values.size).toBe(0);
    expect(r.problems).toEqual([
      { line: 2, kind: 'unknown_unit', text: 'Đà Nẵng' },
      { line: 3, kind: 'not_a_number', text: 'một trăm' },
      { line: 4, kind: 'negative', text: '-3' },
      { line: 5, kind: 'duplicate_unit', text: 'Hà Nội' },
    ]);
    // An English-locale "1,600,000" is not a Vietnamese number: said, not misread as 1,6.
    expect(parsePaste('01\t1,600,000', units).problems[0].kind).toBe('not_a_number');
  });

  it('bounds the work: empty, too many lines', () => {
    expect(parsePaste('\n\n', units).problems[0].kind).toBe('empty');
    expect(parsePaste('1\n'.repeat(PASTE_MAX_LINES + 1), units).problems[0].kind).toBe('too_large');
  });
});

describe('the exact sum of shares', () => {
  it('adds decimal strings without binary rounding', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['150000', '', '1450000'])).toBe('1600000');
    expect(sumDecimals(Array(63).fill('25396.83'))).toBe('1600000.29');
    expect(sumDecimals([])).toBe('0');
  });
  it('compares a sum with the national figure', () => {
    expect(compareDecimals('1600000', '1600000')).toBe(0);
    expect(compareDecimals('1600001', '1600000')).toBe(1);
    expect(compareDecimals('1599999.5', '1600000')).toBe(-1);
  });
});
