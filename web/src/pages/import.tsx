// Import a decision (planners): choose its file — the drafting unit's .docx, the signed PDF or a
// .txt — or paste its text; the server reads it into a draft (diagnostics of what it could not
// read cleanly), and the review opens: the program beside its text, where a planner corrects
// what was read wrongly and then publishes. A file is sent as its bytes with its type (never
// decoded here: a .txt in a legacy font or another encoding is the server's to read); a refusal
// (a .doc, a scan, a file too large) is shown in the server's words.
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useApp } from '../context';
import { ErrorBox, Link, PageTitle } from '../components';
import { ApiError, request } from '../lib/api';
import { formatDate } from '../lib/format';
import { navigate } from '../lib/router';
import type { ImportResult } from '../lib/types';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The form a chosen file is sent as: its extension first (browsers often give no type for
 *  .docx), else its own type; anything else goes as octet-stream and the server sniffs it. */
export function uploadForm(file: { name: string; type: string }): { form: 'docx' | 'pdf' | 'text' | 'other'; contentType: string } {
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'docx' || file.type === DOCX) return { form: 'docx', contentType: DOCX };
  if (ext === 'pdf' || file.type === 'application/pdf') return { form: 'pdf', contentType: 'application/pdf' };
  if (ext === 'txt' || file.type === 'text/plain') return { form: 'text', contentType: 'text/plain' };
  return { form: 'other', contentType: 'application/octet-stream' };
}

/** "23 KB", "1,4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

export function ImportPage() {
  const { t, programs, reloadPrograms } = useApp();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [replaceable, setReplaceable] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const drafts = programs.filter((p) => p.status === 'draft');

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0] ?? null;
    setFile(f);
    setError(null);
    setReplaceable(false);
    if (f) setName(f.name);
  };

  const clearFile = () => {
    setFile(null);
    if (input.current) input.current.value = '';
  };

  const send = async (replace: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const q = new URLSearchParams();
      if (name.trim()) q.set('name', name.trim());
      if (replace) q.set('replace', 'draft');
      const path = '/programs' + (q.toString() ? '?' + q : '');
      const r = file
        ? await request<ImportResult>('POST', path, { raw: file, contentType: uploadForm(file).contentType })
        : await request<ImportResult>('POST', path, { raw: text, contentType: 'text/plain; charset=utf-8' });
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
    if (!file && !text.trim()) {
      setError(new Error(t('import_empty')));
      return;
    }
    void send(false);
  };

  const chosen = file ? uploadForm(file) : null;
  return (
    <>
      <PageTitle sub={t('import_sub')}>{t('import_title')}</PageTitle>
      <form className="import-form" onSubmit={onSubmit}>
        <label className="field">
          {t('import_file')}
          <input ref={input} type="file" accept=".txt,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onChange={onFile} />
        </label>
        {file && chosen ? (
          <p className="import-file-info" role="status">
            {t('import_chosen', { name: file.name, form: t(('form_' + chosen.form) as 'form_docx'), size: formatSize(file.size) })}{' '}
            <button type="button" className="secondary" onClick={clearFile}>{t('import_clear_file')}</button>
          </p>
        ) : null}
        <label className="field">
          {t('import_paste')}
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={14} lang="vi"
                    placeholder={t('import_placeholder')} disabled={!!file}
                    aria-describedby={file ? 'import-paste-off' : undefined} />
        </label>
        {file ? <p className="muted" id="import-paste-off">{t('import_paste_off')}</p> : null}
        <label className="field">
          {t('import_name')}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="quyet_dinh_224.docx" />
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
