// Reporting overview for planners: completeness and timeliness per period and per unit, as of
// a date; overdue tasks.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Loading, PageTitle, PrintHead, ProgramPicker, RatioBar, TableTools, useLoad } from '../components';
import { day, figure, ratio } from '../lib/table_export';
import { get, query } from '../lib/api';
import { formatDate, formatNumber, formatRatio, parseDate } from '../lib/format';
import { compareVi, filterBy } from '../lib/search';
import type { Counts, Items, OverdueTask, Timeliness } from '../lib/types';

const Bars = lazy(() => import('../chart'));

type SortKey = 'name' | 'completeness' | 'timeliness' | 'missing';

export function CountsCells({ c }: { c: Counts }) {
  const { t } = useApp();
  return (
    <>
      <td className="num-cell" {...figure(c.expected)}>{formatNumber(c.expected)}</td>
      <td className="num-cell" {...figure(c.received)}>{formatNumber(c.received)}</td>
      <td className="num-cell" {...figure(c.on_time)}>{formatNumber(c.on_time)}</td>
      <td className="num-cell" {...figure(c.late)}>{formatNumber(c.late)}</td>
      <td className="num-cell" {...figure(c.missing)}>{formatNumber(c.missing)}</td>
      <td className="num-cell" {...figure(c.pending)}>{formatNumber(c.pending)}</td>
      <td className="num-cell" {...figure(c.approved)}>{formatNumber(c.approved)}</td>
      <td className="num-cell" {...figure(c.returned)}>{formatNumber(c.returned)}</td>
      <td className="num-cell" {...ratio(c.completeness)}><RatioBar value={c.completeness} label={t('completeness')} /> {formatRatio(c.completeness)}</td>
      <td className="num-cell" {...ratio(c.timeliness)}>{formatRatio(c.timeliness)}</td>
    </>
  );
}

export function CountsHead() {
  const { t } = useApp();
  return (
    <>
      <th scope="col">{t('expected')}</th><th scope="col">{t('received')}</th><th scope="col">{t('on_time')}</th>
      <th scope="col">{t('late')}</th><th scope="col">{t('missing')}</th><th scope="col">{t('pending')}</th>
      <th scope="col">{t('approved')}</th><th scope="col">{t('returned')}</th>
      <th scope="col">{t('completeness')}</th><th scope="col">{t('timeliness')}</th>
    </>
  );
}

