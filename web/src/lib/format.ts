// Vietnamese number, money and date formatting. Written out by hand rather than with
// Intl.NumberFormat('vi-VN') so that the output is the same in every browser and in Node
// (the tests), whatever ICU data each ships: "." groups thousands, "," marks decimals.

function group(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A number with at most `maxDecimals` decimals, trailing zeros dropped: 1600000 → "1.600.000",
 * 4.3 → "4,3". Accepts the API's decimal strings ("4.3", "1600000"). Empty for null/NaN. */
export function formatNumber(value: number | string | null | undefined, maxDecimals = 2): string {
  if (value === null || value === undefined || value === '') return '';
  const x = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(x)) return '';
  const negative = x < 0;
  let fixed = Math.abs(x).toFixed(maxDecimals);
  if (fixed.includes('.')) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  const [intPart, frac] = fixed.split('.');
  const out = group(intPart) + (frac ? ',' + frac : '');
  return negative && out !== '0' ? '-' + out : out;
}

/** A percentage given in percent units: 4.3 → "4,3%". */
export function formatPercent(value: number | string | null | undefined, maxDecimals = 1): string {
  const s = formatNumber(value, maxDecimals);
  return s === '' ? '' : s + '%';
}

/** A ratio 0–1 as a percentage: 0.875 → "87,5%". */
export function formatRatio(value: number | null | undefined, maxDecimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return formatPercent(value * 100, maxDecimals);
}

/** An amount in đồng, as officials write it: 1536000000000 → "1.536 tỷ đồng",
 * 245500000000 → "245,5 tỷ đồng", 73600000 → "73,6 triệu đồng". */
export function formatMoney(vnd: number | string | null | undefined, lang: 'vi' | 'en' = 'vi'): string {
  if (vnd === null || vnd === undefined || vnd === '') return '';
  const x = typeof vnd === 'number' ? vnd : Number(vnd);
  if (!Number.isFinite(x)) return '';
  const dong = lang === 'vi' ? 'đồng' : 'VND';
  const abs = Math.abs(x);
  if (abs >= 1e9) return `${formatNumber(x / 1e9, 2)} ${lang === 'vi' ? 'tỷ' : 'billion'} ${dong}`;
  if (abs >= 1e6) return `${formatNumber(x / 1e6, 2)} ${lang === 'vi' ? 'triệu' : 'million'} ${dong}`;
  return `${formatNumber(x, 0)} ${dong}`;
}

/** A value in its unit: money in tỷ/triệu, "%" glued to the number, other units after a space. */
export function formatQuantity(value: number | string | null | undefined, unit: string | null | undefined,
                               lang: 'vi' | 'en' = 'vi'): string {
  if (value === null || value === undefined || value === '') return '';
  if (unit === 'đồng') return formatMoney(value, lang);
  if (unit === '%') return formatPercent(value, 2);
  const n = formatNumber(value);
  return unit ? `${n} ${unit}` : n;
}

/** "2012-03-19" (or an ISO time) → "19/03/2012". ISO times are shown in Việt Nam time (UTC+7),
 * the time the deadlines are set in. Empty for null. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  let y: string, m: string, d: string;
  if (iso.length > 10 && iso[10] === 'T') {
    const t = new Date(Date.parse(iso) + 7 * 3600 * 1000);
    if (Number.isNaN(t.getTime())) return iso;
    y = String(t.getUTCFullYear());
    m = String(t.getUTCMonth() + 1).padStart(2, '0');
    d = String(t.getUTCDate()).padStart(2, '0');
  } else {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!match) return iso;
    [, y, m, d] = match;
  }
  return `${d}/${m}/${y}`;
}

/** An ISO time → "19/03/2012 09:05" in Việt Nam time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(Date.parse(iso) + 7 * 3600 * 1000);
  if (Number.isNaN(t.getTime())) return iso;
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(iso)} ${hh}:${mm}`;
}

/** "19/03/2012" → "2012-03-19"; null when it is not a real date. */
export function parseDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const d = Number(m[1]), mo = Number(m[2]), y = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A number typed by a person into the API's decimal form: "1.600.000" → "1600000",
 * "4,3" → "4.3", "1.510,5" → "1510.5", " 90 000 " → "90000", "-2" → "-2". A lone "." is a
 * thousands separator when it groups exactly three digits ("1.600"), else a decimal point
 * ("4.3"). Returns null when the text is not a number, "" when it is empty. */
export function parseNumber(text: string): string | null {
  let s = text.replace(/[\s\u00a0]/g, '');
  if (s === '') return '';
  const negative = s.startsWith('-');
  if (negative || s.startsWith('+')) s = s.slice(1);
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  let intPart: string, frac = '';
  if (s.includes(',')) {
    const parts = s.split(',');
    if (parts.length !== 2) return null;
    [intPart, frac] = parts;
    if (intPart.includes('.') && !/^\d{1,3}(\.\d{3})+$/.test(intPart)) return null;
    intPart = intPart.replace(/\./g, '');
    if (frac.includes('.')) return null;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    intPart = s.replace(/\./g, '');
  } else {
    const parts = s.split('.');
    if (parts.length > 2) return null;
    [intPart, frac = ''] = parts;
  }
  if (intPart === '') intPart = '0';
  if (!/^\d+$/.test(intPart) || (frac !== '' && !/^\d+$/.test(frac))) return null;
  intPart = intPart.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const out = intPart + (frac ? '.' + frac : '');
  return negative && out !== '0' ? '-' + out : out;
}

/** The API's decimal string shown for editing: "4.3" → "4,3", "1600000" → "1.600.000". */
export function decimalToInput(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const s = String(value);
  const negative = s.startsWith('-');
  const [i, f] = (negative ? s.slice(1) : s).split('.');
  return (negative ? '-' : '') + group(i) + (f ? ',' + f : '');
}
