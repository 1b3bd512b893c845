// One request to change the published program (GET/PUT /amendments/{id}, POST
// /programs/{id}/amendments): its changes, each beside the value in force on the day it would
// take effect; the reason; who sent it, the planner's opinion when forwarding it to the leaders,
// the leader's decision with the number of the amending decision. The buttons follow the role
// and the state — "Gửi đề nghị", "Chuyển Lãnh đạo Bộ", "Trả lại", "Phê duyệt", "Không đồng ý" —
// and the server decides each again (a Thứ trưởng without a delegation for the item is refused).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { canPlan, useApp } from '../context';
import { Dialog, ErrorBox, Link, Loading, PageTitle, useLoad } from '../components';
import { ApiError, get, post, put, query } from '../lib/api';
import { decimalToInput, formatDate, formatDateTime, formatNumber, formatQuantity, parseDate, parseNumber } from '../lib/format';
import { navigate } from '../lib/router';
import { COMMENT_REQUIRED, amendmentActions, personName } from '../lib/plan_life';
import { unitChoices } from '../lib/accounts';
import type {
  Amendment, AmendmentAction, ChangeKind, Deadline, Items, OrgUnit, ProgramTarget, Section, Task,
} from '../lib/types';
import { AmendmentBadge } from './amendments';

const KINDS: ChangeKind[] = ['target_value', 'deadline', 'lead', 'task_add', 'task_drop'];

interface ChangeRow { kind: ChangeKind; locator: string; value: string }

/** The program's parts on a date, to choose what to change and show what is in force. */
function useParts(programId: number | null, at: string) {
  return useLoad(async (s) => {
    if (!programId) return null;
    const q = query({ at });
    const [targets, deadlines, outline, tasks] = await Promise.all([
      get<Items<ProgramTarget>>(`/programs/${programId}/targets${q}`, s),
      get<Items<Deadline>>(`/programs/${programId}/deadlines${q}`, s),
      get<Items<Section>>(`/programs/${programId}/outline${q}`, s),
      get<Items<Task>>(`/programs/${programId}/tasks${q}`, s),
    ]);
    return { targets: targets.items, deadlines: deadlines.items, sections: outline.items, tasks: tasks.items };
  }, [programId, at]);
}
type Parts = NonNullable<ReturnType<typeof useParts>['data']>;


/** What a locator names today, in words, and its value in force. */
function inForce(parts: Parts | null | undefined, kind: ChangeKind, locator: string): { label: string; value: string } | null {
  if (!parts || !locator) return null;
  const [k, ref] = [locator.slice(0, locator.indexOf(':')), locator.slice(locator.indexOf(':') + 1)];
  if (k === 'target') {
    const x = parts.targets.find((y) => String(y.id) === ref);
    return x ? { label: `${x.section} · ${x.display_name || x.indicator}`, value: formatQuantity(x.value, x.unit) } : null;
  }
  if (k === 'deadline') {
    const x = parts.deadlines[Number(ref)];
    return x ? { label: `${x.section} · ${x.what}`, value: x.due ? formatDate(x.due) : x.raw } : null;
  }
  if (k === 'section') {
    const x = parts.sections.find((y) => y.number === ref);
    return x ? { label: `${x.number} · ${x.title}`, value: kind === 'lead' ? x.lead_units.join(', ') : '' } : null;
  }
  if (k === 'task') {
    const x = parts.tasks.find((y) => y.id === ref);
    return x ? { label: `${x.id} · ${x.text}`, value: x.lead_units.join(', ') } : null;
  }
  return null;
}

/** The value as the API takes it: a decimal for a target, an ISO day for a deadline, as typed else. */
function valueOut(kind: ChangeKind, v: string): string | null {
  if (kind === 'target_value') return parseNumber(v) || null;
  if (kind === 'deadline') return parseDate(v);
  return v.trim();
}

export function NewAmendmentPage() {
  const { t, programId } = useApp();
  if (!programId) return <p className="muted">{t('no_programs')}</p>;
  return <AmendmentForm programId={programId} />;
}

