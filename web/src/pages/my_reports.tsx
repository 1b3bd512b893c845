// The reports due from my unit (an editor's or approver's), or from every unit (planners),
// with their deadlines and where each stands. A month's report and the quarter's due the same
// day for a period ending the same day are one row: the month's form answers both.
import { useState } from 'react';
import { canPlan, useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, ProgramPicker, StateBadge, TableTools, useLoad } from '../components';
import { day } from '../lib/table_export';
import { getAll, query } from '../lib/api';
import { formatDate, formatDateTime } from '../lib/format';
import { filterBy } from '../lib/search';
import type { DueReport } from '../lib/types';

const STATES = ['not_due', 'missing', 'draft', 'submitted', 'returned', 'approved'] as const;
const LIMIT = 200;

export function reportPath(programId: number, d: Pick<DueReport, 'obligation' | 'period' | 'unit'>): string {
  return `/reports/${programId}/${d.obligation.key}/${d.period.key}/${d.unit.id}`;
}

/** The rows of the list: each report, or a pair — the shorter period's report (the month) with
 * the report due the same day for a longer period ending the same day (the quarter), shown
 * once, in the place of the first of the two. */
export function pairRows(items: readonly DueReport[]): { main: DueReport; paired: DueReport | null }[] {
  const key = (d: DueReport) => `${d.unit.id}|${d.due}|${d.period.end}`;
  const byKey = new Map<string, DueReport[]>();
  for (const d of items) byKey.set(key(d), [...(byKey.get(key(d)) ?? []), d]);
  const used = new Set<DueReport>();
  const rows: { main: DueReport; paired: DueReport | null }[] = [];
  for (const d of items) {
    if (used.has(d)) continue;
    const same = (byKey.get(key(d)) ?? []).filter((x) => !used.has(x) && x.obligation.key !== d.obligation.key && x.period.start !== d.period.start);
    if (!same.length) {
      rows.push({ main: d, paired: null });
      continue;
    }
    // The shortest period of the group is the form that answers; it pairs with the next longer.
    const group = [d, ...same].sort((a, b) => b.period.start.localeCompare(a.period.start));
    const [main, paired] = group;
    used.add(main).add(paired);
    rows.push({ main, paired });
  }
  return rows;
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
  const shown = pairRows(filterBy(all, q, (d) => `${d.unit.name} ${d.unit.code} ${d.period.label} ${d.obligation.name}`));
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
        <>
        <div className="table-head"><span />
          <TableTools tableId="my-reports-table" title={t('my_reports_title')} fileName="bao-cao-cua-toi"
                      filters={[state ? `${t('state')}: ${t(('state_' + state) as 'state_draft')}` : '', q.trim() ? `${t('search')}: ${q.trim()}` : ''].filter(Boolean)} />
        </div>
        <div className="table-wrap">
          <table className="list stack" id="my-reports-table">
            <caption className="sr-only">{t('my_reports_title')}</caption>
            <thead>
              <tr>
                <th scope="col" className="print-hide" data-export="skip"><span className="sr-only">{t('open')}</span></th>
                <th scope="col">{t('report')}</th>
                <th scope="col">{t('period')}</th>
                {many ? <th scope="col">{t('unit')}</th> : null}
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col" className="hide-narrow">{t('last_change')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, LIMIT).map(({ main: d, paired: p }) => (
                <tr key={`${d.obligation.key}/${d.period.key}/${d.unit.id}`} className={d.overdue || p?.overdue ? 'overdue' : ''}>
                  <td className="print-hide" data-export="skip">
                    <Link to={reportPath(programId!, d)}>
                      {d.state === 'approved' || d.state === 'submitted' ? t('view') : t('enter')}
                      <span className="sr-only"> {d.obligation.name} {d.period.label}{p ? ` ${p.obligation.name} ${p.period.label}` : ''} {many ? d.unit.name : ''}</span>
                    </Link>
                  </td>
                  <td data-label={t('report')}>{p ? t('pair_row', { first: d.obligation.name, second: p.obligation.name }) : d.obligation.name}</td>
                  <td data-label={t('period')}>{p ? t('pair_row', { first: d.period.label, second: p.period.label }) : d.period.label}</td>
                  {many ? <td data-label={t('unit')}>{d.unit.name}</td> : null}
                  <td data-label={t('due')} {...day(d.due)}>{formatDate(d.due)}{d.overdue || p?.overdue ? <span className="warn"> · {t('overdue')}</span> : null}</td>
                  <td data-label={t('state')}>
                    <StateBadge state={d.state} />{d.late ? <span className="warn"> · {t('late')}</span> : null}
                    {p ? <> · <Link to={reportPath(programId!, p)}>{p.period.label}</Link>: <StateBadge state={p.state} /></> : null}
                  </td>
                  <td className="hide-narrow">{formatDateTime(d.report.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        </>
      ) : null}
      {shown.length > LIMIT ? <p className="muted">{t('first_n_of', { n: LIMIT, total: shown.length })}</p> : null}
    </>
  );
}
