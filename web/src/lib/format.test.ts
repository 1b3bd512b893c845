import { describe, expect, it } from 'vitest';
import { decimalToInput, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, formatQuantity, formatRatio, parseDate, parseNumber } from './format';

describe('numbers as Vietnamese officials write them', () => {
  it('groups thousands with "." and marks decimals with ","', () => {
    expect(formatNumber(1600000)).toBe('1.600.000');
    expect(formatNumber('1510000')).toBe('1.510.000');
    expect(formatNumber(90000)).toBe('90.000');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(4.3)).toBe('4,3');
    expect(formatNumber('1510.5')).toBe('1.510,5');
    expect(formatNumber(-2)).toBe('-2');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(2.999, 2)).toBe('3');
  });
  it('leaves nothing for missing or non-numbers', () => {
    expect(formatNumber(null)).toBe('');
    expect(formatNumber(undefined)).toBe('');
    expect(formatNumber('abc')).toBe('');
  });
  it('writes percentages with the sign glued on', () => {
    expect(formatPercent(4.3)).toBe('4,3%');
    expect(formatPercent('98')).toBe('98%');
    expect(formatRatio(0.875)).toBe('87,5%');
    expect(formatRatio(1)).toBe('100%');
    expect(formatRatio(0.0007751937984496124)).toBe('0,1%');
  });
  it('writes money in tỷ and triệu đồng', () => {
    expect(formatMoney(1536000000000)).toBe('1.536 tỷ đồng');
    expect(formatMoney(245500000000)).toBe('245,5 tỷ đồng');
    expect(formatMoney(4396200000000)).toBe('4.396,2 tỷ đồng');
    expect(formatMoney(73600000)).toBe('73,6 triệu đồng');
    expect(formatMoney(500000)).toBe('500.000 đồng');
    expect(formatMoney(1536000000000, 'en')).toBe('1.536 billion VND');
  });
  it('writes a value in its unit', () => {
    expect(formatQuantity(1600000, 'người')).toBe('1.600.000 người');
    expect(formatQuantity(4.3, '%')).toBe('4,3%');
    expect(formatQuantity('600000000000', 'đồng')).toBe('600 tỷ đồng');
  });
});

describe('dates dd/mm/yyyy', () => {
  it('formats ISO dates and times (times in Việt Nam, UTC+7)', () => {
    expect(formatDate('2012-03-19')).toBe('19/03/2012');
    expect(formatDate('2012-03-17T02:00:00Z')).toBe('17/03/2012');
    expect(formatDate('2012-03-17T18:30:00Z')).toBe('18/03/2012');
    expect(formatDateTime('2012-03-17T02:05:00Z')).toBe('17/03/2012 09:05');
    expect(formatDate(null)).toBe('');
  });
  it('reads dd/mm/yyyy back, refusing dates that do not exist', () => {
    expect(parseDate('30/06/2012')).toBe('2012-06-30');
    expect(parseDate('1/8/2008')).toBe('2008-08-01');
    expect(parseDate('29/02/2012')).toBe('2012-02-29');
    expect(parseDate('29/02/2011')).toBeNull();
    expect(parseDate('31/04/2012')).toBeNull();
    expect(parseDate('2012-06-30')).toBeNull();
  });
});

describe('numbers typed into the form', () => {
  it('reads Vietnamese writing into the API decimal', () => {
    expect(parseNumber('1.600.000')).toBe('1600000');
    expect(parseNumber('4,3')).toBe('4.3');
    expect(parseNumber('1.510,5')).toBe('1510.5');
    expect(parseNumber('90 000')).toBe('90000');
    expect(parseNumber('1.600')).toBe('1600');
    expect(parseNumber('4.3')).toBe('4.3');
    expect(parseNumber('-2')).toBe('-2');
    expect(parseNumber('0,50')).toBe('0.5');
    expect(parseNumber('  ')).toBe('');
  });
  it('refuses what is not a number', () => {
    expect(parseNumber('mười nghìn')).toBeNull();
    expect(parseNumber('1,2,3')).toBeNull();
    expect(parseNumber('1.2.3')).toBeNull();
    expect(parseNumber('12.34,5')).toBeNull();
    expect(parseNumber('-')).toBeNull();
  });
  it('shows API decimals for editing', () => {
    expect(decimalToInput('4.1')).toBe('4,1');
    expect(decimalToInput('1600000')).toBe('1.600.000');
    expect(decimalToInput(null)).toBe('');
    expect(parseNumber(decimalToInput('1510000.25'))).toBe('1510000.25');
  });
});
