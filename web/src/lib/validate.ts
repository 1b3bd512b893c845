// The report form's checks in the browser, the same as the server's (src/domain/report.cpp
// ValidateReport) so that a person sees a problem on the field as they type it; the server
// checks again and its answer (400 with error.details[].field) is shown on the same fields.
import { parseNumber } from './format';

export type Scope = 'period' | 'cumulative';
export type Comparator = 'eq' | 'min' | 'max' | 'decrease_by' | 'increase_by';

export interface FormTarget {
  id: number;
  unit: string;
  comparator: Comparator | string;
  parent_id: number | null;
  indicator: string;
  /** Whether the values add up over a year's periods (the server's FormTarget::additive);
   * absent: they do. Rates never do. */
  additive?: boolean;
}

/** What an additive target's cumulative is checked with (the form's `cumulative_references`):
 * the previous period's cumulative of the year, or the year's first period (none before). */
export interface CumulativeReference {
  target_id: number;
  role: 'previous_cumulative' | 'year_start';
  value: string; // the API's decimal form; "0" at the year's start
  source?: string;
}

// The same checks and texts as the server's are pinned by one case file for both:
// tests/report_checks/cases.json (report_checks.test.ts here, report_checks_test.cpp there).

export interface EnteredValue {
  target_id: number;
  scope: Scope;
  text: string; // as typed: "4,3", "1.600.000"
}

export interface EnteredTask {
  task_id: string;
  status: string;
  percent: string; // as typed
  output?: string;
}

/** The narrative sections in the server's order (domain::Narrative). */
export const NARRATIVE_SECTIONS = ['results', 'shortcomings', 'causes', 'next_steps', 'proposals'] as const;
export type NarrativeSection = typeof NARRATIVE_SECTIONS[number];

/** One problem, named by the server's field path: "values[61].period", "tasks[II.1.1#3].percent",
 * with the server's code ("out_of_range"). `message` is the server's (Vietnamese) text when the
 * server said it; otherwise the translated text is `'v_' + (key ?? code)` with `whole` and
 * `indicator` filled in (a code the server uses for several checks has a key per check). */
export interface Problem {
  field: string;
  code: string;
  key?: string;
  message?: string;
  whole?: string;
  indicator?: string;
  unit?: string;
  section?: NarrativeSection; // a narrative section's problem: its title is `'narr_' + section`
  chars?: number;             // a text too long: its length and the most allowed, in characters
  max?: number;
  /** A value accepted but flagged for the person to confirm (the server's "confirm"). */
  severity?: 'confirm';
  /** The numbers a flag quotes, written as the form shows them ("113.018"). */
  numbers?: Record<string, string>;
}

export function valueField(targetId: number, scope: Scope): string {
  return `values[${targetId}].${scope}`;
}

export function taskField(taskId: string): string {
  return `tasks[${taskId}].percent`;
}

export function taskOutputField(taskId: string): string {
  return `tasks[${taskId}].output`;
}

const isPercent = (unit: string) => unit === '%';
const mayBeNegative = (c: string) => c === 'decrease_by' || c === 'increase_by';
// Units that count whole things, as the server's domain::IsCountUnit (src/domain/report.cpp):
// the units the plan's quantities are written in. "0,5 người" is refused.
const countUnits = new Set([
  'lượt người', 'người', 'lao động', 'đối tượng', 'trẻ em', 'hộ gia đình', 'hộ', 'doanh nghiệp',
  'trung tâm', 'làng nghề', 'hợp tác xã', 'cán bộ', 'giáo viên', 'chương trình khung',
  'chương trình', 'đề tài', 'công trình', 'mô hình', 'thôn bản', 'chỉ thị', 'đề án', 'nghị định',
  'quyết định', 'tập đoàn, tổng công ty', 'tập đoàn', 'đoàn kinh tế quốc phòng', 'cơ sở',
  'học sinh', 'sinh viên', 'tỉnh', 'thành phố', 'xã', 'huyện', 'trường', 'nhà', 'nghề', 'bộ',
  'lớp', 'dự án', 'văn bản', 'khoa', 'lượt', 'tổ chức', 'cơ quan']);
