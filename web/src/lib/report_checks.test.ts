import { describe, expect, it } from 'vitest';
import casesText from '../../../tests/report_checks/cases.json?raw';
import { parseNumber } from './format';
import { makeT, type MessageKey } from './i18n';
import { validateReport, type CumulativeReference, type FormTarget, type NarrativeSection, type Problem } from './validate';

// The report form's checks against the case file the server's checks are tested with too
// (tests/report_checks/report_checks_test.cpp): the same problems on the same fields, in the
// same order, with the same codes and the same Vietnamese texts — so the two cannot drift apart.
interface CaseValue { target_id: number; scope: 'period' | 'cumulative'; typed: string; value: string | null }
type CaseText = string | { repeat: string; times: number };
interface CaseTask { task_id: string; status: string; percent: string; output?: CaseText }
interface CaseProblem { field: string; code: string; message: string; severity?: string }
interface CaseReference { target_id: number; scope: string; value: string; source: string; role?: string }
interface Case {
  name: string; server_only?: boolean; values?: CaseValue[]; tasks?: CaseTask[];
  narrative?: Partial<Record<NarrativeSection, CaseText>>; references?: CaseReference[]; problems: CaseProblem[];
}
const file = JSON.parse(casesText) as { targets: FormTarget[]; cases: Case[] };

const caseText = (x: CaseText | undefined) => typeof x === 'object' ? x.repeat.repeat(x.times) : x ?? '';
const grouped = (n: string | number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

const t = makeT('vi');
// The text the form shows for a problem it found itself (report_form.tsx, problemText).
const text = (p: Problem) => t(('v_' + (p.key ?? p.code)) as MessageKey, {
  whole: p.whole ? grouped(p.whole) : '', indicator: p.indicator ?? '', unit: p.unit ?? '',
  section: p.section ? t(('narr_' + p.section) as MessageKey) : '',
  chars: grouped(p.chars ?? ''), max: grouped(p.max ?? ''), ...p.numbers });

describe('the form checks what is typed as the server does (tests/report_checks/cases.json)', () => {
  const browserCases = file.cases.filter((c) => !c.server_only);
  it('has cases for the browser', () => expect(browserCases.length).toBeGreaterThan(10));
  for (const c of browserCases) {
    it(c.name, () => {
      for (const v of c.values ?? []) expect(parseNumber(v.typed), `"${v.typed}" is sent as`).toBe(v.value);
      const found = validateReport(file.targets, (c.values ?? []).map(({ target_id, scope, typed }) =>
        ({ target_id, scope, text: typed })), (c.tasks ?? []).map((p) => ({ ...p, output: caseText(p.output) })),
        Object.fromEntries(Object.entries(c.narrative ?? {}).map(([k, v]) => [k, caseText(v)])),
        // What the form gets of the server's references: the previous cumulative, or the year's start.
        (c.references ?? []).filter((r) => r.role === 'previous_cumulative' || r.role === 'year_start')
          .map((r) => ({ target_id: r.target_id, role: r.role, value: r.value, source: r.source }) as CumulativeReference));
      expect(found.map((p) => ({ field: p.field, code: p.code, message: text(p), severity: p.severity ?? 'error' })))
        .toEqual(c.problems.map(({ field, code, message, severity }) => ({ field, code, message, severity: severity ?? 'error' })));
    });
  }
});
