// The program's tasks and where they stand (GET /programs/{id}/task-status): a board by state,
// a list by lead unit, and a timeline of the tasks with deadlines; overdue first everywhere.
// Without a lead unit chosen, a task stands where its lead units together stand (overdue when
// one of them is); with one, where that unit's newest report puts it. A task opens the list of
// its lead units.
import { useMemo, type ReactNode } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, PrintHead, ProgramPicker, TableTools, useLoad } from '../components';
import { day, figure } from '../lib/table_export';
import { DateFilter } from '../figures';
import { get, query } from '../lib/api';
import { formatDate, formatNumber } from '../lib/format';
import { overallState, yearFraction } from '../lib/measure';
import { setSearch, useLocation } from '../lib/router';
import { compareVi, filterBy } from '../lib/search';
import type { BoardUnitTask, TaskBoard, TaskCounts, TaskLead, TaskState, TaskStatusRow } from '../lib/types';
import { personName } from '../lib/plan_life';

type View = 'board' | 'list' | 'timeline';
const COLUMNS: TaskState[] = ['overdue', 'not_reported', 'not_started', 'in_progress', 'done'];

interface Row { task: TaskStatusRow; state: TaskState; lead?: TaskLead }

/** Where a task stands: its one lead's state when a unit is chosen, else all its leads'. */
function stateOf(task: TaskStatusRow, lead: boolean): { state: TaskState | null; lead?: TaskLead } {
  if (lead) {
    const l = task.leads?.[0];
    if (!l) return { state: null };
    return { state: l.overdue ? 'overdue' : (l.status ?? 'not_reported'), lead: l };
  }
  return { state: overallState(task.counts) };
}

const firstDue = (r: TaskStatusRow) => r.deadlines[0]?.due ?? '9999-12-31';

/** Overdue first, then by deadline, then in the program's order. */
function byUrgency(a: Row, b: Row): number {
  const o = Number(b.state === 'overdue') - Number(a.state === 'overdue');
  return o || firstDue(a.task).localeCompare(firstDue(b.task)) || compareVi(a.task.task_id, b.task.task_id);
}

