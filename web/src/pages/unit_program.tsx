// One unit's own program (GET/PUT /programs/{id}/unit-programs/{unit}): for each Ministry item
// the unit leads, coordinates or reports, a table of its own tasks — what, who leads it (one of
// the unit's accounts, or a part or person as written), from when, by when, and what it
// produces; the allocations it was given and its own targets; its own decision read from a
// .txt or .docx file; "Gửi Bộ" with the due date and how late; the planner's "Trả lại" (with a
// comment) and "Chấp nhận"; reopening an accepted one; its history. The server checks every
// row again; its refusal is shown on the row it names ("tasks[3].serves").
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { useApp } from '../context';
import { Dialog, ErrorBox, Loading, PageTitle, useLoad } from '../components';
import { ApiError, get, post, put, request } from '../lib/api';
import { formatDate, formatDateTime, formatNumber, formatQuantity, parseDate } from '../lib/format';
import {
  COMMENT_REQUIRED, daysLate, personName, rowOf, rowProblems, rowsByItem, tasksInput, unitProgramActions,
  type RowProblems, type TaskRow, type UnitProgramAction,
} from '../lib/plan_life';
import { matches } from '../lib/search';
import type { Diagnostic, UnitProgramImport, UnitProgramView, UnitTargetRow, UnitTask } from '../lib/types';
import { UnitProgramBadge } from './unit_programs';

let newRows = 0;
const blankRow = (serves: string): TaskRow =>
  ({ key: `new-${++newRows}`, serves, text: '', person: '', name: '', start: '', due: '', output: '', dropped: false });

/** An item's heading: its title, with its number when the title does not start with it. */
const itemTitle = (i: { key: string; title: string }) =>
  i.key.startsWith('target:') || i.title.startsWith(i.key) ? i.title : `${i.key} ${i.title}`;

const allTasks = (v: UnitProgramView): UnitTask[] => [...v.items.flatMap((i) => i.tasks), ...(v.unassigned ?? [])];

/** "tasks[3].serves" → [3, "serves"]. */
function fieldAt(field: string | undefined): [number, string] | null {
  const m = /^tasks\[(\d+)\]\.?(\w*)$/.exec(field ?? '');
  return m ? [Number(m[1]), m[2] || 'text'] : null;
}

