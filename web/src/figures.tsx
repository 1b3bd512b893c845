// The small figures the dashboard pages share: a target's status, its achievement bar, a trend
// line of the months, and the tile-grid map of the provinces (keyboard-usable: one tab stop,
// arrow keys move between neighbouring provinces, Enter opens one).
import { useLayoutEffect, useReducer, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useApp } from './context';
import { dateField, initDateField } from './lib/date_field';
import { achievementColor, BANDS, NO_DATA, sparkPath } from './lib/measure';
import { formatRatio, parseDate } from './lib/format';
import { setSearch } from './lib/router';
import { neighbour, placeTiles, shortName, type Direction, type Tile } from './lib/tiles';
import type { Status } from './lib/types';

export function StatusBadge({ status, title }: { status: Status; title?: string }) {
  const { t } = useApp();
  return <span className={`badge st-${status}`} title={title}>{t(('status_' + status) as 'status_on_track')}</span>;
}

/** The achievement as a bar to 100 % (beyond it the bar is full and marked) with its figure;
 * coloured by the projected achievement, which decides the status. */
export function AchievementBar({ achievement, projected }: { achievement: number | null; projected: number | null }) {
  if (achievement === null) return <span className="muted">—</span>;
  const colour = achievementColor(projected ?? achievement);
  return (
    <span className="ach">
      <span className="ach-bar" aria-hidden="true">
        <span className="ach-fill" style={{ width: `${Math.max(0, Math.min(1, achievement)) * 100}%`, background: colour.bg }} />
        {achievement > 1 ? <span className="ach-over" /> : null}
      </span>
      <span className="ach-figure">{formatRatio(achievement)}</span>
    </span>
  );
}

/** The months' figures as a small line (the table beside has the numbers). */
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const d = sparkPath(values, 96, 24);
  if (!d) return <span className="muted">—</span>;
  return (
    <svg className="spark" viewBox="-2 -2 100 28" width="100" height="28" role="img" aria-label={label}>
      <path d={d} fill="none" stroke="#1f5fa8" strokeWidth="1.8" strokeLinejoin="round" />
    </svg>
  );
}

export interface MapItem {
  code: string;
  name: string;
  ratio: number | null; // what colours the tile: the projected achievement
  text: string; // the figure written on the tile
  status: Status | null; // read out after the name
  unitId: number | null;
  colour?: { bg: string; fg: string }; // instead of the achievement's (a map of something else)
  describe?: string; // what a screen reader hears instead of the figure and status
}

/** The provinces as tiles laid out like the country, in the organisation of `date`. */
export function TileMap({ items, date, label, onOpen, legend }: {
  items: MapItem[]; date: string; label: string; onOpen: (item: MapItem) => void; legend?: ReactNode;
}) {
  const { t } = useApp();
  const { tiles, unplaced, cols, rows } = placeTiles(items, (x) => x.code, date);
  const [focus, setFocus] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const current = tiles.find((x) => x.code === focus) ?? tiles[0];
  const keys: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
  const onKey = (tile: Tile<MapItem>) => (e: KeyboardEvent) => {
    const dir = keys[e.key];
    if (!dir) return;
    e.preventDefault();
    const next = neighbour(tiles, tile, dir);
    setFocus(next.code);
    refs.current.get(next.code)?.focus();
  };
  return (
    <div className="tilemap-wrap">
      <div className="tilemap" role="group" aria-label={label}
           style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, auto)` }}>
        {tiles.map((tile) => {
          const x = tile.item;
          const c = x.colour ?? achievementColor(x.ratio);
          const said = x.describe ?? `${x.text || t('no_figures')}${x.status ? ' — ' + t(('status_' + x.status) as 'status_on_track') : ''}`;
          return (
            <button key={x.code} type="button" className="tile" data-code={x.code}
                    ref={(el) => { if (el) refs.current.set(x.code, el); else refs.current.delete(x.code); }}
                    tabIndex={tile === current ? 0 : -1}
                    style={{ gridColumn: tile.col + 1, gridRow: tile.row + 1, background: c.bg, color: c.fg }}
                    aria-label={`${x.name}: ${said}`} title={`${x.name}: ${said}`}
                    onFocus={() => setFocus(x.code)} onKeyDown={onKey(tile)} onClick={() => onOpen(x)}>
              <span className="tile-name">{shortName(x.name)}</span>
              <span className="tile-figure">{x.text}</span>
            </button>
          );
        })}
      </div>
      {legend ?? <MapLegend />}
      {unplaced.length ? <p className="muted">{t('not_on_map')}: {unplaced.map((x) => x.name).join(', ')}</p> : null}
    </div>
  );
}

export function MapLegend() {
  const { t } = useApp();
  return (
    <ul className="map-legend" aria-label={t('legend')}>
      {BANDS.map((b) => (
        <li key={b.label}><span className="swatch" style={{ background: b.bg }} />{b.label}</li>
      ))}
      <li><span className="swatch" style={{ background: NO_DATA.bg }} />{t('no_figures')}</li>
    </ul>
  );
}

/** The date field of a page, kept in the address as `param` (`at` by default). */
export function DateFilter({ at, quick, param = 'at' }: { at: string; quick?: { label: string; iso: string }[]; param?: string }) {
  const { t } = useApp();
  const [field, dispatch] = useReducer(dateField, at, initDateField);
  // The date the figures are for, once they arrive: a layout effect, so that whether the field
  // may show it is decided in the same task as the field is written (lib/date_field.ts).
  useLayoutEffect(() => dispatch({ kind: 'server', iso: at }), [at]);
  const text = field.text;
  const iso = parseDate(text);
  const ask = (date: string) => {
    dispatch({ kind: 'ask', iso: date });
    setSearch({ [param]: date });
  };
  return (
    <>
      <form className="inline-field date-form" onSubmit={(e) => { e.preventDefault(); if (iso) ask(iso); }}>
        <label className="inline-field">{t('at_date')}
          <input value={text} onChange={(e) => dispatch({ kind: 'type', text: e.target.value })}
                 onFocus={() => dispatch({ kind: 'focus' })} onBlur={() => dispatch({ kind: 'blur' })}
                 className="narrow" placeholder="dd/mm/yyyy" inputMode="numeric"
                 aria-invalid={text && !iso ? true : undefined} aria-describedby={text && !iso ? 'at-err' : undefined} />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {text && !iso ? <span className="field-error" id="at-err" role="alert">{t('date_format')}</span> : null}
      {quick?.length ? (
        <div className="quick" role="group" aria-label={t('quick_dates')}>
          {quick.map((q) => (
            <button key={q.iso} type="button" className="link" onClick={() => ask(q.iso)} aria-pressed={q.iso === at}>{q.label}</button>
          ))}
        </div>
      ) : null}
    </>
  );
}

