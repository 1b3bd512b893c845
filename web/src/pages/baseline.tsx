// The program as decided beside the program in force on a date (GET /programs/{id}/baseline?at=
// and /versions): "Bản ban hành (QĐ 224/QĐ-LĐTBXH, 27/02/2012)" and "Hiện hành (phiên bản 2, từ
// 01/7/2012)"; each item changed, added or dropped, with every step that changed it — the
// reason, the unit that asked, who forwarded it, who approved it and under which decision.
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, PrintHead, TableTools, useLoad } from '../components';
import { DateFilter } from '../figures';
import { get, query } from '../lib/api';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { personName, shortDate, valueChange } from '../lib/plan_life';
import { useLocation } from '../lib/router';
import type { Baseline, BaselineItem, Items, ProgramVersion } from '../lib/types';

/** A value of an item as shown: a target's number, a deadline's day, a lead's or task's words. */
function shown(item: BaselineItem, v: string | null): string {
  if (v === null || v === '') return '—';
  if (item.kind === 'target' && Number.isFinite(Number(v))) return formatNumber(v) + (item.uom ? ' ' + item.uom : '');
  if (item.kind === 'deadline' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
  return v;
}

export function BaselinePage({ id }: { id: number }) {
  const { t, programs } = useApp();
  const { search } = useLocation();
  const at = search.get('at') ?? '';
  const program = programs.find((p) => p.id === id);
  const data = useLoad(async (s) => {
    const [baseline, versions] = await Promise.all([
      get<Baseline>(`/programs/${id}/baseline${query({ at })}`, s),
      get<Items<ProgramVersion>>(`/programs/${id}/versions`, s).catch(() => ({ items: [] as ProgramVersion[] })),
    ]);
    return { baseline, versions: versions.items };
  }, [id, at]);
  const b = data.data?.baseline;
  const inForce = data.data?.versions.find((v) => v.version === b?.version_in_force);
  const from = b?.version_from ?? inForce?.effective_from ?? null;
  const decided = program ? t('bl_original', { number: program.number, date: formatDate(program.issued_date) }) : t('bl_original_plain');
  const current = b && b.version_in_force > 1 ? t('bl_current', { n: b.version_in_force, date: shortDate(from) }) : t('bl_current_same');
  return (
    <>
      <PageTitle sub={program ? `${program.number} · ${program.title}` : undefined}>{t('bl_title')}</PageTitle>
      <p><Link to={`/programs/${id}`}>← {t('bl_back')}</Link></p>
      <div className="filters">
        <DateFilter at={b?.at ?? at} />
      </div>
      <ErrorBox error={data.error} />
      {data.loading && !b ? <Loading /> : null}
      {b ? (
        <>
          <PrintHead at={b.at} />
          <div className="bl-heads" role="group" aria-label={t('bl_compare')}>
            <div className="card bl-head bl-original"><strong>{decided}</strong></div>
            <div className="card bl-head bl-current" data-version={b.version_in_force}><strong>{current}</strong></div>
          </div>
          {b.items.length === 0 ? <p className="muted">{t('bl_no_changes', { date: formatDate(b.at) })}</p> : (
            <>
              <div className="table-head"><span />
                <TableTools tableId="baseline-table" title={t('bl_title')} fileName="ban-ban-hanh-va-hien-hanh" filters={[t('print_data_date', { date: formatDate(b.at) })]} />
              </div>
              <div className="table-wrap">
                <table className="list stack" id="baseline-table">
                  <caption className="sr-only">{t('bl_title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('bl_item')}</th>
                      <th scope="col">{t('bl_col_original')}</th>
                      <th scope="col">{t('bl_col_current')}</th>
                      <th scope="col">{t('bl_steps')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.items.map((x) => (
                      <tr key={x.locator ?? `${x.kind}:${x.id}`} data-item={x.locator ?? `${x.kind}:${x.id}`} data-status={x.status}>
                        <td data-label={t('bl_item')}>
                          <span className="num">{x.section}</span> {x.name}
                          <span className={`badge bl-${x.status}`}>{t(('bl_status_' + x.status) as 'bl_status_changed')}</span>
                        </td>
                        <td data-label={t('bl_col_original')}>{x.status === 'added' ? '—' : shown(x, x.original)}</td>
                        <td data-label={t('bl_col_current')}>{x.status === 'dropped' ? t('bl_status_dropped') : shown(x, x.current)}</td>
                        <td data-label={t('bl_steps')}>
                          <ol className="plain bl-steps">
                            {x.steps.map((s) => (
                              <li key={s.version}>
                                <strong>{t('bl_step_head', { n: s.version, date: shortDate(s.effective_from) })}</strong>
                                {x.kind === 'target' ? <> {valueChange(s.before, s.after, x.uom ?? '')}</> : <> {shown(x, s.before)} → {shown(x, s.after)}</>}
                                {s.reason ? <div>{t('bl_reason')}: {s.reason}</div> : null}
                                <div className="muted">
                                  {s.proposed_by?.unit ? t('bl_proposed_by', { who: typeof s.proposed_by.unit === 'string' ? s.proposed_by.unit : s.proposed_by.unit.name }) : null}
                                  {s.forwarded_by ? ' · ' + t('bl_forwarded_by', { who: personName(s.forwarded_by) }) : null}
                                  {s.forwarded_by && typeof s.forwarded_by !== 'string' && s.forwarded_by.opinion ? ` (${s.forwarded_by.opinion})` : null}
                                  {s.approved_by ? ' · ' + t('bl_approved_by', { who: personName(s.approved_by), time: formatDateTime(s.approved_at) }) : null}
                                  {s.decision_number ? ' · ' + t('bl_decision', { number: s.decision_number }) : null}
                                  {s.amendment_id ? <> · <Link to={`/amendments/${s.amendment_id}`}>{t('bl_amendment', { id: s.amendment_id })}</Link></> : null}
                                </div>
                              </li>
                            ))}
                          </ol>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      ) : null}
    </>
  );
}
