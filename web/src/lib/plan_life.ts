// The plan's life over the year without its markup (issue 18): what a unit's program and an
// amendment let each role do in each state, how late a program was sent, what the task rows of a
// unit's program send and what the browser can say of them before the server does, and how an
// amended value is written ("Đã điều chỉnh: 1.600 → 1.650 nghìn người từ 01/7/2012"). The server
// decides everything again; these only choose which buttons and words to show.
import { formatNumber, parseDate } from './format';
import type {
  Amendment, AmendmentAction, UnitProgramState, UnitProgramSummary, UnitProgramView, UnitTask, UnitTaskInput, User,
} from './types';

/** "2012-07-01" → "01/7/2012", as the Ministry's decisions write a day (the month unpadded). */
export function shortDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}/${Number(m[2])}/${m[1]}` : (iso ?? '');
}

/** Whole days from `from` to `to` (ISO days or times; a time counts by its day in Việt Nam). */
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => {
    if (s.length > 10 && s[10] === 'T') {
      const t = new Date(Date.parse(s) + 7 * 3600_000);
      return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
    }
    return Date.parse(s.slice(0, 10) + 'T00:00:00Z');
  };
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** How many days after `due` a program was first sent (or, not sent yet, is on `today`); 0 when
 * on time or nothing is known. */
export function daysLate(due: string | null | undefined, sentAt: string | null | undefined, today: string): number {
  if (!due) return 0;
  return Math.max(0, daysBetween(due, sentAt || today));
}

/** Two values of one target, in thousands when both are whole thousands of ten thousand or more
 * (as the Ministry writes its job targets): 1600000, 1650000, "người" → "1.600 → 1.650 nghìn người". */
export function valueChange(before: number | string | null | undefined, after: number | string | null | undefined, uom = ''): string {
  const a = before === null || before === undefined || before === '' ? NaN : Number(before);
  const b = after === null || after === undefined || after === '' ? NaN : Number(after);
  const unit = uom && uom !== '%' ? ' ' + uom : uom;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return `${String(before ?? '—')} → ${String(after ?? '—')}${unit}`;
  const thousands = [a, b].every((x) => Math.abs(x) >= 10_000 && x % 1000 === 0) && uom !== 'đồng' && uom !== '%';
  if (thousands) return `${formatNumber(a / 1000)} → ${formatNumber(b / 1000)} nghìn${unit}`;
  return `${formatNumber(a)} → ${formatNumber(b)}${unit}`;
}

/** The words of a value in force that differs from the decision's, or null when it does not. */
export function versionBadgeText(original: number | string | null | undefined, current: number | string | null | undefined,
                                 from: string | null | undefined, uom: string,
                                 words: { adjusted: string; from: string }): string | null {
  if (original === null || original === undefined || original === '' || current === null || current === undefined) return null;
  if (Number(original) === Number(current)) return null;
  return `${words.adjusted}: ${valueChange(original, current, uom)}${from ? ' ' + words.from + ' ' + shortDate(from) : ''}`;
}

// ── a unit's program ──

export type UnitProgramAction = 'save' | 'import' | 'submit' | 'return' | 'accept' | 'reopen';

const writesFor = (u: User, unitId: number) =>
  u.role === 'planner' || u.role === 'admin' || ((u.role === 'editor' || u.role === 'approver') && u.unit_id === unitId);

/** What `user` may do with the program `v` in its state: the unit (or a planner) writes and sends
 * a draft or a returned one, and reopens an accepted one; a planner returns or accepts one sent. */
export function unitProgramActions(user: User, v: Pick<UnitProgramView, 'status' | 'unit' | 'id'>): UnitProgramAction[] {
  const planner = user.role === 'planner' || user.role === 'admin';
  const writes = writesFor(user, v.unit.id);
  const out: UnitProgramAction[] = [];
  const open = v.status === 'draft' || v.status === 'returned' || v.status === 'missing' || v.status === 'not_due';
  if (writes && open) out.push('save', 'import');
  if (writes && (v.status === 'draft' || v.status === 'returned') && v.id !== null) out.push('submit');
  if (planner && v.status === 'submitted') out.push('return', 'accept');
  if (writes && v.status === 'accepted') out.push('reopen');
  return out;
}

/** The chips of the Ministry's list: not sent, late, waiting for review, returned, accepted, drafts. */
export type UnitProgramChip = 'missing' | 'late' | 'submitted' | 'returned' | 'accepted' | 'draft';
export const UNIT_PROGRAM_CHIPS: readonly UnitProgramChip[] = ['missing', 'late', 'submitted', 'returned', 'accepted', 'draft'];

export function chipOf(s: UnitProgramSummary, chip: UnitProgramChip): boolean {
  if (chip === 'late') return s.late;
  if (chip === 'missing') return s.status === 'missing';
  return s.status === chip;
}

export function chipCounts(items: readonly UnitProgramSummary[]): Record<UnitProgramChip, number> {
  const out = { missing: 0, late: 0, submitted: 0, returned: 0, accepted: 0, draft: 0 };
  for (const s of items) for (const c of UNIT_PROGRAM_CHIPS) if (chipOf(s, c)) out[c]++;
  return out;
}

/** A row of the task table as typed: dates as people write them (dd/mm/yyyy). */
export interface TaskRow {
  key: string;               // the row's own key in the page (a task's id, or "new-3")
  id?: string;               // "u:57" once saved
  serves: string;
  text: string;
  person: string;            // an account's id as text ("12"), or "" for a name
  name: string;              // a part or a person as written, when no account
  start: string;             // "05/03/2012" or ""
  due: string;
  output: string;
  dropped: boolean;          // removed in the page: not sent (the server keeps no task it was not sent)
  carried_from?: string | null;  // kept as the server gave them
  dropped_from?: string | null;
}

export function rowOf(task: UnitTask): TaskRow {
  const d = (iso: string | null) => (iso ? iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4) : '');
  return {
    key: task.id, id: task.id, serves: task.serves, text: task.text,
    person: task.responsible?.user ? String(task.responsible.user.id) : '',
    name: task.responsible?.user ? '' : (task.responsible?.name ?? ''),
    start: d(task.start), due: d(task.due), output: task.output ?? '', dropped: false,
    carried_from: task.carried_from ?? null, dropped_from: task.dropped_from ?? null,
  };
}

export type RowProblem = 'text_required' | 'date_invalid' | 'date_outside_year' | 'start_after_due';
export interface RowProblems { text?: RowProblem; start?: RowProblem; due?: RowProblem }

/** What the browser can say of a row before sending it: the text is there, the dates are real
 * days of the program's year, the start is not after the due date. */
export function rowProblems(r: TaskRow, year: number): RowProblems {
  const p: RowProblems = {};
  if (r.dropped) return p;
  if (!r.text.trim()) p.text = 'text_required';
  const check = (s: string): [string | null, RowProblem | undefined] => {
    if (!s.trim()) return [null, undefined];
    const iso = parseDate(s);
    if (!iso) return [null, 'date_invalid'];
    if (year && Number(iso.slice(0, 4)) !== year) return [iso, 'date_outside_year'];
    return [iso, undefined];
  };
  const [start, ps] = check(r.start);
  const [due, pd] = check(r.due);
  if (ps) p.start = ps;
  if (pd) p.due = pd;
  if (start && due && !ps && !pd && start > due) p.due = 'start_after_due';
  return p;
}

/** The rows as PUT sends them: an account or a name, ISO dates, what the server said of a task's
 * past (carried from last year, dropped from a day) kept; a removed row is not sent. */
export function tasksInput(rows: readonly TaskRow[]): UnitTaskInput[] {
  return rows
    .filter((r) => !r.dropped)
    .map((r) => {
      const t: UnitTaskInput = { serves: r.serves, text: r.text.trim() };
      if (r.id) t.id = r.id;
      if (r.person) t.responsible_user_id = Number(r.person);
      else t.responsible_name = r.name.trim();
      t.start = r.start.trim() ? parseDate(r.start) : null;
      t.due = r.due.trim() ? parseDate(r.due) : null;
      t.output = r.output.trim();
      if (r.carried_from) t.carried_from = r.carried_from;
      if (r.dropped_from) t.dropped_from = r.dropped_from;
      return t;
    });
}

// ── amendments ──

const PROPOSERS = new Set(['editor', 'approver', 'planner', 'admin']);

/** What `user` may do with amendment `a` in its state: its unit (or a planner) sends or withdraws
 * it; a planner forwards it to the leaders or returns it; a leader approves or refuses a
 * forwarded one (whether this leader's delegation covers the item is the server's to say). */
export function amendmentActions(user: User, a: Pick<Amendment, 'status' | 'unit' | 'actions'>): (AmendmentAction | 'edit')[] {
  // The server says what this account may do when it lists it; the rule below is its fallback.
  const known = ['edit', 'submit', 'withdraw', 'forward', 'return', 'approve', 'refuse'] as const;
  if (a.actions) return known.filter((k) => a.actions!.includes(k));
  const planner = user.role === 'planner' || user.role === 'admin';
  const own = planner || (PROPOSERS.has(user.role) && a.unit !== null && user.unit_id === a.unit.id);
  const out: (AmendmentAction | 'edit')[] = [];
  if (own && (a.status === 'draft' || a.status === 'returned')) out.push('edit', 'submit', 'withdraw');
  if (own && a.status === 'submitted' && !planner) out.push('withdraw');
  if (planner && a.status === 'submitted') out.push('forward', 'return');
  if (user.role === 'leader' && a.status === 'forwarded') out.push('approve', 'refuse');
  return out;
}

/** Actions that need a comment (the reason for returning or refusing). */
export const COMMENT_REQUIRED: ReadonlySet<AmendmentAction | UnitProgramAction> = new Set(['return', 'refuse']);

/** The amendments waiting for this leader: the forwarded ones. */
export function waitingForLeader(items: readonly Pick<Amendment, 'status'>[]): number {
  return items.filter((a) => a.status === 'forwarded').length;
}

/** A person as the API names one: "Nguyễn Văn A (Bộ trưởng)", a username, or "". */
export function personName(who: string | { username: string; display_name?: string; title?: string } | null | undefined): string {
  if (!who) return '';
  if (typeof who === 'string') return who;
  const name = who.display_name || who.username;
  return who.title ? `${name} (${who.title})` : name;
}

/** Which task rows belong to which item: the program's items in order, then the rows serving
 * none of them (unassigned: "Chưa gắn mục của Bộ"). */
export function rowsByItem(items: readonly { key: string }[], rows: readonly TaskRow[]): { key: string | null; rows: TaskRow[] }[] {
  const keys = new Set(items.map((i) => i.key));
  const out: { key: string | null; rows: TaskRow[] }[] = items.map((i) => ({ key: i.key, rows: rows.filter((r) => r.serves === i.key) }));
  const rest = rows.filter((r) => !keys.has(r.serves));
  if (rest.length) out.push({ key: null, rows: rest });
  return out;
}

/** The state a unit's program is shown in (a chip's word). */
export function stateKey(s: UnitProgramState | UnitProgramView['status']): string {
  return 'up_state_' + s;
}

// ── a unit's tasks in its report form and on the task board ──

/** A form's task: the Ministry's ("II.2.1#3"), or one of the unit's own ("u:57", kind "unit")
 * that serves a Ministry task or section, with who leads it, its dates and expected output. */
export interface NestableTask {
  id: string;
  section: string;
  kind?: 'ministry' | 'unit' | string;
  serves?: string;
}

/** The form's tasks in the order they are shown: each Ministry task followed by the unit's own
 * tasks serving it, or serving its section (after the section's last Ministry task); the unit's
 * tasks serving an item the form has no Ministry task of come last. `depth` 1 is a unit task
 * shown under its Ministry item. */
export function nestUnitTasks<T extends NestableTask>(tasks: readonly T[]): { task: T; depth: 0 | 1 }[] {
  const ministry = tasks.filter((x) => x.kind !== 'unit');
  const unit = tasks.filter((x) => x.kind === 'unit');
  const placed = new Set<T>();
  const out: { task: T; depth: 0 | 1 }[] = [];
  ministry.forEach((m, i) => {
    out.push({ task: m, depth: 0 });
    const lastOfSection = !ministry.slice(i + 1).some((n) => n.section === m.section);
    for (const u of unit) {
      if (placed.has(u)) continue;
      if (u.serves === m.id || (lastOfSection && (u.serves === m.section || u.section === m.section && !u.serves?.includes('#')))) {
        placed.add(u);
        out.push({ task: u, depth: 1 });
      }
    }
  });
  for (const u of unit) if (!placed.has(u)) out.push({ task: u, depth: 0 });
  return out;
}
