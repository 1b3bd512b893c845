// The provinces on one target: the tile-grid map coloured by each province's projected
// achievement and the ranking table, in the organisation of the date chosen — the 63 provinces
// of 2012, or the 34 from 1/7/2025 with the old provinces' figures added into the one each
// became. A province opens its months.
import { useEffect, useMemo } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, PrintHead, ProgramPicker, TableTools, useCarry } from '../components';
import { figure, ratio } from '../lib/table_export';
import { AchievementBar, DateFilter, StatusBadge, TileMap, type MapItem } from '../figures';
import { query } from '../lib/api';
import { formatDate, formatNumber, formatRatio } from '../lib/format';
import { navigate, setSearch, useLocation } from '../lib/router';
import type { DashboardData, Measure, TargetMeasure } from '../lib/types';
import { quantity, useDashboard } from '../dashboard_data';

/** The map and the ranking of the units of one level on one target. */
export function ProvincesPanel({ dash, row }: { dash: DashboardData; row: TargetMeasure }) {
  const { t, lang } = useApp();
  const carry = useCarry();
  const items = dash.ranking.items;
  const open = (unitId: number | null) => {
    if (unitId !== null) navigate(carry(`/targets/${row.target.id}/units/${unitId}${query({ at: dash.at })}`));
  };
  const mapItems: MapItem[] = useMemo(() => items.map((m) => ({
    code: m.node.code, name: m.node.name, ratio: m.projected_achievement, status: m.status, unitId: m.node.unit_id,
    text: m.projected_achievement === null ? '' : formatRatio(m.projected_achievement, 0),
  })), [items]);
  const provinces = dash.ranking.level === 'province';
  const byStatus = (s: string) => items.filter((m) => m.status === s).length;
  return (
    <>
      <div className="table-head">
        <span />
        <TableTools tableId="ranking-table" title={`${row.target.section} · ${row.target.indicator}`} fileName="xep-hang"
                    filters={[t('print_data_date', { date: formatDate(dash.at) }), `${t('level')}: ${provinces ? t('kind_province') : t('kind_department')}`]} />
      </div>
      <p className="muted">
        {t('n_units_ranked', { n: formatNumber(items.length) })}: {t('status_on_track')} {formatNumber(byStatus('on_track'))} ·{' '}
        {t('status_at_risk')} {formatNumber(byStatus('at_risk'))} · {t('status_off_track')} {formatNumber(byStatus('off_track'))}
      </p>
      <div className={provinces ? 'map-and-table' : ''}>
        {provinces ? (
          <TileMap items={mapItems} date={dash.at} onOpen={(x) => open(x.unitId)}
                   label={t('map_label', { name: row.target.indicator, date: formatDate(dash.at) })} />
        ) : null}
        <div className="table-wrap">
          <table className="list stack" id="ranking-table">
            <caption className="sr-only">{t('ranking_of', { name: row.target.indicator })}</caption>
            <thead>
              <tr>
                <th scope="col">#</th><th scope="col">{t('unit')}</th><th scope="col">{t('so_far')}</th>
                <th scope="col">{t('plan')}</th><th scope="col">{t('achievement')}</th><th scope="col">{t('state')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m: Measure, i) => (
                <tr key={m.node.code + m.node.label} data-code={m.node.code}>
                  <td data-label="#" className="num-cell" {...figure(m.status === 'no_data' ? null : i + 1)}>{m.status === 'no_data' ? '' : i + 1}</td>
                  <th scope="row" data-label={t('unit')}>
                    {m.node.unit_id !== null
                      ? <Link to={`/targets/${row.target.id}/units/${m.node.unit_id}${query({ at: dash.at })}`}>{m.node.label}</Link>
                      : m.node.label}
                  </th>
                  <td data-label={t('so_far')} className="num-cell" {...figure(m.current)}>{m.current === null ? '—' : quantity(row, m.current, lang)}</td>
                  <td data-label={t('plan')} className="num-cell" {...figure(m.target)}>{m.target === null ? '—' : quantity(row, m.target, lang)}</td>
                  <td data-label={t('achievement')} {...ratio(m.achievement)}><AchievementBar achievement={m.achievement} projected={m.projected_achievement} /></td>
                  <td data-label={t('state')}><StatusBadge status={m.status} title={m.explanation} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}

export function ProvincesPage() {
  const { t, programId, programs } = useApp();
  const { search } = useLocation();
  const at = search.get('at') ?? '';
  const target = search.get('target') ?? '';
  const program = programs.find((p) => p.id === programId);
  const dash = useDashboard(programId, { at, target });
  const d = dash.data;
  // The targets provinces report: those with figures at province level are known only per
  // target, so the choice lists every target that has figures.
  const choices = (d?.targets ?? []).filter((x) => x.count > 0);
  const row = d?.targets.find((x) => x.target.id === d.ranking.target_id);
  useEffect(() => {
    // Without a choice, the first target with figures (the first target has none in 2012).
    if (!target && d && row && row.count === 0 && choices.length) setSearch({ target: choices[0].target.id });
  }, [target, d, row, choices.length]);
  const year = program?.year ?? d?.year;
  const quick = year ? [{ label: `31/12/${year}`, iso: `${year}-12-31` }, { label: t('from_merger_2025'), iso: '2025-07-01' }] : [];
  return (
    <>
      {d ? <PrintHead at={d.at} /> : null}
      <PageTitle sub={t('provinces_sub')}>{t('provinces_title')}</PageTitle>
      <div className="filters">
        <ProgramPicker />
        <label className="inline-field">{t('target')}
          <select value={d?.ranking.target_id ?? ''} onChange={(e) => setSearch({ target: e.target.value })}>
            {choices.map((x) => <option key={x.target.id} value={x.target.id}>{x.target.section} · {x.target.indicator.slice(0, 70)}</option>)}
          </select>
        </label>
        <DateFilter at={d?.at ?? at} quick={quick} />
      </div>
      <ErrorBox error={dash.error} />
      {dash.loading && !d ? <Loading /> : null}
      {d && row ? (
        <section aria-labelledby="pv-h">
          <h2 id="pv-h">
            <Link to={`/targets/${row.target.id}${query({ at: d.at })}`}>{row.target.indicator}</Link>
            <span className="muted"> · {t('as_of', { date: formatDate(d.at) })}</span>
          </h2>
          <ProvincesPanel dash={d} row={row} />
        </section>
      ) : null}
    </>
  );
}
