// The national dashboard (bảng điều hành): how far every target has come — plan, estimate or
// actual so far, achievement, the months' trend, the year-end projection, the state and the
// rule behind it — with the headline, the reporting of the latest period due and the overdue
// tasks by lead unit. A target's state tells reports missing (with who reported: "61/63 tỉnh đã
// báo cáo tháng 12/2012") from off track, and says why one cannot be measured yet; a target the
// decision states twice is listed once, with where it is stated ("nêu tại I.1, II.2.1"). Filters (area, unit, date, status) live in the address. Every target
// opens its drill-down: the provinces, then one province's months. Figures come from approved
// reports only (GET /programs/{id}/dashboard, POST /analytics/query).
import { lazy, Suspense, useMemo, useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, PrintHead, ProgramPicker, RatioBar, TableTools, useLoad, VersionBadge } from '../components';
import { AchievementBar, DateFilter, Sparkline } from '../figures';
import { get, query } from '../lib/api';
import { formatDate, formatNumber, formatQuantity, formatRatio } from '../lib/format';
import { figure, ratio } from '../lib/table_export';
import { monthlySeries } from '../lib/measure';
import { setSearch, useLocation } from '../lib/router';
import { compareVi, filterBy } from '../lib/search';
import type { DashboardTargetRef, Items, OrgUnit, ProgramTarget, Section, TargetMeasure, TargetState } from '../lib/types';
import { inArea, quantity, useDashboard, useMonths } from '../dashboard_data';
import { Kpi } from './overview';

const Bars = lazy(() => import('../chart'));

type Show = 'all' | TargetState;
const SHOWS: Show[] = ['all', 'on_track', 'at_risk', 'off_track', 'incomplete', 'not_measurable'];
// Links made before the five states: "with figures" is every target, "no figures" not measurable.
const OLD_SHOWS: Record<string, Show> = { data: 'all', no_data: 'not_measurable' };

/** The target's state; from its status where the server gives none (an older server). */
export function stateOf(x: TargetMeasure): TargetState {
  if (x.state) return x.state;
  return x.status === 'no_data' || x.status === 'no_target' ? 'not_measurable' : x.status;
}

const ref = (x: TargetMeasure) => x.target as TargetMeasure['target'] & DashboardTargetRef;

