import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getAll, PAGE_MAX, request, setUnauthenticatedHandler, waitMinutes } from './api';

// A server holding `rows`, answering GET …?limit=&offset= as /reports/due does.
function pagedServer(rows: number[], seen: string[]) {
  return async (url: string) => {
    seen.push(url);
    const q = new URL(url, 'http://x').searchParams;
    const limit = Number(q.get('limit'));
    const offset = Number(q.get('offset'));
    const items = rows.slice(offset, offset + limit);
    const next = offset + items.length;
    const body = { items, total: rows.length, limit, offset, next_offset: next < rows.length ? next : null };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('reading a paged list whole', () => {
  it('follows the pages to the end, keeping the query', async () => {
    const rows = Array.from({ length: 2 * PAGE_MAX + 1 }, (_, i) => i);
    const seen: string[] = [];
    vi.stubGlobal('fetch', pagedServer(rows, seen));
    const all = await getAll<number>('/programs/1/reports/due?state=missing');
    expect(all.items).toEqual(rows);
    expect(all.total).toBe(rows.length);
    expect(seen).toEqual([0, PAGE_MAX, 2 * PAGE_MAX].map((o) => `/api/v1/programs/1/reports/due?state=missing&limit=${PAGE_MAX}&offset=${o}`));
  });
  it('reads one page when the list fits, and stops when a page does not move on', async () => {
    const seen: string[] = [];
    vi.stubGlobal('fetch', pagedServer([1, 2, 3], seen));
    expect((await getAll<number>('/programs/1/reports/due')).items).toEqual([1, 2, 3]);
    expect(seen).toEqual([`/api/v1/programs/1/reports/due?limit=${PAGE_MAX}&offset=0`]);
    const stuck = async () => new Response(JSON.stringify({ items: [7], total: 9, limit: 1, offset: 0, next_offset: 0 }), { headers: { 'Content-Type': 'application/json' } });
    vi.stubGlobal('fetch', stuck);
    expect((await getAll<number>('/x')).items).toEqual([7]);
  });
});

describe('refusals and ended sessions', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthenticatedHandler(null);
  });
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

  it("reads a 429's Retry-After, told in whole minutes", async () => {
    vi.stubGlobal('fetch', answer(429, { error: { code: 'too_many_attempts', message: 'Thử lại sau.' } }, { 'Retry-After': '120' }));
    const err = await request('POST', '/session', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect([(err as ApiError).code, (err as ApiError).retryAfter]).toEqual(['too_many_attempts', 120]);
    vi.stubGlobal('fetch', answer(429, { error: { code: 'too_many_attempts', message: 'Thử lại sau.' } }));
    expect(((await request('POST', '/session', { body: {} }).catch((e: unknown) => e)) as ApiError).retryAfter).toBeNull();
    expect([waitMinutes(900), waitMinutes(61), waitMinutes(5), waitMinutes(null)]).toEqual([15, 2, 1, null]);
  });
  it('treats a 401 from sign-in or a password reset as an answer, and any other 401 as a session that ended', async () => {
    const ended = vi.fn();
    setUnauthenticatedHandler(ended);
    vi.stubGlobal('fetch', answer(401, { error: { code: 'bad_credentials', message: 'Sai.' } }));
    await request('POST', '/session', { body: {} }).catch(() => null);
    await request('POST', '/password-reset', { body: {} }).catch(() => null);
    await request('GET', '/session', { quiet401: true }).catch(() => null);
    expect(ended).not.toHaveBeenCalled();
    await request('GET', '/tokens').catch(() => null);
    await request('PUT', '/me/password', { body: {} }).catch(() => null);
    expect(ended).toHaveBeenCalledTimes(2);
  });
});
