import { describe, expect, it } from 'vitest';
import { segments, sliceText } from './spans';

const bytes = new TextEncoder().encode('Tạo việc làm 1.600 ngàn người, trong đó: trong nước 1.510 ngàn người');
const at = (s: string) => new TextEncoder().encode('Tạo việc làm 1.600 ngàn người, trong đó: trong nước 1.510 ngàn người'.slice(0, 'Tạo việc làm 1.600 ngàn người, trong đó: trong nước 1.510 ngàn người'.indexOf(s))).length;

describe('spans are byte offsets into the UTF-8 text', () => {
  it('cuts at bytes, not characters', () => {
    const o = at('1.600');
    expect(sliceText(bytes, o, o + new TextEncoder().encode('1.600 ngàn người').length)).toBe('1.600 ngàn người');
  });
  it('marks items, the innermost winning where they nest', () => {
    const whole = { key: 'task', kind: 'task' as const, offset: 0, length: bytes.length };
    const o = at('1.510');
    const target = { key: 't2', kind: 'target' as const, offset: o, length: new TextEncoder().encode('1.510 ngàn người').length };
    const segs = segments(bytes, 0, bytes.length, [whole, target]);
    expect(segs.map((s) => [s.text, s.item?.key])).toEqual([
      ['Tạo việc làm 1.600 ngàn người, trong đó: trong nước ', 'task'],
      ['1.510 ngàn người', 't2'],
    ]);
    expect(segs[1].items.map((m) => m.key)).toEqual(['task', 't2']);
  });
  it('keeps items to the range asked for', () => {
    const segs = segments(bytes, 0, at(','), [{ key: 'x', kind: 'target', offset: at('1.510'), length: 5 }]);
    expect(segs.map((s) => s.text)).toEqual(['Tạo việc làm 1.600 ngàn người']);
  });
});
