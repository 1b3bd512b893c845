// The programs the user may see: published ones for everyone, drafts for planners and admins.
import { useState } from 'react';
import { canPlan, useApp } from '../context';
import { ErrorBox, Link, PageTitle } from '../components';
import { post } from '../lib/api';
import { navigate } from '../lib/router';
import type { NextYearDraft } from '../lib/types';
import { formatDate, formatNumber } from '../lib/format';
import { filterBy } from '../lib/search';

export function Programs() {
  const { programs, t, setProgramId, user, reloadPrograms } = useApp();
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>(null);
  // Issue 18: next year's program from a published one (once per year: a second start answers
  // 409 next_year_exists, naming the draft, which is then opened).
  async function startNextYear(id: number, year: number) {
    setError(null);
    try {
      const d = await post<NextYearDraft>(`/programs/${id}/next-year`, { year: year + 1 });
      reloadPrograms();
      navigate(`/programs/${d.id}/reconcile`);
    } catch (e) {
      const existing = (e as { body?: { error?: { details?: { field: string; message: string }[] } } }).body?.error?.details
        ?.find((x) => x.field === 'program_id')?.message;
      if (existing) navigate(`/programs/${existing}/reconcile`);
      else setError(e);
    }
  }
  const shown = filterBy(programs, q, (p) => `${p.number} ${p.title} ${p.year}`);
  return (
    <>
      <PageTitle>{t('programs_title')}</PageTitle>
      <label className="search">
        {t('search')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
      </label>
      <ErrorBox error={error} />
      {shown.length === 0 ? <p className="muted">{t('nothing_found')}</p> : null}
      <ul className="cards">
        {shown.map((p) => (
          <li key={p.id} className="card">
            <h2>
              <Link to={`/programs/${p.id}`}>{p.title}</Link>
            </h2>
            <p>
              {t('decision')} {p.number} · {t('issued_on')} {formatDate(p.issued_date)} ·{' '}
              <span className={`badge status-${p.status}`}>{t(p.status === 'published' ? 'published' : 'draft')}</span>
            </p>
            <p className="muted">
              {t('n_sections', { n: formatNumber(p.sections) })} · {t('n_targets', { n: formatNumber(p.targets) })}
            </p>
            <p>
              <Link to={`/programs/${p.id}`}>{t('open_program')}</Link>{' '}
              <button type="button" className="link" onClick={() => setProgramId(p.id)}>{t('use_for_reports')}</button>
              {canPlan(user) && p.status === 'published' && p.year ? (
                <>
                  {' '}
                  <button type="button" className="link" onClick={() => void startNextYear(p.id, p.year as number)}>
                    {t('ny_start', { next: p.year + 1, year: p.year })}
                  </button>
                </>
              ) : null}
              {canPlan(user) && p.status === 'draft' && /\(lập từ chương trình năm \d{4}\)$/.test(p.title ?? '') ? (
                <> <Link to={`/programs/${p.id}/reconcile`}>{t('ny_title', { year: p.year ?? '' })}</Link></>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
