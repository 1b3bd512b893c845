// One unit's report for one period: the targets (value for the period and cumulative, as an
// estimate or an actual), the tasks (status, % done, output), the five narrative sections;
// checked as it is typed, saved as a draft or submitted; the .xlsx form to download and fill
// offline, and its upload; approve or return for approvers. What is typed and not saved yet is
// kept in the browser (lib/draft_store) and offered back when the form opens again, so that a
// session that ends mid-typing, a reload or a wrong click loses nothing. Once a month made
// light: each task starts from its newest progress in the unit's earlier reports (done and
// cancelled ones folded away, what was changed marked); a quarter's last month answers the
// quarter's report too (one form per unit and due date); an additive target's cumulative is
// checked against last period's before saving, with the numbers; and sending a report with many
// fields empty asks first.
import { Fragment, useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { canPlan, useApp } from '../context';
import { Dialog, ErrorBox, Link, Loading, PageTitle, StateBadge, useLoad } from '../components';
import { ApiError, get, onSignOut, post, put, request } from '../lib/api';
import { decimalToInput, formatDate, formatDateTime, formatQuantity, parseNumber } from '../lib/format';
import { byField, serverProblems, taskField, taskOutputField, validateReport, valueField, type CumulativeReference, type Problem, type Scope } from '../lib/validate';
import { nestUnitTasks, personName, shortDate } from '../lib/plan_life';
import type { CarriedTask, FormRate, FormTargetRow, FormTask, Narrative, ReportForm } from '../lib/types';
import { reportPath } from './my_reports';
import type { MessageKey } from '../lib/i18n';
import { draftKey, loadDraft, removeDraft, restoreOffer, sameContent, saveDraft, type RestoreOffer, type SaveResult, type StoredDraft } from '../lib/draft_store';

/** A unit task's lead, dates and expected output: "Phòng Việc làm · 01/4/2012 – 30/6/2012 · Sản phẩm: …". */
function unitTaskMeta(task: FormTask, t: (k: MessageKey, p?: Record<string, string | number>) => string): string {
  const r = task.responsible;
  const who = typeof r === 'string' ? r : r ? (r.user ? personName(r.user) : r.name) : '';
  const when = task.start || task.due ? `${shortDate(task.start) || '…'} – ${shortDate(task.due) || '…'}` : '';
  const out = task.output_expected ? t('unit_task_output', { output: task.output_expected }) : '';
  return [who, when, out].filter(Boolean).join(' · ');
}

const SCOPES: Scope[] = ['period', 'cumulative'];
/** A rate's part is the period's level (no cumulative: the rate of the period is their ratio). */
const scopesOf = (tg: FormTargetRow): Scope[] => (tg.rate ? ['period'] : SCOPES);
const NARRATIVE: (keyof Narrative)[] = ['results', 'shortcomings', 'causes', 'next_steps', 'proposals'];
const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'overdue', 'cancelled'];
const CLOSED = new Set(['done', 'cancelled']);
// Sending asks first above these shares of empty value cells and of open tasks without progress.
const EMPTY_CELLS_ASK = 0.3;
const EMPTY_TASKS_ASK = 0.5;

interface Draft {
  values: Record<string, string>; // field → text as typed
  kinds: Record<number, string>; // target id → estimate | actual
  tasks: Record<string, { status: string; percent: string; output: string }>;
  narrative: Narrative;
}

function draftOf(form: ReportForm): Draft {
  const values: Record<string, string> = {};
  const kinds: Record<number, string> = {};
  for (const v of form.values) {
    values[valueField(v.target_id, v.scope)] = decimalToInput(v.value);
    if (v.scope === 'period' || !kinds[v.target_id]) kinds[v.target_id] = v.kind;
  }
  const tasks: Draft['tasks'] = {};
  for (const p of [...form.task_progress, ...carriedInto(form).values()]) {
    tasks[p.task_id] ??= { status: p.status ?? '', percent: p.percent === null ? '' : String(p.percent), output: p.output ?? '' };
  }
  return { values, kinds, tasks, narrative: { ...form.narrative } };
}

/** The carried progress the form starts from: of each task the report has none of itself. */
function carriedInto(form: ReportForm): Map<string, CarriedTask> {
  const own = new Set(form.task_progress.map((p) => p.task_id));
  return new Map((form.carried_tasks ?? []).filter((c) => !own.has(c.task_id)).map((c) => [c.task_id, c]));
}

/** The form's cumulative references as lib/validate checks them: every additive target at the
 * year's start, or each target's previous cumulative. */
