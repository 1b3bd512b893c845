// Small pieces shared by the pages.
import { useEffect, useState, type ReactNode, type MouseEvent } from 'react';
import { navigate } from './lib/router';
import { ApiError } from './lib/api';
import { useApp } from './context';
import type { DueState } from './lib/types';

export function Link(props: { to: string; children: ReactNode; className?: string; 'aria-current'?: 'page' | undefined }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={props.to} onClick={onClick} className={props.className} aria-current={props['aria-current']}>
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
      <select value={programId ?? ''} onChange={(e) => setProgramId(Number(e.target.value))}>
        {programs.map((p) => (
          <option key={p.id} value={p.id}>
            {p.year} · {p.number}
          </option>
        ))}
      </select>
    </label>
  );
}
