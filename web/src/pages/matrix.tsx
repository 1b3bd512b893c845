// Who reports what (issue 16, point 2), for planners: the program's targets × the reporting
// columns (every province, every unit of the Ministry, each named unit), a tick per cell, the
// frequency and the consolidating unit per target, the binder's rule as the cell's title; the
// targets nobody reports come first, with the reason. "Xác nhận" replaces the matrix
// (PUT /programs/{id}/responsibilities); on a published program the change takes effect from a
// date ("Hiệu lực từ") and earlier periods keep the old assignment.
import { useEffect, useMemo, useState } from 'react';
import { canPlan, useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, useLoad } from '../components';
import { ApiError, get, put, query } from '../lib/api';
import { formatDate, parseDate } from '../lib/format';
import { filterBy, sortVi } from '../lib/search';
import type { MessageKey } from '../lib/i18n';
import type { Items, Matrix, MatrixColumn, MatrixRow, OrgUnit, ReportFrequency } from '../lib/types';
import { PlannerProgramPicker } from './allocations';

const FREQUENCIES: ReportFrequency[] = ['monthly', 'quarterly', 'semiannual', 'annual', 'once'];

/** A row as the planner is changing it: reporter key → its frequency (null: every report). */
interface Edit { reporters: Map<string, ReportFrequency | null>; consolidator: number | null }

function editOf(row: MatrixRow): Edit {
  return {
    // The server lists the reporters in force on the matrix's date.
    reporters: new Map(row.reporters.map((r) => [r.key, r.frequency])),
    consolidator: row.consolidator?.unit_id ?? null,
  };
}

function sameEdit(a: Edit, b: Edit): boolean {
  if (a.consolidator !== b.consolidator || a.reporters.size !== b.reporters.size) return false;
  for (const [k, f] of a.reporters) if (!b.reporters.has(k) || b.reporters.get(k) !== f) return false;
  return true;
}

interface Loaded { matrix: Matrix; units: OrgUnit[] }

export function MatrixPage({ id }: { id: number }) {
  const { t, user, programs } = useApp();
  // The units to choose from: those of the program's own year (a past year's matrix is read
  // today, when its Ministry units may be gone).
  const issued = programs.find((p) => p.id === id)?.issued_date;
  const data = useLoad(async (s): Promise<Loaded | null> => {
    if (!canPlan(user)) return null;
    const matrix = await get<Matrix>(`/programs/${id}/responsibilities`, s);
    const at = issued && issued < matrix.at ? issued : matrix.at;
    const [dep, prov] = await Promise.all(['department', 'province'].map((kind) =>
      get<Items<OrgUnit>>(`/org-units${query({ at, kind })}`, s)));
    return { matrix, units: [...dep.items, ...prov.items] };
  }, [id, issued]);
  if (!canPlan(user)) return <p role="alert">{t('matrix_planner_only')}</p>;
  if (data.error) {
    return (
      <>
        <PageTitle>{t('matrix_title')}</PageTitle>
        <div className="filters"><PlannerProgramPicker id={id} page="matrix" /></div>
        <ErrorBox error={data.error} />
      </>
    );
  }
  if (!data.data) return <Loading />;
  return <MatrixEditor key={`${id}@${data.data.matrix.revision}`} id={id} loaded={data.data} reload={data.reload} />;
}

function ruleText(t: ReturnType<typeof useApp>['t'], rule: string): string {
  const [name, arg] = rule.includes(':') ? [rule.slice(0, rule.indexOf(':')), rule.slice(rule.indexOf(':') + 1)] : [rule, ''];
  const key = ('rule_' + name) as MessageKey;
  const text = t(key, { section: arg });
  return text === key ? rule : text;
}

