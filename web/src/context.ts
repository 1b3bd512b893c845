// What every page reads: the signed-in user, the language and its table, the program in view.
import { createContext, useContext } from 'react';
import type { Lang, MessageKey } from './lib/i18n';
import type { ProgramSummary, User } from './lib/types';

export interface AppState {
  user: User;
  lang: Lang;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  programs: ProgramSummary[];
  programId: number | null;
  setProgramId: (id: number) => void;
  reloadPrograms: () => void;  // after an import or a publication
  reloadUser: () => void;      // after an admin changed their own account's name or unit
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const s = useContext(AppContext);
  if (!s) throw new Error('useApp outside the signed-in app');
  return s;
}

export const canPlan = (u: User) => u.role === 'admin' || u.role === 'planner';
export const canApprove = (u: User) => u.role === 'approver' || canPlan(u);
export const entersReports = (u: User) => u.role === 'editor' || u.role === 'approver' || u.role === 'planner' || u.role === 'admin';
/** A leader (issue 18) reads like a viewer of every unit and decides amendments. */
export const isLeader = (u: User) => u.role === 'leader';
/** Reads everything without writing reports: a viewer or a leader. */
export const readsOnly = (u: User) => u.role === 'viewer' || u.role === 'leader';
