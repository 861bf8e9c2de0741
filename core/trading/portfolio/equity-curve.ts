import type { Bar } from '../../market/bar.js';
import { closeOffsetMs } from '../../market/interval.js';
import { epochMs, type EpochMs, type Price } from '../../market/units.js';
import type { Fill } from '../order.js';
import type { CashMovement } from './ledger.js';
import { PositionBook } from './position-book.js';

/** Equity at one bar close. */
export interface EquityPoint {
  /** The close instant (bar open time + the interval's close offset). */
  readonly time: EpochMs;
  readonly cash: number;
  readonly equity: number;
}

/**
 * Equity at every distinct bar close in `bars`: fills and cash movements up to that instant, positions
 * marked at each symbol's latest close so far (average price before its first bar). One pass over the
 * bars and the ledger, both taken in time order.
 */
export function equityCurve(fills: readonly Fill[], cash: readonly CashMovement[], bars: readonly Bar[]): EquityPoint[] {
  const closes = inOrderOf(bars, closeOf);
  const orderedFills = inOrderOf(fills, timeOf);
  const orderedCash = inOrderOf(cash, timeOf);
  const book = new PositionBook();
  const marks = new Map<string, Price>();
  const mark = (symbol: string): Price | undefined => marks.get(symbol);
  const points: EquityPoint[] = [];
  let f = 0;
  let c = 0;
  let deposits = 0;
  for (let i = 0; i < closes.length; i++) {
    const bar = closes[i];
    if (bar === undefined) continue;
    const at = closeOf(bar);
    marks.set(bar.symbol, bar.close);
    // Several symbols close at the same instant: one point after all their marks are in.
    const next = closes[i + 1];
    if (next !== undefined && closeOf(next) === at) continue;
    for (let fill = orderedFills[f]; fill !== undefined && fill.time <= at; fill = orderedFills[++f]) book.apply(fill);
    for (let move = orderedCash[c]; move !== undefined && move.time <= at; move = orderedCash[++c]) deposits += move.amount;
    const cashNow = deposits + book.tradingCash;
    points.push({ time: epochMs(at), cash: cashNow, equity: cashNow + book.marketValue(mark) });
  }
  return points;
}

const closeOf = (bar: Bar): number => bar.time + closeOffsetMs(bar.interval);
const timeOf = (entry: { readonly time: number }): number => entry.time;

/**
 * `entries` ordered by `key`, ties in their given order (a stable sort). A run hands its bars over already in close
 * order (one symbol's, or a merged replay) and a ledger its fills and cash in time order; those are used as they
 * are, because sorting a copy (tagged with its close time, for bars) cost an object per bar for the same list.
 * A hole or a NaN key counts as out of order, as in mergeByTime: the sort puts holes last, where the curve's loops
 * stop or skip, and places a NaN key as the code before this shortcut did.
 */
function inOrderOf<T>(entries: readonly T[], key: (entry: T) => number): readonly (T | undefined)[] {
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const at = entry === undefined ? Number.NaN : key(entry);
    if (!(at >= previous)) return [...entries].sort((a, b) => key(a) - key(b));
    previous = at;
  }
  return entries;
}

/** Largest peak-to-trough fall of the curve, as a fraction of the peak (0 when it never falls). */
export function maxDrawdown(points: readonly EquityPoint[]): number {
  let peak = Number.NEGATIVE_INFINITY;
  let worst = 0;
  for (const p of points) {
    peak = Math.max(peak, p.equity);
    if (peak > 0) worst = Math.max(worst, (peak - p.equity) / peak);
  }
  return worst;
}
