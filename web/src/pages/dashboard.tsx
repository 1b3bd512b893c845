// The national dashboard (bảng điều hành): how far every target has come — plan, estimate or
// actual so far, achievement, the months' trend, the year-end projection, the status and the
// rule behind it — with the headline, the reporting of the latest period due and the overdue
// tasks by lead unit. Filters (area, unit, date, status) live in the address. Every target
// opens its drill-down: the provinces, then one province's months. Figures come from approved
// reports only (GET /programs/{id}/dashboard, POST /analytics/query).
import { lazy, Suspense, useMemo, useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, ProgramPicker, useLoad } from '../components';
import { AchievementBar, DateFilter, Sparkline, StatusBadge } from '../figures';
import { get, query } from '../lib/api';
import { formatDate, formatNumber, formatRatio } from '../lib/format';
import { monthlySeries } from '../lib/measure';
import { setSearch, useLocation } from '../lib/router';
import { compareVi, filterBy } from '../lib/search';
import type { Items, OrgUnit, Section, Status, TargetMeasure } from '../lib/types';
import { inArea, quantity, useDashboard, useMonths } from '../dashboard_data';
import { Kpi } from './overview';

const Bars = lazy(() => import('../chart'));

type Show = 'data' | 'all' | Status;
const SHOWS: Show[] = ['data', 'on_track', 'at_risk', 'off_track', 'no_data', 'all'];

