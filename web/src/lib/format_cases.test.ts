import { describe, expect, it } from 'vitest';
import casesText from '../../../tests/phrases/cases.json?raw';
import { formatMoney, formatNumber, formatPercent, formatQuantity, formatRatio } from './format';

// The numbers of the consolidated report (src/service/phrases.cpp) against the case file the
// server's phrases are tested with too: a percentage in the .docx rounds as the dashboard's.
interface FormatCase { fn: string; args: (number | string)[]; out: string; why?: string }
const file = JSON.parse(casesText) as { format: FormatCase[] };

const fns: Record<string, (...args: never[]) => string> = {
  formatNumber, formatPercent, formatRatio, formatMoney, formatQuantity,
};

describe('format.ts rounds as the report does (tests/phrases/cases.json)', () => {
  it('has cases', () => expect(file.format.length).toBeGreaterThan(20));
  for (const c of file.format) {
    it(`${c.fn}(${c.args.join(', ')}) → ${c.out}${c.why ? ` (${c.why})` : ''}`, () => {
      const fn = fns[c.fn];
      expect(fn, c.fn).toBeDefined();
      expect((fn as (...a: (number | string)[]) => string)(...c.args)).toBe(c.out);
    });
  }
});
