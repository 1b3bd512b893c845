import { describe, expect, it } from 'vitest';
import { MAX_DIFF_CELLS, sideOf, tokenize, wordDiff } from './diff';

describe('tokenize', () => {
  it('keeps Vietnamese words and numbers whole, punctuation apart, and gives the text back', () => {
    const s = 'tạo việc làm cho 1.584,8 nghìn người, đạt 99,1% kế hoạch năm (theo 56/63 tỉnh)';
    const t = tokenize(s);
    expect(t.join('')).toBe(s);
    expect(t).toContain('1.584,8');
    expect(t).toContain('99,1%');
    expect(t).toContain('56/63');
    expect(t).toContain('người');
    expect(t).toContain(',');
    expect(t).toContain('việc');
  });
  it('reads decomposed diacritics (NFD) as part of their word', () => {
    const s = 'Tỉnh'.normalize('NFD') + ' Lai Châu';
    expect(tokenize(s)[0]).toBe('Tỉnh'.normalize('NFD'));
  });
});

describe('wordDiff', () => {
  it('shows a changed figure as one word replaced, the rest kept', () => {
    const before = 'tạo việc làm cho 1.584,8 nghìn người, đạt 99,1% kế hoạch năm';
    const after = 'tạo việc làm cho 1.597 nghìn người, đạt 99,8% kế hoạch năm';
    const d = wordDiff(before, after);
    expect(d).toEqual([
      { op: 'same', text: 'tạo việc làm cho ' },
      { op: 'del', text: '1.584,8' },
      { op: 'add', text: '1.597' },
      { op: 'same', text: ' nghìn người, đạt ' },
      { op: 'del', text: '99,1%' },
      { op: 'add', text: '99,8%' },
      { op: 'same', text: ' kế hoạch năm' },
    ]);
  });
  it('gives each side back', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['', 'Cục Việc làm: đã trình Đề án.'],
      ['Cục Việc làm: đã trình Đề án.', ''],
      ['a b c d e', 'a x c y e'],
      ['Trong 93 chỉ tiêu, 41 đạt', 'Trong 93 chỉ tiêu, 45 đạt và vượt tiến độ, 3 chậm'],
      ['  hai  khoảng\ttrắng\n', 'hai khoảng trắng'],
    ];
    for (const [a, b] of cases) {
      const d = wordDiff(a, b);
      expect(sideOf(d, 'before'), JSON.stringify([a, b])).toBe(a);
      expect(sideOf(d, 'after'), JSON.stringify([a, b])).toBe(b);
    }
  });
  it('is all kept when nothing changed, and never shows an empty part', () => {
    expect(wordDiff('giữ nguyên', 'giữ nguyên')).toEqual([{ op: 'same', text: 'giữ nguyên' }]);
    expect(wordDiff('', '')).toEqual([]);
    for (const p of wordDiff('một hai ba', 'một bốn ba năm')) expect(p.text).not.toBe('');
  });
  it('shows a changed phrase as one removal then one addition, not word by word', () => {
    const d = wordDiff('đã hoàn thành tốt nhiệm vụ', 'còn chậm nhiều nhiệm vụ');
    expect(d).toEqual([
      { op: 'del', text: 'đã hoàn thành tốt' },
      { op: 'add', text: 'còn chậm nhiều' },
      { op: 'same', text: ' nhiệm vụ' },
    ]);
  });
  it('stays bounded on long texts that differ throughout', () => {
    const n = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 10;
    const a = Array.from({ length: n }, (_, i) => 'a' + i).join(' ');
    const b = Array.from({ length: n }, (_, i) => 'b' + i).join(' ');
    const started = Date.now();
    const d = wordDiff('Mở đầu ' + a + ' kết thúc.', 'Mở đầu ' + b + ' kết thúc.');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(d.map((p) => p.op)).toEqual(['same', 'del', 'add', 'same']);
    expect(sideOf(d, 'after')).toBe('Mở đầu ' + b + ' kết thúc.');
  });
});
