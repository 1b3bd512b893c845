// Next year's program started from this year's (issue 18): what the draft carries (each target
// with last year's value "chờ quyết định", the unfinished tasks), then next year's decision read
// against it — each proposal with its match and why, last year's value beside the decision's,
// and the planner's choice (take the decision's, keep last year's, drop) — applied when every
// proposal is decided; the program may then be published.
import { useState } from 'react';
import { canPlan, useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, useLoad } from '../components';
import { get, post, put, request } from '../lib/api';
import { formatNumber } from '../lib/format';
import type { NextYearDraft, Reconcile, ReconcileItem } from '../lib/types';

const TAKE_KEYS = { '2013': 'ny_take_2013', carried: 'ny_take_carried', drop: 'ny_take_drop' } as const;

export function ReconcilePage({ id }: { id: number }) {
  const { t, user, reloadPrograms } = useApp();
  const [rec, setRec] = useState<Reconcile | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const data = useLoad(async (s) => {
    const [draft, current] = await Promise.all([
      get<NextYearDraft>(`/programs/${id}/next-year`, s),
      get<Reconcile>(`/programs/${id}/reconcile`, s),
    ]);
    return { draft, current };
  }, [id, done]);
  const draft = data.data?.draft;
  const shown = rec ?? (data.data?.current.items.length ? data.data.current : null);
  const reconciled = Boolean(draft?.reconciled_at);
  const undecided = shown ? shown.items.filter((i) => !(choice[i.key] ?? i.decision)).length : 0;

  async function read(file: File) {
    setBusy(true); setError(null);
    try {
      const r = await request<Reconcile>('POST', `/programs/${id}/reconcile?name=${encodeURIComponent(file.name)}`, {
        raw: file, contentType: file.name.endsWith('.txt') ? 'text/plain' : 'application/octet-stream' });
      setRec(r);
      setChoice(Object.fromEntries(r.items.map((i) => [i.key, i.proposal ?? ''])));
    } catch (e) { setError(e); } finally { setBusy(false); }
  }
  async function apply() {
    if (!shown) return;
    setBusy(true); setError(null);
    try {
      await put<Reconcile>(`/programs/${id}/reconcile`, {
        revision: shown.revision,
        decisions: shown.items.map((i) => ({ key: i.key, take: choice[i.key] })) });
      setRec(null); setDone('applied');
    } catch (e) { setError(e); } finally { setBusy(false); }
  }
  async function publish() {
    setBusy(true); setError(null);
    try { await post(`/programs/${id}/publish`); reloadPrograms(); setDone('published'); }
    catch (e) { setError(e); } finally { setBusy(false); }
  }
  const year = draft?.year ?? '';
  const value = (v: string | null) => (v === null || v === '' ? '—' : v);
  return (
    <>
      <PageTitle sub={draft ? t('ny_from', { from: draft.from, year }) : undefined}>{t('ny_title', { year })}</PageTitle>
      <p><Link to={`/programs/${id}`}>← {t('bl_back')}</Link></p>
      <ErrorBox error={data.error ?? error} />
      {data.loading && !draft ? <Loading /> : null}
      {draft ? (
        <section aria-labelledby="ny-carried">
          <h2 id="ny-carried">{t('ny_carried', { year: draft.year - 1 })}</h2>
          <p className="muted">{t('ny_carried_counts', { targets: formatNumber(draft.targets.length), tasks: formatNumber(draft.tasks.length), date: '01/01/' + draft.year })}</p>
          {reconciled ? <p role="status" className="ok">{t('ny_reconciled')}</p> : (
            <p>
              <label>{t('ny_read_decision', { year })}{' '}
                <input type="file" accept=".txt,.docx,.pdf" disabled={busy || !canPlan(user)}
                  onChange={(e) => { const f = e.target.files?.[0]; if (f) void read(f); }} />
              </label>
            </p>
          )}
        </section>
      ) : null}
      {shown && !reconciled ? (
        <section aria-labelledby="ny-proposals">
          <h2 id="ny-proposals">{t('ny_proposals', { name: shown.decision_name ?? '' })}</h2>
          <div className="table-wrap">
            <table className="list stack" id="reconcile-table">
              <thead>
                <tr>
                  <th scope="col">{t('bl_item')}</th>
                  <th scope="col">{t('ny_match')}</th>
                  <th scope="col">{t('ny_carried_col', { year: Number(year) - 1 })}</th>
                  <th scope="col">{t('ny_decided_col', { year })}</th>
                  <th scope="col">{t('ny_choice')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.items.map((i: ReconcileItem) => (
                  <tr key={i.key} data-key={i.key} data-match={i.match ?? ''}>
                    <td data-label={t('bl_item')}><span className="num">{i.section}</span> {i.name}</td>
                    <td data-label={t('ny_match')}>
                      <span className={`badge ny-${i.match}`}>{t(('ny_match_' + i.match) as 'ny_match_new')}</span>
                      <br /><span className="muted">{i.why}</span>
                    </td>
                    <td data-label={t('ny_carried_col', { year: Number(year) - 1 })}>{value(i.carried)}</td>
                    <td data-label={t('ny_decided_col', { year })}>{value(i.decided_2013)}</td>
                    <td data-label={t('ny_choice')}>
                      {i.takes.map((k) => (
                        <label key={k} className="choice">
                          <input type="radio" name={'take-' + i.key} value={k} checked={(choice[i.key] ?? '') === k}
                            onChange={() => setChoice((c) => ({ ...c, [i.key]: k }))} />{' '}
                          {t(TAKE_KEYS[k as keyof typeof TAKE_KEYS] ?? 'ny_take_2013', { year })}
                        </label>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <button type="button" disabled={busy || undecided > 0} onClick={() => void apply()}>{t('ny_apply')}</button>{' '}
            {undecided > 0 ? <span className="muted">{t('ny_undecided', { n: formatNumber(undecided) })}</span> : null}
          </p>
        </section>
      ) : null}
      {reconciled ? (
        <p>
          <button type="button" disabled={busy || done === 'published'} onClick={() => void publish()}>{t('ny_publish', { year })}</button>{' '}
          {done === 'published' ? <span role="status">{t('ny_published')}</span> : null}
        </p>
      ) : null}
    </>
  );
}
