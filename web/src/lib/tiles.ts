// The tile-grid map of Việt Nam's provinces: one square per province, placed roughly where the
// province lies (north at the top, the coast to the east), so that the country's S shape shows
// without drawing borders. Two layouts, by the organisation of the date: the 63 provinces of
// 2008–2025 (with Hà Tây, code 28, until 31/7/2008) and the 34 formed on 1/7/2025. Keys are the
// provinces' codes (Quyết định 124/2004/QĐ-TTg; a merged province keeps the code of the old one
// where its seat is).

/** [column, row] of a tile, from the top left. */
export type Cell = readonly [number, number];

// Before 1/7/2025 (64 until Hà Tây joined Hà Nội on 1/8/2008). 7 columns × 23 rows.
const UNTIL_2025: Record<string, Cell> = {
  // the northern mountains
  '12': [1, 0], '10': [2, 0], '02': [3, 0], '04': [4, 0],
  '11': [0, 1], '15': [2, 1], '08': [3, 1], '06': [4, 1], '20': [5, 1],
  '14': [1, 2], '25': [2, 2], '26': [3, 2], '19': [4, 2], '24': [5, 2], '22': [6, 2],
  // the Red River delta
  '17': [2, 3], '01': [3, 3], '27': [4, 3], '30': [5, 3], '31': [6, 3],
  '28': [2, 4], '35': [3, 4], '33': [4, 4], '34': [5, 4],
  '37': [3, 5], '36': [4, 5],
  // the north and south central coast
  '38': [3, 6], '40': [3, 7], '42': [4, 8], '44': [4, 9], '45': [5, 10], '46': [5, 11],
  '49': [5, 12], '48': [6, 12],
  // the central highlands beside the coast
  '62': [5, 13], '51': [6, 13],
  '64': [5, 14], '52': [6, 14],
  '66': [5, 15], '54': [6, 15],
  '67': [4, 16], '68': [5, 16], '56': [6, 16],
  // the south-east
  '70': [3, 17], '75': [4, 17], '60': [5, 17], '58': [6, 17],
  '72': [2, 18], '74': [3, 18], '77': [4, 18],
  // the Mekong delta
  '89': [0, 19], '87': [1, 19], '80': [2, 19], '79': [3, 19],
  '91': [0, 20], '92': [1, 20], '86': [2, 20], '82': [3, 20], '83': [4, 20],
  '93': [1, 21], '94': [2, 21], '84': [3, 21],
  '96': [0, 22], '95': [1, 22],
};

// From 1/7/2025: 34 provinces. 5 columns × 18 rows.
const FROM_2025: Record<string, Cell> = {
  '12': [0, 0], '15': [1, 0], '08': [2, 0], '04': [3, 0],
  '11': [0, 1], '14': [1, 1], '19': [2, 1], '20': [3, 1],
  '25': [1, 2], '01': [2, 2], '24': [3, 2], '22': [4, 2],
  '37': [2, 3], '33': [3, 3], '31': [4, 3],
  '38': [2, 4], '40': [2, 5], '42': [3, 6], '44': [3, 7], '46': [3, 8], '48': [3, 9],
  '51': [3, 10], '52': [3, 11], '66': [3, 12],
  '68': [2, 13], '56': [3, 13],
  '80': [1, 14], '75': [2, 14],
  '91': [0, 15], '82': [1, 15], '79': [2, 15],
  '92': [1, 16], '86': [2, 16],
  '96': [1, 17],
};

/** The first day of the 34-province organisation. */
export const MERGER_2025 = '2025-07-01';

/** The layout in force on `date` (YYYY-MM-DD): code → cell. */
export function layoutOn(date: string): Record<string, Cell> {
  return date >= MERGER_2025 ? FROM_2025 : UNTIL_2025;
}

export interface Tile<T> { code: string; col: number; row: number; item: T }

/** The tiles of `items` in the layout of `date`, with the grid's size; items whose code has no
 * place in that layout are returned apart (`unplaced`), never dropped silently. */
export function placeTiles<T>(items: readonly T[], code: (item: T) => string, date: string) {
  const layout = layoutOn(date);
  const tiles: Tile<T>[] = [];
  const unplaced: T[] = [];
  let cols = 0, rows = 0;
  for (const cell of Object.values(layout)) {
    cols = Math.max(cols, cell[0] + 1);
    rows = Math.max(rows, cell[1] + 1);
  }
  for (const item of items) {
    const cell = layout[code(item)];
    if (cell) tiles.push({ code: code(item), col: cell[0], row: cell[1], item });
    else unplaced.push(item);
  }
  return { tiles, unplaced, cols, rows };
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** The tile an arrow key moves to from `from`: the nearest tile in that direction (straight
 * ahead first, then the closest sideways), or `from` itself at the edge. */
export function neighbour<T>(tiles: readonly Tile<T>[], from: Tile<T>, dir: Direction): Tile<T> {
  let best: Tile<T> | null = null;
  let bestScore = Infinity;
  for (const t of tiles) {
    const dx = t.col - from.col, dy = t.row - from.row;
    const ahead = dir === 'left' ? -dx : dir === 'right' ? dx : dir === 'up' ? -dy : dy;
    const side = dir === 'left' || dir === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (ahead <= 0) continue;
    const score = ahead + side * 2;
    if (score < bestScore) {
      bestScore = score;
      best = t;
    }
  }
  return best ?? from;
}

const SHORT: Record<string, string> = {
  'Hồ Chí Minh': 'TP HCM',
  'Bà Rịa - Vũng Tàu': 'BR-VT',
  'Bà Rịa – Vũng Tàu': 'BR-VT',
  'Thừa Thiên Huế': 'TT Huế',
};

/** The name written on a tile, shortened where the usual short form exists ("TP HCM"). */
export function shortName(name: string): string {
  return SHORT[name] ?? name;
}