export function Dashboard() {
  const { t, lang, programId, programs, user } = useApp();
  const { search } = useLocation();
  const at = search.get('at') ?? '';
  const unit = search.get('unit') ?? '';
  const area = search.get('area') ?? '';
  const asked = search.get('show') ?? '';
  const show: Show = SHOWS.includes(asked as Show) ? (asked as Show) : (OLD_SHOWS[asked] ?? 'all');
  const [q, setQ] = useState('');
  const program = programs.find((p) => p.id === programId);
  const seesAll = user.role === 'admin' || user.role === 'planner' || user.role === 'leader' || (user.role === 'viewer' && !user.unit_id);

  const dash = useDashboard(programId, { at, unit });
  const d = dash.data;
  const withData = useMemo(() => (d?.targets ?? []).filter((x) => x.count > 0).map((x) => x.target.id), [d]);
  const months = useMonths(programId, d, withData, unit ? Number(unit) : null);
  const outline = useLoad((s) => (programId ? get<Items<Section>>(`/programs/${programId}/outline`, s) : Promise.resolve(null)), [programId]);
  // The program's targets as read: each one's name and where the decision states it.
  const listed = useLoad((s) => (programId ? get<Items<ProgramTarget>>(`/programs/${programId}/targets`, s) : Promise.resolve(null)), [programId]);
  const byId = useMemo(() => new Map((listed.data?.items ?? []).map((x) => [x.id, x])), [listed.data]);
  const nameOf = (x: TargetMeasure) => ref(x).display_name || byId.get(x.target.id)?.display_name || x.target.indicator;
  const mentionsOf = (x: TargetMeasure) => ref(x).mentions ?? byId.get(x.target.id)?.mentions ?? [];
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
  const shown = filterBy(inScope.filter((x) => showIt(x, show)), q,
    (x) => `${x.target.section} ${nameOf(x)} ${x.target.indicator} ${mentionsOf(x).map((m) => m.section).join(' ')}`);
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
  // The filters in words, for the printed head and the Excel file's filter rows.
  const areaTitle = areas.find((s) => s.number === area);
  const filterLines = d ? [
    t('print_data_date', { date: formatDate(d.at) }),
    `${t('unit')}: ${d.unit ? d.unit.name : t('whole_country')}`,
    area ? `${t('area')}: ${area}${areaTitle ? ' · ' + cut(areaTitle.title, 80) : ''}` : '',
    show !== 'all' ? `${t('state')}: ${t(('show_' + show) as 'show_data')}` : '',
    q.trim() ? `${t('search')}: ${q.trim()}` : '',
  ].filter(Boolean) : [];
  return (
    <>
      {d ? <PrintHead at={d.at} lines={[filterLines.slice(1).join(' · '), (d.reporting as { text?: string }).text ?? ''].filter(Boolean)} /> : null}
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
            <p className="headline-sub" id="headline-states">
              {t('headline_states', { on: formatNumber(counts.on_track), risk: formatNumber(counts.at_risk), off: formatNumber(counts.off_track),
                                      inc: formatNumber(counts.incomplete), nm: formatNumber(counts.not_measurable) })}
            </p>
            <p className="muted">
              {d.unit ? t('figures_of', { unit: d.unit.name }) : t('figures_national')} · {t('as_of', { date: formatDate(d.at) })} · {t('from_approved')}
            </p>
            <div className="chips" role="group" aria-label={t('show_targets')}>
              {SHOWS.map((s) => (
                <button key={s} type="button" className={`chip st-${s}`} aria-pressed={show === s} data-show={s}
                        onClick={() => setSearch({ show: s === 'all' ? null : s })}>
                  {t(('show_' + s) as 'show_data')} <span className="chip-n">{formatNumber(counts[s])}</span>
                </button>
              ))}
            </div>
            <details className="rule"><summary>{t('status_rule')}</summary><p>{d.status_rule}</p></details>
          </section>

          <section aria-labelledby="tg-h">
            <div className="table-head">
              <h2 id="tg-h">{t('targets')} ({formatNumber(shown.length)})</h2>
              {shown.length ? (
                <TableTools tableId="targets-table" title={`${t('dashboard_title')}${program ? ' · ' + program.number : ''}`} filters={filterLines} fileName="bang-dieu-hanh" />
              ) : null}
            </div>
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
                      <th scope="col">{t('achievement')}</th><th scope="col" className="print-hide" data-export="skip">{t('trend')}</th><th scope="col">{t('projection')}</th>
                      <th scope="col">{t('coverage')}</th><th scope="col">{t('state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((x) => {
                      const state = stateOf(x);
                      // Where the decision states it, each section once (I.2's growth note is a
                      // mention in I.2 itself).
                      const sections = [...new Set(mentionsOf(x).map((m) => m.section))];
                      return (
                      <tr key={x.target.id} data-target={x.target.id} data-status={x.status} data-state={state}
                          data-indicator={ref(x).indicator_code ?? undefined}>
                        <td data-label={t('indicator')}>
                          <span className="num">{x.target.section}</span>
                          <Link to={drill(x.target.id)}>{nameOf(x)}</Link>
                          {sections.length > 1 ? <span className="mentions">{t('mentioned_in', { sections: sections.join(', ') })}</span> : null}
                        </td>
                        <td data-label={t('plan')} className="num-cell" {...figure(x.target_value)}>{x.target_value === null ? '—' : `${t(('cmp_' + x.target.comparator) as 'cmp_eq')} ${quantity(x, x.target_value, lang)}`.trim()}
                          <VersionBadge original={x.target_original} current={x.target_value} from={x.target_from} uom={x.target.unit} programId={programId} /></td>
                        <td data-label={t('so_far')} className="num-cell current" {...figure(x.current)}>{x.current === null ? '—' : quantity(x, x.current, lang)}</td>
                        <td data-label={t('achievement')} {...ratio(x.achievement)}><AchievementBar achievement={x.achievement} projected={x.projected_achievement} /></td>
                        <td data-label={t('trend')} className="print-hide" data-export="skip">
                          {series.get(x.target.id) ? <Sparkline values={series.get(x.target.id)!} label={t('trend_of', { name: x.target.indicator })} /> : <span className="muted">—</span>}
                        </td>
                        <td data-label={t('projection')} className="num-cell" {...figure(x.projection)}>
                          {x.projection === null ? '—' : quantity(x, x.projection, lang)}
                          {x.projected_achievement !== null ? <span className="muted"> ({formatRatio(x.projected_achievement)})</span> : null}
                        </td>
                        <td data-label={t('coverage')} className="coverage">
                          {x.coverage ? (
                            <>
                              <RatioBar value={x.coverage.expected ? x.coverage.reported / x.coverage.expected : 0} label={x.coverage.text} />
                              <span className="coverage-text">{x.coverage.text}</span>
                            </>
                          ) : <span className="muted">—</span>}
                        </td>
                        <td data-label={t('state')}>
                          <span className={`badge st-${state}`} title={x.why || x.explanation}>{x.state_label || t(('tstate_' + state) as 'tstate_on_track')}</span>
                          {x.why && (state === 'incomplete' || state === 'not_measurable') ? <span className="why" title={x.why}>{x.why}</span> : null}
                        </td>
                      </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {d.own_targets && d.own_targets.length ? (
            <section aria-labelledby="own-h">
              <h2 id="own-h">{t('own_targets')} ({formatNumber(d.own_targets.length)})</h2>
              <div className="table-wrap">
                <table className="data own-targets">
                  <thead>
                    <tr>
                      <th scope="col">{t('unit_target')}</th>
                      <th scope="col">{t('plan')}</th>
                      <th scope="col">{t('so_far')}</th>
                      <th scope="col">{t('achievement')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.own_targets.map((o) => (
                      <tr key={o.id}>
                        <th scope="row"><span className="num">{o.serves}</span> {o.name}</th>
                        <td data-label={t('plan')}>{formatQuantity(o.value, o.uom, lang)}</td>
                        <td data-label={t('so_far')}>{o.current !== null ? formatQuantity(o.current, o.uom, lang) : <span className="muted">—</span>}
                          {o.period ? <span className="muted"> ({o.period})</span> : null}</td>
                        <td data-label={t('achievement')}>{o.achievement !== null ? formatRatio(o.achievement) : <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          <div className="two-col print-hide">
            <section aria-labelledby="cur-h">
              <h2 id="cur-h">{d.reporting.period ? t('reporting_period_of', { period: d.reporting.period.label }) : t('reporting')}</h2>
              <p className="headline" id="reporting-headline">
                {(d.reporting as { text?: string }).text
                  ?? t('headline_received', { r: formatNumber(d.reporting.counts.received), e: formatNumber(d.reporting.counts.expected) })}
              </p>
              <div className="kpis">
                <Kpi label={t('completeness')} value={formatRatio(d.reporting.counts.completeness)} />
                <Kpi label={t('timeliness')} value={formatRatio(d.reporting.counts.timeliness)} />
                <Kpi label={t('late')} value={formatNumber(d.reporting.counts.late)} />
                <Kpi label={t('missing')} value={formatNumber(d.reporting.counts.missing)} />
                <Kpi label={t('approved')} value={formatNumber(d.reporting.counts.approved)} />
              </div>
              {user.role === 'planner' || user.role === 'admin' || user.role === 'viewer' || user.role === 'leader' ? <p><Link to="/overview">{t('see_overview')}</Link></p> : null}
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
  return show === 'all' || stateOf(x) === show;
}

function countShows(list: TargetMeasure[]): Record<Show, number> {
  const out = Object.fromEntries(SHOWS.map((s) => [s, 0])) as Record<Show, number>;
  for (const x of list) for (const s of SHOWS) if (showIt(x, s)) out[s]++;
  return out;
}

function cut(text: string, n: number): string {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

