// Small pieces shared by the pages.
import { useContext, useEffect, useId, useRef, useState, type ReactNode, type MouseEvent } from 'react';
import { navigate } from './lib/router';
import { ApiError, request } from './lib/api';
import { fileNameOf, readTable, tableOf, tooLarge } from './lib/table_export';
import { formatDate, formatDateTime, formatNumber } from './lib/format';
import { carryView, dateInAddress, isAddressed } from './lib/address';
import { versionBadgeText } from './lib/plan_life';
import { AppContext, useApp } from './context';
import type { DueState } from './lib/types';

/** `to` as a link from here: to a page that shows figures, with the program in view and the
 * date of this page when `to` names neither (lib/address.ts). */
export function useCarry(): (to: string) => string {
  const app = useContext(AppContext);
  return (to: string) => {
    if (!app) return to;
    const here = isAddressed(location.pathname) ? dateInAddress(new URLSearchParams(location.search)) : '';
    return carryView(to, { program: app.programId, at: here });
  };
}

export function Link(props: { to: string; children: ReactNode; className?: string; 'aria-current'?: 'page' | undefined }) {
  const to = useCarry()(props.to);
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={props.className} aria-current={props['aria-current']}>
      {props.children}
    </a>
  );
}

/** The page's heading, also the document title. */
export function PageTitle({ children, sub }: { children: string; sub?: ReactNode }) {
  useEffect(() => {
    document.title = `${children} · workplan`;
  }, [children]);
  return (
    <div className="page-title">
      <h1>{children}</h1>
      {sub ? <p className="sub">{sub}</p> : null}
    </div>
  );
}

export function Loading() {
  const { t } = useApp();
  return <p className="muted" role="status">{t('loading')}</p>;
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useApp();
  if (!error) return null;
  let text = String(error);
  if (error instanceof ApiError) {
    text = error.status === 0 ? t('network_error') : error.status === 403 ? t('forbidden') : error.message;
  }
  return <p className="error-box" role="alert">{text}</p>;
}

/** Loads once per change of `deps`; the answer, the error, and a reload. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, loading: false }),
      (error) => !ctl.signal.aborted && setState({ error, loading: false }),
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function StateBadge({ state }: { state: DueState | string }) {
  const { t } = useApp();
  const key = ('state_' + state) as Parameters<typeof t>[0];
  return <span className={`badge state-${state}`}>{t(key)}</span>;
}

/** A bar 0–100 % with its figure, for completeness and timeliness. */
export function RatioBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(1, value)) * 100;
  return (
    <span className="ratio" role="img" aria-label={label}>
      <span className="ratio-fill" style={{ width: `${pct}%` }} />
    </span>
  );
}

