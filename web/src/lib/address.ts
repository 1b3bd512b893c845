// The program in view and the date asked for, in the address of the pages that show figures
// (the dashboard, a target, the provinces, the tasks; the reports and the briefing pack): `?program=<id>&at=<YYYY-MM-DD>`, so a
// link copied from one of them keeps meaning what it meant, and the in-app links between them
// carry both.

/** The pages whose address names the program and the date. */
export function isAddressed(path: string): boolean {
  return path === '/' || path === '/provinces' || path === '/tasks' || /^\/targets\/[^/]+(\/units\/[^/]+)?$/.test(path) ||
    path === '/documents' || path === '/briefing';
}

export type ProgramInAddress =
  | { kind: 'absent' }                 // no ?program=: the one kept in this browser
  | { kind: 'known'; id: number }      // one of the programs this user sees
  | { kind: 'unknown'; text: string }; // not a program id, or not one this user sees

/** What `?program=` names among the programs this user sees. */
export function programInAddress(search: URLSearchParams, known: readonly { id: number }[]): ProgramInAddress {
  const text = search.get('program');
  if (text === null || text === '') return { kind: 'absent' };
  const id = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
  return known.some((p) => p.id === id) ? { kind: 'known', id } : { kind: 'unknown', text };
}

/** The date of `?at=` (older tasks links said `as_of`), when it is a real YYYY-MM-DD day. */
export function dateInAddress(search: URLSearchParams): string {
  const text = search.get('at') ?? search.get('as_of') ?? '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return '';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? text : '';
}

/** `to` with the program and the date of the page one is on, when `to` is one of the addressed
 * pages and does not name its own: a link between them keeps what one is looking at. */
export function carryView(to: string, view: { program: number | null; at: string }): string {
  const q = to.indexOf('?');
  const path = q < 0 ? to : to.slice(0, q);
  if (!isAddressed(path)) return to;
  const search = new URLSearchParams(q < 0 ? '' : to.slice(q + 1));
  const out = new URLSearchParams();
  if (view.program !== null && !search.has('program')) out.set('program', String(view.program));
  for (const [k, v] of search) if (k !== 'as_of') out.append(k, v);
  const at = search.get('at') ?? search.get('as_of') ?? view.at;
  if (at && !search.has('at')) out.set('at', at);
  const s = out.toString();
  return path + (s ? '?' + s : '');
}
