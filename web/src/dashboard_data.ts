// The dashboard's data as the pages read it: the answer of GET /programs/{id}/dashboard for the
// filters of the address, the months of the targets that have figures (POST /analytics/query),
// and a value written in its target's unit of measure.
import { useLoad } from './components';
import { get, query, request } from './lib/api';
import { formatQuantity } from './lib/format';
import { monthKeys } from './lib/measure';
import type { AnalyticsCell, DashboardData, Items, TargetMeasure } from './lib/types';

/** The dashboard's answer for a date, a unit, and the target whose units of `level` are
 * ranked (provinces by default). */
export function useDashboard(programId: number | null,
                             params: { at?: string; unit?: string; target?: string | number; level?: string }) {
  const { at = '', unit = '', target = '', level = '' } = params;
  return useLoad(
    (s) => (programId ? get<DashboardData>(`/programs/${programId}/dashboard${query({ at, unit, target, level })}`, s) : Promise.resolve(null)),
    [programId, at, unit, target, level],
  );
}

/** Monthly figures of `targets` at `unit` (null: the caller's node) through the year. */
export function useMonths(programId: number | null, dash: DashboardData | null | undefined, targets: number[], unit: number | null) {
  const key = targets.join(',');
  return useLoad(
    (signal) => {
      if (!programId || !dash || targets.length === 0) return Promise.resolve(null);
      const body = { program_id: programId, targets, unit, periods: monthKeys(dash.year), at: dash.at };
      return request<Items<AnalyticsCell>>('POST', '/analytics/query', { body, signal });
    },
    [programId, dash?.at, dash?.year, key, unit],
  );
}

/** A value of a target in its unit of measure. */
export function quantity(x: TargetMeasure, v: number | null, lang: 'vi' | 'en'): string {
  return v === null ? '' : formatQuantity(roundFor(x.target.unit, v), x.target.unit, lang);
}

// Sums of people are whole; rates keep two decimals (a mean of units' rates).
function roundFor(unit: string, v: number): number {
  return unit === '%' ? Math.round(v * 100) / 100 : Math.round(v);
}

/** Whether section `s` ("II.2.1") lies in area `a` ("II.2" or "II"). */
export function inArea(s: string, a: string): boolean {
  return s === a || s.startsWith(a + '.');
}

