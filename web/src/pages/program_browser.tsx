// The program beside its text: the outline tree; for the chosen item, its clause of the
// decision with every target, task, budget and deadline highlighted where it was read
// (spans are byte offsets into the source), and the items listed beside it.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { canPlan, useApp } from '../context';
import { ErrorBox, Link, Loading, PageTitle, useLoad } from '../components';
import { get } from '../lib/api';
import { formatDate, formatMoney, formatQuantity } from '../lib/format';

// A number as a person would type it back: "1.600.000", "4,3".
const formatNumberPlain = (v: number | null) => (v === null ? '' : v.toLocaleString('vi-VN', { maximumFractionDigits: 6 }));
import { matches } from '../lib/search';
import { segments, type Marked } from '../lib/spans';
import type { Budget, Deadline, Items, Program, Section, Target, Task } from '../lib/types';
import { CorrectionForm, ReviewPanel, type Field } from './review';

interface Data {
  program: Program;
  sections: Section[];
  targets: Target[];
  tasks: Task[];
  budgets: Budget[];
  deadlines: Deadline[];
  source: Uint8Array;
}

async function loadProgram(id: number, signal: AbortSignal): Promise<Data> {
  const base = `/programs/${id}`;
  const [program, outline, targets, tasks, budgets, deadlines, source] = await Promise.all([
    get<Program>(base, signal),
    get<Items<Section>>(base + '/outline', signal),
    get<Items<Target>>(base + '/targets', signal),
    get<Items<Task>>(base + '/tasks', signal),
    get<Items<Budget>>(base + '/budgets', signal),
    get<Items<Deadline>>(base + '/deadlines', signal),
    fetch(`/api/v1${base}/source.txt`, { signal, credentials: 'same-origin' }).then((r) => {
      if (!r.ok) throw new Error(`source ${r.status}`);
      return r.arrayBuffer();
    }),
  ]);
  return {
    program, sections: outline.items, targets: targets.items, tasks: tasks.items, budgets: budgets.items,
    deadlines: deadlines.items, source: new Uint8Array(source),
  };
}

export function ProgramBrowser({ id }: { id: number }) {
  const { t } = useApp();
  const { data, error, loading, reload } = useLoad((s) => loadProgram(id, s), [id]);
  const [version, setVersion] = useState(0); // corrections made on this page
  if (error) return <ErrorBox error={error} />;
  if (!data) return loading ? <Loading /> : null;
  const corrected = () => {
    setVersion((v) => v + 1);
    reload();
  };
  return <Browser data={data} t={t} version={version} onCorrected={corrected} />;
}

