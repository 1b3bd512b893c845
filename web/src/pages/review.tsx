// The review of a draft, beside its text (program browser): what the parser could not read
// cleanly, the corrections made so far, a correction form for a target, a deadline or a
// section's lead, and publication. Corrections are kept as corrections, each audited.
import { useState, type FormEvent } from 'react';
import { useApp } from '../context';
import { ErrorBox, TableTools, useLoad } from '../components';
import { ApiError, get, post } from '../lib/api';
import { formatDateTime } from '../lib/format';
import type { Correction, Diagnostic, Items, Program } from '../lib/types';
import { formatSize } from './import';

export interface Field {
  field: string; // value | unit | comparator | indicator | due | lead
  label: string;
  current: string; // what is read now, shown and offered as the starting value
}

/** A correction of one item: which field, the new value as a person types it, and why. */
export function CorrectionForm(props: {
  programId: number; locator: string; fields: Field[]; onDone: () => void; onCancel: () => void;
}) {
  const { t } = useApp();
  const [field, setField] = useState(props.fields[0].field);
  const chosen = props.fields.find((f) => f.field === field) ?? props.fields[0];
  const [value, setValue] = useState(chosen.current);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (f: string) => {
    setField(f);
    setValue(props.fields.find((x) => x.field === f)?.current ?? '');
    setProblem(null);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setProblem(null);
    try {
      await post<Correction>(`/programs/${props.programId}/corrections`, { locator: props.locator, field, value, reason });
      props.onDone();
    } catch (err) {
      // A refused value names its field: shown beside the input, the typed text kept.
      const details = (err as ApiError).body as { error?: { details?: { field: string; message: string }[] } } | null;
      const d = details?.error?.details?.[0];
      if (err instanceof ApiError && err.status === 400 && d) setProblem(d.message);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const id = `fix-${props.locator.replace(/[^a-zA-Z0-9]/g, '-')}`;
  return (
    <form className="correction-form" onSubmit={onSubmit} aria-label={t('correct_item')}>
      {props.fields.length > 1 ? (
        <label className="inline-field">
          {t('correct_field')}
          <select value={field} onChange={(e) => pick(e.target.value)}>
            {props.fields.map((f) => <option key={f.field} value={f.field}>{f.label}</option>)}
          </select>
        </label>
      ) : null}
      <label className="inline-field" htmlFor={id}>
        {chosen.label} ({t('now')}: {chosen.current || '—'})
      </label>
      <input id={id} value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={problem ? true : undefined}
             aria-describedby={problem ? id + '-err' : undefined} />
      {problem ? <p className="field-error" id={id + '-err'} role="alert">{problem}</p> : null}
      <label className="inline-field">
        {t('correct_reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <ErrorBox error={error} />
      <p className="actions">
        <button type="submit" disabled={busy}>{t('save_correction')}</button>
        <button type="button" className="secondary" onClick={props.onCancel}>{t('cancel')}</button>
      </p>
    </form>
  );
}

/** The banner of a draft under review: diagnostics, corrections, publication. */
export function ReviewPanel(props: {
  program: Program; version: number; onPublished: () => void;
  describe: (locator: string) => string; // "target:17" → the target's indicator
}) {
  const { t, reloadPrograms } = useApp();
  const id = props.program.id;
  const diags = useLoad((s) => get<Items<Diagnostic>>(`/programs/${id}/diagnostics`, s), [id]);
  const fixes = useLoad((s) => get<Items<Correction>>(`/programs/${id}/corrections`, s), [id, props.version]);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await post<Program>(`/programs/${id}/publish`);
      reloadPrograms();
      props.onPublished();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const list = diags.data?.items ?? [];
  const errors = list.filter((d) => d.severity === 'error').length;
  return (
    <section className="review" aria-labelledby="review-h">
      <h2 id="review-h">{t('review_title')}</h2>
      <p>{t('review_intro')}</p>
      {props.program.source ? (
        <p className="review-source">
          {t('source_read_from', {
            form: t(('form_' + props.program.source.form) as 'form_docx'),
            pages: props.program.source.pages ? t('source_pages', { n: props.program.source.pages }) : '',
            size: formatSize(props.program.source.file_bytes),
          })}{' '}
          · <a href={`/api/v1/programs/${id}/source`} download>{t('source_original')}</a>{' '}
          · <a href={`/api/v1/programs/${id}/source.txt`} target="_blank" rel="noreferrer">{t('source_text')}</a>
        </p>
      ) : null}
      <p>
        {t('review_counts', { d: list.length, e: errors, c: fixes.data?.items.length ?? 0 })}
      </p>
      <details>
        <summary>{t('diagnostics')} ({list.length})</summary>
        <ul className="diagnostics">
          {list.map((d, i) => (
            <li key={i} className={`diag diag-${d.severity}`}>
              <span className="badge">{t(('severity_' + d.severity) as 'severity_error')}</span>{' '}
              {d.item ? <strong className="diag-item">{props.describe(d.item) || t('note_of_item', { item: d.item })}: </strong> : null}
              {d.span ? <span className="muted">{t('line_n', { n: d.span.line })}: </span> : null}
              {d.message}
            </li>
          ))}
        </ul>
      </details>
      {fixes.data?.items.length ? (
        <>
          <div className="table-head"><h3>{t('corrections')}</h3>
            <TableTools tableId="corrections-table" title={t('corrections')} fileName="dinh-chinh" noPrint />
          </div>
          <table className="corrections" id="corrections-table">
            <thead>
              <tr><th>{t('item')}</th><th>{t('before')}</th><th>{t('after')}</th><th>{t('correct_reason')}</th><th>{t('actor')}</th><th>{t('time')}</th></tr>
            </thead>
            <tbody>
              {fixes.data.items.map((k) => (
                <tr key={k.id}>
                  <td>{props.describe(k.locator)} · {t(('fix_' + k.field) as 'fix_value')}</td><td>{k.before}</td><td>{k.after}</td><td>{k.reason}</td>
                  <td>{k.by}</td><td>{formatDateTime(k.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <ErrorBox error={error ?? diags.error ?? fixes.error} />
      <p className="actions">
        {confirming ? (
          <>
            <strong>{t('publish_confirm_q')}</strong>{' '}
            <button type="button" disabled={busy} onClick={() => void publish()}>{t('publish_confirm')}</button>{' '}
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>{t('cancel')}</button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>{t('publish')}</button>
        )}
      </p>
    </section>
  );
}
