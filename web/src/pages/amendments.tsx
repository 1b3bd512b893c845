// The requests to change the published program (GET /programs/{id}/amendments): by state, each
// with its changes ("Tạo việc làm: 1.600 → 1.650 nghìn người"), from when, who asked; a new
// request. A leader opens on what waits for them ("Chờ phê duyệt").
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, ProgramPicker, TableTools, useLoad } from '../components';
import { get, query } from '../lib/api';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { setSearch, useLocation } from '../lib/router';
import type { Amendment, AmendmentChange, AmendmentStatus, Items } from '../lib/types';

const STATES: AmendmentStatus[] = ['submitted', 'forwarded', 'returned', 'draft', 'approved', 'refused', 'withdrawn'];

export function AmendmentBadge({ status }: { status: AmendmentStatus | string }) {
  const { t } = useApp();
  return <span className={`badge am-${status}`}>{t(('am_state_' + status) as 'am_state_draft')}</span>;
}

/** A change in words: "Tạo việc làm: 1.600 → 1.650 nghìn người", "Thời hạn …: 30/06/2012 → 30/09/2012". */
export function changeText(c: AmendmentChange, t: ReturnType<typeof useApp>['t']): string {
  const label = c.label || c.locator;
  // The server words before and after once it has read them ("1.600.000 người"); until then the
  // value asked is shown alone.
  const after = c.after || c.value || '';
  const num = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? formatNumber(v) : v);
  const day = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v);
  if (c.kind === 'task_add') return `${t('am_kind_task_add')} (${label}): ${after}`;
  if (c.kind === 'task_drop') return `${t('am_kind_task_drop')}: ${label}`;
  const f = c.kind === 'deadline' ? day : c.kind === 'target_value' ? num : (v: string) => v;
  return c.before ? `${label}: ${f(c.before)} → ${f(after)}` : `${label}: → ${f(after)}`;
}

export function AmendmentsPage() {
  const { t, programId, user } = useApp();
  const { search } = useLocation();
  const leader = user.role === 'leader';
  const status = search.get('status') ?? (leader ? 'forwarded' : '');
  const list = useLoad(
    (s) => (programId ? get<Items<Amendment>>(`/programs/${programId}/amendments${query({ status })}`, s) : Promise.resolve(null)),
    [programId, status],
  );
  const items = list.data?.items ?? [];
  const proposes = user.role !== 'viewer' && user.role !== 'leader';
  return (
    <>
      <PageTitle sub={t('am_list_sub')}>{leader && status === 'forwarded' ? t('am_waiting_title') : t('am_list_title')}</PageTitle>
      <div className="filters">
        <ProgramPicker />
        <label className="inline-field">{t('state')}
          <select value={status} onChange={(e) => setSearch({ status: e.target.value || (leader ? 'all' : '') })}>
            <option value={leader ? 'all' : ''}>{t('all')}</option>
            {STATES.map((s) => <option key={s} value={s}>{t(('am_state_' + s) as 'am_state_draft')}</option>)}
          </select>
        </label>
        {proposes && programId ? <Link to="/amendments/new" className="button primary">{t('am_new')}</Link> : null}
      </div>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && items.length === 0 ? <p className="muted">{t('am_none')}</p> : null}
      {items.length ? (
        <>
          <div className="table-head"><span />
            <TableTools tableId="amendments-table" title={t('am_list_title')} fileName="dieu-chinh-chuong-trinh" />
          </div>
          <div className="table-wrap">
            <table className="list stack" id="amendments-table">
              <caption className="sr-only">{t('am_list_title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('am_number')}</th>
                  <th scope="col">{t('am_changes')}</th>
                  <th scope="col">{t('am_effective_from')}</th>
                  <th scope="col">{t('am_proposer')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col" className="hide-narrow">{t('last_change')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} data-amendment={a.id} data-status={a.status}>
                    <td data-label={t('am_number')}><Link to={`/amendments/${a.id}`}>#{formatNumber(a.id)}</Link></td>
                    <td data-label={t('am_changes')}>
                      <ul className="plain">{a.changes.map((c, i) => <li key={i}>{changeText(c, t)}</li>)}</ul>
                    </td>
                    <td data-label={t('am_effective_from')}>{formatDate(a.effective_from)}</td>
                    <td data-label={t('am_proposer')}>{a.unit?.name ?? '—'}</td>
                    <td data-label={t('state')}><AmendmentBadge status={a.status} />{a.program_version ? <span className="muted"> · {t('am_version_n', { n: a.program_version })}</span> : null}</td>
                    <td className="hide-narrow">{formatDateTime(a.updated_at ?? a.decided?.at ?? a.forwarded?.at ?? a.submitted?.at ?? a.created_at ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
