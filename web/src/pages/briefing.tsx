// The giao ban's pack (issue 17): the program's headline and who reported, then one page per
// area — its targets with their figures and states, and what needs a decision: the largest
// shortfalls, the provinces lagging most, the tasks overdue longest. Printed one area a page
// (A4), or downloaded as .docx (the same pack at the same date, a page per area, from the
// Office's giao_ban template); `?program=&at=` in the address.
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, PrintButton, ProgramPicker, useLoad } from '../components';
import { DateFilter } from '../figures';
import { get, query } from '../lib/api';
import { dateInAddress } from '../lib/address';
import { useLocation } from '../lib/router';
import { formatDate, formatNumber, formatRatio } from '../lib/format';
import type { Briefing, BriefingArea, Coverage } from '../lib/types';
import './documents.css';

const nameOf = (u: { name: string } | string | null | undefined) => (u === null || u === undefined ? '' : typeof u === 'string' ? u : u.name);
const coverageText = (c: Coverage | string | null | undefined) => (!c ? '' : typeof c === 'string' ? c : c.text || `${c.reported}/${c.expected}`);
const labelOf = (p: { label: string } | string | null | undefined) => (!p ? '' : typeof p === 'string' ? p : p.label);

export function BriefingPage() {
  const { t, programId, programs } = useApp();
  const { search } = useLocation();
  const at = dateInAddress(search);
  const program = programs.find((p) => p.id === programId);
  const data = useLoad(
    (s) => (programId ? get<Briefing>(`/programs/${programId}/briefing${query({ at })}`, s) : Promise.resolve(null)),
    [programId, at],
  );
  const b = data.data;
  const hc = b?.headline_counts;
  const rc = b?.reporting?.counts;
  // The .docx of the pack shown: the date it was read at, once read.
  const docx = programId && b ? `/api/v1/programs/${programId}/briefing.docx${query({ at: b.at })}` : '';

  return (
    <>
      <div className="doc-noprint">
        <PageTitle sub={t('brief_sub')}>{t('brief_title')}</PageTitle>
        <div className="filters">
          <ProgramPicker />
          {b ? <DateFilter at={b.at} /> : null}
          <div className="actions">
            {docx ? <a className="button" href={docx} download>{t('brief_download')}</a> : null}
            {b ? <PrintButton /> : null}
            {programId ? <Link to={`/documents?program=${programId}`}>{t('nav_documents')}</Link> : null}
          </div>
        </div>
      </div>
      <ErrorBox error={data.error} />
      {data.loading && !b ? <Loading /> : null}
      {b ? (
        <div className="brief" lang="vi">
          <section className="brief-page brief-cover" aria-labelledby="brief-cover-h">
            <p className="brief-program">{b.program?.title ?? program?.title ?? ''}{(b.program?.number ?? program?.number) ? ` (${b.program?.number ?? program?.number})` : ''}</p>
            <h2 id="brief-cover-h" className="brief-h">{t('brief_title')} — {t('brief_at')} {formatDate(b.at)}</h2>
            {b.headline ? <p className="headline big">{b.headline}</p> : null}
            {hc ? (
              <p className="headline">
                {t('headline_states', { on: hc.on_track ?? 0, risk: hc.at_risk ?? 0, off: hc.off_track ?? 0, inc: hc.incomplete ?? 0, nm: hc.not_measurable ?? 0 })}
              </p>
            ) : null}
            {b.reporting?.text ? <p className="brief-reporting">{b.reporting.text}</p> : rc ? (
              <p className="brief-reporting">{t('brief_reporting', { period: labelOf(b.period), r: formatNumber(rc.received ?? 0), e: formatNumber(rc.expected ?? 0),
                                         late: formatNumber(rc.late ?? 0), missing: formatNumber(rc.missing ?? 0) })}</p>
            ) : null}
            {b.areas.length ? (
              <ol className="brief-toc">{b.areas.map((a) => <li key={a.section}><a href={`#area-${a.section}`}>{a.section}. {a.title}</a></li>)}</ol>
            ) : <p className="muted">{t('brief_no_areas')}</p>}
          </section>
          {b.areas.map((a) => <AreaPage key={a.section} area={a} at={b.at} />)}
        </div>
      ) : null}
    </>
  );
}

