// The accounts' pages without their markup: the list's filters, the password forms' own checks
// (the policy itself is the server's: its refusal is shown as it comes), the server's refusals
// put on the fields they name, a token's state, the unit choices, a one-time link made whole.
import { ApiError } from './api';
import { compareVi, sortVi } from './search';
import type { ApiErrorBody } from './validate';
import type { OrgUnit, Role } from './types';

export const ROLES: readonly Role[] = ['admin', 'planner', 'approver', 'editor', 'viewer', 'leader'];

/** The titles a leader's account carries (issue 18). */
export const LEADER_TITLES = ['Bộ trưởng', 'Thứ trưởng'] as const;

/** An account as GET /api/v1/users lists it. */
export interface Account {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  unit_code: string | null;
  unit_name: string | null;
  title?: string;      // a leader's "Bộ trưởng" | "Thứ trưởng"; '' or absent otherwise
  active: boolean;
  created_at: string | null;
  updated_at: string | null;
  last_login_at: string | null;
}

/** An API token as GET /api/v1/tokens lists it (the token itself is shown once, at creation). */
export interface ApiToken {
  id: number;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  expired?: boolean; // when the server says so (its clock may be a rehearsal's, not the browser's)
}

export interface NewToken { id: number; token: string; name: string; expires_at: string | null }
export interface ResetCode { code: string; reset_url: string; expires_at: string }

export interface AccountFilter {
  role: string;        // '' for every role
  unit: string;        // '' for every unit, 'none' for accounts without one, else a unit's id
  active: string;      // '' | 'active' | 'inactive'
}

/** The accounts the filters keep, in the order of their display names (Vietnamese order). */
export function filterAccounts(accounts: readonly Account[], f: AccountFilter): Account[] {
  const kept = accounts.filter((a) =>
    (!f.role || a.role === f.role) &&
    (!f.unit || (f.unit === 'none' ? a.unit_id === null : String(a.unit_id) === f.unit)) &&
    (!f.active || a.active === (f.active === 'active')));
  return [...kept].sort((a, b) => compareVi(a.display_name || a.username, b.display_name || b.username) || a.id - b.id);
}

/** The units the accounts are attached to, for the unit filter (each once, by name). */
export function accountUnits(accounts: readonly Account[]): { id: number; name: string }[] {
  const byId = new Map<number, string>();
  for (const a of accounts) if (a.unit_id !== null) byId.set(a.unit_id, a.unit_name ?? a.unit_code ?? String(a.unit_id));
  return sortVi([...byId].map(([id, name]) => ({ id, name })), (u) => u.name);
}

export interface UnitGroup { kind: string; units: { id: number; name: string }[] }

/** The units to attach an account to, grouped by kind (ministry, departments, provinces) and in
 * Vietnamese order; an account's present unit is kept as a choice even when it is no longer in
 * the organisation of today (a province merged in 2025), so editing it does not move it. */
export function unitChoices(units: readonly OrgUnit[], current?: { id: number | null; name: string | null }): UnitGroup[] {
  const order = ['ministry', 'department', 'province'];
  const groups = new Map<string, { id: number; name: string }[]>();
  for (const u of units) groups.set(u.kind, [...(groups.get(u.kind) ?? []), { id: u.id, name: u.name }]);
  const out: UnitGroup[] = [...groups]
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([kind, list]) => ({ kind, units: sortVi(list, (u) => u.name) }));
  if (current && current.id !== null && !units.some((u) => u.id === current.id)) {
    out.unshift({ kind: 'current', units: [{ id: current.id, name: current.name ?? String(current.id) }] });
  }
  return out;
}

export type FormField = 'current' | 'password' | 'repeat' | 'code' | 'username' | 'role' | 'unit' | 'display_name' | 'name' | 'days' | 'title';
export type Problems = Partial<Record<FormField, string>>;

/** What the browser itself can say of a new password before sending it: it is there, and the
 * repeat is the same. Message keys, by field (the strength is the server's policy). */
export function newPasswordProblems(password: string, repeat: string): Partial<Record<'password' | 'repeat', 'password_required' | 'password_repeat_differs'>> {
  const p: Partial<Record<'password' | 'repeat', 'password_required' | 'password_repeat_differs'>> = {};
  if (!password) p.password = 'password_required';
  else if (password !== repeat) p.repeat = 'password_repeat_differs';
  return p;
}

// The server's names of fields → the forms' fields.
const FIELD: Record<string, FormField> = {
  password: 'password', new_password: 'password', current_password: 'current', code: 'code',
  username: 'username', role: 'role', unit_id: 'unit', unit: 'unit', display_name: 'display_name', name: 'name',
  expires_in_days: 'days', title: 'title',
};
// Refusals that are about one field even when the server names none.
const CODE_FIELD: Record<string, FormField> = {
  bad_current_password: 'current', weak_password: 'password', reset_code_invalid: 'code',
  user_exists: 'username', username_taken: 'username',
};

/** A refusal's messages by the form's fields, and what is left for the whole form (null when
 * every word of it went to a field). Where the refusal's message is the field's reason made a
 * sentence ("Mật khẩu chưa đủ mạnh: cần ít nhất 10 ký tự" for "cần ít nhất 10 ký tự"), the
 * sentence goes under the field. */
export function refusalByField(body: ApiErrorBody | null | undefined): { fields: Problems; general: string | null } {
  const err = body?.error;
  if (!err) return { fields: {}, general: null };
  const fields: Problems = {};
  const rest: string[] = [];
  for (const d of err.details ?? []) {
    const f = d.field ? FIELD[d.field] : undefined;
    const fuller = err.message && d.message && err.message.length > d.message.length && err.message.endsWith(d.message);
    if (f && d.message && !fields[f]) fields[f] = fuller ? err.message! : d.message;
    else if (d.message) rest.push(d.field ? `${d.field}: ${d.message}` : d.message);
  }
  const codeField = err.code ? CODE_FIELD[err.code] : undefined;
  if (codeField && !fields[codeField] && err.message) fields[codeField] = err.message;
  const general = Object.keys(fields).length && !rest.length ? null : [err.message, ...rest].filter(Boolean).join(' ') || null;
  return { fields, general };
}

/** A refusal's problems by field; what is left (or the error itself when it is no refusal of
 * the form: the network, a 403) for the whole form. */
export function refusedFields(err: unknown): { fields: Problems; general: unknown } {
  if (!(err instanceof ApiError) || (err.status !== 400 && err.status !== 409 && err.status !== 422)) return { fields: {}, general: err };
  return refusalByField(err.body as ApiErrorBody);
}

export type TokenState = 'active' | 'expired' | 'revoked';

/** Revoked, or expired, by the server's word only: never by the browser's clock, which a
 * rehearsal's server (WORKPLAN_CLOCK_FILE) does not share: the list says `expired` by its clock. */
export function tokenState(t: ApiToken): TokenState {
  if (t.revoked_at) return 'revoked';
  if (t.expired) return 'expired';
  return 'active';
}

/** The server's reset link as a whole address to hand over (it may send a path). */
export function absoluteUrl(url: string, origin: string): string {
  try {
    return new URL(url, origin).toString();
  } catch {
    return url;
  }
}

/** Whole days of an API token's life, from what a person typed: 1–365, else null. */
export function parseDays(text: string): number | null {
  if (!/^\s*\d{1,3}\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 365 ? n : null;
}