export function TasksPage() {
  const { t, programId, programs } = useApp();
  const { search } = useLocation();
  const lead = search.get('lead') ?? '';
  const asOf = search.get('at') ?? search.get('as_of') ?? ''; // as_of: links from before the date was `at` everywhere
  const stateFilter = (search.get('state') ?? '') as TaskState | '';
  const view = (['board', 'list', 'timeline'].includes(search.get('view') ?? '') ? search.get('view') : 'board') as View;
  const taskId = search.get('task') ?? '';
  // "Việc của tôi": the tasks whose lead is this account (a unit's own tasks naming it).
  const responsible = search.get('responsible') === 'me' ? 'me' : '';
  const qText = search.get('q') ?? '';
  const program = programs.find((p) => p.id === programId);
  const year = program?.year ?? 0;
  const at = asOf;

  const board = useLoad((s) => (programId ? get<TaskBoard>(`/programs/${programId}/task-status${query({ as_of: at, responsible })}`, s) : Promise.resolve(null)), [programId, at, responsible]);
  const mine = useLoad(
    (s) => (programId && lead ? get<TaskBoard>(`/programs/${programId}/task-status${query({ as_of: at, lead })}`, s) : Promise.resolve(null)),
    [programId, at, lead],
  );
  const detail = useLoad(
    (s) => (programId && taskId ? get<TaskBoard>(`/programs/${programId}/task-status${query({ as_of: at, task: taskId })}`, s) : Promise.resolve(null)),
    [programId, at, taskId],
  );
  const source = lead ? mine.data : board.data;
  const rows: Row[] = useMemo(() => {
    const out: Row[] = [];
    for (const task of source?.items ?? []) {
      const s = stateOf(task, !!lead);
      if (s.state) out.push({ task, state: s.state, lead: s.lead });
    }
    return out.sort(byUrgency);
  }, [source, lead]);
  const shown = filterBy(rows.filter((r) => !stateFilter || r.state === stateFilter || (stateFilter === 'done' && r.state === 'cancelled')), qText,
    (r) => `${r.task.section} ${r.task.text} ${r.task.section_title}`);
  const units = useMemo(() => [...(board.data?.units ?? [])].sort((a, b) => compareVi(a.unit.name, b.unit.name)), [board.data]);
  const leadName = units.find((u) => String(u.unit.id) === lead)?.unit.name;
  const count = (s: TaskState) => rows.filter((r) => r.state === s || (s === 'done' && r.state === 'cancelled')).length;

  if (!programId) return <p className="muted">{t('no_programs')}</p>;
  // The filters in words, for the Excel file's filter rows.
  const filters = [
    source ? t('print_data_date', { date: formatDate(source.as_of) }) : '',
    leadName ? `${t('lead')}: ${leadName}` : '',
    stateFilter ? `${t('state')}: ${t(('tstate_' + stateFilter) as 'tstate_done')}` : '',
    qText.trim() ? `${t('search')}: ${qText.trim()}` : '',
  ].filter(Boolean);
  const title = `${t('tasks_title')}${program ? ' · ' + program.number : ''}`;
  return (
    <>
      {source ? <PrintHead at={source.as_of} lines={[filters.slice(1).join(' · ')].filter(Boolean)} /> : null}
      <PageTitle sub={leadName ? t('tasks_of', { unit: leadName }) : t('tasks_sub')}>{t('tasks_title')}</PageTitle>
      <div className="filters" role="search" aria-label={t('filters')}>
        <ProgramPicker />
        <label className="inline-field">{t('lead')}
          <select value={lead} onChange={(e) => setSearch({ lead: e.target.value, task: null })}>
            <option value="">{t('all_leads')}</option>
            {units.map((u) => <option key={u.unit.id} value={u.unit.id}>{u.unit.name}{u.counts.overdue ? ` (${u.counts.overdue} ${t('overdue')})` : ''}</option>)}
          </select>
        </label>
        <label className="inline-field">{t('state')}
          <select value={stateFilter} onChange={(e) => setSearch({ state: e.target.value })}>
            <option value="">{t('all')}</option>
            {COLUMNS.map((s) => <option key={s} value={s}>{t(('tstate_' + s) as 'tstate_done')} ({count(s)})</option>)}
          </select>
        </label>
        <label className="inline-field">{t('search')}
          <input type="search" value={qText} onChange={(e) => setSearch({ q: e.target.value })} placeholder={t('search_hint')} />
        </label>
        <DateFilter at={board.data?.as_of ?? asOf} />
        <label className="check">
          <input type="checkbox" checked={responsible === 'me'} onChange={(e) => setSearch({ responsible: e.target.checked ? 'me' : null, lead: null })} />
          {' '}{t('my_tasks')}
        </label>
      </div>
      <div className="tabs" role="group" aria-label={t('view_as')}>
        {(['board', 'list', 'timeline'] as View[]).map((v) => (
          <button key={v} type="button" aria-pressed={view === v} onClick={() => setSearch({ view: v === 'board' ? null : v })}>{t(('view_' + v) as 'view_board')}</button>
        ))}
      </div>
      <ErrorBox error={board.error ?? mine.error} />
      {(board.loading && !board.data) || (lead && mine.loading && !mine.data) ? <Loading /> : null}
      {source ? (
        <p className="headline" id="tasks-headline">
          {t('tasks_headline', { n: formatNumber(rows.length), overdue: formatNumber(count('overdue')), done: formatNumber(count('done')) })}
          <span className="muted"> · {t('as_of', { date: formatDate(source.as_of) })}</span>
        </p>
      ) : null}
      {taskId ? <TaskDetail taskId={taskId} data={detail.data} error={detail.error} loading={detail.loading} title={title} filters={filters} /> : null}
      {source && view === 'board' ? <Board rows={shown} lead={!!lead} /> : null}
      {source && view === 'list' ? (lead ? <LeadList rows={shown} title={title} filters={filters} /> : <UnitList board={board.data!} title={title} filters={filters} />) : null}
      {source && view === 'timeline' ? <Timeline rows={shown} year={year} asOf={source.as_of} /> : null}
    </>
  );
}

