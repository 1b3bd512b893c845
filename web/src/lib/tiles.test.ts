import { describe, expect, it } from 'vitest';
import { layoutOn, neighbour, placeTiles } from './tiles';
// The province tables of data/, the same the server loads at first start.
import provincesCsv from '../../../data/provinces.csv?raw';
import provinces2025Csv from '../../../data/provinces_2025.csv?raw';

function csv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const keys = head.split(',');
  return lines.map((l: string) => Object.fromEntries(l.split(',').map((v: string, i: number) => [keys[i], v])));
}
const until2025 = csv(provincesCsv);
const from2025 = csv(provinces2025Csv);
const validOn = (date: string) =>
  until2025.filter((p) => (!p.valid_from || p.valid_from <= date) && (!p.valid_to || date <= p.valid_to)).map((p) => p.code);

function cellsOf(date: string, codes: string[]) {
  const layout = layoutOn(date);
  return codes.map((c) => layout[c]);
}

describe('the tile map', () => {
  it('has a tile for each of the 63 provinces of 2012, and for Hà Tây in early 2008, none on another', () => {
    for (const [date, n] of [['2012-06-30', 63], ['2008-01-25', 64]] as const) {
      const codes = validOn(date);
      expect(codes).toHaveLength(n);
      const cells = cellsOf(date, codes);
      expect(cells.every(Boolean)).toBe(true);
      expect(new Set(cells.map((c) => c.join(','))).size).toBe(n);
    }
  });

  it('has a tile for each of the 34 provinces from 1/7/2025 and none more', () => {
    const codes = from2025.map((p) => p.code);
    expect(codes).toHaveLength(34);
    const layout = layoutOn('2025-07-01');
    expect(Object.keys(layout).sort()).toEqual([...codes].sort());
    expect(new Set(Object.values(layout).map((c) => c.join(','))).size).toBe(34);
    expect(layoutOn('2025-06-30')).not.toBe(layout);
  });

  it('reads as the country: north at the top, the Mekong delta at the bottom, the coast east', () => {
    for (const date of ['2012-06-30', '2026-01-01']) {
      const l = layoutOn(date);
      const row = (c: string) => l[c][1];
      expect(row('01')).toBeLessThan(row('38')); // Hà Nội above Thanh Hóa
      expect(row('38')).toBeLessThan(row('48')); // above Đà Nẵng
      expect(row('48')).toBeLessThan(row('79')); // above Hồ Chí Minh
      expect(row('96')).toBe(Math.max(...Object.values(l).map((c) => c[1]))); // Cà Mau last
      expect(row('12')).toBe(0); // Lai Châu in the top row
      expect(l['22'][0]).toBeGreaterThan(l['01'][0]); // Quảng Ninh east of Hà Nội
    }
  });

  it('keeps the items it cannot place apart', () => {
    const placed = placeTiles([{ code: '01' }, { code: '28' }, { code: '99' }], (x) => x.code, '2026-01-01');
    expect(placed.tiles.map((t) => t.code)).toEqual(['01']);
    expect(placed.unplaced.map((x) => x.code)).toEqual(['28', '99']); // Hà Tây ended in 2008
    expect([placed.cols, placed.rows]).toEqual([5, 18]);
  });

  it('moves with the arrow keys to the nearest tile that way, and stays at an edge', () => {
    const { tiles } = placeTiles(validOn('2012-06-30').map((code) => ({ code })), (x) => x.code, '2012-06-30');
    const at = (code: string) => tiles.find((t) => t.code === code)!;
    expect(neighbour(tiles, at('01'), 'right').code).toBe('27'); // Hà Nội → Bắc Ninh
    expect(neighbour(tiles, at('01'), 'left').code).toBe('17'); // → Hòa Bình
    expect(neighbour(tiles, at('01'), 'down').code).toBe('35'); // → Hà Nam
    expect(neighbour(tiles, at('96'), 'down').code).toBe('96'); // Cà Mau: the bottom edge
    expect(neighbour(tiles, at('22'), 'right').code).toBe('22'); // Quảng Ninh: the east edge
  });
});
