// One report (issue 17) as it will be printed: an A4 page in Times New Roman laid out as Decree
// 30 has it (the header table, "BÁO CÁO", the subject, the body, the signature, Nơi nhận). A
// planner clicks a paragraph to edit it; edits are kept in this browser until saved
// (lib/document_edits, lib/draft_store), so a save refused because someone saved meanwhile
// loses nothing. Regenerating keeps the edits; a paragraph whose figures changed under an edit
// shows the change word by word and asks which text to keep. Issuing gives the number, the date
// and the signer. Leaders read the same page without the editing.
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useApp, canPlan } from '../context';
import { Dialog, ErrorBox, Field, Link, Loading, PageTitle, PrintButton, useLoad } from '../components';
import { ApiError, get, post, put } from '../lib/api';
import { formatDate, formatDateTime, parseDate } from '../lib/format';
import { wordDiff } from '../lib/diff';
import { DRAFT_PREFIX, loadDraft, removeDraft, saveDraft } from '../lib/draft_store';
import { parsePeriodKey, periodLabel } from '../lib/document_period';
import { checkEdits, countEdits, MAX_BLOCK_CHARS, noEdits, parseRecipients, settle, toRequest, type LocalEdits } from '../lib/document_edits';
import type { DocumentBlock, DocumentEdit, DocumentHistoryItem, DocumentTableCell, DocumentView, Items } from '../lib/types';
import { DocumentStatusBadge } from './documents';
import './documents.css';

type T = ReturnType<typeof useApp>['t'];

const cellText = (c: DocumentTableCell) => (typeof c === 'string' ? c : c.text);
const cellBold = (c: DocumentTableCell) => typeof c !== 'string' && !!c.bold;
const cellValue = (c: DocumentTableCell) => (typeof c === 'string' ? undefined : (c.value ?? undefined));

function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')} ${formatDate(d.toISOString().slice(0, 10))}`;
}

export function DocumentEditorPage({ id }: { id: number }) {
  const { t, user } = useApp();
  const loaded = useLoad((s) => get<DocumentView>(`/documents/${id}`, s), [id]);
  // The document as last answered by any call (a save answers with it, as does a regeneration).
  const [doc, setDoc] = useState<DocumentView | null>(null);
  useEffect(() => { if (loaded.data) setDoc(loaded.data); }, [loaded.data]);

  if (loaded.error && !doc) return <><p><Link to="/documents">← {t('doc_back')}</Link></p><ErrorBox error={loaded.error} /></>;
  if (!doc) return <Loading />;
  return <Editor key={doc.id} doc={doc} setDoc={setDoc} reload={loaded.reload} canEdit={canPlan(user) && doc.status === 'draft'} />;
}

