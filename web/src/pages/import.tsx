// Import a decision (planners): paste its text or choose its .txt file; the server reads it into
// a draft (diagnostics of what it could not read cleanly), and the review opens: the program
// beside its text, where a planner corrects what was read wrongly and then publishes.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, PageTitle } from '../components';
import { ApiError, request } from '../lib/api';
import { formatDate } from '../lib/format';
import { navigate } from '../lib/router';
import type { ImportResult } from '../lib/types';

export function ImportPage() {
  const { t, programs, reloadPrograms } = useApp();
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [replaceable, setReplaceable] = useState(false);
  const drafts = programs.filter((p) => p.status === 'draft');

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setName(file.name);
    file.text().then(setText, (err) => setError(err));
  };

  const send = async (replace: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const q = new URLSearchParams();
      if (name.trim()) q.set('name', name.trim());
      if (replace) q.set('replace', 'draft');
      const r = await request<ImportResult>('POST', '/programs' + (q.toString() ? '?' + q : ''), {
        raw: text,
        contentType: 'text/plain; charset=utf-8',
      });
      reloadPrograms();
      navigate(`/programs/${r.id}`);
    } catch (err) {
      setReplaceable(err instanceof ApiError && err.code === 'program_exists');
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setError(new Error(t('import_empty')));
      return;
    }
    void send(false);
  };

  return (
    <>
      <PageTitle sub={t('import_sub')}>{t('import_title')}</PageTitle>
      <form className="import-form" onSubmit={onSubmit}>
        <label className="field">
          {t('import_file')}
          <input type="file" accept=".txt,text/plain" onChange={onFile} />
        </label>
        <label className="field">
          {t('import_paste')}
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={14} lang="vi"
                    placeholder={t('import_placeholder')} />
        </label>
        <label className="field">
          {t('import_name')}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="quyet_dinh_224.txt" />
        </label>
        <ErrorBox error={error} />
        <p className="actions">
          <button type="submit" disabled={busy}>{busy ? t('import_reading') : t('import_read')}</button>
          {replaceable ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void send(true)}>
              {t('import_replace_draft')}
            </button>
          ) : null}
        </p>
      </form>
      {drafts.length ? (
        <section aria-labelledby="drafts-h">
          <h2 id="drafts-h">{t('drafts_to_review')}</h2>
          <ul>
            {drafts.map((p) => (
              <li key={p.id}>
                <Link to={`/programs/${p.id}`}>{p.number ?? '—'} · {p.title}</Link>{' '}
                <span className="muted">{formatDate(p.issued_date)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
