// Shares pasted from a spreadsheet into the allocation grid, and their exact sum. What Excel or
// LibreOffice put on the clipboard is tab-separated text, one line per row: either rows that
// name the unit ("01<TAB>150.000", "Hà Nội<TAB>150.000", "01<TAB>Hà Nội<TAB>150.000"), or one
// column of values in the grid's unit order. Numbers are read as officials type them
// (lib/format.ts:parseNumber: "1.600.000", "4,3"). A paste is taken whole or not at all: any
// line that cannot be read is reported with its number and nothing is applied.
import { parseNumber } from './format';
import { fold } from './search';

export interface PasteUnit { id: number; code: string; name: string }

export type PasteProblemKind =
  | 'unknown_unit'    // a line names no unit of the grid
  | 'not_a_number'    // its value is not a number
  | 'negative'        // a share below zero
  | 'duplicate_unit'  // two lines name the same unit
  | 'count_mismatch'  // a column of values whose length is not the grid's
  | 'too_large'       // more text than any grid needs
  | 'empty';          // nothing to read

export interface PasteProblem {
  line: number;  // 1-based line of the pasted text; 0 for the paste as a whole
  kind: PasteProblemKind;
  text: string;  // what was read there (the unit's cell, the value), or the counts
}

export interface PasteResult {
  /** Unit id → the API's decimal string ("150000", "4.3"), or "" for a cell left empty. */
  values: Map<number, string>;
  problems: PasteProblem[];
  /** How the text was read. */
  mode: 'named' | 'ordered' | null;
}

/** Bounds of a paste: a grid holds a few hundred units at most. */
export const PASTE_MAX_CHARS = 1_000_000;
export const PASTE_MAX_LINES = 5_000;

// "Tỉnh Hà Giang", "TP. Hồ Chí Minh", "Thành phố Hà Nội" name the same units as "Hà Giang",
// "Hồ Chí Minh", "Hà Nội".
const NAME_PREFIX = /^(tinh|thanh pho|tp\.?)\s+/;

function nameKey(name: string): string {
  return fold(name).trim().replace(NAME_PREFIX, '').replace(/\s+/g, ' ');
}

// A spreadsheet drops leading zeros from a code typed as a number: "1" is "01".
function codeKey(code: string): string {
  const c = code.trim();
  return /^\d+$/.test(c) ? String(Number(c)) : c.toLowerCase();
}

function cell(text: string): string {
  let s = text.trim();
  // A cell holding a tab, a quote or a line break is quoted, its quotes doubled.
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).replace(/""/g, '"').trim();
  return s;
}

function readValue(text: string): { value: string } | { problem: 'not_a_number' | 'negative' } {
  const v = parseNumber(text);
  if (v === null) return { problem: 'not_a_number' };
  if (v.startsWith('-')) return { problem: 'negative' };
  return { value: v };
}

/** Reads a paste against the grid's units, in the grid's order. */
export function parsePaste(text: string, units: readonly PasteUnit[]): PasteResult {
  const values = new Map<number, string>();
  const problems: PasteProblem[] = [];
  if (text.length > PASTE_MAX_CHARS) {
    return { values, problems: [{ line: 0, kind: 'too_large', text: String(text.length) }], mode: null };
  }
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // The clipboard ends the last row with a line break.
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return { values, problems: [{ line: 0, kind: 'empty', text: '' }], mode: null };
  if (lines.length > PASTE_MAX_LINES) {
    return { values, problems: [{ line: 0, kind: 'too_large', text: String(lines.length) }], mode: null };
  }

  const rows = lines.map((l) => l.split('\t').map(cell));
  const ordered = rows.every((r) => r.length === 1);
  if (ordered) {
    // One column: the values in the grid's order. A first line that is not a number is the
    // column's heading when the rest fit the grid exactly.
    let start = 0;
    if (rows.length === units.length + 1 && rows[0][0] !== '' && parseNumber(rows[0][0]) === null) start = 1;
    const n = rows.length - start;
    if (n !== units.length) {
      return { values, problems: [{ line: 0, kind: 'count_mismatch', text: `${n}/${units.length}` }], mode: 'ordered' };
    }
    for (let i = start; i < rows.length; i++) {
      const unit = units[i - start];
      const raw = rows[i][0];
      if (raw === '') {
        values.set(unit.id, '');
        continue;
      }
      const v = readValue(raw);
      if ('problem' in v) problems.push({ line: i + 1, kind: v.problem, text: raw });
      else values.set(unit.id, v.value);
    }
    return problems.length ? { values: new Map(), problems, mode: 'ordered' } : { values, problems, mode: 'ordered' };
  }

  const byCode = new Map<string, PasteUnit>();
  const byName = new Map<string, PasteUnit>();
  for (const u of units) {
    byCode.set(codeKey(u.code), u);
    byName.set(nameKey(u.name), u);
  }
  const find = (cells: string[]): PasteUnit | undefined => {
    for (const c of cells) {
      if (c === '') continue;
      const u = byCode.get(codeKey(c)) ?? byName.get(nameKey(c));
      if (u) return u;
    }
    return undefined;
  };
  const lineOf = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.every((c) => c === '')) continue;  // a blank row between blocks
    const raw = r[r.length - 1];
    const keys = r.slice(0, -1);
    const unit = find(keys);
    if (!unit) {
      // The heading row of the copied block ("Mã", "Tỉnh", "Chỉ tiêu giao").
      if (i === 0 && parseNumber(raw) === null) continue;
      problems.push({ line: i + 1, kind: 'unknown_unit', text: keys.filter(Boolean).join(' ') });
      continue;
    }
    if (lineOf.has(unit.id)) {
      problems.push({ line: i + 1, kind: 'duplicate_unit', text: unit.name });
      continue;
    }
    lineOf.set(unit.id, i + 1);
    if (raw === '') {
      values.set(unit.id, '');
      continue;
    }
    const v = readValue(raw);
    if ('problem' in v) problems.push({ line: i + 1, kind: v.problem, text: raw });
    else values.set(unit.id, v.value);
  }
  if (problems.length) return { values: new Map(), problems, mode: 'named' };
  if (values.size === 0) return { values, problems: [{ line: 0, kind: 'empty', text: '' }], mode: 'named' };
  return { values, problems, mode: 'named' };
}

/** The exact sum of the API's decimal strings ("150000", "4.35"; "" skipped): no binary
 * fractions, so 63 shares add up to the national figure when they should. */
export function sumDecimals(values: Iterable<string>): string {
  let scale = 0;
  const parts: [bigint, number][] = [];
  for (const v of values) {
    if (!v) continue;
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
    if (!m) continue;
    const frac = m[3] ?? '';
    parts.push([BigInt(m[1] + m[2] + frac), frac.length]);
    scale = Math.max(scale, frac.length);
  }
  let total = 0n;
  for (const [n, s] of parts) total += n * 10n ** BigInt(scale - s);
  const negative = total < 0n;
  let digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  let out = digits;
  if (scale > 0) {
    const int = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
    out = frac ? `${int}.${frac}` : int;
  }
  digits = out;
  return negative && digits !== '0' ? '-' + digits : digits;
}

/** −1, 0 or 1 as the decimal string a is below, equal to or above b. */
export function compareDecimals(a: string, b: string): number {
  const d = sumDecimals([a, b.startsWith('-') ? b.slice(1) : '-' + b]);
  return d === '0' ? 0 : d.startsWith('-') ? -1 : 1;
}
