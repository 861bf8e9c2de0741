import type { Bar } from '../../market/bar.js';
import type { HistoryQuery } from '../../feeds/feed.js';
import type { EpochMs } from '../../market/units.js';
import type { HoldingWeight } from './concentration.js';

/** The slice of BarStore the correlation figure reads (daily bars). */
export interface DailyBarSource {
  query(query: HistoryQuery): Bar[];
}

export interface CorrelationRisk {
  /** Σ_{i<j} wᵢwⱼρᵢⱼ / Σ_{i<j} wᵢwⱼ over pairs with enough common days; undefined when no pair has. */
  readonly weightedAverage?: number;
  readonly pairs: readonly { readonly a: string; readonly b: string; readonly correlation: number; readonly days: number }[];
  /** Pairs left out because they share fewer than `minDays` daily returns, so the figure never rests on noise. */
  readonly skippedPairs: number;
}

export interface CorrelationOptions {
  /** Daily bars read per symbol, ending at `asOf`. */
  readonly lookbackDays: number;
  readonly asOf: EpochMs;
  /** Fewer common returns than this and a pair is skipped. */
  readonly minDays?: number;
  /**
   * Keeps each symbol's returns and each pair's correlation between calls. Only for a source whose bars are
   * never rewritten (appended in time order), where the same first and last day and count mean the same bars.
   */
  readonly memo?: CorrelationMemo;
}

/**
 * One symbol's daily log returns over a window, keyed by the day each return ends on, in the order the source
 * gave them (a repeated day keeps its first place and its last value, as a Map would).
 */
interface Returns {
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly days: Float64Array;
  readonly values: Float64Array;
  /** Days strictly increasing (every well-formed source): a pair is aligned by a merge instead of lookups. */
  readonly ascending: boolean;
  /** Day → return, built on first need, for aligning against a window whose days are not ascending. */
  byDay?: Map<number, number>;
}

type Pearson = { readonly correlation: number; readonly days: number } | undefined;

/** A pair's correlation and the two windows it was computed from. */
interface PairEntry {
  readonly x: Returns;
  readonly y: Returns;
  readonly r: Pearson;
}

/**
 * What `correlationRisk` computed last per symbol and per pair: a risk review asks for the same holdings'
 * correlations for every held symbol at every close, and they change only when a holding's window moves.
 */
export class CorrelationMemo {
  readonly returns = new Map<string, Returns>();
  /** First symbol of the pair → second symbol → the pair's last correlation (nested, so no key is built per pair). */
  readonly pairs = new Map<string, Map<string, PairEntry>>();
}

/**
 * Correlation risk of the holdings: the weight-averaged pairwise Pearson correlation of their daily
 * log returns over the lookback, aligned on the dates both symbols traded. Near 1 the book behaves as one
 * position whatever the Herfindahl says; direction is not netted (a long and a short in correlated names
 * hedge, but the figure is about how much the holdings move together).
 */
export function correlationRisk(bars: DailyBarSource, weights: readonly HoldingWeight[], options: CorrelationOptions): CorrelationRisk {
  const pairs: { a: string; b: string; correlation: number; days: number }[] = [];
  const sums = accumulate(bars, weights, options, pairs);
  return sums.den > 0 ? { weightedAverage: sums.num / sums.den, pairs, skippedPairs: sums.skipped } : { pairs, skippedPairs: sums.skipped };
}

/**
 * `correlationRisk(...).weightedAverage` without the list of pairs: the risk state needs only the figure, and
 * asks for it for every held symbol at every close.
 */
export function weightedCorrelation(bars: DailyBarSource, weights: readonly HoldingWeight[], options: CorrelationOptions): number | undefined {
  const sums = accumulate(bars, weights, options, undefined);
  return sums.den > 0 ? sums.num / sums.den : undefined;
}

/** Σ wᵢwⱼρᵢⱼ and Σ wᵢwⱼ over the pairs in weight order (the one summation order both entry points share). */
function accumulate(
  bars: DailyBarSource,
  weights: readonly HoldingWeight[],
  options: CorrelationOptions,
  pairs: { a: string; b: string; correlation: number; days: number }[] | undefined,
): { num: number; den: number; skipped: number } {
  const minDays = options.minDays ?? 20;
  const memo = options.memo;
  const windows: (Returns | undefined)[] = [];
  for (const w of weights) windows.push(returnsOf(bars, w.symbol, options, memo));
  let skipped = 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < weights.length; i++) {
    const a = weights[i];
    const x = windows[i];
    if (a === undefined) continue;
    const kept = memo === undefined || x === undefined ? undefined : pairMemo(memo, a.symbol);
    for (let j = i + 1; j < weights.length; j++) {
      const b = weights[j];
      const y = windows[j];
      if (b === undefined) continue;
      const r = kept === undefined || y === undefined || x === undefined ? pearson(x, y) : pairCorrelation(kept, b.symbol, x, y);
      if (r === undefined || r.days < minDays) {
        skipped++;
        continue;
      }
      pairs?.push({ a: a.symbol, b: b.symbol, correlation: r.correlation, days: r.days });
      num += a.weight * b.weight * r.correlation;
      den += a.weight * b.weight;
    }
  }
  return { num, den, skipped };
}

