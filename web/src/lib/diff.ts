// A word diff of two texts, for a document block whose generated text changed under the
// Office's edit: what was generated then (before) against what is generated now (after), shown
// as words kept, removed and added. Numbers stay whole ("1.584,8", "99,8%", "56/63"), so a
// changed figure reads as one word replaced; punctuation is a word of its own.

export type DiffOp = 'same' | 'del' | 'add';
export interface DiffPart { op: DiffOp; text: string }

/** The tokens of a text: runs of spaces, numbers with their separators and a glued "%", words
 * (letters with their diacritics, digits), and any other character alone. Joined, they give the
 * text back. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|\d+(?:[.,/]\d+)*%?|[\p{L}\p{M}\p{N}_]+|[^\s]/gu) ?? [];
}

/** Past this many cells (tokens × tokens, after the common start and end are set aside) the
 * middle is shown as removed then added, whole: the work and memory stay bounded. */
export const MAX_DIFF_CELLS = 1_000_000;

/** before → after as parts in order: joining the 'same' and 'del' parts gives `before`, the
 * 'same' and 'add' parts give `after`. Neighbouring parts of one kind are merged. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const parts: DiffPart[] = [];
  const push = (op: DiffOp, text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  push('same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_DIFF_CELLS) {
    push('del', midA.join(''));
    push('add', midB.join(''));
  } else {
    for (const p of lcsDiff(midA, midB)) push(p.op, p.text);
  }
  push('same', a.slice(endA).join(''));
  return tidy(parts);
}

// The longest common subsequence of two token lists, by dynamic programming from the end.
function lcsDiff(a: string[], b: string[]): DiffPart[] {
  const n = a.length, m = b.length;
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = a[i] === b[j] ? len[(i + 1) * w + j + 1] + 1 : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
    }
  }
  const out: DiffPart[] = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push({ op: 'same', text: a[i] }); i++; j++; }
    else if (len[(i + 1) * w + j] >= len[i * w + j + 1]) { out.push({ op: 'del', text: a[i] }); i++; }
    else { out.push({ op: 'add', text: b[j] }); j++; }
  }
  for (; i < n; i++) out.push({ op: 'del', text: a[i] });
  for (; j < m; j++) out.push({ op: 'add', text: b[j] });
  return out;
}

// A lone space kept between two changes ("del add ␣ del add") reads better inside them: it
// goes to both sides, and each run of changes shows as one removal then one addition.
function tidy(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '', add = '';
  const flush = () => {
    if (del) out.push({ op: 'del', text: del });
    if (add) out.push({ op: 'add', text: add });
    del = add = '';
  };
  parts.forEach((p, k) => {
    const inRun = (del || add) && k + 1 < parts.length && parts[k + 1].op !== 'same';
    if (p.op === 'same' && inRun && /^\s+$/.test(p.text)) { del += p.text; add += p.text; }
    else if (p.op === 'del') del += p.text;
    else if (p.op === 'add') add += p.text;
    else { flush(); out.push({ ...p }); }
  });
  flush();
  return out;
}

/** The text of one side of a diff: 'before' (same + del) or 'after' (same + add). */
export function sideOf(parts: DiffPart[], side: 'before' | 'after'): string {
  const skip: DiffOp = side === 'before' ? 'add' : 'del';
  return parts.filter((p) => p.op !== skip).map((p) => p.text).join('');
}
