// What the Ministry can see today: reporting completeness and timeliness of the latest period
// due, overdue tasks by lead unit, and the year's targets as the decision set them. Achievement
// (plan against estimate/actual) comes with the analytics engine; nothing here is made up.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, ProgramPicker, useLoad } from '../components';
import { get } from '../lib/api';
import { formatDate, formatNumber, formatQuantity, formatRatio } from '../lib/format';
import { compareVi, filterBy } from '../lib/search';
import type { Items, OverdueTask, Target, Timeliness } from '../lib/types';
import { Kpi, OverdueTable } from './overview';

const Bars = lazy(() => import('../chart'));

export function Dashboard() {
  const { t, programId, programs, lang } = useApp();
  const [q, setQ] = useState('');
  const program = programs.find((p) => p.id === programId);
  const tl = useLoad((s) => (programId ? get<Timeliness>(`/programs/${programId}/timeliness`, s) : Promise.resolve(null)), [programId]);
  const overdue = useLoad((s) => (programId ? get<Items<OverdueTask>>(`/programs/${programId}/overdue-tasks`, s) : Promise.resolve(null)), [programId]);
  const targets = useLoad((s) => (programId ? get<Items<Target>>(`/programs/${programId}/targets`, s) : Promise.resolve(null)), [programId]);

  // The latest period already due, else the first one coming.
  const current = useMemo(() => {
    const ps = (tl.data?.periods ?? []).filter((p) => p.counts.expected > 0);
    const due = ps.filter((p) => p.due <= (tl.data?.as_of ?? '')).sort((a, b) => a.due.localeCompare(b.due));
    return due.at(-1) ?? ps.sort((a, b) => a.due.localeCompare(b.due))[0] ?? null;
  }, [tl.data]);

  const byLead = useMemo(() => {
    const m = new Map<string, number>();
    for (const x of overdue.data?.items ?? []) m.set(x.unit?.name ?? '—', (m.get(x.unit?.name ?? '—') ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || compareVi(a[0], b[0]));
  }, [overdue.data]);
  const leadCats = useMemo(() => byLead.map(([n]) => n), [byLead]);
  const leadSeries = useMemo(() => [{ name: t('overdue_tasks'), values: byLead.map(([, n]) => n), color: '#c05621' }], [byLead, t]);

  const shownTargets = filterBy(targets.data?.items ?? [], q, (x) => `${x.section} ${x.indicator} ${x.raw}`);

  if (!programId) return <p className="muted">{t('no_programs')}</p>;
  return (
    <>
      <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('dashboard_title')}</PageTitle>
      <div className="filters"><ProgramPicker /></div>
      <p className="notice">{t('dashboard_analytics_note')}</p>
      <ErrorBox error={tl.error} />
      <section aria-labelledby="cur-h">
        <h2 id="cur-h">{current ? t('reporting_period', { period: current.period.label, due: formatDate(current.due) }) : t('reporting')}</h2>
        {tl.loading && !tl.data ? <Loading /> : null}
        {current ? (
          <>
            <p className="headline">{t('headline_received', { r: formatNumber(current.counts.received), e: formatNumber(current.counts.expected) })}</p>
            <div className="kpis">
              <Kpi label={t('completeness')} value={formatRatio(current.counts.completeness)} />
              <Kpi label={t('timeliness')} value={formatRatio(current.counts.timeliness)} />
              <Kpi label={t('on_time')} value={formatNumber(current.counts.on_time)} />
              <Kpi label={t('late')} value={formatNumber(current.counts.late)} />
              <Kpi label={t('missing')} value={formatNumber(current.counts.missing)} />
              <Kpi label={t('approved')} value={formatNumber(current.counts.approved)} />
            </div>
            <p><Link to="/overview">{t('see_overview')}</Link></p>
          </>
        ) : null}
      </section>
      <section aria-labelledby="od-h">
        <h2 id="od-h">{t('overdue_by_lead')}{overdue.data ? ` (${overdue.data.items.length})` : ''}</h2>
        <ErrorBox error={overdue.error} />
        {byLead.length ? (
          <Suspense fallback={<Loading />}>
            <Bars categories={leadCats} series={leadSeries} horizontal height={Math.max(160, 28 * byLead.length + 60)} label={t('overdue_by_lead')} />
          </Suspense>
        ) : null}
        <details>
          <summary>{t('list_overdue')}</summary>
          <OverdueTable items={overdue.data?.items ?? []} />
        </details>
      </section>
      <section aria-labelledby="tg-h">
        <h2 id="tg-h">{t('targets_of_year')} ({targets.data?.items.length ?? 0})</h2>
        <label className="search">{t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
        <ErrorBox error={targets.error} />
        <div className="table-wrap">
          <table className="list">
            <thead><tr><th scope="col">{t('section')}</th><th scope="col">{t('indicator')}</th><th scope="col">{t('plan')}</th><th scope="col">{t('achievement')}</th></tr></thead>
            <tbody>
              {shownTargets.map((x) => (
                <tr key={x.id}>
                  <td><Link to={`/programs/${programId}`}>{x.section}</Link></td>
                  <td>{x.indicator}{x.parent ? <span className="muted"> ({t('part_of')} {x.parent})</span> : null}</td>
                  <td className="num-cell">{t(('cmp_' + x.comparator) as 'cmp_eq')} {formatQuantity(x.value, x.unit, lang)}</td>
                  <td className="muted">{t('achievement_pending')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
