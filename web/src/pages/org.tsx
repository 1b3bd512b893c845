// The organisation as it stood on a date, and the mergers that changed it: Hà Tây into Hà Nội
// (1/8/2008) and the 63 provinces into 34 (1/7/2025) — as a list, and as the map of the
// provinces of that date, those formed by a merger marked; a province opens what it was formed
// from and what it became.
import { useState } from 'react';
import { useApp } from '../context';
import { ErrorBox, Loading, PageTitle, TableTools, useLoad } from '../components';
import { TileMap, type MapItem } from '../figures';
import { get, query } from '../lib/api';
import { formatDate, parseDate } from '../lib/format';
import { filterBy, sortVi } from '../lib/search';
import type { Items, OrgUnit } from '../lib/types';

const MERGES = [
  { before: '2008-07-31', after: '2008-08-01' },
  { before: '2025-06-30', after: '2025-07-01' },
];

interface Merge { date: string; into: OrgUnit; from: OrgUnit[] }

const MERGED = { bg: '#1f5fa8', fg: '#fff' };
const KEPT = { bg: '#e3ecfa', fg: '#1a202c' };

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
      // A unit formed from one alone is no merger: Hà Nội 2025 from Hà Nội, or renamed (Huế
      // from Thừa Thiên Huế).
      if (from.length === 1) continue;
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
  const provinceUnits = (units.data?.items ?? []).filter((u) => u.kind === 'province');
  const provinces = provinceUnits.length;
  const [picked, setPicked] = useState<number | null>(null);
  const pickedUnit = provinceUnits.find((u) => u.id === picked) ?? null;
  // A province formed by a merger on or before the date (Hà Nội from 1/8/2008, 23 of the 34).
  const mergedIds = new Set((merges.data ?? []).filter((m) => at && m.date <= at).map((m) => m.into.id));
  const mapItems: MapItem[] = provinceUnits.map((u) => ({
    code: u.code, name: u.name, ratio: null, text: '', status: null, unitId: u.id,
    colour: mergedIds.has(u.id) ? MERGED : KEPT,
    describe: mergedIds.has(u.id) ? t('formed_by_merger') : t('not_merged'),
  }));

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
          {shown.length ? (
            <div className="table-head"><span />
              <TableTools tableId="units-at-table" title={t('units_at', { date: at ? formatDate(at) : '…' })} fileName="don-vi"
                          filters={[kind ? `${t('kind')}: ${t(('kind_' + kind) as 'kind_province')}` : '', q.trim() ? `${t('search')}: ${q.trim()}` : ''].filter(Boolean)} />
            </div>
          ) : null}
          <div className="table-wrap">
            <table className="list" id="units-at-table">
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
        <div>
        {at && provinces ? (
          <section aria-labelledby="map-h">
            <h2 id="map-h">{t('province_map_at', { date: formatDate(at) })}</h2>
            <TileMap items={mapItems} date={at} label={t('org_map_label', { date: formatDate(at), n: provinces })}
                     onOpen={(x) => setPicked(x.unitId)}
                     legend={<ul className="map-legend"><li><span className="swatch" style={{ background: MERGED.bg }} />{t('formed_by_merger')}</li>
                       <li><span className="swatch" style={{ background: KEPT.bg }} />{t('not_merged')}</li></ul>} />
            {pickedUnit ? <UnitHistory unit={pickedUnit} merges={merges.data ?? []} at={at} /> : null}
          </section>
        ) : null}
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
      </div>
    </>
  );
}

/** One province: its validity, what it was formed from and what it became. */
function UnitHistory({ unit, merges, at }: { unit: OrgUnit; merges: Merge[]; at: string }) {
  const { t } = useApp();
  // What it became: the unit as the API reads it after its end.
  const later = useLoad(
    (s) => (unit.valid_to ? get<{ became_by: { units: { id: number; name: string }[] } }>(`/org-units/${unit.id}${query({ at: addDay(unit.valid_to) })}`, s) : Promise.resolve(null)),
    [unit.id, unit.valid_to],
  );
  const formed = merges.filter((m) => m.into.id === unit.id && m.date <= at);
  return (
    <div className="card unit-history" id="unit-history" aria-live="polite">
      <h3>{unit.name} <span className="muted">({t('code')} {unit.code})</span></h3>
      <p>{t('valid')}: {unit.valid_from ? formatDate(unit.valid_from) : '…'} – {unit.valid_to ? formatDate(unit.valid_to) : '…'}</p>
      {formed.map((m) => <p key={m.date}>{t('formed_from', { date: formatDate(m.date) })}: {m.from.map((u) => u.name).join(', ')}</p>)}
      {later.data?.became_by.units.length
        ? <p>{t('became', { date: formatDate(addDay(unit.valid_to!)) })}: {later.data.became_by.units.map((u) => u.name).join(', ')}</p>
        : null}
    </div>
  );
}

function addDay(iso: string): string {
  const d = new Date(Date.parse(iso + 'T00:00:00Z') + 86400000);
  return d.toISOString().slice(0, 10);
}