export const isCountUnit = (unit: string) => countUnits.has(unit);

// The limits of a report's texts, in characters (code points), as the server's
// domain::MaxChars; control characters but tab, LF and CR are refused (domain::CheckText).
export const MAX_CHARS = { output: 2000, narrative: 20000 } as const;
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function checkText(text: string, kind: keyof typeof MAX_CHARS, field: string,
                   section?: NarrativeSection): Problem | null {
  if (controlCharacter.test(text)) {
    return { field, code: 'control_character', key: 'control_character_' + kind, section };
  }
  const chars = [...text].length;  // code points, as the server counts (not UTF-16 units)
  if (chars > MAX_CHARS[kind]) {
    return { field, code: 'text_too_long', key: 'text_too_long_' + kind, section, chars,
             max: MAX_CHARS[kind] };
  }
  return null;
}

/** a + b of two decimals in the API's form ("10315", "1.5"), exactly: "10315" + "95000" →
 * "105315", "9" + "1.5" → "10.5". */
export function addDecimals(a: string, b: string): string {
  const scale = Math.max((a.split('.')[1] ?? '').length, (b.split('.')[1] ?? '').length);
  const scaled = (s: string) => {
    const negative = s.startsWith('-');
    const [i, f = ''] = (negative ? s.slice(1) : s).split('.');
    const n = BigInt((i || '0') + f.padEnd(scale, '0'));
    return negative ? -n : n;
  };
  const sum = scaled(a) + scaled(b);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const out = int + (frac ? '.' + frac : '');
  return negative && out !== '0' ? '-' + out : out;
}