function Summary({ c }: { c: TaskCounts }) {
  const { t } = useApp();
  const parts: string[] = [];
  if (c.overdue) parts.push(`${formatNumber(c.overdue)} ${t('overdue')}`);
  for (const s of ['done', 'in_progress', 'not_started', 'not_reported'] as const) {
    if (c.states[s]) parts.push(`${formatNumber(c.states[s])} ${t(('tstate_' + s) as 'tstate_done').toLowerCase()}`);
  }
  return <span>{t('n_leads', { n: formatNumber(c.total) })}: {parts.join(' · ')}</span>;
}

function TaskCard({ row, lead }: { row: Row; lead: boolean }) {
  const { t } = useApp();
  const d = row.task.deadlines[0];
  return (
    <li className={`task-card ts-${row.state}`} data-task={row.task.task_id}>
      <button type="button" className="link task-open" onClick={() => setSearch({ task: row.task.task_id })}
              aria-label={`${t('open_task')} ${row.task.task_id}`}>{row.task.task_id}</button>
      <p className="task-text">{clip(row.task.text, 180)}</p>
      {d ? <p className={row.state === 'overdue' ? 'due overdue' : 'due'}>{t('deadline')}: {formatDate(d.due)} <span className="muted">({d.text})</span></p> : null}
      {row.task.unit_tasks?.length ? <p className="small unit-tasks-count">{t('unit_tasks_under', { n: row.task.unit_tasks.length })}</p> : null}
      <p className="muted small">
        {lead && row.lead
          ? <>{row.lead.percent !== null ? `${row.lead.percent}% · ` : ''}{row.lead.period ? t('reported_in', { period: row.lead.period }) : t('not_reported')}</>
          : <Summary c={row.task.counts} />}
      </p>
    </li>
  );
}

function Board({ rows, lead }: { rows: Row[]; lead: boolean }) {
  const { t } = useApp();
  return (
    <div className="board" id="task-board">
      {COLUMNS.map((s) => {
        const list = rows.filter((r) => r.state === s || (s === 'done' && r.state === 'cancelled'));
        return (
          <section key={s} className={`board-col col-${s}`} aria-labelledby={`col-${s}`}>
            <h2 id={`col-${s}`}>{t(('tstate_' + s) as 'tstate_done')} <span className="chip-n">{formatNumber(list.length)}</span></h2>
            {list.length ? <ul className="cards-col">{list.map((r) => <TaskCard key={r.task.task_id} row={r} lead={lead} />)}</ul>
              : <p className="muted">{t('nothing_found')}</p>}
          </section>
        );
      })}
    </div>
  );
}