export default function Overview() {
  const { t, programId, programs } = useApp();
  const program = programs.find((p) => p.id === programId);
  const [asOfText, setAsOfText] = useState('');
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<SortKey>('name');
  const asOf = asOfText ? parseDate(asOfText) : '';
  const data = useLoad(
    (s) => (programId && asOf !== null ? get<Timeliness>(`/programs/${programId}/timeliness${query({ as_of: asOf })}`, s) : Promise.resolve(null)),
    [programId, asOf],
  );
  const overdue = useLoad(
    (s) => (programId && asOf !== null ? get<Items<OverdueTask>>(`/programs/${programId}/overdue-tasks${query({ as_of: asOf })}`, s) : Promise.resolve(null)),
    [programId, asOf],
  );
  const tl = data.data;
  const periods = useMemo(() => (tl ? tl.periods.filter((p) => p.counts.expected > 0) : []), [tl]);
  const chartCats = useMemo(() => periods.map((p) => p.period.label), [periods]);
  const chartSeries = useMemo(() => [
    { name: t('completeness'), values: periods.map((p) => p.counts.completeness), color: '#2b6cb0' },
    { name: t('timeliness'), values: periods.map((p) => p.counts.timeliness), color: '#2f855a' },
  ], [periods, t]);
  const units = useMemo(() => {
    const list = filterBy(tl?.units ?? [], q, (u) => `${u.unit.name} ${u.unit.code}`);
    const by: Record<SortKey, (a: typeof list[0], b: typeof list[0]) => number> = {
      name: (a, b) => compareVi(a.unit.name, b.unit.name),
      completeness: (a, b) => a.counts.completeness - b.counts.completeness || compareVi(a.unit.name, b.unit.name),
      timeliness: (a, b) => a.counts.timeliness - b.counts.timeliness || compareVi(a.unit.name, b.unit.name),
      missing: (a, b) => b.counts.missing - a.counts.missing || compareVi(a.unit.name, b.unit.name),
    };
    return [...list].sort(by[sort]);
  }, [tl, q, sort]);

  const title = `${t('overview_title')}${program ? ' · ' + program.number : ''}`;
  const dated = tl ? [t('print_data_date', { date: formatDate(tl.as_of) })] : [];
  return (
    <>
      {tl ? <PrintHead at={tl.as_of} /> : null}
      <PageTitle sub={tl ? t('as_of', { date: formatDate(tl.as_of) }) : undefined}>{t('overview_title')}</PageTitle>
      <div className="filters">
        <ProgramPicker />
        <label className="inline-field">{t('as_of_date')}
          <input value={asOfText} onChange={(e) => setAsOfText(e.target.value)} placeholder={t('today_placeholder')} className="narrow"
                 aria-invalid={asOf === null ? true : undefined} aria-describedby={asOf === null ? 'asof-err' : undefined} />
        </label>
        {asOf === null ? <span className="field-error" id="asof-err" role="alert">{t('date_format')}</span> : null}
      </div>
      <ErrorBox error={data.error} />
      {data.loading && !tl ? <Loading /> : null}
      {tl ? (
        <>
          <div className="kpis" aria-label={t('year_totals')}>
            <Kpi label={t('expected')} value={formatNumber(tl.total.expected)} />
            <Kpi label={t('received')} value={formatNumber(tl.total.received)} />
            <Kpi label={t('missing')} value={formatNumber(tl.total.missing)} />
            <Kpi label={t('completeness')} value={formatRatio(tl.total.completeness)} />
            <Kpi label={t('timeliness')} value={formatRatio(tl.total.timeliness)} />
          </div>
          <section aria-labelledby="periods-h">
            <div className="table-head">
              <h2 id="periods-h">{t('by_period')}</h2>
              <TableTools tableId="periods-table" title={`${title} · ${t('by_period')}`} filters={dated} fileName="bao-cao-theo-ky" />
            </div>
            <Suspense fallback={<Loading />}>
              {periods.length ? <Bars categories={chartCats} series={chartSeries} percent label={t('chart_by_period')} /> : null}
            </Suspense>
            <div className="table-wrap">
              <table className="list numbers" id="periods-table">
                <thead><tr><th scope="col">{t('period')}</th><th scope="col">{t('due')}</th><CountsHead /></tr></thead>
                <tbody>
                  {periods.map((p) => (
                    <tr key={p.obligation + p.period.key}>
                      <th scope="row">{p.period.label}</th>
                      <td {...day(p.due)}>{formatDate(p.due)}</td>
                      <CountsCells c={p.counts} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="units-h">
            <div className="table-head">
              <h2 id="units-h">{t('by_unit')}</h2>
              <TableTools tableId="units-table" title={`${title} · ${t('by_unit')}`} fileName="bao-cao-theo-don-vi"
                          filters={[...dated, q.trim() ? `${t('search')}: ${q.trim()}` : ''].filter(Boolean)} />
            </div>
            <div className="filters">
              <label className="inline-field">{t('search')}
                <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
              </label>
              <label className="inline-field">{t('sort_by')}
                <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
                  <option value="name">{t('name')}</option>
                  <option value="completeness">{t('completeness')} ↑</option>
                  <option value="timeliness">{t('timeliness')} ↑</option>
                  <option value="missing">{t('missing')} ↓</option>
                </select>
              </label>
            </div>
            <div className="table-wrap">
              <table className="list numbers" id="units-table">
                <thead><tr><th scope="col">{t('unit')}</th><CountsHead /></tr></thead>
                <tbody>
                  {units.map((u) => (
                    <tr key={u.unit.id} data-unit={u.unit.code}>
                      <th scope="row">{u.unit.name}</th>
                      <CountsCells c={u.counts} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
      <section aria-labelledby="overdue-h">
        <div className="table-head">
          <h2 id="overdue-h">{t('overdue_tasks')}{overdue.data ? ` (${overdue.data.items.length})` : ''}</h2>
          {overdue.data?.items.length ? <TableTools tableId="overdue-table" title={`${title} · ${t('overdue_tasks')}`} filters={dated} fileName="nhiem-vu-qua-han" /> : null}
        </div>
        <ErrorBox error={overdue.error} />
        <OverdueTable items={overdue.data?.items ?? []} />
      </section>
    </>
  );
}

export function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="kpi">
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
}

export function OverdueTable({ items }: { items: OverdueTask[] }) {
  const { t } = useApp();
  if (!items.length) return <p className="muted">{t('no_overdue_tasks')}</p>;
  return (
    <div className="table-wrap">
      <table className="list" id="overdue-table">
        <thead><tr><th scope="col">{t('deadline')}</th><th scope="col">{t('lead')}</th><th scope="col">{t('task')}</th><th scope="col">{t('state')}</th></tr></thead>
        <tbody>
          {items.map((x) => (
            <tr key={x.task_id + (x.unit?.id ?? '')}>
              <td {...day(x.deadline)}>{formatDate(x.deadline)} <span className="muted">({x.deadline_text})</span></td>
              <td>{x.unit?.name ?? '—'}</td>
              <td><span className="num">{x.section}</span> {x.what}</td>
              <td>{x.status ? t(('task_' + x.status) as 'task_done') : t('not_reported')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
