// Each unit's plan (giao chỉ tiêu), for planners: per target, the units that report it (the
// responsibility matrix; a program without one lists the provinces) with their shares, typed or
// pasted from Excel (lib/paste.ts), the sum checked live against the national target — a
// warning, never a refusal, as the Ministry may allocate more — and saved whole
// (PUT /programs/{id}/allocations), the server's refusals shown on their rows. The workbook round
// trip (allocations.xlsx) stays beside it.
import { useEffect, useMemo, useRef, useState, type ChangeEvent, type ClipboardEvent } from 'react';
import { canPlan, useApp } from '../context';
import { Dialog, ErrorBox, Link, Loading, PageTitle, useLoad } from '../components';
import { ApiError, get, put, query, request } from '../lib/api';
import { decimalToInput, formatDate, formatNumber, formatQuantity, formatRatio, parseNumber } from '../lib/format';
import { compareDecimals, parsePaste, sumDecimals, type PasteProblem } from '../lib/paste';
import { navigate, setSearch, useLocation } from '../lib/router';
import { filterBy, sortVi } from '../lib/search';
import type { Allocations, Items, OrgUnit, ProgramTarget, UnitRef } from '../lib/types';
import type { MessageKey } from '../lib/i18n';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Loaded {
  targets: ProgramTarget[];
  allocations: Allocations;
  provinces: UnitRef[]; // the rows of a target no matrix names reporters for
  departments: UnitRef[]; // with the provinces, the units a row may be added for
}

async function load(id: number, date: string, signal: AbortSignal): Promise<Loaded> {
  const [targets, allocations, provinces, departments] = await Promise.all([
    get<Items<ProgramTarget>>(`/programs/${id}/targets`, signal),
    get<Allocations>(`/programs/${id}/allocations`, signal),
    get<Items<OrgUnit>>(`/org-units${query({ at: date, kind: 'province' })}`, signal),
    get<Items<OrgUnit>>(`/org-units${query({ at: date, kind: 'department' })}`, signal),
  ]);
  const ref = (u: OrgUnit): UnitRef => ({ id: u.id, code: u.code, name: u.name });
  return {
    targets: targets.items.filter((x) => x.value !== null),
    allocations,
    provinces: provinces.items.map(ref),
    departments: sortVi(departments.items, (u) => u.name).map(ref),
  };
}

export const targetName = (x: ProgramTarget) => x.display_name || x.indicator;

export function AllocationsPage({ id }: { id: number }) {
  const { t, user, programs } = useApp();
  const program = programs.find((p) => p.id === id);
  const date = program?.issued_date ?? '';
  const data = useLoad((s) => (canPlan(user) ? load(id, date, s) : Promise.resolve(null)), [id, date]);
  if (!canPlan(user)) return <p role="alert">{t('alloc_planner_only')}</p>;
  if (data.error) return <><PageTitle>{t('alloc_title')}</PageTitle><ErrorBox error={data.error} /></>;
  if (!data.data) return <Loading />;
  return <Allocator id={id} date={date} loaded={data.data} reload={data.reload} />;
}

/** The program's other programs, drafts included: a planner allocates before publishing. */
export function PlannerProgramPicker({ id, page }: { id: number; page: 'allocations' | 'matrix' }) {
  const { t, programs } = useApp();
  if (programs.length <= 1) return null;
  return (
    <label className="inline-field">
      {t('program')}
      <select value={id} onChange={(e) => navigate(`/programs/${e.target.value}/${page}`)}>
        {[...programs].sort((a, b) => b.year - a.year || b.id - a.id).map((p) => (
          <option key={p.id} value={p.id}>
            {p.year} · {p.number}{p.status === 'published' ? '' : ` (${t('draft')})`}
          </option>
        ))}
      </select>
    </label>
  );
}

