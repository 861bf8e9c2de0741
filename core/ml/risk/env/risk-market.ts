import type { Bar } from '../../../market/bar.js';
import { labelSeries } from '../../labels/series-labeler.js';
import { DEFAULT_LABEL_SPEC, type LabelSpec } from '../../labels/label-spec.js';

/** One symbol's daily bars, oldest first, with an index from bar open time to position. */
export interface SymbolSeries {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  readonly times: Float64Array;
}

/**
 * A breakout entry the environment offers to a sizer: the label spec's event (the desk's one breakout rule,
 * `baselineBreakout`), at the close of bar `barIndex` of its symbol.
 */
export interface EntrySignal {
  readonly symbol: string;
  readonly barIndex: number;
  /** Open time of the signal bar. */
  readonly time: number;
  readonly direction: 1 | -1;
  /** The signal bar's close: the price the sizer sizes at (the order fills at the next open). */
  readonly entry: number;
  /** Wilder ATR(14) at the signal bar's close. */
  readonly atr: number;
}

/** The bars and the breakout entries of a set of symbols: what every episode and evaluation replays. */
export interface RiskMarket {
  readonly series: ReadonlyMap<string, SymbolSeries>;
  /** All entries, by time then symbol, so every sizer sees the same entries in the same order. */
  readonly signals: readonly EntrySignal[];
}

export interface RiskMarketOptions {
  readonly spec?: LabelSpec;
  /**
   * A symbol's next breakout is an entry only this many bars after its previous entry. Fixed in bars, not
   * "once the last trade closed", so the entries do not depend on the sizer's stops: every sizer is judged
   * on the same trades. Set it to the longest a trade can last (hold + entry and exit bars).
   */
  readonly cooldownBars: number;
}

/**
 * Finds the entries of every series with the label spec's breakout event (features + ATR streamed bar by
 * bar, so an event never sees a later bar) and keeps one per symbol per cooldown.
 */
export function buildRiskMarket(barsBySymbol: ReadonlyMap<string, readonly Bar[]>, options: RiskMarketOptions): RiskMarket {
  const spec = options.spec ?? DEFAULT_LABEL_SPEC;
  const series = new Map<string, SymbolSeries>();
  const signals: EntrySignal[] = [];
  for (const [symbol, bars] of [...barsBySymbol.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const times = Float64Array.from(bars, (b) => b.time);
    series.set(symbol, { symbol, bars, times });
    let last = Number.NEGATIVE_INFINITY;
    for (const e of labelSeries(bars, spec).events) {
      const barIndex = indexOfTime(times, e.time);
      if (barIndex < 0 || barIndex - last < options.cooldownBars) continue;
      last = barIndex;
      signals.push({ symbol, barIndex, time: e.time, direction: e.direction === 'up' ? 1 : -1, entry: e.close, atr: e.atr });
    }
  }
  signals.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { series, signals };
}

/** Index of the bar opening at `time`, or −1. */
export function indexOfTime(times: Float64Array, time: number): number {
  const i = lastAtOrBefore(times, time);
  return i >= 0 && times[i] === time ? i : -1;
}

/** Index of the last bar opening at or before `time`, or −1 (binary search). */
export function lastAtOrBefore(times: Float64Array, time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Number.POSITIVE_INFINITY) <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