export function Dashboard() {
  const { t, lang, programId, programs, user } = useApp();
  const { search } = useLocation();
  const at = search.get('at') ?? '';
  const unit = search.get('unit') ?? '';
  const area = search.get('area') ?? '';
  const show = (SHOWS.includes(search.get('show') as Show) ? search.get('show') : 'data') as Show;
  const [q, setQ] = useState('');
  const program = programs.find((p) => p.id === programId);
  const seesAll = user.role === 'admin' || user.role === 'planner' || (user.role === 'viewer' && !user.unit_id);

  const dash = useDashboard(programId, { at, unit });
  const d = dash.data;
  const withData = useMemo(() => (d?.targets ?? []).filter((x) => x.count > 0).map((x) => x.target.id), [d]);
  const months = useMonths(programId, d, withData, unit ? Number(unit) : null);
  const outline = useLoad((s) => (programId ? get<Items<Section>>(`/programs/${programId}/outline`, s) : Promise.resolve(null)), [programId]);
  // The units one can look at: the Ministry's and the provinces (not the districts and
  // communes below them, thousands at national scale).
  const units = useLoad(
    async (s) => {
      if (!seesAll || !d) return null;
      const [dep, prov] = await Promise.all(['department', 'province'].map((kind) => get<Items<OrgUnit>>(`/org-units${query({ at: d.at, kind })}`, s)));
      return { items: [...dep.items, ...prov.items] };
    },
    [seesAll, d?.at],
  );

  const areas = useMemo(
    () => (outline.data?.items ?? []).filter((s) => s.depth <= 1 && (d?.targets ?? []).some((x) => inArea(x.target.section, s.number))),
    [outline.data, d],
  );
  const inScope = (d?.targets ?? []).filter((x) => !area || inArea(x.target.section, area));
  const counts = countShows(inScope);
  const shown = filterBy(inScope.filter((x) => showIt(x, show)), q, (x) => `${x.target.section} ${x.target.indicator}`);
  const series = useMemo(() => {
    const m = new Map<number, (number | null)[]>();
    for (const id of withData) m.set(id, monthlySeries(months.data?.items ?? [], id, d?.year ?? 0));
    return m;
  }, [months.data, withData, d?.year]);

  const byLead = d?.overdue_tasks_by_lead ?? [];
  const leadCats = useMemo(() => byLead.map((x) => x.unit.name), [byLead]);
  const leadSeries = useMemo(() => [{ name: t('overdue_tasks'), values: byLead.map((x) => x.tasks), color: '#c05621' }], [byLead, t]);
  const drill = (id: number) => `/targets/${id}${query({ at: d?.at, unit })}`;

  if (!programId) return <p className="muted">{t('no_programs')}</p>;
  const sortedUnits = [...(units.data?.items ?? [])].sort((a, b) => compareVi(a.name, b.name));
  return (
    <>
      <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('dashboard_title')}</PageTitle>
      <div className="filters" role="search" aria-label={t('filters')}>
        <ProgramPicker />
        <label className="inline-field">{t('area')}
          <select value={area} onChange={(e) => setSearch({ area: e.target.value })}>
            <option value="">{t('all_areas')}</option>
            {areas.map((s) => <option key={s.number} value={s.number}>{s.number} · {cut(s.title, 60)}</option>)}
          </select>
        </label>
        {seesAll ? (
          <label className="inline-field">{t('unit')}
            <select value={unit} onChange={(e) => setSearch({ unit: e.target.value })}>
              <option value="">{t('whole_country')}</option>
              <optgroup label={t('kind_department')}>
                {sortedUnits.filter((u) => u.kind === 'department').map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </optgroup>
              <optgroup label={t('kind_province')}>
                {sortedUnits.filter((u) => u.kind === 'province').map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </optgroup>
            </select>
          </label>
        ) : null}
        <DateFilter at={d?.at ?? at} />
      </div>
      <ErrorBox error={dash.error} />
      {dash.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          <section aria-labelledby="head-h" className="dash-head">
            <h2 id="head-h" className="sr-only">{t('headline')}</h2>
            <p className="headline big" id="headline">
              {t('headline_targets', { n: formatNumber(counts.on_track), total: formatNumber(inScope.length) })}
            </p>
            {counts.data > 0 ? (
              <p className="headline-sub">
                {t('headline_tracked', { n: formatNumber(counts.data), on: formatNumber(counts.on_track), risk: formatNumber(counts.at_risk), off: formatNumber(counts.off_track) })}
              </p>
            ) : null}
            <p className="muted">
              {d.unit ? t('figures_of', { unit: d.unit.name }) : t('figures_national')} · {t('as_of', { date: formatDate(d.at) })} · {t('from_approved')}
            </p>
            <div className="chips" role="group" aria-label={t('show_targets')}>
              {SHOWS.map((s) => (
                <button key={s} type="button" className={`chip st-${s}`} aria-pressed={show === s}
                        onClick={() => setSearch({ show: s === 'data' ? null : s })}>
                  {t(('show_' + s) as 'show_data')} <span className="chip-n">{formatNumber(counts[s])}</span>
                </button>
              ))}
            </div>
            <details className="rule"><summary>{t('status_rule')}</summary><p>{d.status_rule}</p></details>
          </section>

          <section aria-labelledby="tg-h">
            <h2 id="tg-h">{t('targets')} ({formatNumber(shown.length)})</h2>
            <label className="search">{t('search')}
              <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
            </label>
            {months.error ? <ErrorBox error={months.error} /> : null}
            {shown.length === 0 ? <p className="muted">{t('nothing_found')}</p> : (
              <div className="table-wrap">
                <table className="list stack targets-table" id="targets-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('indicator')}</th><th scope="col">{t('plan')}</th><th scope="col">{t('so_far')}</th>
                      <th scope="col">{t('achievement')}</th><th scope="col">{t('trend')}</th><th scope="col">{t('projection')}</th>
                      <th scope="col">{t('state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((x) => (
                      <tr key={x.target.id} data-target={x.target.id} data-status={x.status}>
                        <td data-label={t('indicator')}>
                          <span className="num">{x.target.section}</span>
                          <Link to={drill(x.target.id)}>{x.target.indicator}</Link>
                        </td>
                        <td data-label={t('plan')} className="num-cell">{x.target_value === null ? '—' : `${t(('cmp_' + x.target.comparator) as 'cmp_eq')} ${quantity(x, x.target_value, lang)}`.trim()}</td>
                        <td data-label={t('so_far')} className="num-cell current">{x.current === null ? '—' : quantity(x, x.current, lang)}</td>
                        <td data-label={t('achievement')}><AchievementBar achievement={x.achievement} projected={x.projected_achievement} /></td>
                        <td data-label={t('trend')}>
                          {series.get(x.target.id) ? <Sparkline values={series.get(x.target.id)!} label={t('trend_of', { name: x.target.indicator })} /> : <span className="muted">—</span>}
                        </td>
                        <td data-label={t('projection')} className="num-cell">
                          {x.projection === null ? '—' : quantity(x, x.projection, lang)}
                          {x.projected_achievement !== null ? <span className="muted"> ({formatRatio(x.projected_achievement)})</span> : null}
                        </td>
                        <td data-label={t('state')}><StatusBadge status={x.status} title={x.explanation} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <div className="two-col">
            <section aria-labelledby="cur-h">
              <h2 id="cur-h">{d.reporting.period ? t('reporting_period_of', { period: d.reporting.period.label }) : t('reporting')}</h2>
              <p className="headline">{t('headline_received', { r: formatNumber(d.reporting.counts.received), e: formatNumber(d.reporting.counts.expected) })}</p>
              <div className="kpis">
                <Kpi label={t('completeness')} value={formatRatio(d.reporting.counts.completeness)} />
                <Kpi label={t('timeliness')} value={formatRatio(d.reporting.counts.timeliness)} />
                <Kpi label={t('late')} value={formatNumber(d.reporting.counts.late)} />
                <Kpi label={t('missing')} value={formatNumber(d.reporting.counts.missing)} />
                <Kpi label={t('approved')} value={formatNumber(d.reporting.counts.approved)} />
              </div>
              {user.role === 'planner' || user.role === 'admin' || user.role === 'viewer' ? <p><Link to="/overview">{t('see_overview')}</Link></p> : null}
            </section>
            <section aria-labelledby="od-h">
              <h2 id="od-h">{t('overdue_by_lead')} ({formatNumber(byLead.reduce((s, x) => s + x.tasks, 0))})</h2>
              {byLead.length ? (
                <Suspense fallback={<Loading />}>
                  <Bars categories={leadCats} series={leadSeries} horizontal height={Math.max(160, 28 * Math.min(byLead.length, 12) + 60)} label={t('overdue_by_lead')} />
                </Suspense>
              ) : <p className="muted">{t('no_overdue_tasks')}</p>}
              <p><Link to={`/tasks${query({ at: d.at, state: 'overdue' })}`}>{t('see_tasks')}</Link></p>
            </section>
          </div>
        </>
      ) : null}
    </>
  );
}

function showIt(x: TargetMeasure, show: Show): boolean {
  if (show === 'all') return true;
  if (show === 'data') return x.count > 0;
  if (show === 'no_data') return x.status === 'no_data' || x.status === 'no_target';
  return x.status === show;
}

function countShows(list: TargetMeasure[]): Record<Show, number> {
  const out = Object.fromEntries(SHOWS.map((s) => [s, 0])) as Record<Show, number>;
  for (const x of list) for (const s of SHOWS) if (showIt(x, s)) out[s]++;
  return out;
}

function cut(text: string, n: number): string {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}