function Editor({ doc, setDoc, reload, canEdit }: { doc: DocumentView; setDoc: (d: DocumentView) => void; reload: () => void; canEdit: boolean }) {
  const { t, lang, user } = useApp();
  const storeKey = `${DRAFT_PREFIX}${user.username}:document/${doc.id}`;
  // What was typed and not saved, restored from this browser when the page opens.
  const [restored] = useState(() => {
    const d = canEdit ? loadDraft<LocalEdits>(storeKey) : null;
    const e = d ? settle({ ...noEdits(), ...d.data }, doc) : noEdits();
    return countEdits(e) ? { edits: e, at: d!.saved_at } : null;
  });
  const [edits, setEdits] = useState<LocalEdits>(() => restored?.edits ?? noEdits());
  const [showRestored, setShowRestored] = useState(restored !== null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | 'save' | 'regenerate'>(null);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [message, setMessage] = useState<string | null>(() =>
    new URLSearchParams(location.search).get('regenerated') ? t('docs_regenerated') : null);
  const [dialog, setDialog] = useState<null | 'history' | 'issue'>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const pending = countEdits(edits);
  const dirty = pending > 0;

  // Kept in this browser while typing (and removed once saved).
  useEffect(() => {
    if (!canEdit) return;
    if (dirty) saveDraft(storeKey, doc.version, edits);
    else removeDraft(storeKey);
  }, [edits, dirty, canEdit, storeKey, doc.version]);

  // While something is not saved, leaving asks first (what was typed stays kept either way).
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = ''; };
    const onClick = (e: MouseEvent) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.hasAttribute('download') || (a.target && a.target !== '_self')) return;
      const to = new URL(a.href, location.href);
      if (to.origin !== location.origin || to.pathname === location.pathname) return;
      if (!window.confirm(t('doc_leave_unsaved'))) { e.preventDefault(); e.stopPropagation(); }
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty, t]);

  // A newer version of the document (after "Tải bản mới"): the edits stay over it.
  useEffect(() => { setEdits((e) => settle(e, doc)); }, [doc]);

  const answered = useCallback((d: DocumentView) => {
    setDoc(d);
    setStale(false);
  }, [setDoc]);

  const check = (e: LocalEdits): boolean => {
    const found: Record<string, string> = {};
    for (const p of checkEdits(e)) found[p.key] = p.problem === 'empty' ? t('doc_empty_text') : t('doc_too_long', { n: MAX_BLOCK_CHARS.toLocaleString('vi-VN') });
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) setEditing(first);
    return !first;
  };

  /** One PUT: what was typed, and the changed paragraphs resolved if any. */
  const save = async (resolve: DocumentEdit['resolve'] = []): Promise<DocumentView | null> => {
    const e = settle(edits, doc);
    if (!check(e)) return null;
    if (!countEdits(e) && !resolve.length) return doc;
    setBusy('save');
    setError(null);
    setMessage(null);
    try {
      const d = await put<DocumentView>(`/documents/${doc.id}`, toRequest(e, doc.version, resolve));
      // Typed while the save was on its way: kept (settle drops what the answer now says).
      setEdits((now) => settle(subtract(now, e), d));
      answered(d);
      setEditing(null);
      setMessage(t('doc_saved', { v: d.version }));
      return d;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'stale_version') setStale(true);
      else setError(err);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const regenerate = async () => {
    const base = dirty ? await save() : doc;
    if (!base) return;
    setBusy('regenerate');
    setError(null);
    setMessage(null);
    try {
      const d = await post<DocumentView>(`/documents/${doc.id}/regenerate`, { version: base.version });
      answered(d);
      setMessage(t('doc_regenerated', { v: d.version, changed: d.counts.changed_underneath, orphaned: d.counts.orphaned }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'stale_version') setStale(true);
      else setError(err);
    } finally {
      setBusy(null);
    }
  };

  const setText = (key: string, text: string) => setEdits((e) => ({ ...e, blocks: { ...e.blocks, [key]: text }, reset: e.reset.filter((k) => k !== key) }));
  const setAdded = (id: string, text: string) => setEdits((e) => ({ ...e, added: e.added.map((a) => (a.id === id ? { ...a, text } : a)) }));
  const addAfter = (after: string) => {
    const nid = 'local.' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    setEdits((e) => ({ ...e, added: [...e.added, { id: nid, after, text: '' }] }));
    setEditing(nid);
  };
  const removeBlock = (key: string) => {
    setEdits((e) => ({ ...e, removed: [...e.removed.filter((k) => k !== key), key] }));
    setEditing(null);
  };
  const undoRemove = (key: string) => setEdits((e) => ({ ...e, removed: e.removed.filter((k) => k !== key) }));
  const dropAdded = (id: string) => {
    setEdits((e) => ({ ...e, added: e.added.filter((a) => a.id !== id).map((a) => (a.after === id ? { ...a, after: e.added.find((x) => x.id === id)?.after ?? a.after } : a)) }));
    setEditing(null);
  };
  const backToGenerated = (key: string) => {
    setEdits((e) => {
      const blocks = { ...e.blocks };
      delete blocks[key];
      return { ...e, blocks, reset: [...e.reset.filter((k) => k !== key), key] };
    });
    setEditing(null);
  };
  const finishEditing = () => {
    setEdits((e) => settle(e, doc));
    setEditing(null);
  };
  const discard = () => {
    setEdits(noEdits());
    setShowRestored(false);
    removeDraft(storeKey);
  };

  const conflicts = doc.blocks.filter((b) => b.state === 'changed_underneath' || b.state === 'orphaned').length;
  const added = (after: string) => edits.added.filter((a) => a.after === after);
  const numberText = doc.header.number ?? `      /${doc.header.symbol}`;
  // Mid-sentence the period reads as the report's title writes it ("Báo cáo tổng hợp tháng 12 năm
  // 2012"), not as a list's label ("Tháng 12/2012").
  const choice = parsePeriodKey(doc.period.key);
  const periodText = choice ? periodLabel(choice, lang) : doc.period.label;
  const title = `${doc.kind === 'consolidated' ? t('docs_kind_consolidated') : `${t('docs_kind_unit')} ${doc.unit?.name ?? ''}`} ${periodText}`;

  const renderAdded = (after: string): ReactNode => added(after).map((a) => (
    <div key={a.id} className="doc-block doc-added">
      <span className="badge doc-badge-edited doc-noprint">{t('doc_new_paragraph')}</span>
      {editing === a.id ? <p className="doc-p doc-WPBody doc-printonly">{a.text}</p> : null}
      {editing === a.id ? (
        <div className="doc-editbox doc-noprint">
          <textarea aria-label={t('doc_new_paragraph')} value={a.text} autoFocus rows={Math.max(3, Math.ceil(a.text.length / 80))}
                    aria-invalid={problems[a.id] ? true : undefined} onChange={(e) => setAdded(a.id, e.target.value)} />
          {problems[a.id] ? <span className="field-error">{problems[a.id]}</span> : null}
          <div className="actions">
            <button type="button" onClick={finishEditing}>{t('doc_done_editing')}</button>
            <button type="button" onClick={() => addAfter(a.id)}>{t('doc_add_paragraph')}</button>
            <button type="button" onClick={() => dropAdded(a.id)}>{t('doc_remove')}</button>
          </div>
        </div>
      ) : (
        <p className="doc-p doc-WPBody doc-editable" role="button" tabIndex={0} aria-label={t('doc_block_label', { text: a.text.slice(0, 60) })}
           onClick={() => setEditing(a.id)} onKeyDown={enter(() => setEditing(a.id))}>{a.text}</p>
      )}
      {renderAdded(a.id)}
    </div>
  ));

  return (
    <>
      <div className="doc-noprint">
        <p className="doc-backlink"><Link to={`/documents?program=${doc.program_id}`}>← {t('doc_back')}</Link></p>
        <PageTitle sub={<>
          <DocumentStatusBadge status={doc.status} /> {doc.header.number ? <strong>{doc.header.number}</strong> : null}{' '}
          {t('doc_meta', { period: doc.period.label, date: formatDate(doc.as_of), v: doc.version })}
        </>}>{title}</PageTitle>
        <div className="actions doc-toolbar" role="toolbar" aria-label={title}>
          {canEdit ? (
            <>
              <button type="button" className="primary" disabled={busy !== null || !dirty} onClick={() => void save()}>
                {busy === 'save' ? t('doc_saving') : t('doc_save')}
              </button>
              <button type="button" disabled={busy !== null} onClick={() => void regenerate()}>
                {busy === 'regenerate' ? t('doc_regenerating') : t('doc_regenerate')}
              </button>
              <button type="button" disabled={busy !== null} onClick={() => setDialog('issue')}>{t('doc_issue')}</button>
            </>
          ) : null}
          <button type="button" onClick={() => setDialog('history')}>{t('doc_history')}</button>
          <a className="button" href={`/api/v1/documents/${doc.id}/file.docx`} download>{t('doc_download_docx')}</a>
          <a className="button" href={`/api/v1/documents/${doc.id}/tables.xlsx`} download>{t('doc_download_xlsx')}</a>
          <PrintButton />
          {dirty ? <span className="badge doc-badge-edited" role="status">{t('doc_unsaved', { n: pending })}</span> : null}
        </div>
        {showRestored && restored && dirty ? (
          <div className="notice doc-restored" role="status">
            {t('doc_draft_restored', { n: countEdits(restored.edits), time: clockTime(restored.at) })}{' '}
            <button type="button" className="link" onClick={discard}>{t('doc_draft_drop')}</button>
          </div>
        ) : null}
        {stale ? (
          <div className="error-box doc-stale-version" role="alert">
            {t('doc_stale_version')}{' '}
            <button type="button" onClick={() => { setStale(false); reload(); }}>{t('doc_reload_keep')}</button>
          </div>
        ) : null}
        {doc.stale && doc.status === 'draft' ? (
          <p className="notice" role="status"><span className="badge doc-badge-stale">{t('doc_stale')}</span> {t('doc_stale_help')}</p>
        ) : null}
        {conflicts ? <p className="notice doc-conflicts" role="status">{t('doc_issue_conflicts', { n: conflicts })}</p> : null}
        {message ? <p className="ok-box" role="status">{message}</p> : null}
        <ErrorBox error={error} />
        {!canPlan(user) ? <p className="muted">{t('doc_readonly')}</p> : doc.status === 'issued' ? <p className="muted">{t('doc_issued_readonly')}</p>
          : <p className="muted">{t('doc_click_to_edit')} {t('doc_counts', { blocks: doc.counts.blocks, edited: doc.counts.edited, changed: doc.counts.changed_underneath, orphaned: doc.counts.orphaned })}</p>}
      </div>

      <article className="doc-sheet" aria-label={t('doc_preview')} lang="vi">
        <table className="doc-head" role="presentation">
          <tbody>
            <tr>
              <td className="doc-head-left">
                {doc.header.parent_body ? <div className="doc-parent">{doc.header.parent_body}</div> : null}
                <div className="doc-issuer">{doc.header.issuer}</div>
                <div className="doc-number">Số: {numberText}</div>
              </td>
              <td className="doc-head-right">
                <div className="doc-nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
                <div className="doc-motto">Độc lập - Tự do - Hạnh phúc</div>
                <div className="doc-dateline">{doc.header.date_line}</div>
              </td>
            </tr>
          </tbody>
        </table>
        <div className="doc-title">{doc.header.title || 'BÁO CÁO'}</div>
        <SubjectLine doc={doc} edits={edits} setEdits={setEdits} canEdit={canEdit} editing={editing} setEditing={setEditing} />
        <div className="doc-subject-rule" />

        {doc.blocks.map((b) => b.removed ? (
          canEdit ? (
            <div key={b.key} className="doc-block doc-removed doc-noprint" data-key={b.key}>
              <p className={`doc-p doc-${b.style}`}><s>{b.generated}</s></p>
              <p className="muted">
                {edits.reset.includes(b.key) ? t('doc_restored_pending') : t('doc_removed')}{' '}
                {edits.reset.includes(b.key)
                  ? <button type="button" className="link" onClick={() => setEdits((e) => ({ ...e, reset: e.reset.filter((k) => k !== b.key) }))}>{t('doc_undo')}</button>
                  : <button type="button" className="link" onClick={() => backToGenerated(b.key)}>{t('doc_restore')}</button>}
              </p>
              {renderAdded(b.key)}
            </div>
          ) : <div key={b.key} data-key={b.key}>{renderAdded(b.key)}</div>
        ) : (
          <div key={b.key} className={`doc-block doc-state-${b.state}`} data-key={b.key}>
            <BlockView block={b} t={t} canEdit={canEdit} editing={editing === b.key} text={edits.blocks[b.key] ?? (edits.reset.includes(b.key) ? b.generated : b.text)}
                       local={b.key in edits.blocks || edits.reset.includes(b.key)} removed={edits.removed.includes(b.key)} problem={problems[b.key]}
                       busy={busy !== null}
                       onEdit={() => setEditing(b.key)} onText={(s) => setText(b.key, s)} onDone={finishEditing}
                       onAddAfter={() => addAfter(b.key)} onRemove={() => removeBlock(b.key)} onUndoRemove={() => undoRemove(b.key)}
                       onGenerated={() => backToGenerated(b.key)} onResolve={(take) => void save([{ key: b.key, take }])} />
            {renderAdded(b.key)}
          </div>
        ))}
        {canEdit && !doc.blocks.length ? (
          <div className="actions doc-noprint"><button type="button" onClick={() => addAfter('')}>{t('doc_add_paragraph')}</button></div>
        ) : null}

        <table className="doc-foot" role="presentation">
          <tbody>
            <tr>
              <td className="doc-recipients">
                <div className="doc-recipients-head">{t('doc_recipients_head')}</div>
                <Recipients doc={doc} edits={edits} setEdits={setEdits} canEdit={canEdit} editing={editing} setEditing={setEditing} />
              </td>
              <td className="doc-signature">
                {doc.signature.authority ? <div className="doc-sign-authority">{doc.signature.authority}</div> : null}
                <div className="doc-sign-title">{doc.signature.title}</div>
                <div className="doc-sign-space" />
                <div className="doc-sign-name">{doc.signature.name}</div>
              </td>
            </tr>
          </tbody>
        </table>
      </article>

      {dialog === 'history' ? <HistoryDialog doc={doc} onClose={() => setDialog(null)} /> : null}
      {dialog === 'issue' ? (
        <IssueDialog doc={doc} dirty={dirty} conflicts={conflicts} onClose={() => setDialog(null)}
                     onIssued={(d) => { answered(d); setDialog(null); setMessage(t('doc_issued_as', { number: d.header.number ?? '' })); }} />
      ) : null}
    </>
  );
}

/** `now` without what `sent` carried (the same text for the same key): what was typed since. */
function subtract(now: LocalEdits, sent: LocalEdits): LocalEdits {
  const blocks: Record<string, string> = {};
  for (const [k, v] of Object.entries(now.blocks)) if (sent.blocks[k] !== v) blocks[k] = v;
  const sentAdded = new Set(sent.added.map((a) => a.id + '\u0000' + a.text));
  return {
    blocks,
    reset: now.reset.filter((k) => !sent.reset.includes(k)),
    removed: now.removed.filter((k) => !sent.removed.includes(k)),
    added: now.added.filter((a) => !sentAdded.has(a.id + '\u0000' + a.text)),
    ...(now.subject !== undefined && now.subject !== sent.subject ? { subject: now.subject } : {}),
    ...(now.recipients !== undefined && now.recipients.join('\n') !== (sent.recipients ?? []).join('\n') ? { recipients: now.recipients } : {}),
  };
}

const enter = (f: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); f(); }
};

