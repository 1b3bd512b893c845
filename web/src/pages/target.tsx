// A target's drill-down: the target at the node shown (the country, or a unit) with its months,
// then its provinces (map and ranking) or the Ministry's units; and one unit's months on it.
import { lazy, Suspense, useMemo } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, PrintHead, TableTools, VersionBadge } from '../components';
import { figure, ratio } from '../lib/table_export';
import { DateFilter, StatusBadge } from '../figures';
import { query } from '../lib/api';
import { formatDate, formatNumber, formatQuantity, formatRatio } from '../lib/format';
import { monthlySeries, runningTotal } from '../lib/measure';
import { setSearch, useLocation } from '../lib/router';
import type { DashboardData, TargetMeasure } from '../lib/types';
import { quantity, useDashboard, useMonths } from '../dashboard_data';
import { Kpi } from './overview';
import { ProvincesPanel } from './provinces';

const Trend = lazy(() => import('../chart').then((m) => ({ default: m.Trend })));

/** The target's figures at the node of `dash`: so far, plan, achievement, pace, projection. */
function TargetKpis({ row }: { row: TargetMeasure }) {
  const { t, lang, programId } = useApp();
  return (
    <>
      <div className="kpis">
        <Kpi label={t('so_far')} value={row.current === null ? '—' : quantity(row, row.current, lang)} />
        <Kpi label={t('plan')} value={row.target_value === null ? '—' : quantity(row, row.target_value, lang)} />
        <Kpi label={t('achievement')} value={row.achievement === null ? '—' : formatRatio(row.achievement)} />
        <Kpi label={t('expected_by_now')} value={row.expected === null ? '—' : quantity(row, row.expected, lang)} />
        <Kpi label={t('projection')} value={row.projection === null ? '—' : quantity(row, row.projection, lang)} />
      </div>
      <VersionBadge original={row.target_original} current={row.target_value} from={row.target_from} uom={row.target.unit} programId={programId} />
      <p><StatusBadge status={row.status} /> <span className="explanation">{row.explanation}</span></p>
    </>
  );
}