export function UnitProgramPage(props: { programId: number; unitId: number }) {
  const { t, user, programs } = useApp();
  const program = programs.find((p) => p.id === props.programId);
  const year = program?.year ?? 0;
  const path = `/programs/${props.programId}/unit-programs/${props.unitId}`;
  const loaded = useLoad((s) => get<UnitProgramView>(path, s), [path]);
  const [view, setView] = useState<UnitProgramView | null>(null);
  const [rows, setRows] = useState<TaskRow[]>([]);
  const [decision, setDecision] = useState({ number: '', date: '', signer: '' });
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [served, setServed] = useState<Record<string, RowProblems & { server?: string }>>({});
  const [done, setDone] = useState<string | null>(null);
  const [asking, setAsking] = useState<UnitProgramAction | null>(null);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[] | null>(null);
  // The program's targets as they will be sent: its allocations as given, its own editable.
  const [targets, setTargets] = useState<UnitTargetRow[]>([]);
  const [adding, setAdding] = useState({ name: '', uom: '', value: '', serves: '' });

  const take = (v: UnitProgramView) => {
    setView(v);
    setRows(allTasks(v).map(rowOf));
    setTargets(v.targets ?? []);
    setDecision({ number: v.decision?.number ?? '', date: v.decision?.date ? formatDate(v.decision.date) : '', signer: v.decision?.signer ?? '' });
    setDirty(false);
    setServed({});
  };
  useEffect(() => { if (loaded.data) take(loaded.data); }, [loaded.data]);

  const actions = view ? unitProgramActions(user, view) : [];
  const writes = actions.includes('save');
  const problems = useMemo(() => Object.fromEntries(rows.map((r) => [r.key, rowProblems(r, year)])), [rows, year]);
  const anyProblem = Object.values(problems).some((p) => Object.keys(p).length > 0);
  const items = view?.items ?? [];
  const groups = rowsByItem(items, rows);
  const titleOf = new Map(items.map((i) => [i.key, i.title]));
  const [itemQuery, setItemQuery] = useState('');
  const emptyItems = groups.filter((g) => g.key !== null && !g.rows.some((r) => !r.dropped)).length;

  const edit = (key: string, change: Partial<TaskRow>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
    setDirty(true);
    setDone(null);
  };
  const add = (serves: string) => { setRows((rs) => [...rs, blankRow(serves)]); setDirty(true); };

  /** PUT the rows; the view as saved, or null when refused (shown on the rows it names). */
  const save = async (): Promise<UnitProgramView | null> => {
    if (!view) return null;
    if (anyProblem) { setError(new Error(t('up_fix_rows'))); return null; }
    const sent = rows.filter((r) => !r.dropped);
    const body: Record<string, unknown> = { version: view.version, tasks: tasksInput(rows), targets };
    if (decision.number.trim() || decision.signer.trim() || decision.date.trim()) {
      body.decision = { number: decision.number.trim(), date: decision.date.trim() ? parseDate(decision.date) : null, signer: decision.signer.trim() };
    }
    try {
      const saved = await put<UnitProgramView>(path, body);
      take(saved);
      return saved;
    } catch (err) {
      const details = (err instanceof ApiError ? (err.body as { error?: { details?: { field?: string; message: string }[] } } | null) : null)?.error?.details ?? [];
      const byRow: Record<string, RowProblems & { server?: string }> = {};
      for (const d of details) {
        const at = fieldAt(d.field);
        if (at && sent[at[0]]) byRow[sent[at[0]].key] = { ...byRow[sent[at[0]].key], server: d.message };
      }
      setServed(byRow);
      setError(err);
      return null;
    }
  };

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try { await what(); } finally { setBusy(false); }
  };

  const onSave = () => run(async () => { if (await save()) setDone(t('up_saved')); });

  const act = (action: UnitProgramAction, comment = '') => run(async () => {
    let v = view;
    if (!v) return;
    if (dirty && action === 'submit') {
      v = await save();
      if (!v) return;
    }
    try {
      const next = await post<UnitProgramView>(`/unit-programs/${v.id}/${action}`, { version: v.version, comment });
      // Older answers carry the head only: read the whole view again.
      take(next && Array.isArray(next.items) ? next : await get<UnitProgramView>(path));
      setAsking(null);
      setDone(t(('up_done_' + action) as 'up_done_submit'));
    } catch (err) {
      setError(err);
    }
  });

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || !view) return;
    void run(async () => {
      const docx = /\.docx$/i.test(file.name);
      try {
        const r = await request<UnitProgramImport>('POST', `${path}/import?name=${encodeURIComponent(file.name)}`, {
          raw: docx ? await file.arrayBuffer() : await file.text(),
          contentType: docx ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'text/plain; charset=utf-8',
        });
        take(r.program);
        setDiagnostics(r.diagnostics ?? []);
        setDone(t('up_imported', { tasks: r.proposed?.tasks ?? 0, matched: r.proposed?.matched ?? 0, unassigned: r.proposed?.unassigned ?? 0 }));
      } catch (err) {
        setError(err);
      }
    });
  };

  if (loaded.error && !view) return <><PageTitle>{t('up_title')}</PageTitle><ErrorBox error={loaded.error} /></>;
  if (!view) return <Loading />;

  const late = view.late && view.first_submitted_at ? daysLate(view.due, view.first_submitted_at, view.first_submitted_at) : 0;
  const people = view.accounts ?? [];
  const itemChoices = items.map((i) => ({ key: i.key, label: `${i.key.startsWith('target:') ? '' : i.key + ' · '}${i.title}` }));

  return (
    <>
      <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('up_title_of', { unit: view.unit.name })}</PageTitle>
      <div className="up-head card" data-state={view.status}>
        <p>
          <UnitProgramBadge state={view.status} />
          {view.due ? <> · {t('up_due', { date: formatDate(view.due) })}</> : null}
          {view.late ? <span className="warn" data-late={late}> · {late ? t('up_days_late', { n: late }) : t('late')}</span> : null}
          {view.first_submitted_at ? <> · {t('up_sent_at', { time: formatDateTime(view.first_submitted_at) })}</> : null}
        </p>
        {view.status === 'returned' && view.comment ? (
          <p className="notice" role="note" id="up-returned">{t('up_returned_with', { comment: view.comment })}</p>
        ) : null}
        {view.status === 'accepted' ? <p className="muted">{t('up_accepted_note')}</p> : null}
{writes ? (
                <fieldset className="up-decision" >
          <legend>{t('up_decision')}</legend>
          <label className="inline-field">{t('up_decision_number')}
            <input value={decision.number} onChange={(e) => { setDecision({ ...decision, number: e.target.value }); setDirty(true); }} />
          </label>
          <label className="inline-field">{t('up_decision_date')}
            <input value={decision.date} placeholder="dd/mm/yyyy" inputMode="numeric"
                   onChange={(e) => { setDecision({ ...decision, date: e.target.value }); setDirty(true); }} />
          </label>
          <label className="inline-field">{t('up_decision_signer')}
            <input value={decision.signer} onChange={(e) => { setDecision({ ...decision, signer: e.target.value }); setDirty(true); }} />
          </label>
        </fieldset>
        ) : view.decision?.number ? (
          <p className="up-decision-read">{t('up_decision')}: <strong>{view.decision.number}</strong>
            {view.decision.date ? <> · {formatDate(view.decision.date)}</> : null}{view.decision.signer ? <> · {view.decision.signer}</> : null}</p>
        ) : null}
      </div>

      {actions.length ? (
        <div className="actions up-actions">
          {writes ? <button type="button" className="primary" disabled={busy || !dirty} onClick={() => void onSave()}>{busy ? t('working') : t('up_save')}</button> : null}
          {actions.includes('import') ? (
            <label className="button file-button">
              {t('up_import')}
              <input type="file" accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                     onChange={onFile} disabled={busy} className="sr-only" />
            </label>
          ) : null}
          {actions.includes('submit') || (writes && view.id === null) ? (
            <button type="button" className="primary" disabled={busy || view.id === null && !dirty} onClick={() => setAsking('submit')}>{t('up_submit')}</button>
          ) : null}
          {actions.includes('return') ? <button type="button" disabled={busy} onClick={() => setAsking('return')}>{t('up_return')}</button> : null}
          {actions.includes('accept') ? <button type="button" className="primary" disabled={busy} onClick={() => setAsking('accept')}>{t('up_accept')}</button> : null}
          {actions.includes('reopen') ? <button type="button" disabled={busy} onClick={() => setAsking('reopen')}>{t('up_reopen')}</button> : null}
        </div>
      ) : null}
      {done ? <p className="notice" role="status">{done}</p> : null}
      <ErrorBox error={error} />
      {diagnostics && diagnostics.length ? (
        <details className="card" open>
          <summary>{t('up_import_notes', { n: diagnostics.length })}</summary>
          <ul>{diagnostics.map((d, i) => <li key={i} className={`diag-${d.severity}`}>{d.message}</li>)}</ul>
        </details>
      ) : null}

      {writes && items.length > 8 ? (
        <div className="filters">
          <label className="inline-field">{t('up_find_item')}
            <input type="search" value={itemQuery} onChange={(e) => setItemQuery(e.target.value)} placeholder="II.2.1" />
          </label>
        </div>
      ) : null}
      {!writes && emptyItems ? <p className="muted">{t('up_items_without_tasks', { n: emptyItems })}</p> : null}
      {groups.map((g) => {
        const item = g.key === null ? null : items.find((i) => i.key === g.key)!;
        const headId = `up-item-${(g.key ?? 'none').replace(/[^a-zA-Z0-9]/g, '-')}`;
        const live = g.rows.some((r) => !r.dropped);
        // An item without tasks is one line (its "add"), or nothing for a reader; the finder narrows them.
        if (!live && item) {
          if (!writes || !matches(`${item.key} ${item.title}`, itemQuery)) return null;
          return (
            <div key={item.key} className="up-item empty" data-item={item.key}>
              {itemTitle(item)}
              {' '}<span className={`badge up-role-${item.role}`}>{t(('up_role_' + item.role) as 'up_role_lead')}</span>
              {item.allocation ? <span className="muted"> · {t('up_allocation', { value: formatQuantity(item.allocation.value, item.allocation.uom) })}</span> : null}
              {' '}<button type="button" className="link" onClick={() => add(item.key)} aria-label={`${t('up_add_task')} · ${item.key}`}>+ {t('up_add_task')}</button>
            </div>
          );
        }
        return (
          <section key={g.key ?? '-'} className="up-item" aria-labelledby={headId} data-item={g.key ?? ''}>
            <h2 id={headId}>
              {item ? itemTitle(item) : t('up_unassigned')}
              {item ? <span className={`badge up-role-${item.role}`}>{t(('up_role_' + item.role) as 'up_role_lead')}</span> : null}
            </h2>
            {item?.allocation ? <p className="muted">{t('up_allocation', { value: formatQuantity(item.allocation.value, item.allocation.uom) })}</p> : null}
            {g.rows.filter((r) => !r.dropped).length === 0 && !writes ? <p className="muted">{t('up_no_tasks')}</p> : null}
            {g.rows.some((r) => !r.dropped) ? (
              <div className="table-wrap">
                <table className="list stack up-tasks">
                  <caption className="sr-only">{item ? `${item.key} ${item.title}` : t('up_unassigned')}</caption>
                  <thead>
                    <tr>
                      {g.key === null ? <th scope="col">{t('up_serves')}</th> : null}
                      <th scope="col">{t('up_task')}</th>
                      <th scope="col">{t('up_responsible')}</th>
                      <th scope="col">{t('up_start')}</th>
                      <th scope="col">{t('up_end')}</th>
                      <th scope="col">{t('up_output')}</th>
                      {writes ? <th scope="col"><span className="sr-only">{t('actions')}</span></th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {g.rows.filter((r) => !r.dropped).map((r, i) => {
                      const p = problems[r.key] ?? {};
                      const s = served[r.key];
                      const n = i + 1;
                      const label = (what: string) => `${what} ${n}${item ? ' · ' + item.key : ''}`;
                      const err = (k: keyof RowProblems) => (p[k] ? <span className="field-error">{t(('up_problem_' + p[k]) as 'up_problem_text_required')}</span> : null);
                      return (
                        <tr key={r.key} data-task={r.id ?? ''} className={s?.server ? 'row-refused' : undefined}>
                          {g.key === null ? (
                            <td data-label={t('up_serves')}>
                              {writes ? (
                                <select aria-label={label(t('up_serves'))} value={r.serves} onChange={(e) => edit(r.key, { serves: e.target.value })}>
                                  <option value={r.serves}>{r.serves || t('up_unassigned')}</option>
                                  {itemChoices.map((c) => <option key={c.key} value={c.key}>{c.label}</option>)}
                                </select>
                              ) : (r.serves || '—')}
                            </td>
                          ) : null}
                          <td data-label={t('up_task')}>
                            {writes ? <textarea aria-label={label(t('up_task'))} rows={2} value={r.text} onChange={(e) => edit(r.key, { text: e.target.value })}
                                                aria-invalid={p.text ? true : undefined} /> : r.text}
                            {err('text')}
                            {s?.server ? <span className="field-error" role="alert">{s.server}</span> : null}
                          </td>
                          <td data-label={t('up_responsible')}>
                            {writes ? (
                              <>
                                {people.length ? (
                                  <select aria-label={label(t('up_responsible_account'))} value={r.person} onChange={(e) => edit(r.key, { person: e.target.value })}>
                                    <option value="">{t('up_by_name')}</option>
                                    {people.map((u) => <option key={u.id} value={String(u.id)}>{u.display_name || u.username}</option>)}
                                  </select>
                                ) : null}
                                {r.person ? null : (
                                  <input aria-label={label(t('up_responsible'))} value={r.name} placeholder={t('up_responsible_hint')}
                                         onChange={(e) => edit(r.key, { name: e.target.value })} />
                                )}
                              </>
                            ) : (r.person ? (people.find((u) => String(u.id) === r.person)?.display_name ?? personName(allTasks(view).find((x) => x.id === r.id)?.responsible?.user)) : r.name) || '—'}
                          </td>
                          <td data-label={t('up_start')}>
                            {writes ? <input aria-label={label(t('up_start'))} value={r.start} placeholder="dd/mm/yyyy" inputMode="numeric" size={10}
                                             onChange={(e) => edit(r.key, { start: e.target.value })} aria-invalid={p.start ? true : undefined} /> : r.start || '—'}
                            {err('start')}
                          </td>
                          <td data-label={t('up_end')}>
                            {writes ? <input aria-label={label(t('up_end'))} value={r.due} placeholder="dd/mm/yyyy" inputMode="numeric" size={10}
                                             onChange={(e) => edit(r.key, { due: e.target.value })} aria-invalid={p.due ? true : undefined} /> : r.due || '—'}
                            {err('due')}
                          </td>
                          <td data-label={t('up_output')}>
                            {writes ? <input aria-label={label(t('up_output'))} value={r.output} placeholder={t('up_output_hint')} list="up-outputs"
                                             onChange={(e) => edit(r.key, { output: e.target.value })} /> : r.output || '—'}
                          </td>
                          {writes ? (
                            <td className="row-actions">
                              <button type="button" className="link" aria-label={label(t('up_remove'))} onClick={() => edit(r.key, { dropped: true })}>{t('up_remove')}</button>
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            ) : null}
            {writes && g.key !== null ? (
              <button type="button" className="link" onClick={() => add(g.key!)} aria-label={`${t('up_add_task')} · ${g.key}`}>+ {t('up_add_task')}</button>
            ) : null}
          </section>
        );
      })}
      {items.length === 0 ? <p className="muted">{t('up_no_items')}</p> : null}
      <datalist id="up-outputs">
        {['Trình Bộ trưởng', 'Trình UBND thành phố', 'Ban hành Thông tư', 'Báo cáo', 'Kế hoạch', 'Quyết định'].map((o) => <option key={o} value={o} />)}
      </datalist>

      {targets.length || writes ? (
        <section className="up-targets" aria-labelledby="up-targets-h">
          <h2 id="up-targets-h">{t('up_targets')}</h2>
          {targets.length ? (
          <table className="list stack">
            <thead><tr><th scope="col">{t('up_target')}</th><th scope="col">{t('up_serves')}</th><th scope="col" className="num-cell">{t('plan')}</th>{writes ? <th scope="col"><span className="sr-only">{t('up_remove_target')}</span></th> : null}</tr></thead>
            <tbody>
              {targets.map((x, i) => (
                <tr key={`${x.ord}-${i}`} data-own={x.target_id === null ? 'true' : undefined}>
                  <td data-label={t('up_target')}>{x.name}{x.target_id === null ? <span className="badge">{t('up_own_target')}</span> : null}</td>
                  <td data-label={t('up_serves')}>{titleOf.get(x.serves) ? `${x.serves} · ${titleOf.get(x.serves)}` : x.serves}</td>
                  <td data-label={t('plan')} className="num-cell">{formatQuantity(x.value, x.uom)}</td>
                  {writes ? (
                    <td>{x.target_id === null ? (
                      <button type="button" onClick={() => { setTargets((ts) => ts.filter((_, k) => k !== i)); setDirty(true); }}>{t('up_remove_target')}</button>
                    ) : null}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          ) : null}
          {writes ? (
            <form className="up-add-target" onSubmit={(e) => {
              e.preventDefault();
              if (!adding.name.trim()) return;
              setTargets((ts) => [...ts, { ord: ts.length, target_id: null, indicator_code: null, name: adding.name.trim(), uom: adding.uom.trim(),
                                           value: adding.value.trim().replace(/\./g, '').replace(',', '.') || null, comparator: 'min', serves: adding.serves }]);
              setAdding({ name: '', uom: '', value: '', serves: '' });
              setDirty(true);
            }}>
              <label>{t('up_target')} <input value={adding.name} onChange={(e) => setAdding((a) => ({ ...a, name: e.target.value }))} /></label>
              <label>{t('up_uom')} <input size={8} value={adding.uom} onChange={(e) => setAdding((a) => ({ ...a, uom: e.target.value }))} /></label>
              <label>{t('plan')} <input size={10} inputMode="decimal" value={adding.value} onChange={(e) => setAdding((a) => ({ ...a, value: e.target.value }))} /></label>
              <label>{t('up_serves')} <select value={adding.serves} onChange={(e) => setAdding((a) => ({ ...a, serves: e.target.value }))}>
                <option value="">—</option>
                {items.filter((i) => i.kind === 'section').map((i) => <option key={i.key} value={i.key}>{`${i.key} · ${i.title}`.slice(0, 90)}</option>)}
              </select></label>
              <button type="submit" disabled={!adding.name.trim()}>{t('up_add_target')}</button>
            </form>
          ) : null}
        </section>
      ) : null}

      {view.history?.length ? (
        <section className="up-history" aria-labelledby="up-history-h">
          <h2 id="up-history-h">{t('up_history')}</h2>
          <ol className="history">
            {view.history.map((h) => (
              <li key={h.version} data-action={h.action}>
                <span className="muted">{formatDateTime(h.at)}</span> · {t(('up_action_' + h.action) as 'up_action_save')}
                {h.by ? <> · {personName(h.by)}</> : null} · {t('up_version', { n: formatNumber(h.version) })}
                {h.comment ? <blockquote>{h.comment}</blockquote> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {asking ? <ActDialog action={asking} view={view} dirty={dirty} busy={busy} error={error}
                           onClose={() => { setAsking(null); setError(null); }} onGo={(c) => void act(asking, c)} /> : null}
    </>
  );
}

function ActDialog(props: { action: UnitProgramAction; view: UnitProgramView; dirty: boolean; busy: boolean; error: unknown;
                            onClose: () => void; onGo: (comment: string) => void }) {
  const { t } = useApp();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const needs = COMMENT_REQUIRED.has(props.action);
  const go = () => {
    if (needs && !comment.trim()) { setMissing(true); return; }
    props.onGo(comment.trim());
  };
  return (
    <Dialog title={t(('up_confirm_' + props.action) as 'up_confirm_submit', { unit: props.view.unit.name })} onClose={props.onClose}>
      {props.action === 'submit' && props.view.due ? <p>{t('up_submit_q', { date: formatDate(props.view.due) })}</p> : null}
      {props.action === 'submit' && props.dirty ? <p className="muted">{t('up_submit_saves')}</p> : null}
      <label className="block-field">
        {needs ? t('up_comment_required') : t('up_comment')}
        <textarea rows={3} value={comment} onChange={(e) => { setComment(e.target.value); setMissing(false); }}
                  aria-invalid={missing ? true : undefined} aria-describedby={missing ? 'up-comment-err' : undefined} />
      </label>
      {missing ? <p className="field-error" id="up-comment-err" role="alert">{t('up_comment_missing')}</p> : null}
      <ErrorBox error={props.error} />
      <div className="actions">
        <button type="button" className={props.action === 'return' ? 'danger' : 'primary'} disabled={props.busy} onClick={go}>
          {props.busy ? t('working') : t(('up_' + props.action) as 'up_submit')}
        </button>
        <button type="button" onClick={props.onClose} data-autofocus>{t('cancel')}</button>
      </div>
    </Dialog>
  );
}
