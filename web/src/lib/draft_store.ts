// What an editor typed in a report form and has not saved yet, kept in the browser
// (localStorage) per user and report, so that a session that expires mid-typing, a reload or
// an accidental navigation loses nothing. Each entry records the report's version the typing
// started from and when it was kept; bounded in number and size, removed on a successful save
// and when the user signs out.

import { onSignOut } from './api';

/** The part of the Web Storage interface used here (localStorage in the browser). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export const DRAFT_PREFIX = 'wp.draft:';
/** At most this many drafts are kept in one browser; the oldest goes first. */
export const MAX_DRAFTS = 20;
/** A draft larger than this (UTF-8 bytes of its JSON) is not kept. */
export const MAX_DRAFT_BYTES = 200 * 1024;
/** A draft not touched for this long is dropped. */
export const DRAFT_TTL_MS = 30 * 24 * 3600 * 1000;
const FORMAT = 1;

export interface StoredDraft<T> {
  format: number;
  /** The report's version when the typing started (0: no report stored yet). */
  version: number;
  /** When the draft was last kept (the browser's clock, ms since the epoch). */
  saved_at: number;
  data: T;
}

export interface ReportRef {
  program: number;
  obligation: string;
  period: string;
  unit: number;
}

/** wp.draft:<username>:<program>/<obligation>/<period>/<unit> */
export function draftKey(username: string, r: ReportRef): string {
  return `${DRAFT_PREFIX}${username}:${r.program}/${r.obligation}/${r.period}/${r.unit}`;
}

const defaultStorage = (): DraftStorage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser's settings
  }
};

function parse<T>(text: string | null): StoredDraft<T> | null {
  if (!text) return null;
  try {
    const d = JSON.parse(text) as StoredDraft<T>;
    if (!d || d.format !== FORMAT || typeof d.saved_at !== 'number' || typeof d.version !== 'number' || d.data === undefined) return null;
    return d;
  } catch {
    return null;
  }
}

function draftKeys(storage: DraftStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k && k.startsWith(DRAFT_PREFIX)) keys.push(k);
  }
  return keys;
}

/** Drops unreadable and expired drafts, then the oldest beyond `keep`. */
function prune(storage: DraftStorage, now: number, keep: number): void {
  const live: { key: string; at: number }[] = [];
  for (const key of draftKeys(storage)) {
    const d = parse(storage.getItem(key));
    if (!d || now - d.saved_at > DRAFT_TTL_MS) storage.removeItem(key);
    else live.push({ key, at: d.saved_at });
  }
  live.sort((a, b) => b.at - a.at);
  for (const { key } of live.slice(Math.max(0, keep))) storage.removeItem(key);
}

export type SaveResult = 'kept' | 'too_large' | 'unavailable';

/** Keeps `data` as the draft under `key`, typed from the report's `version`. */
export function saveDraft<T>(key: string, version: number, data: T, now = Date.now(),
                             storage: DraftStorage | null = defaultStorage()): SaveResult {
  if (!storage) return 'unavailable';
  const text = JSON.stringify({ format: FORMAT, version, saved_at: now, data } satisfies StoredDraft<T>);
  if (new TextEncoder().encode(text).length > MAX_DRAFT_BYTES) {
    storage.removeItem(key); // an older, smaller one would no longer say what was typed
    return 'too_large';
  }
  try {
    storage.removeItem(key);
    prune(storage, now, MAX_DRAFTS - 1);
    storage.setItem(key, text);
  } catch {
    // The browser's quota: make room by dropping the others, oldest first, and try once more.
    try {
      prune(storage, now, 0);
      storage.setItem(key, text);
    } catch {
      return 'unavailable';
    }
  }
  return 'kept';
}

/** The draft under `key`, or null (none, unreadable or expired: those are removed). */
export function loadDraft<T>(key: string, now = Date.now(), storage: DraftStorage | null = defaultStorage()): StoredDraft<T> | null {
  if (!storage) return null;
  try {
    const d = parse<T>(storage.getItem(key));
    if (!d || now - d.saved_at > DRAFT_TTL_MS) {
      storage.removeItem(key);
      return null;
    }
    return d;
  } catch {
    return null;
  }
}

export function removeDraft(key: string, storage: DraftStorage | null = defaultStorage()): void {
  try {
    storage?.removeItem(key);
  } catch {
    /* nothing kept */
  }
}

/** Removes every draft of one user (on signing out). */
export function clearUserDrafts(username: string, storage: DraftStorage | null = defaultStorage()): void {
  if (!storage) return;
  try {
    for (const k of draftKeys(storage)) if (k.startsWith(`${DRAFT_PREFIX}${username}:`)) storage.removeItem(k);
  } catch {
    /* nothing kept */
  }
}

// Signing out removes what this user had typed: the next person at this browser must not find it.
onSignOut((username) => clearUserDrafts(username));

export interface RestoreOffer {
  saved_at: number;
  /** The report's version the draft was typed from, when the report was saved again since. */
  version_changed: { draft: number; now: number } | null;
}

/** Whether to offer the draft back when the form opens: only when it says something the saved
 * report does not; and whether the report was saved again since the typing started (restoring
 * then replaces that newer version's values, so the person must be told). */
export function restoreOffer<T>(d: StoredDraft<T> | null, reportVersion: number, saved: T): RestoreOffer | null {
  if (!d) return null;
  if (sameContent(d.data, saved)) return null;
  return { saved_at: d.saved_at, version_changed: d.version !== reportVersion ? { draft: d.version, now: reportVersion } : null };
}

/** JSON with object keys sorted: the same values typed in another order compare equal. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(stableJson).join(',') + ']';
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + stableJson((v as Record<string, unknown>)[k])).join(',') + '}';
  }
  return JSON.stringify(v) ?? 'null';
}

export const sameContent = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);