function Allocator({ id, date, loaded, reload }: { id: number; date: string; loaded: Loaded; reload: () => void }) {
  const { t, lang, programs } = useApp();
  const program = programs.find((p) => p.id === id);
  const { search } = useLocation();
  const asked = Number(search.get('target'));
  const target = loaded.targets.find((x) => x.id === asked) ?? loaded.targets[0];

  if (!target) {
    return (
      <>
        <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('alloc_title')}</PageTitle>
        <div className="filters"><PlannerProgramPicker id={id} page="allocations" /></div>
        <p className="muted">{t('alloc_no_targets')}</p>
      </>
    );
  }
  return (
    <>
      <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('alloc_title')}</PageTitle>
      <p className="muted">{t('alloc_intro')}</p>
      <div className="filters">
        <PlannerProgramPicker id={id} page="allocations" />
        <label className="inline-field">{t('alloc_target')}
          <select id="alloc-target" value={target.id} onChange={(e) => setSearch({ target: e.target.value })}>
            {loaded.targets.map((x) => (
              <option key={x.id} value={x.id}>
                {x.section} · {cut(targetName(x), 70)} — {formatQuantity(x.value, x.unit, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Grid key={target.id} programId={id} date={date} target={target} loaded={loaded} reload={reload} />
      <ExcelRoundTrip programId={id} onUploaded={reload} />
    </>
  );
}

function Grid({ programId, date, target, loaded, reload }: {
  programId: number; date: string; target: ProgramTarget; loaded: Loaded; reload: () => void;
}) {
  const { t, lang } = useApp();
  const stored = useMemo(() => loaded.allocations.items.filter((a) => a.target_id === target.id), [loaded, target.id]);
  const reporters = loaded.allocations.targets?.find((x) => x.target_id === target.id)?.reporters;
  // The rows: the target's reporters; else the provinces of the program's date. A unit holding
  // a share stays listed either way, so that nothing stored is hidden.
  // Rows the planner adds (a unit the list does not name; the server says if it may not report).
  const [added, setAdded] = useState<UnitRef[]>([]);
  const [adding, setAdding] = useState('');
  const units = useMemo(() => {
    const base = reporters && reporters.length ? reporters : loaded.provinces;
    const out = [...base];
    for (const u of [...stored.map((a) => a.unit), ...added]) if (!out.some((x) => x.id === u.id)) out.push(u);
    return out;
  }, [reporters, loaded.provinces, stored, added]);
  const addable = [...loaded.departments, ...loaded.provinces].filter((u) => !units.some((x) => x.id === u.id));
  const initial = useMemo(() => {
    const m: Record<number, string> = {};
    for (const a of stored) m[a.unit.id] = decimalToInput(a.value);
    return m;
  }, [stored]);

  const [typed, setTyped] = useState<Record<number, string>>(initial);
  const [serverErrors, setServerErrors] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'warn' | 'error'; text: string; list?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [pasting, setPasting] = useState(false);
  const [filter, setFilter] = useState('');
  const [tried, setTried] = useState(false);
  // What the server holds now (after a save, or a workbook uploaded below) is what the grid shows.
  useEffect(() => setTyped(initial), [initial]);

  const parsed = useMemo(() => {
    const m = new Map<number, string | null>();
    for (const u of units) m.set(u.id, parseNumber(typed[u.id] ?? ''));
    return m;
  }, [typed, units]);
  const cellProblem = (unitId: number): string | undefined => {
    const v = parsed.get(unitId);
    if (v === null) return t('alloc_not_a_number');
    if (v && v.startsWith('-')) return t('alloc_negative');
    return serverErrors[unitId];
  };
  const invalid = units.filter((u) => {
    const v = parsed.get(u.id);
    return v === null || (v !== undefined && v.startsWith('-'));
  });
  const filled = units.filter((u) => parsed.get(u.id));
  const sum = sumDecimals(filled.map((u) => parsed.get(u.id)!));
  const national = target.value === null ? null : String(target.value);
  const rate = target.unit === '%';
  const dirty = units.some((u) => (parsed.get(u.id) ?? '') !== (parseNumber(initial[u.id] ?? '') ?? ''));

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const setValue = (unitId: number, text: string) => {
    setTyped((m) => ({ ...m, [unitId]: text }));
    setServerErrors((m) => {
      if (!(unitId in m)) return m;
      const { [unitId]: _gone, ...rest } = m;
      return rest;
    });
  };

  const applyPaste = (text: string): PasteProblem[] => {
    const r = parsePaste(text, units);
    if (r.problems.length) return r.problems;
    setTyped((m) => {
      const next = { ...m };
      for (const [unitId, v] of r.values) next[unitId] = decimalToInput(v);
      return next;
    });
    setServerErrors({});
    setMessage({ kind: 'ok', text: t('alloc_paste_applied', { n: r.values.size }) });
    return [];
  };

  // A block pasted into a cell (several lines or cells) fills the table, as in a spreadsheet.
  const onCellPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\t\n]/.test(text.trim())) return;
    e.preventDefault();
    const problems = applyPaste(text);
    if (problems.length) setMessage({ kind: 'error', text: t('alloc_paste_nothing'), list: problems.map((p) => pasteProblemText(t, p)) });
  };

  const save = async () => {
    setTried(true);
    setMessage(null);
    setError(null);
    if (invalid.length) {
      setMessage({ kind: 'error', text: t('alloc_fix_cells', { n: invalid.length }) });
      focusCell(invalid[0].id);
      return;
    }
    if (!dirty) {
      setMessage({ kind: 'ok', text: t('alloc_nothing_changed') });
      return;
    }
    if (filled.length === 0) {
      // PUT replaces only the targets it names: an empty list names none.
      setMessage({ kind: 'error', text: t('alloc_cannot_clear_all') });
      return;
    }
    const sent = filled.map((u) => ({ target_id: target.id, unit: u.code || String(u.id), value: parsed.get(u.id)! }));
    setBusy(true);
    try {
      const answer = await put<Allocations>(`/programs/${programId}/allocations`, { items: sent });
      const check = answer.checks.find((c) => c.target_id === target.id);
      setMessage(check?.warning
        ? { kind: 'warn', text: `${t('alloc_saved', { n: filled.length })} ${check.warning}` }
        : { kind: 'ok', text: t('alloc_saved', { n: filled.length }) });
      setServerErrors({});
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        // "rows[3].unit" names the third row sent (1-based); a workbook's cell otherwise.
        const details = ((e.body as { error?: { details?: { field: string; message: string }[] } })?.error?.details) ?? [];
        const byUnit: Record<number, string> = {};
        const other: string[] = [];
        for (const d of details) {
          const m = /^(?:rows|items)\[(\d+)\]/.exec(d.field);
          const row = m ? sent[Number(m[1]) - (d.field.startsWith('rows') ? 1 : 0)] : undefined;
          const unit = row ? filled.find((u) => (u.code || String(u.id)) === row.unit) : undefined;
          if (unit) byUnit[unit.id] = d.message;
          else other.push(d.message);
        }
        setServerErrors(byUnit);
        setMessage({ kind: 'error', text: e.message, list: other });
        const first = units.find((u) => u.id in byUnit);
        if (first) focusCell(first.id);
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const shown = filterBy(units, filter, (u) => `${u.code} ${u.name}`);
  const diff = national === null ? '0' : sumDecimals([sum, national.startsWith('-') ? national.slice(1) : '-' + national]);
  const cmp = national === null ? 0 : compareDecimals(sum, national);
  const absDiff = diff.startsWith('-') ? diff.slice(1) : diff;

  return (
    <section aria-labelledby="alloc-h" className="alloc">
      <h2 id="alloc-h">
        <span className="num">{target.section}</span> {targetName(target)}
      </h2>
      <p id="alloc-national">{t('alloc_national', { value: formatQuantity(target.value, target.unit, lang) })}</p>
      <p className="muted" id="alloc-source">
        {reporters && reporters.length ? t('alloc_units_matrix', { n: units.length })
          : <>{t('alloc_units_provinces', { n: loaded.provinces.length, date: formatDate(date) })}{' '}
              <Link to={`/programs/${programId}/matrix`}>{t('alloc_assign_first')}</Link></>}
      </p>

      <div className="alloc-sum card" id="alloc-sum" role="status" aria-live="polite">
        {rate ? <p>{t('alloc_rate_no_sum')}</p> : (
          <>
            <p className="headline" id="alloc-sum-line">
              {t('alloc_sum_line', { sum: formatNumber(sum, 6), national: formatNumber(national, 6) })}
              {target.unit ? <span className="muted"> {target.unit}</span> : null}
            </p>
            <p className="muted">{t('alloc_sum_units', { n: filled.length, total: units.length })}</p>
            {filled.length === 0 ? null : cmp === 0 ? <p className="ok-text" id="alloc-sum-state" data-state="equal">{t('alloc_sum_equal')}</p>
              : cmp > 0 ? <p className="warn" id="alloc-sum-state" data-state="over">{t('alloc_sum_over', { diff: formatQuantity(absDiff, target.unit, lang) })}</p>
                : <p className="muted" id="alloc-sum-state" data-state="under">{t('alloc_sum_under', { diff: formatQuantity(absDiff, target.unit, lang) })}</p>}
          </>
        )}
      </div>

      <div className="actions">
        <button type="button" id="alloc-paste" onClick={() => setPasting(true)}>{t('alloc_paste')}</button>
        <label className="inline-field">{t('alloc_filter_units')}
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('search_hint')} />
        </label>
      </div>
      {pasting ? <PasteDialog units={units.length} onApply={applyPaste} onClose={() => setPasting(false)} /> : null}

      {message ? (
        <div className={message.kind === 'ok' ? 'ok-box' : message.kind === 'warn' ? 'notice' : 'error-box'} role={message.kind === 'error' ? 'alert' : 'status'} id="alloc-message">
          <p>{message.text}</p>
          {message.list?.length ? <ul>{message.list.map((x, i) => <li key={i}>{x}</li>)}</ul> : null}
        </div>
      ) : null}
      <ErrorBox error={error} />

      <div className="table-wrap">
        <table className="list alloc-table" id="alloc-table">
          <thead>
            <tr>
              <th scope="col">{t('alloc_code')}</th>
              <th scope="col">{t('alloc_unit')}</th>
              <th scope="col" className="num-cell">{t('alloc_share')}{target.unit ? ` (${target.unit})` : ''}</th>
              {rate ? null : <th scope="col" className="num-cell">{t('alloc_share_of_national')}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => {
              const problem = cellProblem(u.id);
              const showProblem = problem && (tried || u.id in serverErrors || parsed.get(u.id) === null);
              const v = parsed.get(u.id);
              return (
                <tr key={u.id} data-unit={u.code} className={showProblem ? 'invalid' : undefined}>
                  <td className="num">{u.code}</td>
                  <th scope="row">{u.name}</th>
                  <td className="num-cell">
                    <input id={cellId(u.id)} inputMode="decimal" value={typed[u.id] ?? ''}
                           aria-label={`${u.name} — ${t('alloc_share')}`}
                           aria-invalid={showProblem ? true : undefined}
                           aria-describedby={showProblem ? cellId(u.id) + '-err' : undefined}
                           onChange={(e) => setValue(u.id, e.target.value)} onPaste={onCellPaste} />
                    {showProblem ? <span className="field-error" id={cellId(u.id) + '-err'}>{problem}</span> : null}
                  </td>
                  {rate ? null : (
                    <td className="num-cell muted">
                      {v && national && Number(national) > 0 ? formatRatio(Number(v) / Number(national), 2) : ''}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="actions">
        <label className="inline-field">{t('alloc_add_unit')}
          <select value={adding} onChange={(e) => setAdding(e.target.value)} id="alloc-add-unit">
            <option value="">—</option>
            {addable.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
        <button type="button" disabled={!adding} onClick={() => {
          const u = addable.find((x) => String(x.id) === adding);
          if (u) setAdded((a) => [...a, u]);
          setAdding('');
        }}>{t('matrix_add')}</button>
      </p>
      <div className="actions sticky">
        <button type="button" id="alloc-save" disabled={busy} onClick={() => void save()}>{busy ? t('alloc_saving') : t('alloc_save')}</button>
        {rate ? null : (
          <span className={cmp > 0 && filled.length ? 'warn' : 'muted'}>
            {t('alloc_sum_line', { sum: formatNumber(sum, 6), national: formatNumber(national, 6) })}
          </span>
        )}
      </div>
    </section>
  );
}

const cellId = (unitId: number) => `alloc-${unitId}`;

// Focused and brought into view above the sticky save bar.
function focusCell(unitId: number) {
  const el = document.getElementById(cellId(unitId));
  el?.focus({ preventScroll: true });
  el?.scrollIntoView({ block: 'center' });
}

function pasteProblemText(t: ReturnType<typeof useApp>['t'], p: PasteProblem): string {
  if (p.kind === 'count_mismatch') {
    const [n, total] = p.text.split('/');
    return t('paste_count_mismatch', { n, total });
  }
  return t(('paste_' + p.kind) as MessageKey, { line: p.line, text: p.text });
}

function PasteDialog({ units, onApply, onClose }: { units: number; onApply: (text: string) => PasteProblem[]; onClose: () => void }) {
  const { t } = useApp();
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<PasteProblem[]>([]);
  const apply = () => {
    const p = onApply(text);
    setProblems(p);
    if (p.length === 0) onClose();
  };
  return (
    <Dialog title={t('alloc_paste_title')} onClose={onClose} className="paste-dialog">
      <p>{t('alloc_paste_help', { n: units })}</p>
      <label className="paste-field">
        {t('alloc_paste_area')}
        <textarea id="alloc-paste-text" rows={12} value={text} spellCheck={false}
                  onChange={(e) => { setText(e.target.value); setProblems([]); }} />
      </label>
      {problems.length ? (
        <div className="error-box" role="alert" id="alloc-paste-problems">
          <p>{t('alloc_paste_nothing')}</p>
          <ul>{problems.slice(0, 20).map((p, i) => <li key={i}>{pasteProblemText(t, p)}</li>)}</ul>
        </div>
      ) : null}
      <p className="actions">
        <button type="button" id="alloc-paste-apply" onClick={apply}>{t('alloc_paste_apply')}</button>
        <button type="button" className="secondary" onClick={onClose}>{t('cancel')}</button>
      </p>
    </Dialog>
  );
}

function ExcelRoundTrip({ programId, onUploaded }: { programId: number; onUploaded: () => void }) {
  const { t } = useApp();
  const [result, setResult] = useState<{ ok: boolean; text: string; list: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (!f) return;
    setBusy(true);
    setResult(null);
    try {
      await request<Allocations>('PUT', `/programs/${programId}/allocations`, { raw: f, contentType: XLSX_TYPE });
      setResult({ ok: true, text: t('alloc_uploaded'), list: [] });
      onUploaded();
    } catch (err) {
      const details = err instanceof ApiError
        ? ((err.body as { error?: { details?: { field: string; message: string }[] } })?.error?.details ?? []) : [];
      setResult({ ok: false, text: err instanceof ApiError ? err.message : String(err), list: details.map((d) => `${d.field}: ${d.message}`) });
    } finally {
      setBusy(false);
      if (file.current) file.current.value = '';
    }
  };
  return (
    <section aria-labelledby="alloc-xlsx-h" className="excel">
      <h2 id="alloc-xlsx-h">{t('alloc_excel')}</h2>
      <p className="muted">{t('alloc_excel_help')}</p>
      <div className="upload">
        <a href={`/api/v1/programs/${programId}/allocations.xlsx`} download id="alloc-xlsx">{t('alloc_download_xlsx')}</a>
        <label>
          {t('alloc_upload_xlsx')}
          <input ref={file} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                 disabled={busy} onChange={(e) => void upload(e)} />
        </label>
      </div>
      {result ? (
        <div className={result.ok ? 'ok-box' : 'error-box'} role={result.ok ? 'status' : 'alert'}>
          <p>{result.text}</p>
          {result.list.length ? <ul>{result.list.slice(0, 30).map((x, i) => <li key={i}>{x}</li>)}</ul> : null}
        </div>
      ) : null}
    </section>
  );
}

function cut(text: string, n: number): string {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}