/** A decimal in the API's form as the form shows it: "113018" → "113.018", "10.5" → "10,5". */
function shown(value: string): string {
  const negative = value.startsWith('-');
  const [i, f] = (negative ? value.slice(1) : value).split('.');
  return (negative ? '-' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (f ? ',' + f : '');
}

/** The problems of the values, task progress and narrative as entered, in the server's order:
 * each value (not a number, out of range, negative, a fraction of a count), then parts above
 * their whole, then tasks (percent, output), then the narrative sections' texts; then, flagged
 * for confirmation (severity "confirm"), each additive target's period against its cumulative
 * (the server's "period_exceeds_cumulative" and "cumulative_mismatch", with `references`). */
export function validateReport(targets: readonly FormTarget[], values: readonly EnteredValue[],
                               tasks: readonly EnteredTask[] = [],
                               narrative: Partial<Record<NarrativeSection, string>> = {},
                               references: readonly CumulativeReference[] = []): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(targets.map((t) => [t.id, t]));
  const entered = new Map<string, number>();
  const decimals = new Map<string, string>(); // field → the API's decimal form of what was typed
  for (const v of values) {
    const field = valueField(v.target_id, v.scope);
    const t = byId.get(v.target_id);
    if (!t) {
      problems.push({ field, code: 'unknown_target' });
      continue;
    }
    const parsed = parseNumber(v.text);
    if (parsed === '') continue;
    if (parsed === null) {
      problems.push({ field, code: 'not_a_number' });
      continue;
    }
    const x = Number(parsed);
    entered.set(field, x);
    decimals.set(field, parsed);
    if (isPercent(t.unit) && (x < 0 || x > 100) && !mayBeNegative(t.comparator)) {
      problems.push({ field, code: 'out_of_range' });
    } else if (isPercent(t.unit) && (x < -100 || x > 100)) {
      problems.push({ field, code: 'out_of_range', key: 'change_out_of_range' });
    } else if (x < 0 && !mayBeNegative(t.comparator)) {
      problems.push({ field, code: 'negative' });
    } else if (isCountUnit(t.unit) && !Number.isInteger(x)) {
      problems.push({ field, code: 'not_whole', unit: t.unit });
    }
  }
  // Parts not above their whole, when both are entered: 1.510 + 90 ≤ 1.600.
  const sums = new Map<string, number>();
  const wholeOf = new Map<string, string>();  // a whole's field → its indicator
  for (const v of values) {
    const t = byId.get(v.target_id);
    const x = entered.get(valueField(v.target_id, v.scope));
    if (!t || x === undefined || t.parent_id === null || isPercent(t.unit)) continue;
    const wholeField = valueField(t.parent_id, v.scope);
    wholeOf.set(wholeField, byId.get(t.parent_id)?.indicator ?? '');
    sums.set(wholeField, (sums.get(wholeField) ?? 0) + x);
  }
  for (const [wholeField, sum] of sums) {
    const w = entered.get(wholeField);
    if (w === undefined) continue;
    if (sum > w + Math.abs(w) * 1e-12) {
      problems.push({ field: wholeField, code: 'part_exceeds_whole', whole: String(w),
                      indicator: wholeOf.get(wholeField) ?? '' });
    }
  }
  for (const p of tasks) {
    const parsed = parseNumber(p.percent);
    const field = taskField(p.task_id);
    if (parsed === null) {
      problems.push({ field, code: 'not_a_number' });
    } else if (parsed !== '') {
      const x = Number(parsed);
      if (x < 0 || x > 100) problems.push({ field, code: 'out_of_range', key: 'task_out_of_range' });
      else if (p.status === 'done' && x !== 100) problems.push({ field, code: 'done_not_complete' });
    }
    const output = checkText(p.output ?? '', 'output', taskOutputField(p.task_id));
    if (output) problems.push(output);
  }
  for (const section of NARRATIVE_SECTIONS) {
    const problem = checkText(narrative[section] ?? '', 'narrative', 'narrative.' + section, section);
    if (problem) problems.push(problem);
  }
  // Period against cumulative, for additive targets (not rates): the cumulative is the year's
  // sum so far, so not below the period's value, and the previous period's cumulative plus this
  // period's (in the year's first period, the period's alone), within max(1, 0,5 %).
  const referenceOf = new Map(references.map((r) => [r.target_id, r]));
  for (const t of targets) {
    if (t.additive === false || isPercent(t.unit)) continue;
    const field = valueField(t.id, 'cumulative');
    const p = decimals.get(valueField(t.id, 'period'));
    const c = decimals.get(field);
    if (p === undefined || c === undefined) continue;
    const [pn, cn] = [Number(p), Number(c)];
    if (pn >= 0 && cn >= 0 && pn > cn) {
      problems.push({ field, code: 'period_exceeds_cumulative', severity: 'confirm',
                      numbers: { period: shown(p), cum: shown(c) } });
      continue;
    }
    const r = referenceOf.get(t.id);
    if (!r) continue;
    const expected = r.role === 'year_start' ? p : addDecimals(r.value, p);
    const e = Number(expected);
    if (Math.abs(cn - e) <= Math.max(1, 0.005 * Math.abs(e))) continue;
    problems.push({ field, code: 'cumulative_mismatch', severity: 'confirm',
                    key: r.role === 'year_start' ? 'cumulative_mismatch_year_start' : undefined,
                    numbers: { cum: shown(c), prev: shown(r.value), period: shown(p), sum: shown(expected) } });
  }
  return problems;
}

export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { field?: string; message?: string }[] | null };
}

/** The field problems of a server refusal (400 with details naming fields), and the message
 * for the whole form (what was not about one field). */
export function serverProblems(body: ApiErrorBody | null | undefined):
    { fields: Problem[]; general: string | null } {
  const err = body?.error;
  if (!err) return { fields: [], general: null };
  const fields: Problem[] = [];
  const other: string[] = [];
  for (const d of err.details ?? []) {
    if (d.field) fields.push({ field: d.field, code: err.code ?? 'invalid', message: d.message ?? '' });
    else if (d.message) other.push(d.message);
  }
  const general = [err.message, ...other].filter(Boolean).join(' ') || null;
  return { fields, general };
}

/** Problems by field, the first one of each field kept. */
export function byField(problems: readonly Problem[]): Map<string, Problem> {
  const m = new Map<string, Problem>();
  for (const p of problems) if (!m.has(p.field)) m.set(p.field, p);
  return m;
}