/** The months of one target at one node: a chart and the table of its figures. */
function Months({ dash, row, unit }: { dash: DashboardData; row: TargetMeasure; unit: number | null }) {
  const { t, lang, programId } = useApp();
  const months = useMonths(programId, dash, [row.target.id], unit);
  const flow = row.target.unit !== '%';
  const monthly = useMemo(() => monthlySeries(months.data?.items ?? [], row.target.id, dash.year), [months.data, row.target.id, dash.year]);
  const total = useMemo(() => (flow ? runningTotal(monthly) : undefined), [monthly, flow]);
  // The pace a flow's target asks for: an even share each month.
  const expected = useMemo(
    () => (flow && row.target_value !== null ? monthly.map((_, i) => Math.round((row.target_value! * (i + 1)) / 12)) : undefined),
    [flow, row.target_value, monthly],
  );
  const labels = useMemo(() => monthly.map((_, i) => `${lang === 'vi' ? 'T' : 'M'}${i + 1}`), [monthly, lang]);
  const names = useMemo(() => ({ monthly: t('in_month'), total: t('cumulative'), expected: t('expected_pace') }), [t]);
  const format = useMemo(() => (v: number) => formatQuantity(row.target.unit === '%' ? v : Math.round(v), row.target.unit === 'đồng' ? 'đồng' : '', lang), [row.target.unit, lang]);
  if (months.error) return <ErrorBox error={months.error} />;
  if (!months.data) return <Loading />;
  const any = monthly.some((v) => v !== null);
  return (
    <>
      {any ? (
        <Suspense fallback={<Loading />}>
          <Trend months={labels} monthly={monthly} total={total} expected={expected} names={names} format={format}
                 label={t('trend_of', { name: row.target.indicator })} />
        </Suspense>
      ) : <p className="muted">{t('no_figures')}</p>}
      <div className="table-head">
        <h3>{t('months_of', { name: row.target.indicator })}</h3>
        <TableTools tableId="months-table" title={`${row.target.section} · ${row.target.indicator}`} fileName="cac-thang"
                    filters={[t('print_data_date', { date: formatDate(dash.at) }), `${t('unit')}: ${dash.unit ? dash.unit.name : t('whole_country')}`]} />
      </div>
      <div className="table-wrap">
        <table className="list numbers" id="months-table">
          <caption className="sr-only">{t('months_of', { name: row.target.indicator })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('month')}</th><th scope="col">{t('in_month')}</th>
              {flow ? <th scope="col">{t('cumulative')}</th> : null}
              {flow ? <th scope="col">{t('share_of_plan')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {monthly.map((v, i) => (
              <tr key={i} data-month={i + 1}>
                <th scope="row">{t('month_n', { m: i + 1, y: dash.year })}</th>
                <td {...figure(v)}>{v === null ? '—' : quantity(row, v, lang)}</td>
                {flow ? <td {...figure(total![i])}>{total![i] === null ? '—' : quantity(row, total![i], lang)}</td> : null}
                {flow ? <td {...ratio(total![i] === null || !row.target_value ? null : total![i]! / row.target_value)}>{total![i] === null || !row.target_value ? '—' : formatRatio(total![i]! / row.target_value)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function TargetPage({ id }: { id: number }) {
  const { t, programId } = useApp();
  const { search } = useLocation();
  const at = search.get('at') ?? '';
  const unit = search.get('unit') ?? '';
  const level = search.get('level') ?? 'province';
  const dash = useDashboard(programId, { at, unit, target: id, level: level === 'province' ? '' : level });
  const d = dash.data;
  const row = d?.targets.find((x) => x.target.id === id);
  return (
    <>
      {d ? <PrintHead at={d.at} lines={[d.unit ? d.unit.name : t('whole_country')]} /> : null}
      <PageTitle sub={row ? `${row.target.section} · ${t('as_of', { date: formatDate(d!.at) })}` : undefined}>
        {row ? row.target.indicator : t('target')}
      </PageTitle>
      <p className="print-hide"><Link to={`/${query({ at: d?.at, unit })}`}>← {t('back_to_dashboard')}</Link></p>
      <div className="filters"><DateFilter at={d?.at ?? at} /></div>
      <ErrorBox error={dash.error} />
      {dash.loading && !d ? <Loading /> : null}
      {d && !row ? <p role="alert">{t('not_found')}</p> : null}
      {d && row ? (
        <>
          <section aria-labelledby="t-h">
            <h2 id="t-h">{d.unit ? d.unit.name : t('whole_country')}</h2>
            <TargetKpis row={row} />
            <Months dash={d} row={row} unit={unit ? Number(unit) : null} />
          </section>
          <section aria-labelledby="r-h">
            <h2 id="r-h">{level === 'province' ? t('by_province') : t('by_department')}</h2>
            <div className="filters">
              <label className="inline-field">{t('level')}
                <select value={level} onChange={(e) => setSearch({ level: e.target.value === 'province' ? null : e.target.value })}>
                  <option value="province">{t('kind_province')}</option>
                  <option value="department">{t('kind_department')}</option>
                </select>
              </label>
            </div>
            <ProvincesPanel dash={d} row={row} />
          </section>
        </>
      ) : null}
    </>
  );
}

export function UnitHistoryPage({ id, unit }: { id: number; unit: number }) {
  const { t, programId } = useApp();
  const { search } = useLocation();
  const at = search.get('at') ?? '';
  const dash = useDashboard(programId, { at, unit: String(unit), target: id });
  const d = dash.data;
  const row = d?.targets.find((x) => x.target.id === id);
  return (
    <>
      <PageTitle sub={row ? `${row.target.indicator} · ${t('as_of', { date: formatDate(d!.at) })}` : undefined}>
        {d?.unit ? d.unit.name : t('unit')}
      </PageTitle>
      <p><Link to={`/targets/${id}${query({ at: d?.at })}`}>← {t('back_to_target')}</Link></p>
      <ErrorBox error={dash.error} />
      {dash.loading && !d ? <Loading /> : null}
      {d && row ? (
        <section aria-labelledby="u-h">
          <h2 id="u-h">{row.target.indicator}</h2>
          <TargetKpis row={row} />
          <Months dash={d} row={row} unit={unit} />
          <p className="muted">{t('unit_targets_hint', { n: formatNumber(d.targets.filter((x) => x.count > 0).length) })}{' '}
            <Link to={`/${query({ at: d.at, unit })}`}>{t('open_unit_dashboard')}</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}