function returnsOf(bars: DailyBarSource, symbol: string, options: CorrelationOptions, memo: CorrelationMemo | undefined): Returns {
  const series = bars.query({ symbol, interval: '1d', to: options.asOf, limit: options.lookbackDays + 1 });
  const first = series[0]?.time ?? Number.NaN;
  const last = series[series.length - 1]?.time ?? Number.NaN;
  const kept = memo?.returns.get(symbol);
  if (kept !== undefined && kept.first === first && kept.last === last && kept.count === series.length) return kept;
  const made = returnsFrom(series, first, last);
  memo?.returns.set(symbol, made);
  return made;
}

function returnsFrom(series: readonly Bar[], first: number, last: number): Returns {
  const n = Math.max(0, series.length - 1);
  const days = new Float64Array(n);
  const values = new Float64Array(n);
  let ascending = true;
  for (let i = 1; i < series.length; i++) {
    const prev = series[i - 1];
    const cur = series[i];
    if (prev === undefined || cur === undefined) continue;
    if (i > 1 && !(cur.time > (days[i - 2] ?? Number.NaN))) ascending = false;
    days[i - 1] = cur.time;
    values[i - 1] = Math.log(cur.close / prev.close);
  }
  if (ascending) return { first, last, count: series.length, days, values, ascending };
  // A source out of order or with a repeated day: keep a Map's semantics exactly (first place, last value).
  const byDay = new Map<number, number>();
  for (let i = 0; i < n; i++) byDay.set(days[i] ?? 0, values[i] ?? 0);
  return { first, last, count: series.length, days: Float64Array.from(byDay.keys()), values: Float64Array.from(byDay.values()), ascending, byDay };
}

function pairMemo(memo: CorrelationMemo, a: string): Map<string, PairEntry> {
  let m = memo.pairs.get(a);
  if (m === undefined) {
    m = new Map();
    memo.pairs.set(a, m);
  }
  return m;
}

function pairCorrelation(kept: Map<string, PairEntry>, b: string, x: Returns, y: Returns): Pearson {
  const entry = kept.get(b);
  if (entry !== undefined && entry.x === x && entry.y === y) return entry.r;
  const r = pearson(x, y);
  kept.set(b, { x, y, r });
  return r;
}

// Aligned returns of the pair being computed, reused across calls (grown when a longer window comes).
let alignedX = new Float64Array(256);
let alignedY = new Float64Array(256);

/**
 * Pearson correlation over the days both windows have, in x's order: the same sums in the same order as a
 * reduce over the aligned lists, so the figure does not depend on how the windows are stored.
 */
function pearson(x: Returns | undefined, y: Returns | undefined): Pearson {
  if (x === undefined || y === undefined) return undefined;
  if (alignedX.length < x.days.length) {
    alignedX = new Float64Array(x.days.length);
    alignedY = new Float64Array(x.days.length);
  }
  const xs = alignedX;
  const ys = alignedY;
  const n = x.ascending && y.ascending ? alignSorted(x, y, xs, ys) : alignByLookup(x, y, xs, ys);
  if (n < 2) return undefined;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < n; k++) sx += xs[k] ?? 0;
  for (let k = 0; k < n; k++) sy += ys[k] ?? 0;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = (xs[k] ?? 0) - mx;
    const dy = (ys[k] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A series that never moved has no defined correlation: leave the pair out rather than call it 0.
  if (!(sxx > 0 && syy > 0)) return undefined;
  return { correlation: sxy / Math.sqrt(sxx * syy), days: n };
}

/** Both windows' days ascending: one merge pass. */
function alignSorted(x: Returns, y: Returns, xs: Float64Array, ys: Float64Array): number {
  let n = 0;
  let j = 0;
  const yd = y.days;
  for (let i = 0; i < x.days.length; i++) {
    const day = x.days[i] ?? 0;
    while (j < yd.length && (yd[j] ?? 0) < day) j++;
    if (j < yd.length && yd[j] === day) {
      xs[n] = x.values[i] ?? 0;
      ys[n] = y.values[j] ?? 0;
      n++;
    }
  }
  return n;
}

function alignByLookup(x: Returns, y: Returns, xs: Float64Array, ys: Float64Array): number {
  const index = y.byDay ?? (y.byDay = new Map(Array.from(y.days, (d, k) => [d, y.values[k] ?? 0] as const)));
  let n = 0;
  for (let i = 0; i < x.days.length; i++) {
    const ry = index.get(x.days[i] ?? 0);
    if (ry !== undefined) {
      xs[n] = x.values[i] ?? 0;
      ys[n] = ry;
      n++;
    }
  }
  return n;
}
