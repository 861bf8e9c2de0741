import type { Bar } from '../market/bar.js';
import { closeOffsetMs, type Interval } from '../market/interval.js';
import { epochMs, price, type Price } from '../market/units.js';
import type { Fill } from '../trading/order.js';
import { equityCurve } from '../trading/portfolio/equity-curve.js';
import { PositionBook } from '../trading/portfolio/position-book.js';
import type { MetricsPoint } from './metrics/performance-metrics.js';

const NO_FILLS: readonly Fill[] = [];

/** One symbol's curve as it is being built: its own book, latest close, and the close still waiting for its point. */
class SymbolCurve {
  readonly book = new PositionBook();
  readonly points: MetricsPoint[];
  /** The curve whose bar came after this one's last time: a replay cycles through its symbols, so usually the next. */
  after: SymbolCurve | undefined = undefined;
  /** Next fill of `fills` not yet applied to the book. */
  f = 0;
  deposits = 0;
  deposited = false;
  /**
   * The symbol's latest close. A number from the start (never undefined) so V8 keeps the field a double and a
   * store per bar allocates nothing; read only for a close that has its bar, so the NaN is never seen.
   */
  price: Price = price(Number.NaN);
  /** Close of the symbol's latest bar; its point is written once a later close (or the end) shows it complete. */
  pendingAt = Number.NaN;
  /** The book holds this symbol only, so its mark is this symbol's latest close (what equityCurve's map gives it). */
  readonly mark = (): Price | undefined => this.price;

  constructor(readonly symbol: string, readonly fills: readonly Fill[], first: MetricsPoint) {
    this.points = [first];
  }
}

/**
 * Each symbol's equity curve as if that symbol alone had traded `startingCash`: the first point is the starting cash
 * at `start - 1`, then one point per distinct close of the symbol's bars: the same points, to the bit, as
 * `equityCurve(its fills, [starting cash at start - 1], its bars)` after that first point. Built in one pass over
 * the run's merged bars instead of one replay per symbol, since 34 replays over 288k bars were the largest part of
 * a crossover run's end. The pass needs the bars in close order and the fills in time order (what a run hands it);
 * otherwise each symbol is replayed through equityCurve, which sorts.
 */
export function symbolCurves(bars: readonly Bar[], fills: readonly Fill[], startingCash: number, start: number): Map<string, MetricsPoint[]> {
  const fillsOf = fillsInTimeOrder(fills);
  return (fillsOf === undefined ? undefined : curvesInOnePass(bars, fillsOf, startingCash, start)) ?? curvesBySymbol(bars, fills, startingCash, start);
}

/** The fills per symbol, each list in time order; undefined when the fills are not in time order (a hole or NaN time included). */
function fillsInTimeOrder(fills: readonly Fill[]): Map<string, Fill[]> | undefined {
  const bySymbol = new Map<string, Fill[]>();
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < fills.length; i++) {
    const fill = fills[i];
    if (fill === undefined || !(fill.time >= last)) return undefined;
    last = fill.time;
    const list = bySymbol.get(fill.symbol);
    if (list === undefined) bySymbol.set(fill.symbol, [fill]);
    else list.push(fill);
  }
  return bySymbol;
}

/** The one pass; undefined when the bars are not in close order (a hole or NaN time included). */
function curvesInOnePass(bars: readonly Bar[], fillsOf: Map<string, Fill[]>, startingCash: number, start: number): Map<string, MetricsPoint[]> | undefined {
  const curves = new Map<string, SymbolCurve>();
  const cashAt = start - 1;
  let previous = Number.NEGATIVE_INFINITY;
  let interval: Interval | undefined;
  let offset = 0;
  let last: SymbolCurve | undefined;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i];
    if (bar === undefined) return undefined;
    if (bar.interval !== interval) {
      interval = bar.interval;
      offset = closeOffsetMs(interval);
    }
    const at = bar.time + offset;
    if (!(at >= previous)) return undefined;
    previous = at;
    const guess = last?.after;
    let curve = guess !== undefined && guess.symbol === bar.symbol ? guess : curves.get(bar.symbol);
    if (curve === undefined) {
      curve = new SymbolCurve(bar.symbol, fillsOf.get(bar.symbol) ?? NO_FILLS, { time: cashAt, cash: startingCash, equity: startingCash });
      curves.set(bar.symbol, curve);
    } else if (curve.pendingAt !== at) {
      settle(curve, cashAt, startingCash);
    }
    // Several bars of a symbol at one close: one point, after the last one's mark is in.
    curve.price = bar.close;
    curve.pendingAt = at;
    if (last !== undefined) last.after = curve;
    last = curve;
  }
  const out = new Map<string, MetricsPoint[]>();
  for (const [symbol, curve] of curves) {
    settle(curve, cashAt, startingCash);
    out.set(symbol, curve.points);
  }
  return out;
}

/** Writes the point of the curve's pending close, in equityCurve's steps: fills up to it, cash up to it, then the mark. */
function settle(curve: SymbolCurve, cashAt: number, startingCash: number): void {
  const at = curve.pendingAt;
  const fills = curve.fills;
  const book = curve.book;
  let f = curve.f;
  for (let fill = fills[f]; fill !== undefined && fill.time <= at; fill = fills[++f]) book.apply(fill);
  curve.f = f;
  if (!curve.deposited && cashAt <= at) {
    curve.deposits += startingCash;
    curve.deposited = true;
  }
  const cashNow = curve.deposits + book.tradingCash;
  curve.points.push({ time: epochMs(at), cash: cashNow, equity: cashNow + book.marketValue(curve.mark) });
}

/** One equityCurve replay per symbol: the reference the one pass matches, and the path for input out of order. */
export function curvesBySymbol(bars: readonly Bar[], fills: readonly Fill[], startingCash: number, start: number): Map<string, MetricsPoint[]> {
  const barsOf = groupBy(bars, (b) => b.symbol);
  const fillsOf = groupBy(fills, (f) => f.symbol);
  const out = new Map<string, MetricsPoint[]>();
  for (const [symbol, symbolBars] of barsOf) {
    const points = equityCurve(fillsOf.get(symbol) ?? [], [{ time: epochMs(start - 1), amount: startingCash, note: 'starting cash' }], symbolBars);
    out.set(symbol, [{ time: start - 1, cash: startingCash, equity: startingCash }, ...points]);
  }
  return out;
}

/** The items per key, each list in the items' order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}