export function ProgramPicker() {
  const { programs, programId, setProgramId, t } = useApp();
  if (programs.length <= 1) return null;
  return (
    <label className="inline-field">
      {t('program')}
      <select value={programId ?? ''} onChange={(e) => e.target.value && setProgramId(Number(e.target.value))}>
        {programId === null ? <option value="">—</option> : null}
        {programs.map((p) => (
          <option key={p.id} value={p.id}>
            {p.year} · {p.number}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A modal dialog (the browser's own <dialog>: focus kept inside, Escape closes it), open while
 * it is rendered; `onClose` when it is closed by Escape or its close button. Opening it focuses
 * its first field or button, or the one marked data-autofocus (a confirmation's "Hủy"). */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useApp();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    d?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className={'dialog ' + (props.className ?? '')} aria-labelledby={titleId}
            onCancel={(e) => { e.preventDefault(); props.onClose(); }}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      {/* Last in order, so that opening the dialog focuses its first field or action. */}
      <button type="button" className="link dialog-close" onClick={props.onClose} aria-label={t('close')}>✕</button>
    </dialog>
  );
}

/** A secret shown once (an API token, a reset code or link) in a read-only field, with a
 * button that copies it; without the clipboard (an insecure page) the text is selected to be
 * copied by hand. */
export function CopyField(props: { label: string; value: string; t: (k: 'copy' | 'copied' | 'copy_failed') => string }) {
  const [state, setState] = useState<'copied' | 'copy_failed' | null>(null);
  const ref = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setState('copied');
    } catch {
      ref.current?.select();
      setState('copy_failed');
    }
  };
  return (
    <div className="copy-field">
      <label>
        {props.label}
        <input ref={ref} readOnly value={props.value} spellCheck={false} onFocus={(e) => e.target.select()} />
      </label>
      <button type="button" onClick={() => void copy()}>{props.t('copy')}</button>
      {state ? <span role="status" className={state === 'copied' ? 'muted' : 'field-error'}>{props.t(state)}</span> : null}
    </div>
  );
}

/** A labelled field with its problem under it: outside the label (so the field's name stays its
 * label) and tied to the field for screen readers. */
export function Field(props: { label: string; id: string; error?: string; className?: string;
                               children: (aria: { 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const aria = props.error ? { 'aria-invalid': true as const, 'aria-describedby': props.id + '-err' } : {};
  return (
    <div className={'form-field ' + (props.className ?? '')}>
      <label>
        {props.label}
        {props.children(aria)}
      </label>
      {props.error ? <span className="field-error" id={props.id + '-err'}>{props.error}</span> : null}
    </div>
  );
}

/** "Xuất Excel": the table `tableId` as shown (lib/table_export.ts) → POST /exports/table.xlsx
 * → a download. `filters` are the page's filters in words ("Trạng thái: Chậm tiến độ"). */
export function ExportButton(props: { tableId: string; title: string; filters?: string[]; fileName?: string }) {
  const { t } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    const table = document.getElementById(props.tableId);
    if (!(table instanceof HTMLTableElement)) return;
    const { head, body } = readTable(table);
    const name = props.fileName ?? fileNameOf(props.title);
    const payload = tableOf(head, body, { title: props.title, filters: props.filters ?? [], fileName: name });
    const big = tooLarge(payload);
    if (big) {
      setError(t('export_too_large', { rows: formatNumber(big.rows), cells: formatNumber(big.cells) }));
      return;
    }
    setBusy(true);
    try {
      const blob = await request<Blob>('POST', '/exports/table.xlsx', { body: payload, blob: true });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name + '.xlsx';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof ApiError && e.status !== 0 ? e.message : t('network_error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="export-action">
      <button type="button" className="export-button" data-export-table={props.tableId} disabled={busy}
              onClick={() => void run()}>
        {busy ? t('exporting') : t('export_excel')}
      </button>
      {error ? <span role="alert" className="field-error">{error}</span> : null}
    </span>
  );
}

/** A table's "Xuất Excel" and "In", beside its heading. */
export function TableTools(props: { tableId: string; title: string; filters?: string[]; fileName?: string; noPrint?: boolean }) {
  return (
    <span className="table-tools">
      <ExportButton tableId={props.tableId} title={props.title} filters={props.filters} fileName={props.fileName} />
      {props.noPrint ? null : <PrintButton />}
    </span>
  );
}

/** "In": the browser's print dialog (print.css lays the page out on A4). */
export function PrintButton() {
  const { t } = useApp();
  return <button type="button" className="print-button" onClick={() => window.print()}>{t('print')}</button>;
}

/** What a printed page opens with (print.css shows it only on paper): the program, the date of
 * the figures, where they come from, when it was printed. */
export function PrintHead(props: { at?: string | null; lines?: string[] }) {
  const { t, programs, programId } = useApp();
  const program = programs.find((p) => p.id === programId);
  const printed = formatDateTime(new Date().toISOString());
  return (
    <div className="print-head" aria-hidden="true">
      {program ? <p className="print-program">{program.number} · {program.title}</p> : null}
      <p>
        {props.at ? t('print_data_date', { date: formatDate(props.at) }) + ' · ' : ''}{t('from_approved')} · {t('printed_at', { time: printed })}
      </p>
      {(props.lines ?? []).map((l) => <p key={l}>{l}</p>)}
    </div>
  );
}

/** "Đã điều chỉnh: 1.600 → 1.650 nghìn người từ 01/7/2012" beside a value in force that an
 * approved amendment changed (issue 18); nothing when the value is the decision's. */
export function VersionBadge(props: { original: number | string | null | undefined; current: number | string | null | undefined;
                                      from?: string | null; uom: string; programId?: number | null }) {
  const { t } = useApp();
  const text = versionBadgeText(props.original, props.current, props.from, props.uom, { adjusted: t('vb_adjusted'), from: t('vb_from') });
  if (!text) return null;
  const badge = <span className="badge version-badge" data-version-badge title={t('vb_title')}>{text}</span>;
  return props.programId ? <Link to={`/programs/${props.programId}/baseline`}>{badge}</Link> : badge;
}
