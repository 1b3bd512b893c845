// The period a report covers, as the documents' API names it: "2012-M12" (tháng), "2012-Q4"
// (quý), "2012-H1" (6 tháng đầu năm), "2012-Y" (năm); and what a person chooses to make one.
import type { Lang } from './i18n';

export type PeriodType = 'month' | 'quarter' | 'half' | 'year';

export interface PeriodChoice { type: PeriodType; year: number; n: number }

/** How many periods of a type a year has (6 tháng: the first half only; the second is the year). */
export const periodsInYear: Record<PeriodType, number> = { month: 12, quarter: 4, half: 1, year: 1 };

export function periodKey(p: PeriodChoice): string {
  switch (p.type) {
    case 'month': return `${p.year}-M${String(p.n).padStart(2, '0')}`;
    case 'quarter': return `${p.year}-Q${p.n}`;
    case 'half': return `${p.year}-H1`;
    case 'year': return `${p.year}-Y`;
  }
}

/** "2012-M03" → {month, 2012, 3}; null for anything else. */
export function parsePeriodKey(key: string): PeriodChoice | null {
  const m = /^(\d{4})-(?:M(0[1-9]|1[0-2])|Q([1-4])|(H1)|(Y))$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { type: 'month', year, n: Number(m[2]) };
  if (m[3]) return { type: 'quarter', year, n: Number(m[3]) };
  if (m[4]) return { type: 'half', year, n: 1 };
  return { type: 'year', year, n: 1 };
}

/** The last day of the period (YYYY-MM-DD): the date its figures are read at by default. */
export function periodEnd(p: PeriodChoice): string {
  const lastMonth = p.type === 'month' ? p.n : p.type === 'quarter' ? p.n * 3 : p.type === 'half' ? 6 : 12;
  const day = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  return `${p.year}-${String(lastMonth).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The period as a subject line says it: "tháng 12 năm 2012", "quý IV năm 2012", "6 tháng đầu
 * năm 2012", "năm 2012" (English: "December 2012", "Q4 2012", "first half of 2012", "2012"). */
export function periodLabel(p: PeriodChoice, lang: Lang = 'vi'): string {
  const roman = ['I', 'II', 'III', 'IV'];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  if (lang === 'en') {
    switch (p.type) {
      case 'month': return `${months[p.n - 1]} ${p.year}`;
      case 'quarter': return `Q${p.n} ${p.year}`;
      case 'half': return `first half of ${p.year}`;
      case 'year': return String(p.year);
    }
  }
  switch (p.type) {
    case 'month': return `tháng ${p.n} năm ${p.year}`;
    case 'quarter': return `quý ${roman[p.n - 1]} năm ${p.year}`;
    case 'half': return `6 tháng đầu năm ${p.year}`;
    case 'year': return `năm ${p.year}`;
  }
}

/** The period a report would cover on `today` in a program of `year`: the last month ended
 * (December for a year past), else January. */
export function defaultPeriod(year: number, today: string): PeriodChoice {
  const [y, m] = today.split('-').map(Number);
  if (!y || y > year) return { type: 'month', year, n: 12 };
  if (y < year) return { type: 'month', year, n: 1 };
  return { type: 'month', year, n: Math.max(1, m - 1) };
}