function AmendmentForm(props: { programId: number; amendment?: Amendment; onSaved?: (a: Amendment) => void }) {
  const { t, user, programs } = useApp();
  const a = props.amendment;
  const program = programs.find((p) => p.id === props.programId);
  const planner = canPlan(user);
  const [unit, setUnit] = useState(a?.unit ? String(a.unit.id) : user.unit_id !== null ? String(user.unit_id) : '');
  const [from, setFrom] = useState(a ? formatDate(a.effective_from) : '');
  const [reason, setReason] = useState(a?.reason ?? '');
  const [rows, setRows] = useState<ChangeRow[]>(
    a ? a.changes.map((c) => ({ kind: c.kind, locator: c.locator, value: c.kind === 'target_value' ? decimalToInput(c.value || c.after) : c.kind === 'deadline' ? formatDate(c.value || c.after) : (c.value || c.after || '') }))
      : [{ kind: 'target_value', locator: '', value: '' }]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fromIso = parseDate(from) ?? '';
  const parts = useParts(props.programId, fromIso);
  const units = useLoad((s) => (planner ? get<Items<OrgUnit>>('/org-units', s) : Promise.resolve(null)), [planner]);

  const set = (i: number, change: Partial<ChangeRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change, ...(change.kind ? { locator: '', value: '' } : {}) } : r)));

  const submit = async (e: FormEvent, send: boolean) => {
    e.preventDefault();
    const mine: Record<string, string> = {};
    if (!fromIso) mine.effective_from = t('am_from_invalid');
    else if (program && Number(fromIso.slice(0, 4)) !== program.year) mine.effective_from = t('am_from_outside_year', { year: program.year });
    if (!reason.trim()) mine.reason = t('am_reason_required');
    rows.forEach((r, i) => {
      if (!r.locator) mine[`changes[${i}].locator`] = t('am_pick_item');
      else if (r.kind !== 'task_drop' && valueOut(r.kind, r.value) === null) mine[`changes[${i}].value`] = t(r.kind === 'deadline' ? 'am_value_date' : r.kind === 'target_value' ? 'am_value_number' : 'am_value_required');
      else if (r.kind !== 'task_drop' && !valueOut(r.kind, r.value)) mine[`changes[${i}].value`] = t('am_value_required');
    });
    if (planner && !unit) mine.unit_id = t('am_unit_required');
    setProblems(mine);
    if (Object.keys(mine).length) return;
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = {
      effective_from: fromIso, reason: reason.trim(),
      changes: rows.map((r) => (r.kind === 'task_drop' ? { kind: r.kind, locator: r.locator } : { kind: r.kind, locator: r.locator, value: valueOut(r.kind, r.value) })),
    };
    if (planner && unit) body.unit_id = Number(unit);
    try {
      let saved: Amendment;
      if (a) {
        saved = await put<Amendment>(`/amendments/${a.id}`, { ...body, version: a.version });
        if (send) saved = await post<Amendment>(`/amendments/${a.id}/submit`, { version: saved.version });
      } else {
        saved = await post<Amendment>(`/programs/${props.programId}/amendments`, { ...body, submit: send });
      }
      if (props.onSaved) props.onSaved(saved);
      else navigate(`/amendments/${saved.id}`);
    } catch (err) {
      const details = (err instanceof ApiError ? (err.body as { error?: { details?: { field?: string; message: string }[] } } | null) : null)?.error?.details ?? [];
      const byField: Record<string, string> = {};
      for (const d of details) if (d.field) byField[d.field] = d.message;
      setProblems(byField);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const options = (r: ChangeRow): { value: string; label: string }[] => {
    const p = parts.data;
    if (!p) return [];
    if (r.kind === 'target_value') return p.targets.filter((x) => x.value !== null).map((x) => ({ value: `target:${x.id}`, label: `${x.section} · ${x.display_name || x.indicator} (${formatQuantity(x.value, x.unit)})` }));
    if (r.kind === 'deadline') return p.deadlines.map((x, i) => ({ value: `deadline:${i}`, label: `${x.section} · ${x.what} (${x.due ? formatDate(x.due) : x.raw})` }));
    if (r.kind === 'lead' || r.kind === 'task_add') return p.sections.map((x) => ({ value: `section:${x.number}`, label: `${x.number} · ${x.title}` }));
    return p.tasks.map((x) => ({ value: `task:${x.id}`, label: `${x.id} · ${x.text.slice(0, 120)}` }));
  };
  const problem = (k: string) => (problems[k] ? <span className="field-error" role="alert">{problems[k]}</span> : null);

  return (
    <form className="amendment-form card" onSubmit={(e) => void submit(e, false)} noValidate aria-label={t('am_form')}>
      <div className="form-grid">
        {planner ? (
          <label className="block-field">{t('am_proposer')}
            <select value={unit} onChange={(e) => setUnit(e.target.value)} aria-invalid={problems.unit_id ? true : undefined}>
              <option value="">—</option>
              {unitChoices(units.data?.items ?? []).map((g) => (
                <optgroup key={g.kind} label={t(('unit_kind_' + g.kind) as 'unit_kind_ministry')}>
                  {g.units.map((u) => <option key={u.id} value={String(u.id)}>{u.name}</option>)}
                </optgroup>
              ))}
            </select>
            {problem('unit_id')}
          </label>
        ) : <p>{t('am_proposer')}: <strong>{user.unit_name ?? '—'}</strong></p>}
        <label className="block-field">{t('am_effective_from')}
          <input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="dd/mm/yyyy" inputMode="numeric"
                 aria-invalid={problems.effective_from ? true : undefined} />
          {problem('effective_from')}
        </label>
      </div>
      <label className="block-field">{t('am_reason')}
        <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={problems.reason ? true : undefined} />
        {problem('reason')}
      </label>
      <h2>{t('am_changes')}</h2>
      {!fromIso ? <p className="muted">{t('am_from_first')}</p> : null}
      <ErrorBox error={parts.error} />
      <table className="list stack am-changes">
        <thead>
          <tr><th scope="col">{t('am_kind')}</th><th scope="col">{t('am_item')}</th><th scope="col">{t('am_in_force')}</th><th scope="col">{t('am_new_value')}</th><th scope="col"><span className="sr-only">{t('actions')}</span></th></tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const now = inForce(parts.data, r.kind, r.locator);
            const n = i + 1;
            return (
              <tr key={i} data-change={i}>
                <td data-label={t('am_kind')}>
                  <select aria-label={`${t('am_kind')} ${n}`} value={r.kind} onChange={(e) => set(i, { kind: e.target.value as ChangeKind })}>
                    {KINDS.map((k) => <option key={k} value={k}>{t(('am_kind_' + k) as 'am_kind_lead')}</option>)}
                  </select>
                </td>
                <td data-label={t('am_item')}>
                  <select aria-label={`${t('am_item')} ${n}`} value={r.locator} onChange={(e) => set(i, { locator: e.target.value })}
                          aria-invalid={problems[`changes[${i}].locator`] ? true : undefined} disabled={!parts.data}>
                    <option value="">—</option>
                    {options(r).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                  {problem(`changes[${i}].locator`)}
                </td>
                <td data-label={t('am_in_force')} className="am-in-force">{now?.value || <span className="muted">—</span>}</td>
                <td data-label={t('am_new_value')}>
                  {r.kind === 'task_drop' ? <span className="muted">{t('am_drop_note')}</span> : r.kind === 'task_add' ? (
                    <textarea aria-label={`${t('am_new_value')} ${n}`} rows={2} value={r.value} onChange={(e) => set(i, { value: e.target.value })}
                              aria-invalid={problems[`changes[${i}].value`] ? true : undefined} />
                  ) : (
                    <input aria-label={`${t('am_new_value')} ${n}`} value={r.value} onChange={(e) => set(i, { value: e.target.value })}
                           placeholder={r.kind === 'deadline' ? 'dd/mm/yyyy' : r.kind === 'target_value' ? '1.650.000' : ''}
                           aria-invalid={problems[`changes[${i}].value`] ? true : undefined} />
                  )}
                  {problem(`changes[${i}].value`)}
                </td>
                <td className="row-actions">
                  {rows.length > 1 ? <button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('up_remove')}</button> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="link" onClick={() => setRows([...rows, { kind: 'target_value', locator: '', value: '' }])}>+ {t('am_add_change')}</button>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={(e) => void submit(e, true)}>{busy ? t('working') : t('am_submit')}</button>
        <button type="submit" disabled={busy}>{t('am_save_draft')}</button>
        <Link to="/amendments">{t('cancel')}</Link>
      </div>
    </form>
  );
}

export function AmendmentPage({ id }: { id: number }) {
  const { t, user, programs } = useApp();
  const loaded = useLoad((s) => get<Amendment>(`/amendments/${id}`, s), [id]);
  const [a, setA] = useState<Amendment | null>(null);
  const [asking, setAsking] = useState<AmendmentAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => { if (loaded.data) setA(loaded.data); }, [loaded.data]);
  const programId = a?.program_id ?? null;
  const parts = useParts(programId, a?.effective_from ?? '');
  const actions = useMemo(() => (a ? amendmentActions(user, a) : []), [a, user]);
  if (loaded.error && !a) return <><PageTitle>{t('am_title', { id })}</PageTitle><ErrorBox error={loaded.error} /></>;
  if (!a) return <Loading />;
  const program = programs.find((p) => p.id === a.program_id);

  return (
    <>
      <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('am_title', { id: a.id })}</PageTitle>
      <p><Link to="/amendments">← {t('am_list_title')}</Link></p>
      <div className="card am-head" data-status={a.status}>
        <p>
          <AmendmentBadge status={a.status} /> · {t('am_proposer')}: <strong>{a.unit?.name ?? '—'}</strong> · {t('am_effective_from')}: <strong>{formatDate(a.effective_from)}</strong>
          {a.program_version ? <> · {t('am_version_n', { n: a.program_version })}</> : null}
        </p>
        <p className="am-reason"><strong>{t('am_reason')}:</strong> {a.reason}</p>
      </div>
      {editing && programId ? (
        <AmendmentForm programId={programId} amendment={a} onSaved={(x) => { setA(x); setEditing(false); setDone(t('am_saved')); }} />
      ) : (
        <section aria-labelledby="am-changes-h">
          <h2 id="am-changes-h">{t('am_changes')}</h2>
          <table className="list stack am-changes" id="am-changes-table">
            <thead><tr><th scope="col">{t('am_item')}</th><th scope="col">{t('am_before')}</th><th scope="col">{t('am_after')}</th><th scope="col">{t('am_in_force_now')}</th></tr></thead>
            <tbody>
              {a.changes.map((c, i) => {
                const now = inForce(parts.data, c.kind, c.locator);
                // Before and after as the server words them once known ("1.600.000 người"), else the value asked.
                const fmt = (v: string | null | undefined) =>
                  (c.kind === 'deadline' && v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v)
                    : c.kind === 'target_value' && v && /^-?\d+(\.\d+)?$/.test(v) ? formatNumber(v) : v) || '—';
                return (
                  <tr key={i} data-kind={c.kind}>
                    <td data-label={t('am_item')}><span className="muted">{t(('am_kind_' + c.kind) as 'am_kind_lead')}</span> · {c.label || now?.label || c.locator}</td>
                    <td data-label={t('am_before')}>{c.kind === 'task_add' ? '—' : fmt(c.before || (a.status === 'approved' ? '' : now?.value))}</td>
                    <td data-label={t('am_after')}>{c.kind === 'task_drop' ? t('am_dropped') : fmt(c.after || c.value)}</td>
                    <td data-label={t('am_in_force_now')} className="am-in-force">{now?.value || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">{t('am_in_force_note', { date: formatDate(a.effective_from) })}</p>
        </section>
      )}

      <section aria-labelledby="am-road-h">
        <h2 id="am-road-h">{t('am_road')}</h2>
        <ol className="history am-road">
          {a.submitted ? <li data-step="submitted">{t('am_step_submitted', { who: personName(a.submitted.by), time: formatDateTime(a.submitted.at) })}</li> : null}
          {a.forwarded ? (
            <li data-step="forwarded">{t('am_step_forwarded', { who: personName(a.forwarded.by), time: formatDateTime(a.forwarded.at) })}
              {a.forwarded.opinion ? <blockquote>{t('am_opinion')}: {a.forwarded.opinion}</blockquote> : null}</li>
          ) : null}
          {a.decided ? (
            <li data-step="decided">{t(a.status === 'approved' ? 'am_step_approved' : a.status === 'refused' ? 'am_step_refused' : 'am_step_decided',
                                        { who: personName(a.decided.by), time: formatDateTime(a.decided.at) })}
              {a.decided.decision_number ? <> · {t('am_decision_number')}: <strong>{a.decided.decision_number}</strong></> : null}
              {a.decided.comment ? <blockquote>{a.decided.comment}</blockquote> : null}</li>
          ) : null}
          {!a.submitted && !a.forwarded && !a.decided ? <li className="muted">{t('am_not_sent')}</li> : null}
        </ol>
      </section>

      {done ? <p className="notice" role="status">{done}</p> : null}
      {actions.length && !editing ? (
        <div className="actions am-actions">
          {actions.includes('edit') ? <button type="button" onClick={() => { setDone(null); setEditing(true); }}>{t('edit')}</button> : null}
          {actions.filter((x): x is AmendmentAction => x !== 'edit').map((x) => (
            <button key={x} type="button" className={x === 'approve' || x === 'submit' || x === 'forward' ? 'primary' : x === 'refuse' || x === 'return' ? 'danger' : undefined}
                    onClick={() => { setDone(null); setAsking(x); }}>{t(('am_do_' + x) as 'am_do_submit')}</button>
          ))}
        </div>
      ) : null}
      {asking ? <AmendmentActDialog amendment={a} action={asking} onClose={() => setAsking(null)}
                                    onDone={(x) => { setA(x); setAsking(null); setDone(t(('am_done_' + asking) as 'am_done_submit')); }} /> : null}
    </>
  );
}

function AmendmentActDialog(props: { amendment: Amendment; action: AmendmentAction; onClose: () => void; onDone: (a: Amendment) => void }) {
  const { t } = useApp();
  const { action } = props;
  const [comment, setComment] = useState('');
  const [number, setNumber] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const needs = COMMENT_REQUIRED.has(action);
  const go = async () => {
    if (needs && !comment.trim()) { setMissing(true); return; }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { version: props.amendment.version, comment: comment.trim() };
      if (action === 'approve' && number.trim()) body.decision_number = number.trim();
      const next = await post<Amendment>(`/amendments/${props.amendment.id}/${action}`, body);
      props.onDone(next && Array.isArray(next.changes) ? next : await get<Amendment>(`/amendments/${props.amendment.id}`));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const label = action === 'forward' ? t('am_opinion') : needs ? t('up_comment_required') : t('up_comment');
  return (
    <Dialog title={t(('am_confirm_' + action) as 'am_confirm_submit', { id: props.amendment.id })} onClose={props.onClose}>
      {action === 'approve' ? (
        <label className="block-field">{t('am_decision_number_optional')}
          <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="1234/QĐ-LĐTBXH" />
        </label>
      ) : null}
      {action === 'submit' || action === 'withdraw' ? null : (
        <label className="block-field">{label}
          <textarea rows={3} value={comment} onChange={(e) => { setComment(e.target.value); setMissing(false); }}
                    aria-invalid={missing ? true : undefined} aria-describedby={missing ? 'am-comment-err' : undefined} />
        </label>
      )}
      {missing ? <p className="field-error" id="am-comment-err" role="alert">{t('up_comment_missing')}</p> : null}
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className={action === 'refuse' || action === 'return' || action === 'withdraw' ? 'danger' : 'primary'} disabled={busy} onClick={() => void go()}>
          {busy ? t('working') : t(('am_do_' + action) as 'am_do_submit')}
        </button>
        <button type="button" onClick={props.onClose} data-autofocus>{t('cancel')}</button>
      </div>
    </Dialog>
  );
}
