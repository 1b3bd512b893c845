// What the Office has typed into a document draft and not saved yet, over the document as the
// server has it: texts by block key, blocks to remove, paragraphs added after a block, the
// subject and the recipients. Kept in the browser by lib/draft_store between saves, so a 409
// (someone saved meanwhile), a reload or an expired session loses nothing; turned into the body
// of PUT /documents/{id} when saved.
import type { DocumentEdit, DocumentView } from './types';

export interface AddedParagraph { id: string; after: string; text: string }

export interface LocalEdits {
  blocks: Record<string, string>; // key → the text typed
  reset: string[];                // keys sent back to the generated text
  removed: string[];              // keys to remove
  added: AddedParagraph[];        // paragraphs to add, each after a block
  subject?: string;
  recipients?: string[];
}

/** The server's limit on a block's text. */
export const MAX_BLOCK_CHARS = 20_000;

export const noEdits = (): LocalEdits => ({ blocks: {}, reset: [], removed: [], added: [] });

/** How many changes wait to be saved. */
export function countEdits(e: LocalEdits): number {
  return Object.keys(e.blocks).length + e.reset.length + e.removed.length + e.added.length +
    (e.subject !== undefined ? 1 : 0) + (e.recipients !== undefined ? 1 : 0);
}

/** The edits with what no longer says anything against `doc` dropped: a text equal to the
 * block's, a reset of a block neither edited nor removed, a removal or reset of a block the document no longer
 * has, a paragraph added after one it no longer has (kept: moved to the end), an unchanged
 * subject or recipients list. */
export function settle(e: LocalEdits, doc: DocumentView): LocalEdits {
  const byKey = new Map(doc.blocks.map((b) => [b.key, b]));
  const blocks: Record<string, string> = {};
  for (const [k, text] of Object.entries(e.blocks)) {
    const b = byKey.get(k);
    if (b && b.text !== text) blocks[k] = text;
  }
  const lastKey = doc.blocks.length ? doc.blocks[doc.blocks.length - 1].key : '';
  const added = e.added.map((a) => (byKey.has(a.after) || e.added.some((x) => x.id === a.after) ? a : { ...a, after: lastKey }));
  return {
    blocks,
    reset: e.reset.filter((k) => (byKey.get(k)?.edited || byKey.get(k)?.removed) && !(k in blocks)),
    removed: e.removed.filter((k) => byKey.has(k)),
    added,
    ...(e.subject !== undefined && e.subject !== doc.header.subject ? { subject: e.subject } : {}),
    ...(e.recipients !== undefined && e.recipients.join('\n') !== doc.recipients.join('\n') ? { recipients: e.recipients } : {}),
  };
}

export interface EditProblem { key: string; problem: 'empty' | 'too_long' }

/** What the server would refuse, found before sending: an empty paragraph (removing is how
 * one drops it) or one over the limit. */
export function checkEdits(e: LocalEdits): EditProblem[] {
  const out: EditProblem[] = [];
  const check = (key: string, text: string) => {
    if (!text.trim()) out.push({ key, problem: 'empty' });
    else if ([...text].length > MAX_BLOCK_CHARS) out.push({ key, problem: 'too_long' });
  };
  for (const [k, text] of Object.entries(e.blocks)) if (!e.removed.includes(k)) check(k, text);
  for (const a of e.added) check(a.id, a.text);
  return out;
}

/** The body of PUT /documents/{id}: the edits in order, added paragraphs after their anchors
 * (one added after another is sent after the block the first follows, in order). */
export function toRequest(e: LocalEdits, version: number, resolve: DocumentEdit['resolve'] = []): DocumentEdit {
  const blocks: DocumentEdit['blocks'] = [];
  for (const [key, text] of Object.entries(e.blocks)) if (!e.removed.includes(key)) blocks.push({ key, text });
  for (const key of e.reset) blocks.push({ key, text: null });
  for (const key of e.removed) blocks.push({ key, remove: true });
  const anchorOf = (a: AddedParagraph): string => {
    let after = a.after;
    for (let guard = 0; guard < 1000; guard++) {
      const prev = e.added.find((x) => x.id === after);
      if (!prev) return after;
      after = prev.after;
    }
    return after;
  };
  for (const a of e.added) blocks.push({ key: 'new', after: anchorOf(a), text: a.text });
  const out: DocumentEdit = { version, blocks, resolve };
  if (e.subject !== undefined) out.header = { subject: e.subject };
  if (e.recipients !== undefined) out.recipients = e.recipients;
  return out;
}

/** Recipients typed one a line: blank lines dropped, each line trimmed. */
export function parseRecipients(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}
