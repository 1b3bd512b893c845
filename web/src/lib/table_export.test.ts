import { describe, expect, it } from 'vitest';
import { cellOf, cleanText, fileNameOf, MAX_ROWS, tableOf, tooLarge, type SeenCell } from './table_export';

const txt = (text: string): SeenCell => ({ text });

describe('a cell as shown', () => {
  it('takes the machine value by its format, not the Vietnamese text', () => {
    expect(cellOf({ text: '1.584.800 người', value: '1584800', format: 'integer' })).toEqual({ value: 1584800, format: 'integer' });
    expect(cellOf({ text: '99,1 %', value: '0.9905', format: 'percent' })).toEqual({ value: 0.9905, format: 'percent' });
    expect(cellOf({ text: '4,35', value: '4.35', format: 'decimal' })).toEqual({ value: 4.35, format: 'decimal' });
    expect(cellOf({ text: '31/12/2012', value: '2012-12-31', format: 'date' })).toEqual({ value: '2012-12-31', format: 'date' });
  });
  it('an empty value is an empty cell of that format; a value that is not one falls back to the text', () => {
    expect(cellOf({ text: '—', value: '', format: 'percent' })).toEqual({ value: null, format: 'percent' });
    expect(cellOf({ text: 'Chưa có', value: 'abc', format: 'integer' })).toBe('Chưa có');
    expect(cellOf({ text: '31/12/2012', value: '31/12/2012', format: 'date' })).toBe('31/12/2012');
    expect(cellOf({ text: 'x', value: '1', format: 'money' })).toBe('x');
  });
  it('cuts a text to what a cell holds (4 000 bytes of UTF-8), never inside a character', () => {
    const long = 'ệ'.repeat(2000); // 3 bytes each
    const cut = cellOf({ text: long }) as string;
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(4000);
    expect(cut.endsWith('ệ…')).toBe(true);
    expect(cellOf({ text: 'x', value: long, format: 'text' })).toBe(cut);
    expect(cellOf({ text: 'ngắn' })).toBe('ngắn');
  });
  it('reads text with whitespace collapsed and a dash as empty', () => {
    expect(cleanText('  I.1 \n  Tạo  việc làm ')).toBe('I.1 Tạo việc làm');
    expect(cleanText(' — ')).toBeNull();
    expect(cellOf(txt('  '))).toBeNull();
  });
});

describe('the table posted', () => {
  const head = [txt('Chỉ tiêu'), { text: 'Xu hướng', skip: true }, txt(' Kế hoạch '), txt('% KH')];
  const body: SeenCell[][] = [
    [txt('Việc làm'), txt(''), { text: '1.600.000', value: '1600000', format: 'integer' }, { text: '99,1 %', value: '0.9905', format: 'percent' }],
    [txt('Giảm nghèo'), txt('x'), txt('—'), txt('—')],
  ];
  it('leaves out the columns marked skip, in the header and in every row', () => {
    const t = tableOf(head, body, { title: 'Bảng điều hành', filters: ['Ngày số liệu: 31/12/2012', ''], fileName: 'bang-dieu-hanh' });
    expect(t.columns).toEqual([{ label: 'Chỉ tiêu' }, { label: 'Kế hoạch' }, { label: '% KH' }]);
    expect(t.rows).toEqual([
      ['Việc làm', { value: 1600000, format: 'integer' }, { value: 0.9905, format: 'percent' }],
      ['Giảm nghèo'],
    ]);
    expect(t.filters).toEqual(['Ngày số liệu: 31/12/2012']);
    expect(t.file_name).toBe('bang-dieu-hanh');
  });
  it('is refused before sending when it is beyond the server limits', () => {
    const small = tableOf(head, body, { title: '', filters: [] });
    expect(tooLarge(small)).toBeNull();
    const rows = Array.from({ length: MAX_ROWS + 1 }, () => [1] as (number | null)[]);
    expect(tooLarge({ ...small, rows })).toEqual({ rows: MAX_ROWS + 1, cells: MAX_ROWS + 1 });
    const wide = Array.from({ length: 10 }, () => Array.from({ length: 40_001 }, () => 1));
    expect(tooLarge({ ...small, rows: wide })?.cells).toBe(400_010);
  });
  it('names the file in ASCII from a Vietnamese title', () => {
    expect(fileNameOf('Bảng điều hành · 224/QĐ-LĐTBXH')).toBe('bang-dieu-hanh-224-qd-ldtbxh');
    expect(fileNameOf('—')).toBe('bang');
  });
});
