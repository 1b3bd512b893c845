import { describe, expect, it } from 'vitest';
import { compareVi, filterBy, fold, matches, sortVi } from './search';

describe('search ignoring diacritics', () => {
  it('folds Vietnamese to plain letters, đ to d', () => {
    expect(fold('Lao động')).toBe('lao dong');
    expect(fold('Đà Nẵng')).toBe('da nang');
    expect(fold('Thương binh và Xã hội')).toBe('thuong binh va xa hoi');
    expect(fold('Hà\u00a0Nội')).toBe('ha noi');
    // decomposed input (NFD, as some documents arrive) folds the same
    expect(fold('Lao đô\u0323ng'.normalize('NFD'))).toBe('lao dong');
  });
  it('finds with or without diacritics, any case, words in any order', () => {
    expect(matches('Cục Việc làm', 'viec lam')).toBe(true);
    expect(matches('Lao động – Thương binh và Xã hội', 'lao dong')).toBe(true);
    expect(matches('Lao động – Thương binh và Xã hội', 'LAO ĐỘNG')).toBe(true);
    expect(matches('Sở Lao động Hà Nội', 'ha noi lao')).toBe(true);
    expect(matches('Đà Nẵng', 'da nang')).toBe(true);
    expect(matches('Hà Nam', 'ha noi')).toBe(false);
    expect(matches('anything', '  ')).toBe(true);
  });
  it('filters a list', () => {
    const units = ['Hà Nội', 'Hà Tây', 'Đà Nẵng', 'Điện Biên'];
    expect(filterBy(units, 'ha', (u) => u)).toEqual(['Hà Nội', 'Hà Tây']);
    expect(filterBy(units, 'dien bien', (u) => u)).toEqual(['Điện Biên']);
  });
});

describe('Vietnamese sorting', () => {
  it('puts đ after d, and the letters with marks after the plain one', () => {
    const names = ['Đồng Nai', 'Đà Nẵng', 'Cần Thơ', 'Bà Rịa – Vũng Tàu', 'Dak Lak', 'An Giang', 'Ê Đê', 'Yên Bái', 'Ân Thi'];
    expect(sortVi(names, (x) => x)).toEqual([
      'An Giang', 'Ân Thi', 'Bà Rịa – Vũng Tàu', 'Cần Thơ', 'Dak Lak', 'Đà Nẵng', 'Đồng Nai', 'Ê Đê', 'Yên Bái',
    ]);
  });
  it('compares numbers inside names as numbers', () => {
    expect(compareVi('II.2', 'II.10')).toBeLessThan(0);
  });
});