function BlockView(props: {
  block: DocumentBlock; t: T; canEdit: boolean; editing: boolean; text: string; local: boolean; removed: boolean; problem?: string; busy: boolean;
  onEdit: () => void; onText: (s: string) => void; onDone: () => void; onAddAfter: () => void; onRemove: () => void; onUndoRemove: () => void;
  onGenerated: () => void; onResolve: (take: 'mine' | 'new' | 'suggestion') => void;
}) {
  const { block: b, t, text } = props;
  const editable = props.canEdit && b.kind !== 'table';
  if (b.kind === 'table' && b.table) return <DocTable block={b} />;
  if (props.removed) {
    return (
      <div className="doc-removed doc-noprint">
        <p className={`doc-p doc-${b.style}`}><s>{b.text}</s></p>
        <p className="muted">{t('doc_removed_pending')} <button type="button" className="link" onClick={props.onUndoRemove}>{t('doc_undo')}</button></p>
      </div>
    );
  }
  const badges = (
    <>
      {(b.edited || props.local) && b.state !== 'changed_underneath' && b.state !== 'orphaned' ? <span className="badge doc-badge-edited doc-noprint">{t('doc_edited')}</span> : null}
      {b.state === 'changed_underneath' ? <span className="badge doc-badge-conflict doc-noprint">{t('doc_changed_underneath')}</span> : null}
      {b.state === 'orphaned' ? <span className="badge doc-badge-conflict doc-noprint">{t('doc_orphaned')}</span> : null}
    </>
  );
  const resolve = b.state === 'changed_underneath' && b.underneath ? (
    <div className="doc-resolve doc-noprint" role="group" aria-label={t('doc_changed_underneath')}>
      <p className="doc-diff-caption">{t('doc_diff_caption')}</p>
      <p className="doc-diff">{wordDiff(b.underneath.before, b.underneath.after).map((p, i) =>
        p.op === 'same' ? <span key={i}>{p.text}</span> : p.op === 'del' ? <del key={i}>{p.text}</del> : <ins key={i}>{p.text}</ins>)}</p>
      {props.canEdit ? (
        <div className="actions">
          <button type="button" disabled={props.busy} onClick={() => props.onResolve('mine')}>{t('doc_keep_mine')}</button>
          <button type="button" disabled={props.busy} onClick={() => props.onResolve('new')}>{t('doc_take_new')}</button>
          {b.suggestion ? (
            <button type="button" className="primary" disabled={props.busy} title={b.suggestion} onClick={() => props.onResolve('suggestion')}>{t('doc_apply_numbers')}</button>
          ) : null}
        </div>
      ) : null}
      {b.suggestion ? <p className="doc-suggestion muted">{t('doc_apply_numbers')}: «{b.suggestion}»</p> : null}
    </div>
  ) : b.state === 'orphaned' ? (
    <div className="doc-resolve doc-noprint" role="group" aria-label={t('doc_orphaned')}>
      <p className="muted">{t('doc_orphaned_help')}</p>
      {props.canEdit ? (
        <div className="actions">
          <button type="button" disabled={props.busy} onClick={() => props.onResolve('mine')}>{t('doc_keep_mine')}</button>
          <button type="button" disabled={props.busy} onClick={() => props.onResolve('new')}>{t('doc_drop_orphan')}</button>
        </div>
      ) : null}
    </div>
  ) : null;

  if (editable && props.editing) {
    return (
      <>
        {badges}
        <p className={`doc-p doc-${b.style} doc-printonly`}><Passage block={b} text={text} /></p>
        <div className="doc-editbox doc-noprint">
          <textarea aria-label={t('doc_block_label', { text: b.generated.slice(0, 60) || b.key })} value={text} autoFocus
                    rows={Math.max(3, Math.ceil(text.length / 80))} aria-invalid={props.problem ? true : undefined}
                    onChange={(e) => props.onText(e.target.value)} />
          {props.problem ? <span className="field-error" role="alert">{props.problem}</span> : null}
          <div className="actions">
            <button type="button" onClick={props.onDone}>{t('doc_done_editing')}</button>
            <button type="button" onClick={props.onAddAfter}>{t('doc_add_paragraph')}</button>
            <button type="button" onClick={props.onRemove}>{t('doc_remove')}</button>
            {(b.edited || props.local) && b.generated ? <button type="button" onClick={props.onGenerated}>{t('doc_restore_generated')}</button> : null}
          </div>
        </div>
        {resolve}
      </>
    );
  }
  const body = <Passage block={b} text={text} />;
  return (
    <>
      {badges}
      {editable ? (
        <p className={`doc-p doc-${b.style} doc-editable`} role="button" tabIndex={0} aria-label={t('doc_block_label', { text: text.slice(0, 60) })}
           onClick={props.onEdit} onKeyDown={enter(props.onEdit)}>{body}</p>
      ) : b.kind === 'heading' ? (
        <p className={`doc-p doc-heading doc-${b.style}`} role="heading" aria-level={b.style === 'WPSection' || b.style === 'WPAnnexTitle' ? 2 : 3}>{body}</p>
      ) : (
        <p className={`doc-p doc-${b.style}`}>{body}</p>
      )}
      {resolve}
    </>
  );
}

