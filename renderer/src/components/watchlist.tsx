import type { KeyboardEvent } from 'react';
import type { Quote } from '../../../core/contract/index.js';
import type { LatestBreakout } from '../stores/models-store.js';

export interface WatchlistProps {
  readonly quotes: readonly Quote[];
  readonly selected: string | undefined;
  readonly breakouts: Readonly<Record<string, LatestBreakout>>;
  readonly onSelect: (symbol: string) => void;
}

const priceFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Symbols with last price, change and latest breakout probability; arrow keys move the selection. */
export function Watchlist({ quotes, selected, breakouts, onSelect }: WatchlistProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const index = quotes.findIndex((q) => q.symbol === selected);
    const next = quotes[Math.max(0, Math.min(quotes.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next !== undefined) onSelect(next.symbol);
  };
  if (quotes.length === 0) return <p className="empty">No symbols yet: the feed has not named any.</p>;
  return (
    <ul className="watchlist" role="listbox" aria-label="Watchlist" tabIndex={0} onKeyDown={onKeyDown}>
      {quotes.map((q) => {
        const breakout = breakouts[q.symbol];
        return (
          <li
            key={q.symbol}
            role="option"
            aria-selected={q.symbol === selected}
            data-testid="watchlist-row"
            data-symbol={q.symbol}
            className={q.symbol === selected ? 'row selected' : 'row'}
            onClick={() => onSelect(q.symbol)}
          >
            <span className="symbol">{q.symbol}</span>
            <span className="last" data-testid="last-price">{q.last === null ? '—' : priceFormat.format(q.last)}</span>
            <span className="prob" data-testid="breakout-probability" title="Latest breakout: direction and calibrated probability of reaching the target first">
              {breakout === undefined ? 'no breakout yet' : `${breakout.direction === 'UP' ? '▲' : '▼'} ${Math.round(breakout.probability * 100)}%`}
            </span>
            <span className={changeClass(q.change)}>{formatChange(q)}</span>
            {q.held !== undefined && (
              <span className="held" data-testid="held" data-reasons={q.held.reasons.join(' ')} title={`No new entries: ${q.held.detail}`}>
                held: {q.held.reasons.map(holdWord).join(', ')}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const HOLD_WORDS: Readonly<Record<NonNullable<Quote['held']>['reasons'][number], string>> = {
  gap: 'catching up', 'stale-quote': 'stale quote', halted: 'halted',
};

/** A hold reason in a trader's words; the row's tooltip has the feed's full detail. */
function holdWord(reason: NonNullable<Quote['held']>['reasons'][number]): string {
  return HOLD_WORDS[reason];
}

function changeClass(change: number | null): string {
  if (change === null || change === 0) return 'change flat';
  return change > 0 ? 'change up' : 'change down';
}

function formatChange(q: Quote): string {
  if (q.change === null || q.changePct === null) return '—';
  const sign = q.change > 0 ? '+' : '';
  return `${sign}${priceFormat.format(q.change)} (${sign}${q.changePct.toFixed(2)}%)`;
}
