// The papers of a program (issue 17): the Ministry's consolidated reports and the units' own, in
// the form of Decree 30, each a draft the Office edits or an issued report; "Tạo báo cáo" makes
// (or brings up to date) the draft of a period as of a date. Leaders read them; planners and
// admins make, edit and issue them.
import { useEffect, useMemo, useState } from 'react';
import { useApp, canPlan } from '../context';
import { ErrorBox, ExportButton, Field, Link, Loading, PageTitle, ProgramPicker, useLoad } from '../components';
import { get, query, request } from '../lib/api';
import { navigate } from '../lib/router';
import { formatDate, formatDateTime, parseDate } from '../lib/format';
import { compareVi } from '../lib/search';
import { day, figure } from '../lib/table_export';
import { defaultPeriod, periodEnd, periodKey, periodLabel, periodsInYear, type PeriodChoice, type PeriodType } from '../lib/document_period';
import type { DocumentKind, DocumentSummary, DocumentView, Items, OrgUnit } from '../lib/types';
import './documents.css';

export function DocumentsPage() {
  const { t, user, programId, programs } = useApp();
  const program = programs.find((p) => p.id === programId) ?? null;
  const list = useLoad(
    (s) => (programId ? get<Items<DocumentSummary>>(`/programs/${programId}/documents`, s) : Promise.resolve({ items: [] })),
    [programId],
  );
  const items = useMemo(
    () => [...(list.data?.items ?? [])].sort((a, b) => b.period.key.localeCompare(a.period.key) || a.kind.localeCompare(b.kind) || b.id - a.id),
    [list.data],
  );
  const planner = canPlan(user);

  return (
    <>
      <PageTitle sub={t('docs_sub')}>{t('docs_title')}</PageTitle>
      <div className="filters">
        <ProgramPicker />
        {programId ? <Link to={`/briefing?program=${programId}`}>{t('docs_briefing_link')}</Link> : null}
      </div>
      {!planner ? <p className="muted">{t('docs_readonly')}</p> : null}
      {planner && program ? <CreateDocument programId={program.id} year={program.year} existing={items} /> : null}
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !items.length ? <p className="muted" id="no-documents">{t('docs_none')}</p> : null}
      {items.length ? (
        <>
        <div className="actions doc-list-tools">
          <ExportButton tableId="documents-list" title={`${t('docs_title')} ${program ? program.number : ''}`.trim()} />
        </div>
        <div className="table-wrap">
          <table className="list documents-list" id="documents-list">
            <caption className="sr-only">{t('docs_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('docs_col_period')}</th>
                <th scope="col">{t('docs_col_kind')}</th>
                <th scope="col">{t('docs_col_as_of')}</th>
                <th scope="col">{t('docs_col_status')}</th>
                <th scope="col">{t('docs_col_number')}</th>
                <th scope="col" className="num-cell">{t('docs_col_version')}</th>
                <th scope="col">{t('docs_col_updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <Link to={`/documents/${d.id}`}>{d.period.label || d.period.key}</Link>
                  </th>
                  <td>{d.kind === 'consolidated' ? t('docs_kind_consolidated') : `${t('docs_kind_unit')}: ${d.unit?.name ?? ''}`}</td>
                  <td {...day(d.as_of)}>{formatDate(d.as_of)}</td>
                  <td>
                    <DocumentStatusBadge status={d.status} />
                    {d.stale && d.status === 'draft' ? <> <span className="badge doc-badge-stale" title={t('doc_stale_help')}>{t('doc_stale')}</span></> : null}
                    {d.conflicts > 0 ? <> <span className="badge doc-badge-conflict">{t('doc_conflicts', { n: d.conflicts })}</span></> : null}
                  </td>
                  <td className="doc-number-cell">{d.number ?? ''}</td>
                  <td className="num-cell" {...figure(d.version)}>{d.version}</td>
                  <td>{formatDateTime(d.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        </>
      ) : null}
    </>
  );
}

export function DocumentStatusBadge({ status }: { status: string }) {
  const { t } = useApp();
  return <span className={`badge doc-status-${status}`}>{status === 'issued' ? t('doc_status_issued') : t('doc_status_draft')}</span>;
}

const PERIOD_TYPES: PeriodType[] = ['month', 'quarter', 'half', 'year'];
const ROMAN = ['I', 'II', 'III', 'IV'];

function todayIso(): string {
  const d = new Date(Date.now() + 7 * 3600 * 1000); // Việt Nam's day
  return d.toISOString().slice(0, 10);
}

/** "Tạo báo cáo": kind (the Ministry's or a unit's), period and the figures' date. Making a period
 * that has a draft already brings that draft up to date (the server answers 200, edits kept). */
function CreateDocument({ programId, year, existing }: { programId: number; year: number; existing: DocumentSummary[] }) {
  const { t, lang, user } = useApp();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<DocumentKind>('consolidated');
  const [period, setPeriod] = useState<PeriodChoice>(() => defaultPeriod(year, todayIso()));
  const [asOfText, setAsOfText] = useState(() => formatDate(periodEnd(defaultPeriod(year, todayIso()))));
  const [unitId, setUnitId] = useState<number | null>(user.unit_id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const asOf = parseDate(asOfText);

  useEffect(() => {
    setPeriod(defaultPeriod(year, todayIso()));
    setAsOfText(formatDate(periodEnd(defaultPeriod(year, todayIso()))));
  }, [year]);

  const units = useLoad(
    async (s) => {
      if (kind !== 'unit') return [] as OrgUnit[];
      const at = asOf ?? periodEnd(period);
      const lists = await Promise.all(['department', 'province'].map((k) => get<Items<OrgUnit>>(`/org-units${query({ at, kind: k })}`, s)));
      return lists.flatMap((l) => l.items).sort((a, b) => compareVi(a.name, b.name));
    },
    [kind, asOf ?? '', period.year, period.type, period.n],
  );

  const choose = (next: PeriodChoice) => {
    setPeriod(next);
    setAsOfText(formatDate(periodEnd(next)));
  };

  const submit = async () => {
    setTried(true);
    setError(null);
    if (!asOf || (kind === 'unit' && !unitId)) return;
    setBusy(true);
    try {
      const body = { kind, period: periodKey(period), as_of: asOf, unit_id: kind === 'unit' ? unitId : null };
      // A draft of the same period is brought up to date, not made twice: the editor says so.
      const again = existing.some((d) => d.kind === kind && d.period.key === body.period && d.status === 'draft' &&
                                         (kind === 'consolidated' || d.unit?.id === unitId));
      const doc = await request<DocumentView>('POST', `/programs/${programId}/documents`, { body });
      navigate(`/documents/${doc.id}${again ? '?regenerated=1' : ''}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="primary" onClick={() => setOpen(true)}>{t('docs_create')}</button>
      </div>
    );
  }
  const n = periodsInYear[period.type];
  return (
    <form className="card doc-create" aria-label={t('docs_create')} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{t('docs_create')}</h2>
      <div className="filters">
        <label>{t('docs_kind')}
          <select aria-label={t('docs_kind')} value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
            <option value="consolidated">{t('docs_kind_consolidated')}</option>
            <option value="unit">{t('docs_kind_unit')}</option>
          </select>
        </label>
        {kind === 'unit' ? (
          <Field label={t('unit')} id="doc-unit" error={tried && !unitId ? t('docs_unit_required') : undefined}>
            {(aria) => (
              <select {...aria} aria-label={t('unit')} value={unitId ?? ''} onChange={(e) => setUnitId(e.target.value ? Number(e.target.value) : null)}>
                <option value="">—</option>
                {(units.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            )}
          </Field>
        ) : null}
        <label>{t('docs_period_type')}
          <select aria-label={t('docs_period_type')} value={period.type} onChange={(e) => {
            const type = e.target.value as PeriodType;
            choose({ type, year: period.year, n: Math.min(period.type === type ? period.n : periodsInYear[type], periodsInYear[type]) });
          }}>
            {PERIOD_TYPES.map((p) => <option key={p} value={p}>{t(`period_${p}`)}</option>)}
          </select>
        </label>
        {n > 1 ? (
          <label>{period.type === 'month' ? t('period_month') : t('period_quarter')}
            <select aria-label={period.type === 'month' ? t('period_month') : t('period_quarter')} value={period.n}
                    onChange={(e) => choose({ ...period, n: Number(e.target.value) })}>
              {Array.from({ length: n }, (_, i) => i + 1).map((i) => (
                <option key={i} value={i}>{period.type === 'quarter' ? ROMAN[i - 1] : i}</option>
              ))}
            </select>
          </label>
        ) : null}
        <label>{t('docs_year')}
          <input className="doc-year" value={period.year} readOnly aria-readonly="true" />
        </label>
        <Field label={t('docs_as_of')} id="doc-as-of" error={asOfText && !asOf ? t('docs_as_of_invalid') : undefined}>
          {(aria) => <input {...aria} className="narrow" value={asOfText} placeholder="dd/mm/yyyy" inputMode="numeric"
                            onChange={(e) => setAsOfText(e.target.value)} />}
        </Field>
      </div>
      <p className="muted">{periodLabel(period, lang)}</p>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('docs_creating') : t('docs_create_submit')}</button>
        <button type="button" onClick={() => setOpen(false)} disabled={busy}>{t('cancel')}</button>
      </div>
    </form>
  );
}