function AreaPage({ area, at }: { area: BriefingArea; at: string }) {
  const { t } = useApp();
  const targetName = (id: number) => area.targets.find((x) => x.target_id === id)?.name ?? '';
  return (
    <section className="brief-page brief-area" id={`area-${area.section}`} aria-labelledby={`area-h-${area.section}`}>
      <h2 className="brief-h" id={`area-h-${area.section}`}>{area.section}. {area.title}</h2>
      <p className="muted brief-at">{t('brief_at')} {formatDate(at)}{area.leads?.length ? ` · ${t('brief_leads')}: ${area.leads.map((u) => u.name).join(', ')}` : ''}</p>
      {area.targets.length ? (
        <table className="doc-table brief-targets">
          <thead>
            <tr>
              <th scope="col">{t('brief_col_target')}</th><th scope="col">{t('brief_col_unit')}</th>
              <th scope="col">{t('brief_col_plan')}</th><th scope="col">{t('brief_col_current')}</th>
              <th scope="col">{t('brief_col_pct')}</th><th scope="col">{t('brief_col_state')}</th><th scope="col">{t('brief_col_coverage')}</th>
            </tr>
          </thead>
          <tbody>
            {area.targets.map((x) => (
              <tr key={x.target_id}>
                <th scope="row">{x.name}</th>
                <td>{x.unit}</td>
                <td className="num" data-value={x.plan ?? undefined} data-format="decimal">{formatNumber(x.plan)}</td>
                <td className="num" data-value={x.current ?? undefined} data-format="decimal">{formatNumber(x.current)}</td>
                <td className="num" data-value={x.achievement ?? undefined} data-format="percent">{formatRatio(x.achievement)}</td>
                <td><span className={`badge st-${x.state}`}>{x.state_label || t(`tstate_${x.state}` as 'tstate_on_track')}</span></td>
                <td>{coverageText(x.coverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="muted">{t('brief_no_targets')}</p>}

      <h3>{t('brief_shortfalls')}</h3>
      {area.shortfalls.length ? (
        <ul className="brief-list">
          {area.shortfalls.map((s, i) => (
            <li key={i}>{s.text ?? `${s.name ?? targetName(s.target_id)}: ${formatRatio(s.achievement ?? null)}${s.gap !== undefined && s.gap !== null ? ` (${formatNumber(s.gap)})` : ''}`}</li>
          ))}
        </ul>
      ) : <p className="muted">{t('brief_nothing')}</p>}

      <h3>{t('brief_lagging')}</h3>
      {area.lagging_units.length ? (
        <ul className="brief-list">
          {area.lagging_units.map((u, i) => (
            <li key={i}><strong>{nameOf(u.unit)}</strong>: {formatRatio(u.achievement)}{targetName(u.target_id) ? ` — ${targetName(u.target_id)}` : ''}</li>
          ))}
        </ul>
      ) : <p className="muted">{t('brief_nothing')}</p>}

      <h3>{t('brief_overdue')}</h3>
      {area.overdue_tasks.length ? (
        <ul className="brief-list">
          {area.overdue_tasks.map((o) => (
            <li key={o.task_id}>
              {o.section ? <span className="num">{o.section}</span> : null}{o.what}{' '}
              <span className="muted">({[nameOf(o.lead), t('brief_deadline', { date: formatDate(o.deadline) })].filter(Boolean).join(', ')})</span>{' '}
              <strong className="warn">{t('brief_days_overdue', { n: o.days_overdue })}</strong>
            </li>
          ))}
          {area.overdue_total && area.overdue_total > area.overdue_tasks.length ? <li className="muted">… {t('brief_overdue_more', { n: area.overdue_total - area.overdue_tasks.length })}</li> : null}
        </ul>
      ) : <p className="muted">{t('brief_nothing')}</p>}
    </section>
  );
}
