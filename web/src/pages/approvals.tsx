// Submitted reports waiting for a decision: approve, or return with a comment (required).
import { useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, ProgramPicker, TableTools, useLoad } from '../components';
import { day } from '../lib/table_export';
import { ApiError, getAll, post } from '../lib/api';
import { formatDate, formatDateTime } from '../lib/format';
import { filterBy } from '../lib/search';
import type { DueReport } from '../lib/types';
import { reportPath } from './my_reports';

export function Approvals() {
  const { t, programId } = useApp();
  const [q, setQ] = useState('');
  const [returning, setReturning] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { data, error, loading, reload } = useLoad(
    (s) => (programId ? getAll<DueReport>(`/programs/${programId}/reports/due?state=submitted`, s) : Promise.resolve({ items: [], total: 0 })),
    [programId],
  );
  const shown = filterBy(data?.items ?? [], q, (d) => `${d.unit.name} ${d.period.label} ${d.obligation.name}`);

  const decide = async (d: DueReport, action: 'approve' | 'return') => {
    if (action === 'return' && !comment.trim()) {
      setCommentError(t('comment_required'));
      document.getElementById('inbox-comment')?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await post(`/reports/${d.report.id}/${action}`, { version: d.report.version, comment: comment.trim() });
      setMessage({ ok: true, text: `${t(action === 'approve' ? 'done_approve' : 'done_return')} — ${d.unit.name}, ${d.period.label}` });
      setReturning(null);
      setComment('');
      reload();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError && e.status === 409 ? t('stale_version') : e instanceof Error ? e.message : String(e) });
      reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle sub={t('approvals_sub')}>{t('approvals_title')}</PageTitle>
      <div className="filters">
        <ProgramPicker />
        <label className="inline-field">
          {t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
      </div>
      {message ? <p className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>{message.text}</p> : null}
      <ErrorBox error={error} />
      {loading && !data ? <Loading /> : null}
      {data && shown.length === 0 ? <p className="muted">{t('inbox_empty')}</p> : null}
      {shown.length ? (
        <>
        <div className="table-head"><span />
          <TableTools tableId="approvals-table" title={t('approvals_title')} fileName="cho-duyet"
                      filters={[q.trim() ? `${t('search')}: ${q.trim()}` : ''].filter(Boolean)} />
        </div>
        <div className="table-wrap">
          <table className="list stack" id="approvals-table">
            <caption className="sr-only">{t('approvals_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('unit')}</th>
                <th scope="col">{t('report')}</th>
                <th scope="col">{t('period')}</th>
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('submitted_at')}</th>
                <th scope="col" className="print-hide" data-export="skip">{t('decision_on_report')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.report.id ?? 0}>
                  <td data-label={t('unit')}>{d.unit.name}</td>
                  <td data-label={t('report')}><Link to={reportPath(programId!, d)}>{d.obligation.name}</Link></td>
                  <td data-label={t('period')}>{d.period.label}</td>
                  <td data-label={t('due')} {...day(d.due)}>{formatDate(d.due)}</td>
                  <td data-label={t('submitted_at')}>{formatDateTime(d.report.submitted_at)}{d.late ? <span className="warn"> · {t('late')}</span> : null}</td>
                  <td className="print-hide" data-export="skip">
                    {returning === d.report.id ? (
                      <div className="return-form">
                        <label className="block">{t('comment')} ({t('comment_needed_to_return')})
                          <textarea id="inbox-comment" rows={2} value={comment} aria-invalid={commentError ? true : undefined}
                                    aria-describedby={commentError ? 'inbox-comment-err' : undefined}
                                    onChange={(e) => { setComment(e.target.value); setCommentError(null); }} />
                        </label>
                        {commentError ? <span className="field-error" id="inbox-comment-err" role="alert">{commentError}</span> : null}
                        <div className="actions">
                          <button type="button" disabled={busy} onClick={() => void decide(d, 'return')}>{t('confirm_return')}</button>
                          <button type="button" className="link" onClick={() => { setReturning(null); setCommentError(null); }}>{t('cancel')}</button>
                        </div>
                      </div>
                    ) : (
                      <div className="actions">
                        <button type="button" className="primary" disabled={busy} onClick={() => void decide(d, 'approve')}
                                aria-label={`${t('approve')}: ${d.unit.name}, ${d.period.label}`}>{t('approve')}</button>
                        <button type="button" disabled={busy} onClick={() => { setReturning(d.report.id); setComment(''); setCommentError(null); }}
                                aria-label={`${t('return_report')}: ${d.unit.name}, ${d.period.label}`}>{t('return_report')}</button>
                      </div>
                    )}
                  </td>
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