function cumulativeReferences(form: ReportForm): CumulativeReference[] {
  const c = form.cumulative_references;
  if (c?.role === 'year_start') {
    return form.targets.filter((t) => t.additive).map((t) => ({ target_id: t.id, role: 'year_start', value: '0', source: c.source }));
  }
  if (c?.role !== 'previous_cumulative') return [];
  return Object.entries(c.values).map(([id, value]) => ({ target_id: Number(id), role: 'previous_cumulative', value, source: c.source }));
}

const sameTask = (a: Draft['tasks'][string] | undefined, b: Draft['tasks'][string] | undefined) =>
  (a?.status ?? '') === (b?.status ?? '') && (a?.percent ?? '') === (b?.percent ?? '') && (a?.output ?? '') === (b?.output ?? '');

/** Whether the form answers its paired report and that one may still be written. */
const pairedWritable = (f: ReportForm) =>
  !!f.paired?.answers && (f.paired.report.status === 'draft' || f.paired.report.status === 'returned');

const domId = (field: string) => 'f-' + field.replace(/[^A-Za-z0-9]+/g, '-');

export function ReportFormPage(props: { programId: number; obligation: string; period: string; unit: number }) {
  const { t } = useApp();
  const url = `/programs/${props.programId}/reports/${props.obligation}/${props.period}/${props.unit}`;
  const { data, error, loading, reload } = useLoad((s) => get<ReportForm>(url, s), [url]);
  if (error) return <ErrorBox error={error} />;
  if (loading && !data) return <Loading />;
  if (!data) return null;
  return <FormView key={`${url}@${data.version}`} initial={data} url={url} reload={reload} t={t}
                   report={{ program: props.programId, obligation: props.obligation, period: props.period, unit: props.unit }} />;
}

// How long typing pauses before what was typed is kept in the browser.
const KEEP_AFTER_MS = 400;

