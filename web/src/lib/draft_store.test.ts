import { describe, expect, it } from 'vitest';
import {
  DRAFT_TTL_MS, MAX_DRAFT_BYTES, MAX_DRAFTS, clearUserDrafts, draftKey, loadDraft, removeDraft, restoreOffer, saveDraft,
  type DraftStorage,
} from './draft_store';

// The Web Storage interface over a Map, with an optional quota in characters as browsers have.
class MemoryStorage implements DraftStorage {
  items = new Map<string, string>();
  constructor(private quota = Infinity) {}
  get length() { return this.items.size; }
  key(i: number) { return [...this.items.keys()][i] ?? null; }
  getItem(k: string) { return this.items.get(k) ?? null; }
  removeItem(k: string) { this.items.delete(k); }
  setItem(k: string, v: string) {
    let used = 0;
    for (const [key, val] of this.items) if (key !== k) used += key.length + val.length;
    if (used + k.length + v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(k, v);
  }
}

const ref = { program: 3, obligation: 'monthly', period: '2012-12', unit: 41 };
const T0 = Date.UTC(2026, 11, 7, 14, 0);

describe('draft keys', () => {
  it('name the user and the report', () => {
    expect(draftKey('hanoi.nhaplieu', ref)).toBe('wp.draft:hanoi.nhaplieu:3/monthly/2012-12/41');
    expect(draftKey('a', ref)).not.toBe(draftKey('b', ref));
    expect(draftKey('a', ref)).not.toBe(draftKey('a', { ...ref, period: '2012-11' }));
  });
});

describe('a draft kept and read back', () => {
  it('keeps what was typed with the version and the time', () => {
    const s = new MemoryStorage();
    const k = draftKey('u', ref);
    expect(saveDraft(k, 4, { values: { 'values[7].period': '12.500' } }, T0, s)).toBe('kept');
    expect(loadDraft(k, T0 + 1000, s)).toEqual({ format: 1, version: 4, saved_at: T0, data: { values: { 'values[7].period': '12.500' } } });
    removeDraft(k, s);
    expect(loadDraft(k, T0, s)).toBeNull();
  });
  it('drops an expired or unreadable draft', () => {
    const s = new MemoryStorage();
    const k = draftKey('u', ref);
    saveDraft(k, 1, { x: 1 }, T0, s);
    expect(loadDraft(k, T0 + DRAFT_TTL_MS, s)).not.toBeNull();
    expect(loadDraft(k, T0 + DRAFT_TTL_MS + 1, s)).toBeNull();
    expect(s.items.has(k)).toBe(false);
    s.setItem(k, '{not json');
    expect(loadDraft(k, T0, s)).toBeNull();
    s.setItem(k, JSON.stringify({ format: 99, version: 1, saved_at: T0, data: {} }));
    expect(loadDraft(k, T0, s)).toBeNull();
  });
  it('answers "unavailable" without a storage, and never throws', () => {
    expect(saveDraft('k', 1, {}, T0, null)).toBe('unavailable');
    expect(loadDraft('k', T0, null)).toBeNull();
  });
});

describe('bounds', () => {
  it(`keeps at most ${MAX_DRAFTS} drafts, the oldest dropped`, () => {
    const s = new MemoryStorage();
    s.setItem('wp.lang', 'vi'); // not a draft: left alone
    for (let i = 0; i < MAX_DRAFTS + 5; i++) saveDraft(draftKey('u', { ...ref, unit: i }), 1, { i }, T0 + i * 1000, s);
    const drafts = [...s.items.keys()].filter((k) => k.startsWith('wp.draft:'));
    expect(drafts).toHaveLength(MAX_DRAFTS);
    expect(s.items.has(draftKey('u', { ...ref, unit: 0 }))).toBe(false);
    expect(s.items.has(draftKey('u', { ...ref, unit: 4 }))).toBe(false);
    expect(s.items.has(draftKey('u', { ...ref, unit: 5 }))).toBe(true);
    expect(s.items.has(draftKey('u', { ...ref, unit: MAX_DRAFTS + 4 }))).toBe(true);
    expect(s.getItem('wp.lang')).toBe('vi');
  });
  it('saving one draft again does not count it twice', () => {
    const s = new MemoryStorage();
    for (let i = 0; i < MAX_DRAFTS; i++) saveDraft(draftKey('u', { ...ref, unit: i }), 1, { i }, T0 + i, s);
    saveDraft(draftKey('u', { ...ref, unit: 0 }), 1, { i: 'again' }, T0 + 100, s);
    expect(s.length).toBe(MAX_DRAFTS);
    expect(loadDraft(draftKey('u', { ...ref, unit: 0 }), T0 + 100, s)?.data).toEqual({ i: 'again' });
  });
  it(`refuses a draft over ${MAX_DRAFT_BYTES / 1024} KB (UTF-8), and drops the older one it replaced`, () => {
    const s = new MemoryStorage();
    const k = draftKey('u', ref);
    saveDraft(k, 1, { text: 'ngắn' }, T0, s);
    // Vietnamese letters take 2–3 bytes: 80 000 of them are over 200 KB though fewer characters.
    expect(saveDraft(k, 1, { text: 'ệ'.repeat(80_000) }, T0, s)).toBe('too_large');
    expect(loadDraft(k, T0, s)).toBeNull();
    expect(saveDraft(k, 1, { text: 'ệ'.repeat(60_000) }, T0, s)).toBe('kept');
  });
  it('makes room under the browser quota by dropping other drafts, oldest first', () => {
    const s = new MemoryStorage(2500);
    for (let i = 0; i < 3; i++) saveDraft(draftKey('u', { ...ref, unit: i }), 1, { t: 'x'.repeat(600) }, T0 + i, s);
    expect(s.length).toBe(3);
    expect(saveDraft(draftKey('u', ref), 1, { t: 'y'.repeat(1500) }, T0 + 10, s)).toBe('kept');
    expect(loadDraft(draftKey('u', ref), T0 + 10, s)?.data).toEqual({ t: 'y'.repeat(1500) });
  });
});

describe('signing out', () => {
  it("removes that user's drafts only", () => {
    const s = new MemoryStorage();
    saveDraft(draftKey('a', ref), 1, {}, T0, s);
    saveDraft(draftKey('a', { ...ref, unit: 2 }), 1, {}, T0, s);
    saveDraft(draftKey('ab', ref), 1, {}, T0, s);
    clearUserDrafts('a', s);
    expect([...s.items.keys()]).toEqual([draftKey('ab', ref)]);
  });
});

describe('offering a draft back', () => {
  const saved = { values: { a: '1', b: '2' }, narrative: { results: '' } };
  it('only when it differs from the saved report (key order aside)', () => {
    const d = { format: 1, version: 3, saved_at: T0, data: { narrative: { results: '' }, values: { b: '2', a: '1' } } };
    expect(restoreOffer(d, 3, saved)).toBeNull();
    expect(restoreOffer(null, 3, saved)).toBeNull();
    const typed = { ...d, data: { ...saved, values: { a: '1', b: '25' } } };
    expect(restoreOffer(typed, 3, saved)).toEqual({ saved_at: T0, version_changed: null });
  });
  it('says when the report was saved again since the typing started', () => {
    const typed = { format: 1, version: 3, saved_at: T0, data: { ...saved, values: { a: '9' } } };
    expect(restoreOffer(typed, 5, saved)).toEqual({ saved_at: T0, version_changed: { draft: 3, now: 5 } });
  });
});
