// "Xuất Excel" (issue 17): a table read as the browser shows it — its header cells, and each
// cell's machine value (data-value: a number, an ISO date) with its data-format, else its text —
// posted to POST /api/v1/exports/table.xlsx, which writes the .xlsx (title row, a row per
// filter, the header bold, frozen and filtered). The reading is split from the DOM so that it is
// tested without a browser.

export type ExportFormat = 'integer' | 'decimal' | 'percent' | 'date' | 'text';
const FORMATS: ExportFormat[] = ['integer', 'decimal', 'percent', 'date', 'text'];

/** A cell as posted: empty, a text, a number, or a value with its format. */
export type ExportCell = null | string | number | { value: number | string | null; format: ExportFormat };

export interface ExportTable {
  title: string;
  filters: string[];
  columns: { label: string; format?: ExportFormat }[];
  rows: ExportCell[][];
  sheet?: string;
  file_name?: string;
}

/** What one table cell holds, as the DOM gives it. */
export interface SeenCell {
  text: string; // the visible text
  value?: string; // data-value
  format?: string; // data-format
  skip?: boolean; // data-export="skip" (a sparkline, a button)
}

// The server's limits (service/table_export.hpp): refused here before anything is sent.
export const MAX_ROWS = 20_000;
export const MAX_CELLS = 400_000;
export const MAX_TEXT_BYTES = 4_000; // of UTF-8 in one cell

/** A text cut to what a cell may hold (MAX_TEXT_BYTES of UTF-8), with "…" where it was cut. */
export function fitText(text: string): string {
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > MAX_TEXT_BYTES - 3) return text.slice(0, i) + '…';
    i += ch.length;
  }
  return text;
}

/** Whitespace collapsed; a lone dash ("—", "–", "-") is an empty cell. */
export function cleanText(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' || t === '—' || t === '–' || t === '-' ? null : fitText(t);
}

/** One cell: its data-value read by its data-format (a number that is not one, or a date that
 * is not ISO, falls back to the text), else its text. */
export function cellOf(c: SeenCell): ExportCell {
  const format = FORMATS.includes(c.format as ExportFormat) ? (c.format as ExportFormat) : undefined;
  if (c.value !== undefined && format) {
    if (c.value === '') return { value: null, format };
    if (format === 'text') return fitText(c.value);
    if (format === 'date') {
      if (/^\d{4}-\d{2}-\d{2}$/.test(c.value)) return { value: c.value, format };
    } else {
      const n = Number(c.value);
      if (Number.isFinite(n)) return { value: n, format };
    }
  }
  return cleanText(c.text);
}

/** The table to post from its header cells and body rows as seen: columns marked skip in the
 * header are left out of every row, trailing empty cells dropped. */
export function tableOf(head: SeenCell[], body: SeenCell[][], meta: { title: string; filters: string[]; fileName?: string; sheet?: string }): ExportTable {
  const keep = head.map((h, i) => (h.skip ? -1 : i)).filter((i) => i >= 0);
  const rows = body.map((row) => {
    const out: ExportCell[] = keep.map((i) => (row[i] && !row[i].skip ? cellOf(row[i]) : null));
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  });
  return {
    title: meta.title,
    filters: meta.filters.filter((f) => f.trim() !== ''),
    columns: keep.map((i) => ({ label: cleanText(head[i].text) ?? '' })),
    rows,
    ...(meta.sheet ? { sheet: meta.sheet } : {}),
    ...(meta.fileName ? { file_name: meta.fileName } : {}),
  };
}

/** Null when the table may be sent, else the numbers that are too many. */
export function tooLarge(t: ExportTable): { rows: number; cells: number } | null {
  const cells = t.rows.reduce((s, r) => s + r.length, 0);
  return t.rows.length > MAX_ROWS || cells > MAX_CELLS ? { rows: t.rows.length, cells } : null;
}

/** A file name of ASCII letters, digits and '-' from a Vietnamese title ("Bảng điều hành" →
 * "bang-dieu-hanh"). */
export function fileNameOf(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'bang';
}

// ---- what a page puts on a cell (data-value, data-format)

type Attrs = { 'data-value': string; 'data-format': ExportFormat };

/** A figure as the API gives it: an integer, or a decimal. */
export function figure(v: number | null | undefined): Attrs {
  const has = v !== null && v !== undefined && Number.isFinite(v);
  return { 'data-value': has ? String(v) : '', 'data-format': has && !Number.isInteger(v) ? 'decimal' : 'integer' };
}

/** A ratio (0.9905), shown as a percentage. */
export function ratio(v: number | null | undefined): Attrs {
  return { 'data-value': v !== null && v !== undefined && Number.isFinite(v) ? String(v) : '', 'data-format': 'percent' };
}

/** A date or time (ISO): its day. */
export function day(iso: string | null | undefined): Attrs {
  return { 'data-value': iso ? iso.slice(0, 10) : '', 'data-format': 'date' };
}

// ---- the DOM side

function visibleText(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  if (el.getAttribute('data-export') === 'skip' || el.getAttribute('aria-hidden') === 'true') return '';
  let s = '';
  el.childNodes.forEach((c) => { s += visibleText(c); });
  // Elements side by side ("I.1" then the name) read as separate words.
  return ' ' + s + ' ';
}

function seen(cell: Element): SeenCell {
  const el = cell as HTMLElement;
  return {
    text: visibleText(cell),
    value: el.dataset.value,
    format: el.dataset.format,
    skip: el.dataset.export === 'skip',
  };
}

/** The header (its last row) and body rows of a table element as seen. */
export function readTable(table: HTMLTableElement): { head: SeenCell[]; body: SeenCell[][] } {
  const headRows = table.tHead?.rows;
  const headRow = headRows && headRows.length ? headRows[headRows.length - 1] : table.rows[0];
  const head = headRow ? Array.from(headRow.cells).map(seen) : [];
  const body: SeenCell[][] = [];
  for (const tb of Array.from(table.tBodies)) {
    for (const tr of Array.from(tb.rows)) {
      if (tr.dataset.export === 'skip') continue;
      body.push(Array.from(tr.cells).map(seen));
    }
  }
  return { head, body };
}