/** "HH:MM", with the day when it was not today. */
function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return d.toDateString() === new Date().toDateString() ? hm : `${hm} ${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function FormView({ initial, url, reload, t, report }: {
  initial: ReportForm; url: string; reload: () => void; t: ReturnType<typeof useApp>['t'];
  report: { program: number; obligation: string; period: string; unit: number };
}) {
  const { user, lang } = useApp();
  const [form, setForm] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  // What this user typed here before and did not save, offered back (never applied unasked).
  // Fixed for the form's life: the app forgets the user before this form goes away on a 401.
  const [storeKey] = useState(() => (user?.username ? draftKey(user.username, report) : ''));
  const signedOut = useRef(false);
  useEffect(() => onSignOut(() => void (signedOut.current = true)), []);
  const [kept, setKept] = useState<{ stored: StoredDraft<Draft>; offer: RestoreOffer } | null>(() => {
    if (!storeKey || !initial.actions.includes('save')) return null;
    const stored = loadDraft<Draft>(storeKey);
    const offer = restoreOffer(stored, initial.version, draftOf(initial));
    if (stored && !offer) removeDraft(storeKey); // says nothing the saved report does not
    return stored && offer ? { stored, offer } : null;
  });
  const [keepResult, setKeepResult] = useState<SaveResult>('kept');
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; cells?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [submitUpload, setSubmitUpload] = useState(false);
  // One form per unit and due date: the month answers the quarter due the same day too when the
  // editor ticks it (the quarter's own approval stays apart), while the quarter can be written.
  const [answerPaired, setAnswerPaired] = useState(false);

  // The first field with a problem takes the focus once the form is enabled again.
  const [focusField, setFocusField] = useState<string | null>(null);
  useEffect(() => setForm(initial), [initial]);
  useEffect(() => {
    if (!focusField || busy) return;
    document.getElementById(domId(focusField))?.focus();
    setFocusField(null);
  }, [focusField, busy]);
  const focusFirst = (problems: readonly Problem[]) => {
    const p = problems.find((x) => document.getElementById(domId(x.field)));
    if (p) setFocusField(p.field);
  };

  const editable = form.actions.includes('save');
  const baseline = useMemo(() => draftOf(form), [form]);
  const dirty = editable && !sameContent(draft, baseline);

  // Kept in the browser a moment after typing stops, at once when the page goes away (a reload,
  // a 401 taking the app to sign-in, a link followed); removed when nothing differs from the
  // saved report. Not while an older draft waits for its answer (restore or drop).
  const latest = useRef({ dirty, draft, version: form.version, waiting: kept !== null });
  latest.current = { dirty, draft, version: form.version, waiting: kept !== null };
  const keepNow = () => {
    const l = latest.current;
    if (l.waiting || !storeKey || signedOut.current) return;
    if (l.dirty) setKeepResult(saveDraft(storeKey, l.version, l.draft));
    else removeDraft(storeKey);
  };
  useEffect(() => {
    if (kept) return;
    const timer = setTimeout(keepNow, KEEP_AFTER_MS);
    return () => clearTimeout(timer);
  }, [draft, dirty, kept]);
  useEffect(() => {
    window.addEventListener('pagehide', keepNow);
    return () => {
      window.removeEventListener('pagehide', keepNow);
      keepNow();
    };
  }, [storeKey]);

  // While something is not saved: the browser asks before closing or reloading the page, and
  // a link inside the app asks before leaving (what was typed stays kept either way).
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.hasAttribute('download') || (a.target && a.target !== '_self')) return;
      const to = new URL(a.href, location.href);
      if (to.origin !== location.origin || to.pathname === location.pathname) return;
      if (!window.confirm(t('draft_leave_unsaved'))) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty, t]);

  const restoreKept = () => {
    if (!kept) return;
    const d = kept.stored.data;
    setDraft((now) => ({
      values: { ...now.values, ...d.values }, kinds: { ...now.kinds, ...d.kinds }, tasks: { ...now.tasks, ...d.tasks },
      narrative: { ...now.narrative, ...d.narrative },
    }));
    setKept(null);
    setTouched(new Set(['*']));
    setMessage(null);
  };
  const dropKept = () => {
    removeDraft(storeKey);
    setKept(null);
  };
  const entered = useMemo(
    () => form.targets.flatMap((tg) => scopesOf(tg).map((scope) => ({ target_id: tg.id, scope, text: draft.values[valueField(tg.id, scope)] ?? '' }))),
    [form.targets, draft.values],
  );
  const taskEntries = Object.entries(draft.tasks).map(([task_id, p]) => ({ task_id, status: p.status, percent: p.percent, output: p.output }));
  const references = useMemo(() => cumulativeReferences(form), [form]);
  const checked = validateReport(form.targets, entered, taskEntries, draft.narrative, references);
  // Errors refuse a save; flags (a cumulative that does not add up) are confirmed before it.
  const clientProblems = checked.filter((p) => p.severity !== 'confirm');
  const clientFlags = checked.filter((p) => p.severity === 'confirm');
  const clientByField = byField(clientProblems);
  const serverByField = byField(serverErrors);
  // Flags for confirmation: those of the last save, and those a check found since (newer).
  const [checkWarnings, setCheckWarnings] = useState<readonly Problem[]>([]);
  const problemText = (p: Problem) => p.message || t(('v_' + (p.key ?? p.code)) as MessageKey,
    { whole: p.whole ? decimalToInput(p.whole) : '', indicator: p.indicator ?? '', unit: p.unit ?? '',
      section: p.section ? t(('narr_' + p.section) as MessageKey) : '',
      chars: p.chars ? decimalToInput(p.chars) : '', max: p.max ? decimalToInput(p.max) : '', ...p.numbers });
  // Newest first: what is typed now, then a check's answer, then the last save's.
  const warnings = byField([
    ...clientFlags.map((p) => ({ ...p, message: problemText(p) })),
    ...checkWarnings,
    ...form.warnings.map((w) => ({ field: w.field, code: 'warning', message: w.message })),
  ]);
  // A field shows its own check once it was left (or a save was tried), and the server's at once.
  const problemFor = (field: string): Problem | undefined =>
    serverByField.get(field) ?? (touched.has(field) || touched.has('*') ? clientByField.get(field) : undefined);

  const setValue = (field: string, text: string) => {
    setDraft((d) => ({ ...d, values: { ...d.values, [field]: text } }));
    setServerErrors((errs) => errs.filter((e) => e.field !== field));
    setCheckWarnings((ws) => ws.filter((w) => w.field !== field));
  };
  const touch = (field: string) => setTouched((s) => new Set(s).add(field));
  const setTask = (id: string, patch: Partial<Draft['tasks'][string]>) => {
    setDraft((d) => ({ ...d, tasks: { ...d.tasks, [id]: { ...(d.tasks[id] ?? { status: '', percent: '', output: '' }), ...patch } } }));
    setServerErrors((errs) => errs.filter((e) => e.field !== taskField(id)));
  };

  const body = (submit: boolean) => {
    const stored = new Set(form.values.map((v) => valueField(v.target_id, v.scope)));
    const values = entered.flatMap((e): { target_id: number; scope: Scope; kind: string; value: string | null }[] => {
      const field = valueField(e.target_id, e.scope);
      const parsed = parseNumber(e.text);
      const kind = draft.kinds[e.target_id] || 'estimate';
      if (parsed === '' || parsed === null) return stored.has(field) ? [{ target_id: e.target_id, scope: e.scope, kind, value: null }] : [];
      return [{ target_id: e.target_id, scope: e.scope, kind, value: parsed }];
    });
    const task_progress = Object.entries(draft.tasks)
      .filter(([, p]) => p.status || p.percent || p.output)
      .map(([task_id, p]) => ({
        task_id, status: p.status || 'in_progress', percent: p.percent === '' ? null : Number(parseNumber(p.percent)), output: p.output,
      }));
    const pair = answerPaired && pairedWritable(form) && form.paired ? { answer_paired: true, paired_version: form.paired.report.version } : {};
    return { version: form.version, submit, values, task_progress, narrative: draft.narrative, ...pair };
  };

  // Whether the form may be sent: the fields' own checks pass (else they are marked).
  const readyToSend = () => {
    setMessage(null);
    setTouched(new Set(['*']));
    if (!clientProblems.length) return true;
    setMessage({ kind: 'error', text: t('fix_marked_fields', { n: clientProblems.length }) });
    focusFirst(clientProblems);
    return false;
  };

  // The server's checks of what is typed, nothing stored: what a save would refuse, and the
  // values it would flag for confirmation (far from the previous period or last year's).
  const check = async () => {
    if (!readyToSend()) return;
    setBusy(true);
    try {
      const r = await post<{ ok: boolean; errors: Problem[]; warnings: Problem[] }>(url + '/check', body(false));
      setServerErrors(r.errors);
      setCheckWarnings(r.warnings);
      if (!r.ok) {
        // The paired report's problems (answered from this form) have no field here: listed.
        const paired = r.errors.filter((e) => e.field.startsWith('paired.')).map((e) => `${e.field}: ${e.message}`);
        setMessage({ kind: 'error', text: t('check_refused', { n: r.errors.length }), cells: paired });
        focusFirst(r.errors);
      } else {
        setMessage({ kind: 'ok', text: r.warnings.length ? t('check_flagged', { n: r.warnings.length }) : t('check_clean') });
      }
    } catch (e) {
      handleError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = async (submit: boolean) => {
    if (!readyToSend()) return;
    keepNow(); // a session that ended meanwhile answers 401: what was typed is kept for after
    setBusy(true);
    try {
      const saved = await put<ReportForm>(url, body(submit));
      removeDraft(storeKey);
      setServerErrors([]);
      setCheckWarnings([]);
      setForm(saved);
      setDraft(draftOf(saved));
      setTouched(new Set());
      const both = answerPaired && pairedWritable(form) && saved.paired ? { first: saved.period.label, second: saved.paired.period.label } : null;
      setMessage({ kind: 'ok', text: both ? t(submit ? 'paired_submitted_ok' : 'paired_saved_ok', both)
        : submit ? t('submitted_ok') : t('saved_ok', { v: saved.version }) });
    } catch (e) {
      handleError(e);
    } finally {
      setBusy(false);
    }
  };

  // A save or a send asks first: about flagged figures (with their numbers), then, for a send,
  // about many empty fields; each answer moves on to the next question or the save.
  const [asking, setAsking] = useState<{ submit: boolean; about: 'flags' | 'empty' } | null>(null);
  const emptiness = () => {
    const cells = entered.filter((e) => e.text.trim() === '').length;
    const open = form.tasks.filter((task) => !CLOSED.has(baseline.tasks[task.id]?.status ?? ''));
    const idle = open.filter((task) => { const p = draft.tasks[task.id]; return !p || (!p.status && !p.percent && !p.output); }).length;
    return { cells, cellsTotal: entered.length, tasks: idle, tasksTotal: open.length };
  };
  const tooEmpty = (e: ReturnType<typeof emptiness>) =>
    (e.cellsTotal > 0 && e.cells / e.cellsTotal > EMPTY_CELLS_ASK) || (e.tasksTotal > 0 && e.tasks / e.tasksTotal > EMPTY_TASKS_ASK);
  const requestSave = (submit: boolean, from: 'flags' | 'empty' | 'go' = 'flags') => {
    if (!readyToSend()) return;
    if (from === 'flags' && clientFlags.length) return setAsking({ submit, about: 'flags' });
    if (submit && from !== 'go' && tooEmpty(emptiness())) return setAsking({ submit, about: 'empty' });
    setAsking(null);
    void save(submit);
  };

  const handleError = (e: unknown) => {
    if (e instanceof ApiError) {
      if (e.status === 409 && e.code === 'stale_version') {
        setMessage({ kind: 'error', text: t('stale_version') });
        return;
      }
      const { fields, general } = serverProblems(e.body as never);
      const named = fields.filter((f) => f.field.startsWith('values[') || f.field.startsWith('tasks['));
      setServerErrors(named);
      const cells = fields.filter((f) => !named.includes(f)).map((f) => `${f.field}: ${f.message}`);
      setMessage({ kind: 'error', text: general ?? e.message, cells });
      if (named.length) focusFirst(named);
    } else {
      setMessage({ kind: 'error', text: String(e) });
    }
  };

  const act = async (action: 'approve' | 'return' | 'reopen') => {
    setMessage(null);
    if (action !== 'approve' && !comment.trim()) {
      setCommentError(t('comment_required'));
      document.getElementById('return-comment')?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await post<ReportForm>(`/reports/${form.id}/${action}`, { version: form.version, comment: comment.trim() });
      setForm(r);
      setDraft(draftOf(r));
      setComment('');
      setCommentError(null);
      setMessage({ kind: 'ok', text: t(('done_' + action) as MessageKey) });
    } catch (e) {
      handleError(e);
    } finally {
      setBusy(false);
    }
  };

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setMessage(null);
    setBusy(true);
    try {
      const r = await request<ReportForm>('POST', '/reports/upload' + (submitUpload ? '?submit=1' : ''), {
        raw: await file.arrayBuffer(), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      setForm(r);
      setDraft(draftOf(r));
      setServerErrors([]);
      setMessage({ kind: 'ok', text: t('uploaded_ok', { v: r.version }) });
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = (field: string) => {
    const p = problemFor(field);
    const w = warnings.get(field);
    return {
      id: domId(field),
      'aria-invalid': p ? true : undefined,
      'aria-describedby': p ? domId(field) + '-err' : w ? domId(field) + '-warn' : undefined,
      problem: p ? <span className="field-error" id={domId(field) + '-err'} role="alert">{problemText(p)}</span>
        : w ? <span className="field-warning" id={domId(field) + '-warn'}>{w.message}</span> : null,
    };
  };

  // The tasks: open ones first, done and cancelled ones (as the form starts) folded away; a row
  // says where its carried progress came from and is marked once changed.
  const carried = carriedInto(form);
  // A unit's own tasks (issue 18, "u:57") under the Ministry item they serve.
  const nested = nestUnitTasks(form.tasks as FormTask[]);
  const depth = new Map(nested.map((x) => [x.task.id, x.depth]));
  const ordered = nested.map((x) => x.task);
  const openTasks = ordered.filter((task) => !CLOSED.has(baseline.tasks[task.id]?.status ?? ''));
  const closedTasks = ordered.filter((task) => CLOSED.has(baseline.tasks[task.id]?.status ?? ''));
  const renderTask = (task: FormTask) => {
                const p = draft.tasks[task.id] ?? { status: '', percent: '', output: '' };
                const fp = fieldProps(taskField(task.id));
                const op = fieldProps(taskOutputField(task.id));
                const base = domId('task-' + task.id);
                const from = carried.get(task.id);
                const changed = !sameTask(draft.tasks[task.id], baseline.tasks[task.id]);
                return (
                  <li key={task.id} className={[fp['aria-invalid'] || op['aria-invalid'] ? 'invalid' : '', changed ? 'touched' : '',
                                                task.kind === 'unit' ? 'unit-task' : '', depth.get(task.id) ? 'nested' : ''].join(' ').trim() || undefined}
                      data-task={task.id} data-serves={task.kind === 'unit' ? task.serves : undefined}>
                    <p className="task-text">{task.kind === 'unit' ? <span className="badge unit-task-badge">{t('unit_task')}</span> : <span className="num">{task.section}</span>} {task.text}
                      {task.kind === 'unit' ? <span className="muted unit-task-meta"> · {unitTaskMeta(task, t)}</span> : null}
                      {from ? <span className="muted carried-from"> ({t('carried_from', { label: from.from.label })})</span> : null}
                      {changed ? <span className="touched-badge"> · {t('task_touched')}</span> : null}</p>
                    <div className="task-fields">
                      <label>{t('task_status')}
                        <select id={base + '-status'} value={p.status} onChange={(e) => setTask(task.id, { status: e.target.value })}>
                          <option value="">—</option>
                          {TASK_STATUSES.map((s) => <option key={s} value={s}>{t(('task_' + s) as MessageKey)}</option>)}
                        </select>
                      </label>
                      <label>{t('task_percent')}
                        <input inputMode="numeric" id={fp.id} aria-invalid={fp['aria-invalid']} aria-describedby={fp['aria-describedby']}
                               value={p.percent} onChange={(e) => setTask(task.id, { percent: e.target.value })}
                               onBlur={() => touch(taskField(task.id))} className="narrow" />
                      </label>
                      <label className="grow">{t('task_output')}
                        <input id={op.id} aria-invalid={op['aria-invalid']} aria-describedby={op['aria-describedby']}
                               value={p.output} onChange={(e) => setTask(task.id, { output: e.target.value })}
                               onBlur={() => touch(taskOutputField(task.id))} />
                      </label>
                    </div>
                    {fp.problem}
                    {op.problem}
                  </li>
                );
  };

  const paired = form.paired;
  const pairedNotice = !paired ? null : paired.answers ? (
    <div className="notice paired" role="status">
      <p>{t('paired_answers', { due: formatDate(paired.due), name: paired.obligation.name, label: paired.period.label })}</p>
      {editable && pairedWritable(form) ? (
        <label className="check"><input type="checkbox" checked={answerPaired} onChange={(e) => setAnswerPaired(e.target.checked)} /> {t('paired_answer_both', { label: paired.period.label })}</label>
      ) : editable ? <p>{t('paired_locked', { label: paired.period.label, state: t(('state_' + paired.state) as MessageKey) })}</p> : null}
      <p><Link to={reportPath(form.program_id, paired)}>{t('paired_open', { label: `${paired.obligation.name} ${paired.period.label}` })}</Link></p>
    </div>
  ) : (
    <div className="notice paired" role="status">
      <p>{t('paired_answered_by', { due: formatDate(paired.due), name: paired.obligation.name, label: paired.period.label })}</p>
      <p><Link to={reportPath(form.program_id, paired)}>{t('paired_open', { label: `${paired.obligation.name} ${paired.period.label}` })}</Link></p>
    </div>
  );
  const flagsDialog = asking?.about === 'flags' ? (
    <Dialog title={t('flags_title')} onClose={() => setAsking(null)}>
      <p>{t('flags_intro')}</p>
      <ul className="flags">
        {clientFlags.map((p) => {
          const target = form.targets.find((tg) => valueField(tg.id, 'cumulative') === p.field);
          return <li key={p.field}><strong>{target ? `${target.section} ${target.indicator}` : p.field}:</strong> {problemText(p)}</li>;
        })}
      </ul>
      <div className="actions">
        <button type="button" className="primary" onClick={() => requestSave(asking.submit, 'empty')}>{t('save_anyway')}</button>
        <button type="button" data-autofocus onClick={() => { setAsking(null); focusFirst(clientFlags); }}>{t('go_back_fix')}</button>
      </div>
    </Dialog>
  ) : null;
  // The rate a unit's two parts make (Σ numerator / Σ denominator × scale), as typed: read-only.
  const rateRow = (rate: FormRate) => {
    const part = (which: 'numerator' | 'denominator') => {
      const row = form.targets.find((x) => x.rate?.id === rate.id && x.rate.part === which);
      const typed = row ? parseNumber(draft.values[valueField(row.id, 'period')] ?? '') : null;
      return typed ? Number(typed) : null;
    };
    const num = part('numerator'), den = part('denominator');
    const value = num !== null && den !== null && den > 0 ? (num / den) * Number(rate.scale) : null;
    return (
      <tr className="rate-row">
        <th scope="row">
          <span className="num">{rate.section}</span> {rate.indicator}
          <span className="muted"> ({rate.unit} · {t('rate_from_parts')})</span>
        </th>
        <td data-label={t('plan')}>{formatQuantity(rate.national, rate.unit, lang)}</td>
        <td data-label={t('this_period')} aria-live="polite"><output>{value === null ? '—' : formatQuantity(value.toFixed(2), rate.unit, lang)}</output></td>
        <td className="muted">—</td>
        <td />
      </tr>
    );
  };
  const empty = asking?.about === 'empty' ? emptiness() : null;
  const emptyDialog = asking && empty ? (
    <Dialog title={t('empty_send_title')} onClose={() => setAsking(null)}>
      {empty.cellsTotal ? <p>{t('empty_send_values', { empty: empty.cells, total: empty.cellsTotal })}</p> : null}
      {empty.tasksTotal ? <p>{t('empty_send_tasks', { empty: empty.tasks, total: empty.tasksTotal })}</p> : null}
      <p>{t('empty_send_q')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => requestSave(asking.submit, 'go')}>{t('send_anyway')}</button>
        <button type="button" data-autofocus onClick={() => setAsking(null)}>{t('cancel')}</button>
      </div>
    </Dialog>
  ) : null;

  const name = form.obligation.name.charAt(0).toUpperCase() + form.obligation.name.slice(1);
  // Where the form is editable, the answer to the last action shows in the bar that stays at
  // the bottom of the screen, beside the buttons, wherever the person has scrolled to.
  const messageBox = message ? (
    <div className={message.kind === 'ok' ? 'ok-box' : 'error-box'} role={message.kind === 'ok' ? 'status' : 'alert'}>
      {message.text}
      {message.cells?.length ? <ul>{message.cells.map((c) => <li key={c}>{c}</li>)}</ul> : null}
      {message.kind === 'error' && message.text === t('stale_version') ? (
        <> <button type="button" onClick={reload}>{t('reload')}</button></>
      ) : null}
    </div>
  ) : null;
  const head = `${name} · ${form.period.label} · ${form.unit.name}`;
  const xlsx = `/api/v1${url}/form.xlsx`;
  const mayApprove = form.actions.includes('approve');
  const mayReturn = form.actions.includes('return');
  const mayReopen = form.actions.includes('reopen');

  return (
    <>
      <PageTitle sub={<>
        {t('due')}: <strong>{formatDate(form.due)}</strong> · {t('state')}: <StateBadge state={form.status} />
        {form.late ? <span className="warn"> · {t('late')}</span> : null} · {t('version')} {form.version}
        {form.submitted_at ? <> · {t('submitted_at')} {formatDateTime(form.submitted_at)}</> : null}
      </>}>{head}</PageTitle>
      <p><Link to={canPlan(user) || mayApprove ? '/approvals' : '/reports'}>← {t('back_to_list')}</Link></p>
      {form.status === 'returned' && form.comment ? (
        <p className="notice" role="status"><strong>{t('returned_with_comment')}:</strong> {form.comment}</p>
      ) : null}
      {!editable ? messageBox : null}
      {kept ? (
        <div className="notice draft-bar" role="status" aria-live="polite">
          <p>
            {t('draft_found')}
            {kept.offer.version_changed ? <> <strong>{t('draft_version_changed', { draft: kept.offer.version_changed.draft, now: kept.offer.version_changed.now })}</strong></> : null}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={restoreKept}>{t('draft_restore', { time: clockTime(kept.offer.saved_at) })}</button>
            <button type="button" onClick={dropKept}>{t('draft_drop')}</button>
          </div>
        </div>
      ) : null}
      {editable && keepResult !== 'kept' && dirty ? (
        <p className="muted" role="status">{t(keepResult === 'too_large' ? 'draft_too_large' : 'draft_unavailable')}</p>
      ) : null}

      {pairedNotice}
      <form onSubmit={(e) => { e.preventDefault(); requestSave(false); }} noValidate aria-label={head}>
        <fieldset disabled={!editable || busy}>
          <legend><h2>{t('targets')}</h2></legend>
          {form.targets.length === 0 ? <p className="muted">{t('no_targets_in_form')}</p> : (
            <div className="table-wrap">
              <table className="form-table">
                <thead>
                  <tr>
                    <th scope="col">{t('indicator')}</th>
                    <th scope="col">{t('plan')}</th>
                    <th scope="col">{t('this_period')}</th>
                    <th scope="col">{t('cumulative')}</th>
                    <th scope="col">{t('kind')}</th>
                  </tr>
                </thead>
                <tbody>
                  {form.targets.map((tg) => (
                    <Fragment key={tg.id}>
                    <tr>
                      <th scope="row">
                        {tg.kind === 'unit' ? <span className="badge unit-task-badge">{t('unit_target')}</span> : null}
                        <span className="num">{tg.section}</span> {tg.indicator}
                        <span className="muted"> ({tg.unit}{tg.parent_id ? ` · ${t('part_of')} ${form.targets.find((x) => x.id === tg.parent_id)?.indicator ?? '#' + tg.parent_id}` : ''})</span>
                      </th>
                      <td data-label={t('plan')}>
                        {tg.allocated !== null ? <>{formatQuantity(tg.allocated, tg.unit, lang)} <span className="muted">({t(tg.kind === 'unit' ? 'unit_target_plan' : 'allocated')})</span></>
                          : formatQuantity(tg.national, tg.unit, lang)}
                      </td>
                      {SCOPES.map((scope) => {
                        if (!scopesOf(tg).includes(scope)) return <td key={scope} className="muted" data-label={t('cumulative')}>—</td>;
                        const field = valueField(tg.id, scope);
                        const fp = fieldProps(field);
                        return (
                          <td key={scope} className={fp['aria-invalid'] ? 'invalid' : ''} data-label={t(scope === 'period' ? 'this_period' : 'cumulative')}>
                            <input inputMode="decimal" id={fp.id} aria-invalid={fp['aria-invalid']} aria-describedby={fp['aria-describedby']}
                                   aria-label={`${tg.indicator} — ${t(scope === 'period' ? 'this_period' : 'cumulative')} (${tg.unit})`}
                                   value={draft.values[field] ?? ''} onChange={(e) => setValue(field, e.target.value)}
                                   onBlur={() => touch(field)} />
                            {fp.problem}
                          </td>
                        );
                      })}
                      <td data-label={t('kind')}>
                        <select aria-label={`${tg.indicator} — ${t('kind')}`} value={draft.kinds[tg.id] || 'estimate'}
                                onChange={(e) => setDraft((d) => ({ ...d, kinds: { ...d.kinds, [tg.id]: e.target.value } }))}>
                          <option value="estimate">{t('kind_estimate')}</option>
                          <option value="actual">{t('kind_actual')}</option>
                        </select>
                      </td>
                    </tr>
                    {tg.rate?.part === 'denominator' ? rateRow(tg.rate) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </fieldset>

        <fieldset disabled={!editable || busy}>
          <legend><h2>{t('tasks')} ({form.tasks.length})</h2></legend>
          {form.tasks.length === 0 ? <p className="muted">{t('no_tasks_in_form')}</p> : (
            <>
              {carried.size ? <p className="muted" id="carried-intro">{t('carried_intro')}</p> : null}
              <ol className="task-list">{openTasks.map(renderTask)}</ol>
              {closedTasks.length ? (
                <details className="closed-tasks">
                  <summary>{t('carried_closed', { n: closedTasks.length })}</summary>
                  <ol className="task-list">{closedTasks.map(renderTask)}</ol>
                </details>
              ) : null}
            </>
          )}
        </fieldset>

        <fieldset disabled={!editable || busy}>
          <legend><h2>{t('narrative')}</h2></legend>
          {NARRATIVE.map((k) => {
            const np = fieldProps('narrative.' + k);
            return (
              <label key={k} className="block">
                {t(('narr_' + k) as MessageKey)}
                <textarea rows={3} id={np.id} aria-invalid={np['aria-invalid']} aria-describedby={np['aria-describedby']}
                          value={draft.narrative[k]} onBlur={() => touch('narrative.' + k)}
                          onChange={(e) => setDraft((d) => ({ ...d, narrative: { ...d.narrative, [k]: e.target.value } }))} />
                {np.problem}
              </label>
            );
          })}
        </fieldset>

        {editable ? (
          <div className="actions sticky">
            {messageBox}
            <button type="button" disabled={busy} onClick={() => void check()}>{t('check_report')}</button>
            <button type="submit" disabled={busy}>{t('save_draft')}</button>
            {form.actions.includes('submit') ? (
              <button type="button" className="primary" disabled={busy} onClick={() => requestSave(true)}>{t('submit_report')}</button>
            ) : null}
          </div>
        ) : null}
      </form>

      <section className="card excel" aria-labelledby="excel-h">
        <h2 id="excel-h">{t('excel')}</h2>
        <p><a href={xlsx} download>{t('download_xlsx')}</a></p>
        {editable ? (
          <div className="upload">
            <label>{t('upload_xlsx')}
              <input type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={upload} disabled={busy} />
            </label>
            <label className="check"><input type="checkbox" checked={submitUpload} onChange={(e) => setSubmitUpload(e.target.checked)} /> {t('upload_and_submit')}</label>
          </div>
        ) : null}
      </section>

      {mayApprove || mayReturn || mayReopen ? (
        <section className="card decide" aria-labelledby="decide-h">
          <h2 id="decide-h">{t('decision_on_report')}</h2>
          <label className="block">
            {t('comment')} {mayReturn || mayReopen ? <span className="muted">({t('comment_needed_to_return')})</span> : null}
            <textarea id="return-comment" rows={3} value={comment} aria-invalid={commentError ? true : undefined}
                      aria-describedby={commentError ? 'return-comment-err' : undefined}
                      onChange={(e) => { setComment(e.target.value); setCommentError(null); }} />
            {commentError ? <span className="field-error" id="return-comment-err" role="alert">{commentError}</span> : null}
          </label>
          <div className="actions">
            {mayApprove ? <button type="button" className="primary" disabled={busy} onClick={() => void act('approve')}>{t('approve')}</button> : null}
            {mayReturn ? <button type="button" disabled={busy} onClick={() => void act('return')}>{t('return_report')}</button> : null}
            {mayReopen ? <button type="button" disabled={busy} onClick={() => void act('reopen')}>{t('reopen')}</button> : null}
          </div>
        </section>
      ) : null}
      {flagsDialog}
      {emptyDialog}
    </>
  );
}