/** Every lead unit with where its tasks stand, most overdue first. */
function UnitList({ board, title, filters }: { board: TaskBoard; title: string; filters: string[] }) {
  const { t } = useApp();
  return (
    <>
    <div className="table-head"><span /><TableTools tableId="units-tasks" title={title} filters={filters} fileName="nhiem-vu-theo-don-vi" /></div>
    <div className="table-wrap">
      <table className="list numbers stack" id="units-tasks">
        <thead>
          <tr>
            <th scope="col">{t('lead')}</th><th scope="col">{t('tstate_overdue')}</th><th scope="col">{t('tstate_not_reported')}</th>
            <th scope="col">{t('tstate_not_started')}</th><th scope="col">{t('tstate_in_progress')}</th><th scope="col">{t('tstate_done')}</th>
            <th scope="col">{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          {board.units.map((u) => (
            <tr key={u.unit.id} data-code={u.unit.code} className={u.counts.overdue ? 'overdue' : undefined}>
              <th scope="row" data-label={t('lead')}><Link to={`/tasks${query({ lead: u.unit.id, at: board.as_of, view: 'list' })}`}>{u.unit.name}</Link></th>
              <td data-label={t('tstate_overdue')} {...figure(u.counts.overdue)}>{formatNumber(u.counts.overdue)}</td>
              <td data-label={t('tstate_not_reported')} {...figure(u.counts.states.not_reported)}>{formatNumber(u.counts.states.not_reported)}</td>
              <td data-label={t('tstate_not_started')} {...figure(u.counts.states.not_started)}>{formatNumber(u.counts.states.not_started)}</td>
              <td data-label={t('tstate_in_progress')} {...figure(u.counts.states.in_progress)}>{formatNumber(u.counts.states.in_progress)}</td>
              <td data-label={t('tstate_done')} {...figure(u.counts.states.done + u.counts.states.cancelled)}>{formatNumber(u.counts.states.done + u.counts.states.cancelled)}</td>
              <td data-label={t('total')} {...figure(u.counts.total)}>{formatNumber(u.counts.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}

/** One unit's tasks, overdue first. */
function LeadList({ rows, title, filters }: { rows: Row[]; title: string; filters: string[] }) {
  const { t } = useApp();
  return (
    <>
    <div className="table-head"><span /><TableTools tableId="lead-tasks" title={title} filters={filters} fileName="nhiem-vu" /></div>
    <div className="table-wrap">
      <table className="list stack" id="lead-tasks">
        <thead>
          <tr><th scope="col">{t('task')}</th><th scope="col">{t('deadline')}</th><th scope="col">{t('state')}</th><th scope="col">{t('task_percent')}</th><th scope="col">{t('task_output')}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.task.task_id} className={r.state === 'overdue' ? 'overdue' : undefined} data-task={r.task.task_id}>
              <td data-label={t('task')} data-value={`${r.task.task_id} ${r.task.text}`} data-format="text"><span className="num">{r.task.task_id}</span> {clip(r.task.text, 200)}</td>
              <td data-label={t('deadline')} {...day(r.task.deadlines[0]?.due)}>{r.task.deadlines[0] ? formatDate(r.task.deadlines[0].due) : '—'}</td>
              <td data-label={t('state')}><span className={`badge ts-${r.state}`}>{t(('tstate_' + r.state) as 'tstate_done')}</span></td>
              <td data-label={t('task_percent')} {...figure(r.lead?.percent)}>{r.lead?.percent ?? '—'}</td>
              <td data-label={t('task_output')}>{r.lead?.output || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}

/** The tasks with deadlines on the program's year: each bar runs to its deadline; the line is
 * the date the board is for. */
function Timeline({ rows, year, asOf }: { rows: Row[]; year: number; asOf: string }) {
  const { t } = useApp();
  const dated = rows.filter((r) => r.task.deadlines.length > 0);
  const pct = (date: string) => `${(yearFraction(date, year) * 100).toFixed(2)}%`;
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}-01`);
  if (!dated.length) return <p className="muted">{t('no_dated_tasks')}</p>;
  return (
    <div className="timeline" id="task-timeline" role="list" aria-label={t('view_timeline')}>
      <div className="tl-row tl-axis" aria-hidden="true">
        <span className="tl-label" />
        <span className="tl-track">
          {months.map((m, i) => <span key={m} className="tl-month" style={{ left: pct(m) }}>{t('month_short', { m: i + 1 })}</span>)}
        </span>
      </div>
      <div className="tl-row tl-axis" aria-hidden="true">
        <span className="tl-label" />
        <span className="tl-track">
          {/* the date the board is for, its label kept inside the track */}
          <span className={yearFraction(asOf, year) > 0.5 ? 'tl-now-label end' : 'tl-now-label'}
                style={yearFraction(asOf, year) > 0.5 ? { right: `${(100 - yearFraction(asOf, year) * 100).toFixed(2)}%` } : { left: pct(asOf) }}>
            {formatDate(asOf)}
          </span>
        </span>
      </div>
      {dated.map((r) => {
        const d = r.task.deadlines[0];
        return (
          <div key={r.task.task_id} className="tl-row" role="listitem" data-task={r.task.task_id}>
            <span className="tl-label">
              <button type="button" className="link" onClick={() => setSearch({ task: r.task.task_id })}>{r.task.task_id}</button>{' '}
              <span className="muted small">{clip(r.task.text, 70)}</span>
            </span>
            <span className="tl-track">
              <span className={`tl-bar ts-${r.state}`} style={{ width: pct(d.due) }}
                    title={`${t('deadline')}: ${formatDate(d.due)} — ${t(('tstate_' + r.state) as 'tstate_done')}`} />
              <span className="tl-due" style={{ left: pct(d.due) }} />
              <span className="tl-now" style={{ left: pct(asOf) }} />
              <span className="sr-only">{t('deadline')}: {formatDate(d.due)}; {t(('tstate_' + r.state) as 'tstate_done')}</span>
            </span>
          </div>
        );
      })}
    </div>
  );
}

function TaskDetail({ taskId, data, error, loading, title, filters }: { taskId: string; data: TaskBoard | null | undefined; error: unknown; loading: boolean; title: string; filters: string[] }) {
  const { t } = useApp();
  const task = data?.items[0];
  const leads = [...(task?.leads ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue) || compareVi(a.unit.name, b.unit.name));
  let body: ReactNode = null;
  if (error) body = <ErrorBox error={error} />;
  else if (loading && !data) body = <Loading />;
  else if (task) {
    body = (
      <>
        <p className="task-text">{task.text}</p>
        {task.deadlines.map((d) => <p key={d.due + d.text} className="due">{t('deadline')}: {formatDate(d.due)} ({d.text})</p>)}
        {task.unit_tasks?.length ? <UnitTasks tasks={task.unit_tasks} /> : null}
        <div className="table-head"><p><Summary c={task.counts} /></p>
          <TableTools tableId="task-leads" title={`${title} · ${taskId}`} filters={[...filters, `${t('task')}: ${taskId} ${clip(task.text, 200)}`]} fileName="don-vi-chu-tri" />
        </div>
        <div className="table-wrap">
          <table className="list stack" id="task-leads">
            <thead><tr><th scope="col">{t('lead')}</th><th scope="col">{t('state')}</th><th scope="col">{t('task_percent')}</th><th scope="col">{t('period')}</th><th scope="col">{t('task_output')}</th></tr></thead>
            <tbody>
              {leads.map((l) => {
                const s: TaskState = l.overdue ? 'overdue' : (l.status ?? 'not_reported');
                return (
                  <tr key={l.unit.id} data-code={l.unit.code}>
                    <th scope="row" data-label={t('lead')}>{l.unit.name}</th>
                    <td data-label={t('state')}><span className={`badge ts-${s}`}>{t(('tstate_' + s) as 'tstate_done')}</span></td>
                    <td data-label={t('task_percent')} {...figure(l.percent)}>{l.percent ?? '—'}</td>
                    <td data-label={t('period')}>{l.period ?? '—'}</td>
                    <td data-label={t('task_output')}>{l.output || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </>
    );
  } else body = <p role="alert">{t('not_found')}</p>;
  return (
    <section className="task-detail card" aria-labelledby="task-h">
      <h2 id="task-h">{t('task')} {taskId} <button type="button" className="link" onClick={() => setSearch({ task: null })}>{t('close')}</button></h2>
      {body}
    </section>
  );
}

/** The units' own tasks serving a Ministry task: Ministry item → unit task → person. */
function UnitTasks({ tasks }: { tasks: BoardUnitTask[] }) {
  const { t } = useApp();
  return (
    <section className="unit-tasks" aria-label={t('unit_tasks_under', { n: tasks.length })}>
      <h3>{t('unit_tasks_under', { n: tasks.length })}</h3>
      <ul className="plain">
        {tasks.map((u) => {
          const r = u.responsible;
          const who = typeof r === 'string' ? r : r ? (r.user ? personName(r.user) : r.name) : '';
          const s = u.overdue ? 'overdue' : (u.status ?? 'not_reported');
          return (
            <li key={u.id} data-task={u.id}>
              {u.unit ? <strong>{u.unit.name}: </strong> : null}{u.text}
              <span className="muted"> · {[who, u.due ? `${t('deadline')} ${formatDate(u.due)}` : ''].filter(Boolean).join(' · ')}</span>
              {' '}<span className={`badge ts-${s}`}>{t(('tstate_' + s) as 'tstate_done')}</span>
              {u.percent !== null && u.percent !== undefined ? <span className="muted"> {u.percent}%</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function clip(text: string, n: number): string {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