/** A unit's passage ("- Cục Việc làm: …") with the unit's name in bold, as the report prints it. */
function Passage({ block, text }: { block: DocumentBlock; text: string }) {
  const name = block.unit?.name;
  if (name) {
    for (const lead of ['- ' + name, name]) {
      if (text.startsWith(lead)) return <><strong>{lead}</strong>{text.slice(lead.length)}</>;
    }
  }
  return <>{text}</>;
}

function DocTable({ block }: { block: DocumentBlock }) {
  const table = block.table!;
  const numeric = (f: string) => f === 'integer' || f === 'decimal' || f === 'percent';
  return (
    <div className="doc-table-wrap">
      <table className="doc-table" data-key={block.key}>
        <thead>
          <tr>{table.columns.map((c, i) => <th key={i} scope="col">{c.label}</th>)}</tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((c, i) => {
                const f = table.columns[i]?.format ?? 'text';
                const v = cellValue(c);
                return (
                  <td key={i} className={(numeric(f) ? 'num ' : '') + (cellBold(c) ? 'bold' : '')} data-format={f} data-value={v}>{cellText(c)}</td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SubjectLine(props: { doc: DocumentView; edits: LocalEdits; setEdits: (f: (e: LocalEdits) => LocalEdits) => void; canEdit: boolean;
                              editing: string | null; setEditing: (k: string | null) => void }) {
  const { t } = useApp();
  const text = props.edits.subject ?? props.doc.header.subject;
  if (props.canEdit && props.editing === '@subject') {
    return (
      <div className="doc-editbox doc-noprint">
        <textarea aria-label={t('doc_subject')} value={text} autoFocus rows={2}
                  onChange={(e) => { const v = e.target.value; props.setEdits((x) => ({ ...x, subject: v })); }} />
        <div className="actions">
          <button type="button" onClick={() => { props.setEdits((x) => settle(x, props.doc)); props.setEditing(null); }}>{t('doc_done_editing')}</button>
        </div>
      </div>
    );
  }
  return props.canEdit ? (
    <div className="doc-subject doc-editable" role="button" tabIndex={0} aria-label={`${t('doc_subject')}: ${text}`}
         onClick={() => props.setEditing('@subject')} onKeyDown={enter(() => props.setEditing('@subject'))}>{text}</div>
  ) : <div className="doc-subject">{text}</div>;
}

function Recipients(props: { doc: DocumentView; edits: LocalEdits; setEdits: (f: (e: LocalEdits) => LocalEdits) => void; canEdit: boolean;
                             editing: string | null; setEditing: (k: string | null) => void }) {
  const { t } = useApp();
  const list = props.edits.recipients ?? props.doc.recipients;
  const [text, setText] = useState(list.join('\n'));
  if (props.canEdit && props.editing === '@recipients') {
    return (
      <div className="doc-editbox doc-noprint">
        <textarea aria-label={t('doc_recipients')} value={text} autoFocus rows={Math.max(4, list.length + 1)}
                  onChange={(e) => { setText(e.target.value); const v = parseRecipients(e.target.value); props.setEdits((x) => ({ ...x, recipients: v })); }} />
        <div className="actions">
          <button type="button" onClick={() => { props.setEdits((x) => settle(x, props.doc)); props.setEditing(null); }}>{t('doc_done_editing')}</button>
        </div>
      </div>
    );
  }
  const lines = list.map((r, i) => <div key={i} className="doc-recipient">{r}</div>);
  return props.canEdit ? (
    <div className="doc-editable" role="button" tabIndex={0} aria-label={t('doc_recipients')}
         onClick={() => { setText(list.join('\n')); props.setEditing('@recipients'); }}
         onKeyDown={enter(() => { setText(list.join('\n')); props.setEditing('@recipients'); })}>{lines}</div>
  ) : <div>{lines}</div>;
}

const ACTIONS = ['generate', 'edit', 'regenerate', 'resolve', 'issue'] as const;

function HistoryDialog({ doc, onClose }: { doc: DocumentView; onClose: () => void }) {
  const { t } = useApp();
  const history = useLoad((s) => get<Items<DocumentHistoryItem>>(`/documents/${doc.id}/history`, s), [doc.id, doc.version]);
  const label = useMemo(() => {
    const m = new Map(doc.blocks.map((b) => [b.key, b]));
    return (key: string) => {
      const b = m.get(key);
      const text = b ? (b.text || b.generated) : '';
      return text ? `${text.slice(0, 70)}${text.length > 70 ? '…' : ''}` : key;
    };
  }, [doc.blocks]);
  const items = [...(history.data?.items ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Dialog title={t('doc_history_title')} onClose={onClose} className="doc-history">
      <ErrorBox error={history.error} />
      {history.loading && !history.data ? <Loading /> : null}
      {items.length ? (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr><th scope="col">{t('doc_history_version')}</th><th scope="col">{t('doc_history_action')}</th><th scope="col">{t('actor')}</th>
                  <th scope="col">{t('time')}</th><th scope="col">{t('doc_history_blocks')}</th></tr>
            </thead>
            <tbody>
              {items.map((h) => (
                <tr key={h.version}>
                  <td className="num-cell">{h.version}</td>
                  <td>{(ACTIONS as readonly string[]).includes(h.action) ? t(`doc_action_${h.action as typeof ACTIONS[number]}`) : h.action}</td>
                  <td>{h.by?.username ?? ''}</td>
                  <td>{formatDateTime(h.at)}</td>
                  <td>
                    {h.changed.length ? (
                      <ul className="doc-changed">{h.changed.slice(0, 12).map((k) => <li key={k} title={k}>{label(k)}</li>)}
                        {h.changed.length > 12 ? <li>… (+{h.changed.length - 12})</li> : null}</ul>
                    ) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="actions"><button type="button" onClick={onClose} data-autofocus>{t('close')}</button></div>
    </Dialog>
  );
}

function todayText(): string {
  const d = new Date(Date.now() + 7 * 3600 * 1000);
  return formatDate(d.toISOString().slice(0, 10));
}

function IssueDialog({ doc, dirty, conflicts, onClose, onIssued }: { doc: DocumentView; dirty: boolean; conflicts: number; onClose: () => void;
                                                                   onIssued: (d: DocumentView) => void }) {
  const { t } = useApp();
  const [number, setNumber] = useState('');
  const [dateText, setDateText] = useState(doc.header.date ? formatDate(doc.header.date) : todayText());
  const [authority, setAuthority] = useState(doc.signature.authority);
  const [title, setTitle] = useState(doc.signature.title);
  const [name, setName] = useState(doc.signature.name);
  const [recipients, setRecipients] = useState(doc.recipients.join('\n'));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const date = parseDate(dateText);
  const numberOk = number.trim() === '' || /^\d{1,6}$/.test(number.trim());
  const signerOk = title.trim() !== '' && name.trim() !== '';
  const blocked = dirty ? t('doc_issue_unsaved') : conflicts ? t('doc_issue_conflicts', { n: conflicts }) : null;

  const submit = async () => {
    setTried(true);
    setError(null);
    if (blocked || !date || !numberOk || !signerOk) return;
    setBusy(true);
    try {
      const body = {
        version: doc.version, date,
        ...(number.trim() ? { number: number.trim() } : {}),
        signature: { authority: authority.trim(), title: title.trim(), name: name.trim() },
        recipients: parseRecipients(recipients),
      };
      onIssued(await post<DocumentView>(`/documents/${doc.id}/issue`, body));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('doc_issue_title')} onClose={onClose} className="doc-issue">
      <form aria-label={t('doc_issue_title')} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {blocked ? <p className="error-box" role="alert">{blocked}</p> : null}
        <div className="doc-issue-grid">
          <Field label={t('doc_issue_number')} id="issue-number" error={!numberOk ? t('doc_number_invalid') : undefined}>
            {(aria) => <input {...aria} className="narrow" value={number} inputMode="numeric" onChange={(e) => setNumber(e.target.value)}
                              placeholder={`…/${doc.header.symbol}`} />}
          </Field>
          <Field label={t('doc_issue_date')} id="issue-date" error={tried && !date ? t('docs_as_of_invalid') : undefined}>
            {(aria) => <input {...aria} className="narrow" value={dateText} placeholder="dd/mm/yyyy" inputMode="numeric" onChange={(e) => setDateText(e.target.value)} />}
          </Field>
          <Field label={t('doc_sign_authority')} id="issue-authority">
            {(aria) => <input {...aria} value={authority} onChange={(e) => setAuthority(e.target.value)} />}
          </Field>
          <Field label={t('doc_sign_title')} id="issue-title" error={tried && !title.trim() ? t('doc_signer_required') : undefined}>
            {(aria) => <input {...aria} value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <Field label={t('doc_sign_name')} id="issue-name" error={tried && !name.trim() ? t('doc_signer_required') : undefined}>
            {(aria) => <input {...aria} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        <label className="block">{t('doc_recipients')}
          <textarea rows={5} value={recipients} onChange={(e) => setRecipients(e.target.value)} />
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || blocked !== null}>{busy ? t('doc_issuing') : t('doc_issue')}</button>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
