// Every unit's own program for the program in view (GET /programs/{id}/unit-programs): the due
// date the decision sets, chips by where each stands (not sent, late, waiting for review,
// returned, accepted, drafts), and a link to each. A unit's own account goes straight to its own.
import { useState } from 'react';
import { canPlan, useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, ProgramPicker, TableTools, useLoad } from '../components';
import { get } from '../lib/api';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { UNIT_PROGRAM_CHIPS, chipCounts, chipOf, daysLate, stateKey, type UnitProgramChip } from '../lib/plan_life';
import { filterBy, sortVi } from '../lib/search';
import type { UnitProgramList, UnitProgramState } from '../lib/types';
import { UnitProgramPage } from './unit_program';

export function unitProgramPath(programId: number, unitId: number): string {
  return `/unit-programs/${programId}/${unitId}`;
}

export function UnitProgramBadge({ state }: { state: UnitProgramState | string }) {
  const { t } = useApp();
  return <span className={`badge up-${state}`}>{t(stateKey(state as UnitProgramState) as 'up_state_draft')}</span>;
}

export function UnitProgramsPage() {
  const { user, programId } = useApp();
  // A unit's editor or approver has one program to write: its own.
  if (!canPlan(user) && user.unit_id !== null && (user.role === 'editor' || user.role === 'approver') && programId !== null) {
    return <UnitProgramPage programId={programId} unitId={user.unit_id} />;
  }
  return <UnitProgramList />;
}

function UnitProgramList() {
  const { t, programId } = useApp();
  const [chip, setChip] = useState<UnitProgramChip | ''>('');
  const [q, setQ] = useState('');
  const list = useLoad((s) => (programId ? get<UnitProgramList>(`/programs/${programId}/unit-programs`, s) : Promise.resolve(null)), [programId]);
  const items = sortVi(list.data?.items ?? [], (x) => x.unit.name);
  const counts = chipCounts(items);
  const shown = filterBy(items.filter((x) => !chip || chipOf(x, chip)), q, (x) => `${x.unit.name} ${x.unit.code}`);
  const due = list.data?.due ?? null;
  return (
    <>
      <PageTitle sub={due ? t('up_list_sub', { date: formatDate(due) }) : t('up_list_sub_nodue')}>{t('up_list_title')}</PageTitle>
      <div className="filters">
        <ProgramPicker />
        <label className="inline-field">
          {t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
      </div>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="chips" role="group" aria-label={t('up_chips')}>
          <button type="button" className="chip st-all" aria-pressed={chip === ''} onClick={() => setChip('')}>
            {t('all')} <span className="chip-n">{formatNumber(items.length)}</span>
          </button>
          {UNIT_PROGRAM_CHIPS.map((c) => (
            <button key={c} type="button" className={`chip up-chip-${c}`} aria-pressed={chip === c} data-chip={c} onClick={() => setChip(c)}>
              {t(('up_chip_' + c) as 'up_chip_late')} <span className="chip-n">{formatNumber(counts[c])}</span>
            </button>
          ))}
        </div>
      ) : null}
      {list.data && shown.length === 0 ? <p className="muted">{t('nothing_found')}</p> : null}
      {shown.length ? (
        <>
          <div className="table-head"><span />
            <TableTools tableId="unit-programs-table" title={t('up_list_title')} fileName="chuong-trinh-don-vi"
                        filters={[chip ? t(('up_chip_' + chip) as 'up_chip_late') : '', q.trim()].filter(Boolean)} />
          </div>
          <div className="table-wrap">
            <table className="list stack" id="unit-programs-table">
              <caption className="sr-only">{t('up_list_title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('unit')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('up_first_sent')}</th>
                  <th scope="col" className="num-cell">{t('up_task_count')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((x) => {
                  // Days late once sent (the browser's clock is not the server's: a rehearsal's is 2012).
                  const late = x.late && x.first_submitted_at ? daysLate(due, x.first_submitted_at, x.first_submitted_at) : 0;
                  return (
                    <tr key={x.unit.id} data-unit={x.unit.code} data-state={x.status} className={x.late ? 'overdue' : ''}>
                      <td data-label={t('unit')}><Link to={unitProgramPath(programId!, x.unit.id)}>{x.unit.name}</Link></td>
                      <td data-label={t('state')}>
                        <UnitProgramBadge state={x.status} />
                        {x.late ? <span className="warn"> · {late ? t('up_days_late', { n: late }) : t('late')}</span> : null}
                      </td>
                      <td data-label={t('up_first_sent')}>{x.first_submitted_at ? formatDateTime(x.first_submitted_at) : <span className="muted">—</span>}</td>
                      <td data-label={t('up_task_count')} className="num-cell">{formatNumber(x.tasks)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