function Browser({ data, t, version, onCorrected }: {
  data: Data; t: ReturnType<typeof useApp>['t']; version: number; onCorrected: () => void;
}) {
  const { lang, user } = useApp();
  // A draft, for a planner: the review — diagnostics, corrections, publication.
  const reviewing = data.program.status === 'draft' && canPlan(user);
  const [fixing, setFixing] = useState<string | null>(null); // the locator being corrected
  const fixButton = (locator: string, label: string) =>
    reviewing && fixing !== locator ? (
      <button type="button" className="link fix" onClick={() => setFixing(locator)} aria-label={label}>
        {t('correct')}
      </button>
    ) : null;
  const describe = (locator: string) => {
    const [kind, ref] = [locator.slice(0, locator.indexOf(':')), locator.slice(locator.indexOf(':') + 1)];
    if (kind === 'target') {
      const x = data.targets.find((y) => String(y.id) === ref);
      return x ? `${x.section} · ${x.indicator}` : locator;
    }
    if (kind === 'deadline') {
      const x = data.deadlines[Number(ref)];
      return x ? `${x.section} · ${t('deadline')}` : locator;
    }
    return `${t('section')} ${ref}`;
  };
  const fixForm = (locator: string, fields: Field[]) =>
    reviewing && fixing === locator ? (
      <CorrectionForm programId={data.program.id} locator={locator} fields={fields}
                      onCancel={() => setFixing(null)} onDone={() => { setFixing(null); onCorrected(); }} />
    ) : null;
  const first = data.sections.find((s) => data.targets.some((x) => x.section === s.number)) ?? data.sections[0];
  const [selected, setSelected] = useState<string>(first?.number ?? '');
  const [q, setQ] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const textRef = useRef<HTMLDivElement>(null);

  const children = useMemo(() => {
    const m = new Map<string | null, Section[]>();
    for (const s of data.sections) {
      const list = m.get(s.parent) ?? [];
      list.push(s);
      m.set(s.parent, list);
    }
    return m;
  }, [data.sections]);

  // Each section's clause runs from its heading to the next section's heading.
  const clause = useMemo(() => {
    const starts = data.sections.filter((s) => s.span).map((s) => s.span!.offset).sort((a, b) => a - b);
    const m = new Map<string, [number, number]>();
    for (const s of data.sections) {
      if (!s.span) continue;
      const next = starts.find((o) => o > s.span!.offset) ?? data.source.length;
      m.set(s.number, [s.span.offset, next]);
    }
    return m;
  }, [data]);

  const section = data.sections.find((s) => s.number === selected);
  const inSection = <T extends { section: string }>(xs: T[]) => xs.filter((x) => x.section === selected);
  const targets = inSection(data.targets);
  const tasks = inSection(data.tasks);
  const budgets = inSection(data.budgets);
  const deadlines = inSection(data.deadlines);

  const marks: Marked[] = [];
  const push = (key: string, kind: Marked['kind'], span: { offset: number; length: number } | null) => {
    if (span) marks.push({ key, kind, offset: span.offset, length: span.length });
  };
  targets.forEach((x) => push(`target-${x.id}`, 'target', x.span));
  budgets.forEach((x, i) => push(`budget-${i}`, 'budget', x.span));
  deadlines.forEach((x, i) => push(`deadline-${i}`, 'deadline', x.span));
  tasks.forEach((x) => push(`task-${x.id}`, 'task', x.span));
  const range = clause.get(selected);
  const pieces = range ? segments(data.source, range[0], range[1], marks) : [];

  useEffect(() => {
    if (!active) return;
    const el = textRef.current?.querySelector(`[data-key="${CSS.escape(active)}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const visible = (s: Section): boolean =>
    !q.trim() || matches(`${s.number} ${s.title}`, q) || (children.get(s.number) ?? []).some(visible);

  const toggle = (n: string) => {
    const c = new Set(collapsed);
    if (c.has(n)) c.delete(n); else c.add(n);
    setCollapsed(c);
  };

  // Arrow keys move between the tree's items; Enter or Space opens one.
  const onTreeKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...(e.currentTarget.querySelectorAll<HTMLButtonElement>('button.node'))];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[Math.max(0, Math.min(items.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
    e.preventDefault();
  };

  const renderTree = (parent: string | null) => (
    (children.get(parent) ?? []).filter(visible).map((s) => {
      const kids = (children.get(s.number) ?? []).length > 0;
      const open = !collapsed.has(s.number) || !!q.trim();
      const count = data.targets.filter((x) => x.section === s.number).length;
      return (
        <li key={s.number + ':' + (s.span?.offset ?? '')} role="treeitem" aria-expanded={kids ? open : undefined}
            aria-selected={s.number === selected}>
          <div className="node-row">
            {kids ? (
              <button type="button" className="twisty" aria-label={open ? t('collapse') : t('expand')}
                      onClick={() => toggle(s.number)}>{open ? '▾' : '▸'}</button>
            ) : <span className="twisty" />}
            <button type="button" className={'node' + (s.number === selected ? ' selected' : '')}
                    onClick={() => setSelected(s.number)}>
              <span className="num">{s.number}</span> {s.title.length > 90 ? s.title.slice(0, 88) + '…' : s.title}
              {count ? <span className="count" title={t('n_targets', { n: count })}>{count}</span> : null}
            </button>
          </div>
          {kids && open ? <ul role="group">{renderTree(s.number)}</ul> : null}
        </li>
      );
    })
  );

  const doc = data.program.document;
  const itemProps = (key: string) => ({
    'data-key': key,
    className: 'item' + (active === key ? ' active' : ''),
    tabIndex: 0,
    onMouseEnter: () => setActive(key),
    onFocus: () => setActive(key),
  });

  return (
    <>
      <PageTitle sub={`${doc.type} ${doc.number} · ${doc.place}, ${formatDate(doc.issued_date)} · ${doc.signer_title} ${doc.signer}`}>
        {doc.title}
      </PageTitle>
      {data.program.status === 'published' ? (
        <p className="program-links"><Link to={`/programs/${data.program.id}/baseline`}>{t('see_baseline')}</Link> · <Link to="/amendments">{t('nav_amendments')}</Link></p>
      ) : null}
      {reviewing ? <ReviewPanel program={data.program} version={version} onPublished={onCorrected} describe={describe} /> : null}
      <div className="browser">
        <section className="pane tree-pane" aria-label={t('outline')}>
          <label className="search">
            {t('search_outline')}
            <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search_hint')} />
          </label>
          <ul role="tree" aria-label={t('outline')} className="tree" onKeyDown={onTreeKey}>{renderTree(null)}</ul>
        </section>
        <section className="pane text-pane" aria-label={t('decision_text')}>
          <h2>{section ? `${section.number}. ${t('clause_text')}` : t('decision_text')}</h2>
          {section && (section.lead_units.length || reviewing) ? (
            <p className="leads"><strong>{t('lead')}:</strong> {section.lead_units.join('; ') || '—'}
              {section.coordinating_units.length ? <> · <strong>{t('coordinate')}:</strong> {section.coordinating_units.join('; ')}</> : null}
              {' '}{fixButton(`section:${section.number}`, t('correct_lead_of', { n: section.number }))}
            </p>
          ) : null}
          {section ? fixForm(`section:${section.number}`, [
            { field: 'lead', label: t('lead'), current: section.lead_units.join('; ') },
          ]) : null}
          <div className="source" ref={textRef} lang="vi">
            {pieces.map((p, i) =>
              p.item ? (
                <mark key={i} className={`hl hl-${p.item.kind}` + (p.items.some((m) => m.key === active) ? ' active' : '')}
                      data-key={p.item.key} onMouseEnter={() => setActive(p.item!.key)}>{p.text}</mark>
              ) : <span key={i}>{p.text}</span>,
            )}
          </div>
          <p className="legend" aria-hidden="true">
            <mark className="hl hl-target">{t('targets')}</mark> <mark className="hl hl-budget">{t('budgets')}</mark>{' '}
            <mark className="hl hl-deadline">{t('deadlines')}</mark> <mark className="hl hl-task">{t('tasks')}</mark>
          </p>
        </section>
        <section className="pane items-pane" aria-label={t('items_of_clause')}>
          {targets.length ? <h2>{t('targets')} ({targets.length})</h2> : null}
          <ul className="items">
            {targets.map((x) => (
              <li key={x.id} {...itemProps(`target-${x.id}`)}>
                <span className="kind kind-target">{t('target')}</span> <strong>{x.indicator}</strong>
                <div className="figure">{t('cmp_' + x.comparator as 'cmp_eq')} {formatQuantity(x.value, x.unit, lang)}</div>
                <div className="raw">“{x.raw}”{x.parent ? <> · {t('part_of')} {x.parent}</> : null}
                  {' '}{fixButton(`target:${x.id}`, t('correct_target', { name: x.indicator }))}</div>
                {fixForm(`target:${x.id}`, [
                  { field: 'value', label: t('value'), current: formatNumberPlain(x.value) },
                  { field: 'unit', label: t('unit'), current: x.unit },
                  { field: 'comparator', label: t('comparator'), current: x.comparator },
                  { field: 'indicator', label: t('indicator'), current: x.indicator },
                  ...(x.comparator === 'decrease_by' || x.comparator === 'increase_by'
                    ? [{ field: 'baseline', label: t('baseline_last_year'),
                         current: x.baseline != null ? formatNumberPlain(x.baseline) : '' }]
                    : []),
                ])}
              </li>
            ))}
          </ul>
          {budgets.length ? <h2>{t('budgets')} ({budgets.length})</h2> : null}
          <ul className="items">
            {budgets.map((x, i) => (
              <li key={i} {...itemProps(`budget-${i}`)}>
                <span className="kind kind-budget">{t('budget')}</span> <strong>{x.program}</strong>
                <div className="figure">{formatMoney(x.total_vnd, lang)}</div>
                {x.investment_vnd !== null || x.recurrent_vnd !== null ? (
                  <div className="raw">
                    {x.investment_vnd !== null ? <>{t('investment')} {formatMoney(x.investment_vnd, lang)}</> : null}
                    {x.investment_vnd !== null && x.recurrent_vnd !== null ? '; ' : ''}
                    {x.recurrent_vnd !== null ? <>{t('recurrent')} {formatMoney(x.recurrent_vnd, lang)}</> : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {deadlines.length ? <h2>{t('deadlines')} ({deadlines.length})</h2> : null}
          <ul className="items">
            {deadlines.map((x, i) => {
              const at = data.deadlines.indexOf(x); // its position in the plan: the locator
              return (
                <li key={i} {...itemProps(`deadline-${i}`)}>
                  <span className="kind kind-deadline">{t('deadline')}</span> <strong>{x.due ? formatDate(x.due) : x.raw}</strong>
                  <div className="raw">{x.what}{x.responsible ? <> · {x.responsible}</> : null}
                    {' '}{fixButton(`deadline:${at}`, t('correct_deadline'))}</div>
                  {fixForm(`deadline:${at}`, [{ field: 'due', label: t('deadline'), current: x.due ? formatDate(x.due) : '' }])}
                </li>
              );
            })}
          </ul>
          {tasks.length ? <h2>{t('tasks')} ({tasks.length})</h2> : null}
          <ul className="items">
            {tasks.map((x) => (
              <li key={x.id} {...itemProps(`task-${x.id}`)}>
                <span className="kind kind-task">{t('task')}</span> {x.text.length > 160 ? x.text.slice(0, 158) + '…' : x.text}
              </li>
            ))}
          </ul>
          {!targets.length && !budgets.length && !deadlines.length && !tasks.length ? (
            <p className="muted">{t('no_items_in_clause')}</p>
          ) : null}
        </section>
      </div>
    </>
  );
}
