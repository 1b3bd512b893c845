// The organisation as it stood on a date, and the mergers that changed it: Hà Tây into Hà Nội
// (1/8/2008) and the 63 provinces into 34 (1/7/2025).
import { useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Loading, PageTitle, useLoad } from '../components';
import { get, query } from '../lib/api';
import { formatDate, parseDate } from '../lib/format';
import { filterBy, sortVi } from '../lib/search';
import type { Items, OrgUnit } from '../lib/types';

const MERGES = [
  { before: '2008-07-31', after: '2008-08-01' },
  { before: '2025-06-30', after: '2025-07-01' },
];

interface Merge { date: string; into: OrgUnit; from: OrgUnit[] }

async function loadMerges(signal: AbortSignal): Promise<Merge[]> {
  const out: Merge[] = [];
  for (const m of MERGES) {
    const [before, after] = await Promise.all([
      get<Items<OrgUnit>>(`/org-units?at=${m.before}&kind=province`, signal),
      get<Items<OrgUnit>>(`/org-units?at=${m.after}&kind=province`, signal),
    ]);
    const byId = new Map(after.items.map((u) => [u.id, u]));
    const beforeById = new Map(before.items.map((u) => [u.id, u]));
    const groups = new Map<number, OrgUnit[]>();
    for (const u of before.items) {
      if (u.valid_to !== m.before) continue;
      for (const s of u.successor_ids) if (byId.has(s)) groups.set(s, [...(groups.get(s) ?? []), u]);
    }
    for (const [id, absorbed] of groups) {
      const into = byId.get(id)!;
      // A unit that goes on under its own id took the others in (Hà Nội in 2008).
      const from = beforeById.has(id) ? [beforeById.get(id)!, ...absorbed] : absorbed;
      // A unit carried on under the same name is no merger (Hà Nội 2025 from Hà Nội alone).
      if (from.length === 1 && from[0].name === into.name && id !== from[0].id) continue;
      out.push({ date: m.after, into, from: sortVi(from, (u) => u.name) });
    }
  }
  return out;
}

export function Org() {
  const { t } = useApp();
  const [dateText, setDateText] = useState('30/06/2012');
  const [kind, setKind] = useState('');
  const [q, setQ] = useState('');
  const at = parseDate(dateText);
  const units = useLoad((s) => (at ? get<Items<OrgUnit>>(`/org-units${query({ at, kind })}`, s) : Promise.resolve({ items: [] })), [at, kind]);
  const merges = useLoad(loadMerges, []);
  const shown = sortVi(filterBy(units.data?.items ?? [], q, (u) => `${u.name} ${u.code} ${u.aliases.join(' ')}`), (u) => u.name);
  const provinces = (units.data?.items ?? []).filter((u) => u.kind === 'province').length;

  return (
    <>
      <PageTitle sub={t('org_sub')}>{t('org_title')}</PageTitle>
      <div className="filters">
        <label className="inline-field">{t('at_date')}
          <input value={dateText} onChange={(e) => setDateText(e.target.value)} placeholder="dd/mm/yyyy" inputMode="numeric"
                 aria-invalid={at ? undefined : true} aria-describedby={at ? undefined : 'org-date-err'} className="narrow" />
        </label>
        {!at ? <span className="field-error" id="org-date-err" role="alert">{t('date_format')}</span> : null}
        <div className="quick" role="group" aria-label={t('quick_dates')}>
          {['25/01/2008', '01/08/2008', '30/06/2012', '01/07/2025'].map((d) => (
            <button key={d} type="button" className="link" onClick={() => setDateText(d)}>{d}</button>
          ))}
        </div>
        <label className="inline-field">{t('kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('all')}</option>
            <option value="ministry">{t('kind_ministry')}</option>
            <option value="department">{t('kind_department')}</option>
            <option value="province">{t('kind_province')}</option>
          </select>
        </label>
        <label className="inline-field">{t('search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
        </label>
      </div>
      <div className="two-col">
        <section aria-labelledby="units-h">
          <h2 id="units-h">{t('units_at', { date: at ? formatDate(at) : '…' })}: {shown.length}
            {provinces ? <span className="muted"> ({t('n_provinces', { n: provinces })})</span> : null}</h2>
          <ErrorBox error={units.error} />
          {units.loading && !units.data ? <Loading /> : null}
          <div className="table-wrap">
            <table className="list">
              <thead><tr><th scope="col">{t('code')}</th><th scope="col">{t('name')}</th><th scope="col">{t('kind')}</th><th scope="col">{t('valid')}</th></tr></thead>
              <tbody>
                {shown.map((u) => (
                  <tr key={u.id}>
                    <td>{u.code}</td>
                    <td>{u.name}</td>
                    <td>{t(('kind_' + u.kind) as 'kind_province')}</td>
                    <td>{u.valid_from ? formatDate(u.valid_from) : '…'} – {u.valid_to ? formatDate(u.valid_to) : '…'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="merges-h">
          <h2 id="merges-h">{t('merges')}</h2>
          <ErrorBox error={merges.error} />
          {merges.loading ? <Loading /> : null}
          {MERGES.map((m) => {
            const list = (merges.data ?? []).filter((x) => x.date === m.after);
            return (
              <div key={m.after} className="merge-group">
                <h3>{t('from_date', { date: formatDate(m.after) })}: {t('n_merged_units', { n: list.length })}</h3>
                <ul className="merges">
                  {list.map((x) => (
                    <li key={x.into.id}><strong>{x.into.name}</strong> ← {x.from.map((u) => u.name).join(', ')}</li>
                  ))}
                </ul>
              </div>
            );
          })}
        </section>
      </div>
    </>
  );
}
