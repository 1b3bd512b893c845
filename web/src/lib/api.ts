// The JSON API under /api/v1: the session cookie travels by itself (HttpOnly, SameSite=Strict);
// unsafe methods carry the CSRF token that sign-in returned as X-CSRF-Token. A 401 on any call
// means the session ended (expired, signed out elsewhere): the app goes back to sign-in.

export class ApiError extends Error {
  /** Retry-After in seconds, when the server sent it (a 429 after too many attempts at
   * signing in or at a password reset). */
  constructor(public status: number, public code: string, message: string, public body: unknown,
              public retryAfter: number | null = null) {
    super(message);
  }
}

/** Retry-After (seconds) in whole minutes, at least one; null when the server gave none. */
export function waitMinutes(retryAfterSeconds: number | null | undefined): number | null {
  if (retryAfterSeconds === null || retryAfterSeconds === undefined || !Number.isFinite(retryAfterSeconds)) return null;
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

let csrfToken: string | null = null;
let onUnauthenticated: ((status: number) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const signOutListeners = new Set<(username: string) => void>();
let sessionUser: string | null = null;

/** Called with the user's name when that user signs out (DELETE /session), whatever the answer. */
export function onSignOut(listener: (username: string) => void): () => void {
  signOutListeners.add(listener);
  return () => void signOutListeners.delete(listener);
}

/** Called on a 401 from any call but sign-in itself. */
export function setUnauthenticatedHandler(handler: ((status: number) => void) | null): void {
  onUnauthenticated = handler;
}

// Calls made without a session, whose 401 is an answer (a wrong password), never an expiry.
const PUBLIC_CALLS = new Set(['POST /session', 'POST /password-reset']);

export interface RequestOptions {
  body?: unknown;
  raw?: Blob | ArrayBuffer | string; // sent as is (an .xlsx upload)
  contentType?: string;
  signal?: AbortSignal;
  quiet401?: boolean; // a 401 is an answer, not an expiry (reading the session at start)
  blob?: boolean; // a successful answer is a file (an .xlsx), returned as a Blob
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw as BodyInit;
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (method === 'DELETE' && path === '/session' && sessionUser) {
    const who = sessionUser;
    sessionUser = null;
    signOutListeners.forEach((l) => l(who));
  }
  let res: Response;
  try {
    res = await fetch('/api/v1' + path, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'network', null);
  }
  if (res.status === 204) return undefined as T;
  if (opts.blob && res.ok) return (await res.blob()) as T;
  const type = res.headers.get('Content-Type') ?? '';
  const data: unknown = type.startsWith('application/json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    if (res.status === 401 && !opts.quiet401 && !PUBLIC_CALLS.has(method + ' ' + path)) {
      onUnauthenticated?.(401);
    }
    const retry = res.headers.get('Retry-After');
    const retryAfter = retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : null;
    throw new ApiError(res.status, err?.code ?? 'http_' + res.status, err?.message ?? res.statusText, data, retryAfter);
  }
  // Who the session is: GET /session and a sign-in answer name the user.
  if (path === '/session' && (method === 'GET' || method === 'POST')) {
    const name = (data as { user?: { username?: unknown } } | null)?.user?.username;
    if (typeof name === 'string') sessionUser = name;
  }
  return data as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal });
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, { body });

/** One page of a long list (GET /programs/{id}/reports/due): `total` items match, the next page
 * starts at `next_offset` (null after the last). */
export interface Page<T> { items: T[]; total: number; limit: number; offset: number; next_offset: number | null }

/** The largest page the server gives (its kMaxPage). */
export const PAGE_MAX = 5000;

/** Every item of a paged list, read page after page (`path` may carry a query already). */
export async function getAll<T>(path: string, signal?: AbortSignal): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  let offset = 0;
  let total = 0;
  for (;;) {
    const page = await get<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}limit=${PAGE_MAX}&offset=${offset}`, signal);
    items.push(...page.items);
    total = page.total;
    // A next page that does not move on (the list changed under us) ends the reading too.
    if (page.next_offset === null || page.next_offset <= offset) break;
    offset = page.next_offset;
  }
  return { items, total };
}

/** A query string from the defined entries: {at: '2012-06-30', kind: undefined} → "?at=2012-06-30". */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}
