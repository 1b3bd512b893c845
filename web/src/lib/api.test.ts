import { afterEach, describe, expect, it, vi } from 'vitest';
import { getAll, PAGE_MAX } from './api';

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
