// A small client-side router over the History API: the server answers every path that is
// not under /api with index.html, so these paths can be opened, reloaded and bookmarked.
import { useEffect, useState } from 'react';

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

if (typeof window !== 'undefined') window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

/** Matches "/programs/:id" against "/programs/2" → {id: "2"}; null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** The current page with some query parameters changed (null or "" removes one), in place of
 * the current history entry: filters are part of the address, so a page can be bookmarked and
 * "back" returns to it as it was left. */
export function setSearch(changes: Record<string, string | number | null | undefined>): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  navigate(location.pathname + (s ? '?' + s : ''), true);
}
