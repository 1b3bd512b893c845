// The audit log (admins): every write, who and when, chained by SHA-256; and its verification.
import { useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Loading, PageTitle, TableTools, useLoad } from '../components';
import { figure } from '../lib/table_export';
import { get } from '../lib/api';
import { formatDateTime, formatNumber } from '../lib/format';
import { filterBy } from '../lib/search';
import type { AuditEntry, Items } from '../lib/types';

const PAGE = 100;

interface Verify { ok: boolean; entries: number; programs_checked: number; users_checked: number; reports_checked: number; problems: string[] }

export function Audit() {
  const { t } = useApp();
  const [after, setAfter] = useState(0);
  const [q, setQ] = useState('');
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [open, setOpen] = useState<number | null>(null);
  const log = useLoad((s) => get<Items<AuditEntry>>(`/audit?after=${after}&limit=${PAGE}`, s), [after]);
  const items = filterBy(log.data?.items ?? [], q, (e) => `${e.actor} ${e.action} ${e.entity} ${e.entity_id}`);

  const runVerify = async () => {
    setVerify(null);
    setVerifyError(null);
    try {
      setVerify(await get<Verify>('/audit/verify'));
    } catch (e) {
      setVerifyError(e);
    }
  };

  return (
    <>
      <PageTitle sub={t('audit_sub')}>{t('audit_title')}</PageTitle>
      <div className="filters">
        <button type="button" onClick={() => void runVerify()}>{t('verify_chain')}</button>
        <label className="inline-field">{t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
      </div>
      {verify ? (
        <p className={verify.ok ? 'ok-box' : 'error-box'} role="status">
          {verify.ok ? t('chain_ok', { n: formatNumber(verify.entries), p: verify.programs_checked, u: verify.users_checked, r: formatNumber(verify.reports_checked) })
            : t('chain_broken', { n: verify.problems.length })}
          {verify.problems.length ? <ul>{verify.problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
        </p>
      ) : null}
      <ErrorBox error={verifyError} />
      <ErrorBox error={log.error} />
      {log.loading && !log.data ? <Loading /> : null}
      <div className="table-head"><span />
        <TableTools tableId="audit-table" title={t('audit_title')} fileName="nhat-ky"
                    filters={[`#${after + 1}–${after + PAGE}`, q.trim() ? `${t('search')}: ${q.trim()}` : ''].filter(Boolean)} />
      </div>
      <div className="table-wrap">
        <table className="list" id="audit-table">
          <caption className="sr-only">{t('audit_title')}</caption>
          <thead>
            <tr><th scope="col">#</th><th scope="col">{t('time')}</th><th scope="col">{t('actor')}</th><th scope="col">{t('action')}</th><th scope="col">{t('entity')}</th><th scope="col">{t('details')}</th></tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.seq}>
                <td {...figure(e.seq)}>{e.seq}</td>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td><code>{e.action}</code></td>
                <td>{e.entity} {e.entity_id}</td>
                <td data-value={JSON.stringify({ before: e.before, after: e.after })} data-format="text">
                  <button type="button" className="link" aria-expanded={open === e.seq} aria-label={`${open === e.seq ? t('hide') : t('show')} #${e.seq}`}
                          onClick={() => setOpen(open === e.seq ? null : e.seq)}>
                    {open === e.seq ? t('hide') : t('show')}
                  </button>
                  {open === e.seq ? (
                    <pre className="json">{JSON.stringify({ before: e.before, after: e.after, hash: e.hash }, null, 1)}</pre>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" disabled={after === 0} onClick={() => setAfter(Math.max(0, after - PAGE))}>← {t('previous')}</button>
        <button type="button" disabled={(log.data?.items.length ?? 0) < PAGE} onClick={() => setAfter(after + PAGE)}>{t('next')} →</button>
      </div>
    </>
  );
}
