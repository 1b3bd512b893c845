// The reports due from my unit (an editor's or approver's), or from every unit (planners),
// with their deadlines and where each stands.
import { useState } from 'react';
import { canPlan, useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, ProgramPicker, StateBadge, useLoad } from '../components';
import { getAll, query } from '../lib/api';
import { formatDate, formatDateTime } from '../lib/format';
import { filterBy } from '../lib/search';
import type { DueReport } from '../lib/types';

const STATES = ['not_due', 'missing', 'draft', 'submitted', 'returned', 'approved'] as const;
const LIMIT = 200;

export function reportPath(programId: number, d: Pick<DueReport, 'obligation' | 'period' | 'unit'>): string {
  return `/reports/${programId}/${d.obligation.key}/${d.period.key}/${d.unit.id}`;
}

export function MyReports() {
  const { t, programId, user } = useApp();
  const [state, setState] = useState('');
  const [q, setQ] = useState('');
  const { data, error, loading } = useLoad(
    (s) => (programId ? getAll<DueReport>(`/programs/${programId}/reports/due${query({ state })}`, s) : Promise.resolve({ items: [], total: 0 })),
    [programId, state],
  );
  const all = data?.items ?? [];
  const many = new Set(all.map((d) => d.unit.id)).size > 1;
  const shown = filterBy(all, q, (d) => `${d.unit.name} ${d.unit.code} ${d.period.label} ${d.obligation.name}`);
  return (
    <>
      <PageTitle sub={canPlan(user) ? t('my_reports_sub_all') : t('my_reports_sub', { unit: user.unit_name ?? '' })}>
        {t('my_reports_title')}
      </PageTitle>
      <div className="filters">
        <ProgramPicker />
        <label className="inline-field">
          {t('state')}
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('all')}</option>
            {STATES.map((s) => <option key={s} value={s}>{t(('state_' + s) as 'state_draft')}</option>)}
          </select>
        </label>
        <label className="inline-field">
          {t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
      </div>
      <ErrorBox error={error} />
      {loading && !data ? <Loading /> : null}
      {data && shown.length === 0 ? <p className="muted">{t('nothing_found')}</p> : null}
      {shown.length ? (
        <div className="table-wrap">
          <table className="list stack">
            <caption className="sr-only">{t('my_reports_title')}</caption>
            <thead>
              <tr>
                <th scope="col"><span className="sr-only">{t('open')}</span></th>
                <th scope="col">{t('report')}</th>
                <th scope="col">{t('period')}</th>
                {many ? <th scope="col">{t('unit')}</th> : null}
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col" className="hide-narrow">{t('last_change')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, LIMIT).map((d) => (
                <tr key={`${d.obligation.key}/${d.period.key}/${d.unit.id}`} className={d.overdue ? 'overdue' : ''}>
                  <td>
                    <Link to={reportPath(programId!, d)}>
                      {d.state === 'approved' || d.state === 'submitted' ? t('view') : t('enter')}
                      <span className="sr-only"> {d.obligation.name} {d.period.label} {many ? d.unit.name : ''}</span>
                    </Link>
                  </td>
                  <td data-label={t('report')}>{d.obligation.name}</td>
                  <td data-label={t('period')}>{d.period.label}</td>
                  {many ? <td data-label={t('unit')}>{d.unit.name}</td> : null}
                  <td data-label={t('due')}>{formatDate(d.due)}{d.overdue ? <span className="warn"> · {t('overdue')}</span> : null}</td>
                  <td data-label={t('state')}><StateBadge state={d.state} />{d.late ? <span className="warn"> · {t('late')}</span> : null}</td>
                  <td className="hide-narrow">{formatDateTime(d.report.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {shown.length > LIMIT ? <p className="muted">{t('first_n_of', { n: LIMIT, total: shown.length })}</p> : null}
    </>
  );
}
