import { describe, expect, it } from 'vitest';
import { makeT, messages } from './i18n';

describe('the vi/en table', () => {
  it('has every key in both languages, none empty but the comparator "eq"', () => {
    const vi = Object.keys(messages.vi).sort();
    expect(Object.keys(messages.en).sort()).toEqual(vi);
    for (const lang of ['vi', 'en'] as const) {
      for (const [k, text] of Object.entries(messages[lang])) if (k !== 'cmp_eq') expect(text, `${lang}.${k}`).not.toBe('');
    }
  });
  it('uses the same parameters in both languages', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(messages.vi) as (keyof typeof messages.vi)[]) {
      expect(params(messages.en[k]), k).toEqual(params(messages.vi[k]));
    }
  });
  it('is Vietnamese first, and fills parameters', () => {
    expect(makeT('vi')('nav_my_reports')).toBe('Báo cáo của tôi');
    expect(makeT('en')('nav_my_reports')).toBe('My reports');
    expect(makeT('vi')('headline_received', { r: 1, e: 86 })).toBe('1/86 báo cáo đã nhận');
  });
});
