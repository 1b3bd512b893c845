// The programs the user may see: published ones for everyone, drafts for planners and admins.
import { useState } from 'react';
import { useApp } from '../context';
import { Link, PageTitle } from '../components';
import { formatDate, formatNumber } from '../lib/format';
import { filterBy } from '../lib/search';

export function Programs() {
  const { programs, t, setProgramId } = useApp();
  const [q, setQ] = useState('');
  const shown = filterBy(programs, q, (p) => `${p.number} ${p.title} ${p.year}`);
  return (
    <>
      <PageTitle>{t('programs_title')}</PageTitle>
      <label className="search">
        {t('search')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
      </label>
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
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