function MatrixEditor({ id, loaded, reload }: { id: number; loaded: Loaded; reload: () => void }) {
  const { t, programs } = useApp();
  const program = programs.find((p) => p.id === id);
  const published = program?.status === 'published';
  const { matrix, units } = loaded;
  const [rows, setRows] = useState<MatrixRow[]>(matrix.rows);
  const [revision, setRevision] = useState(matrix.revision);
  const [viewAt, setViewAt] = useState(matrix.at);
  const original = useMemo(() => new Map(rows.map((r) => [r.target_id, editOf(r)])), [rows]);
  const [edits, setEdits] = useState<Map<number, Edit>>(() => new Map(rows.map((r) => [r.target_id, editOf(r)])));
  const [extra, setExtra] = useState<MatrixColumn[]>([]);
  const [adding, setAdding] = useState('');
  const [q, setQ] = useState('');
  const [onlyNone, setOnlyNone] = useState(false);
  const [effective, setEffective] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rowErrors, setRowErrors] = useState<Map<number, string>>(new Map());
  const [message, setMessage] = useState<{ ok: boolean; text: string; stale?: boolean; list?: string[] } | null>(null);

  const columns = useMemo(() => {
    const out = [...matrix.columns];
    for (const c of extra) if (!out.some((x) => x.key === c.key)) out.push(c);
    return out;
  }, [matrix.columns, extra]);
  const consolidators = useMemo(() => {
    const m = new Map<number, string>();
    for (const u of sortVi(units.filter((x) => x.kind === 'department'), (x) => x.name)) m.set(u.id, u.name);
    for (const c of columns) if (c.key.startsWith('unit:')) m.set(Number(c.key.slice(5)), c.label);
    for (const r of rows) if (r.consolidator) m.set(r.consolidator.unit_id, r.consolidator.name);
    return m;
  }, [units, columns, rows]);

  // Nobody reports them: first, in the decision's order otherwise (as read, so that a tick does
  // not move the row under the pointer).
  const ordered = useMemo(() => {
    const none = (r: MatrixRow) => (original.get(r.target_id)?.reporters.size ?? 0) === 0;
    return [...rows.filter(none), ...rows.filter((r) => !none(r))];
  }, [rows, original]);
  const noneCount = rows.filter((r) => (edits.get(r.target_id)?.reporters.size ?? 0) === 0).length;
  const shown = filterBy(ordered.filter((r) => !onlyNone || (edits.get(r.target_id)?.reporters.size ?? 0) === 0), q,
    (r) => `${r.section} ${r.display_name} ${r.indicator_code ?? ''}`);
  const changed = rows.filter((r) => !sameEdit(edits.get(r.target_id)!, original.get(r.target_id)!));
  const effectiveIso = parseDate(effective);

  useEffect(() => {
    if (changed.length === 0) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [changed.length]);

  const update = (target: number, f: (e: Edit) => Edit) => {
    setEdits((m) => new Map(m).set(target, f(m.get(target)!)));
    setRowErrors((m) => {
      if (!m.has(target)) return m;
      const n = new Map(m);
      n.delete(target);
      return n;
    });
  };
  const toggle = (target: number, key: string, on: boolean) =>
    update(target, (e) => {
      const reporters = new Map(e.reporters);
      if (on) reporters.set(key, commonFrequency(e) === 'mixed' ? null : (commonFrequency(e) as ReportFrequency | null));
      else reporters.delete(key);
      return { ...e, reporters };
    });
  const setFrequency = (target: number, f: string) =>
    update(target, (e) => ({
      ...e,
      reporters: new Map([...e.reporters.keys()].map((k) => [k, f === '' ? null : (f as ReportFrequency)])),
    }));

  const addColumn = () => {
    const u = units.find((x) => String(x.id) === adding);
    if (!u) return;
    setExtra((c) => [...c, { key: `unit:${u.id}`, label: u.name }]);
    setAdding('');
  };

  const confirm = async () => {
    setTried(true);
    setMessage(null);
    setError(null);
    if (published && !effectiveIso) return;
    const sent = rows.map((r) => {
      const e = edits.get(r.target_id)!;
      return {
        target_id: r.target_id,
        reporters: [...e.reporters].map(([key, frequency]) => (frequency ? { key, frequency } : { key })),
        consolidator_unit_id: e.consolidator,
      };
    });
    setBusy(true);
    try {
      const body: Record<string, unknown> = { revision, rows: sent };
      if (published) body.effective_from = effectiveIso;
      const answer = await put<Matrix>(`/programs/${id}/responsibilities`, body);
      setRows(answer.rows);
      setEdits(new Map(answer.rows.map((r) => [r.target_id, editOf(r)])));
      setRowErrors(new Map());
      setMessage({ ok: true, text: t('matrix_saved', { rev: answer.revision }) });
      setRevision(answer.revision);
      setViewAt(answer.at);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'stale_revision') {
        setMessage({ ok: false, text: t('matrix_stale'), stale: true });
      } else if (e instanceof ApiError && e.status === 409) {
        setMessage({ ok: false, text: e.message }); // period_already_reported: the server says which
      } else if (e instanceof ApiError && e.status === 400) {
        const details = ((e.body as { error?: { details?: { field: string; message: string }[] } })?.error?.details) ?? [];
        const byRow = new Map<number, string>();
        const other: string[] = [];
        for (const d of details) {
          const m = /^rows\[(\d+)\]/.exec(d.field);
          const row = m ? sent[Number(m[1])] : undefined;
          if (row) byRow.set(row.target_id, [byRow.get(row.target_id), d.message].filter(Boolean).join(' '));
          else other.push(d.message);
        }
        setRowErrors(byRow);
        setMessage({ ok: false, text: e.message, list: other });
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const addable = sortVi(units.filter((u) => !columns.some((c) => c.key === `unit:${u.id}`)), (u) => u.name);
  return (
    <>
      <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('matrix_title')}</PageTitle>
      <p className="muted">{t('matrix_intro')}</p>
      <div className="filters">
        <PlannerProgramPicker id={id} page="matrix" />
        <label className="inline-field search">{t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
        <label className="check">
          <input type="checkbox" checked={onlyNone} onChange={(e) => setOnlyNone(e.target.checked)} /> {t('matrix_only_none')}
        </label>
        <span className="actions">
          <label className="inline-field">{t('matrix_add_unit')}
            <select value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">—</option>
              {addable.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </label>
          <button type="button" onClick={addColumn} disabled={!adding}>{t('matrix_add')}</button>
        </span>
      </div>
      {published ? <p className="notice" id="matrix-published">{t('matrix_effective_help')}</p> : null}
      <p id="matrix-counts">{t('matrix_counts', { n: rows.length, none: noneCount })}{' '}
        <Link to={`/programs/${id}/allocations`}>{t('matrix_see_allocations')}</Link>
      </p>

      <div className="table-wrap matrix-wrap">
        <table className="matrix-table" id="matrix-table">
          <thead>
            <tr>
              <th scope="col" className="matrix-target">{t('matrix_target')}</th>
              {columns.map((c) => <th key={c.key} scope="col" className="matrix-col" data-key={c.key}><span>{c.label}</span></th>)}
              <th scope="col">{t('matrix_frequency')}</th>
              <th scope="col">{t('matrix_consolidator')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const e = edits.get(r.target_id)!;
              const was = original.get(r.target_id)!;
              const freq = commonFrequency(e);
              const none = e.reporters.size === 0;
              const err = rowErrors.get(r.target_id);
              return (
                <tr key={r.target_id} data-target={r.target_id} data-indicator={r.indicator_code ?? ''}
                    className={[none ? 'no-reporter' : '', sameEdit(e, was) ? '' : 'changed', err ? 'invalid' : ''].join(' ').trim() || undefined}>
                  <th scope="row" className="matrix-target">
                    <span className="num">{r.section}</span> {r.display_name}
                    {none ? <span className="why-none">{r.why_none || t('matrix_no_reporter')}</span> : null}
                    {err ? <span className="field-error">{err}</span> : null}
                  </th>
                  {columns.map((c) => {
                    const reporter = r.reporters.find((x) => x.key === c.key);
                    const title = reporter ? (reporter.source === 'planner' ? t('matrix_by_planner') : t('matrix_rule', { rule: ruleText(t, reporter.rule) })) : undefined;
                    return (
                      <td key={c.key} className="matrix-cell" title={title}>
                        <input type="checkbox" checked={e.reporters.has(c.key)} data-key={c.key}
                               aria-label={t('matrix_reports_cell', { unit: c.label, target: `${r.section} ${r.display_name}` })}
                               onChange={(ev) => toggle(r.target_id, c.key, ev.target.checked)} />
                      </td>
                    );
                  })}
                  <td>
                    <select value={freq === 'mixed' ? 'mixed' : (freq ?? '')} disabled={none}
                            aria-label={`${t('matrix_frequency')} — ${r.section}`}
                            onChange={(ev) => setFrequency(r.target_id, ev.target.value)}>
                      <option value="">{t('matrix_freq_all')}</option>
                      {freq === 'mixed' ? <option value="mixed" disabled>{t('matrix_freq_mixed')}</option> : null}
                      {FREQUENCIES.map((f) => <option key={f} value={f}>{t(('freq_' + f) as MessageKey)}</option>)}
                    </select>
                  </td>
                  <td>
                    <select value={e.consolidator ?? ''} aria-label={`${t('matrix_consolidator')} — ${r.section}`}
                            onChange={(ev) => update(r.target_id, (x) => ({ ...x, consolidator: ev.target.value ? Number(ev.target.value) : null }))}>
                      <option value="">{t('matrix_none_consolidator')}</option>
                      {[...consolidators].map(([uid, name]) => <option key={uid} value={uid}>{name}</option>)}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="actions sticky matrix-actions">
        {published ? (
          <span className="inline-field">
            <label>{t('matrix_effective_from')}
              <input id="matrix-effective" value={effective} onChange={(e) => setEffective(e.target.value)} className="narrow"
                     placeholder="dd/mm/yyyy" inputMode="numeric"
                     aria-invalid={tried && !effectiveIso ? true : undefined}
                     aria-describedby={tried && !effectiveIso ? 'matrix-effective-help' : 'matrix-published'} />
            </label>
            {tried && !effectiveIso ? <span id="matrix-effective-help" className="field-error">{t('matrix_effective_required')}</span> : null}
          </span>
        ) : null}
        <button type="button" id="matrix-confirm" disabled={busy} onClick={() => void confirm()}>{busy ? t('matrix_saving') : t('matrix_confirm')}</button>
        {changed.length ? <span className="muted">{t('matrix_changed_rows', { n: changed.length })}</span> : null}
        {message ? (
          <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'} id="matrix-message">
            {message.text}
            {message.stale ? <> <button type="button" onClick={reload}>{t('reload')}</button></> : null}
            {message.list?.length ? <ul>{message.list.map((x, i) => <li key={i}>{x}</li>)}</ul> : null}
          </div>
        ) : null}
        <ErrorBox error={error} />
      </div>
      <p className="muted">{t('as_of', { date: formatDate(viewAt) })}</p>
    </>
  );
}

function commonFrequency(e: Edit): ReportFrequency | null | 'mixed' {
  const set = new Set(e.reporters.values());
  if (set.size === 0) return null;
  if (set.size > 1) return 'mixed';
  return [...set][0];
}
