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

interface Returns {
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly byDay: ReadonlyMap<number, number>;
}

type Pearson = { correlation: number; days: number } | undefined;

/**
 * What `correlationRisk` computed last per symbol and per pair: a risk review asks for the same holdings'
 * correlations for every held symbol at every close, and they change only when a holding's window moves.
 */
export class CorrelationMemo {
  readonly returns = new Map<string, Returns>();
  readonly pairs = new Map<string, { readonly x: Returns; readonly y: Returns; readonly r: Pearson }>();
}

/**
 * Correlation risk of the holdings: the weight-averaged pairwise Pearson correlation of their daily
 * log returns over the lookback, aligned on the dates both symbols traded. Near 1 the book behaves as one
 * position whatever the Herfindahl says; direction is not netted (a long and a short in correlated names
 * hedge, but the figure is about how much the holdings move together).
 */
export function correlationRisk(bars: DailyBarSource, weights: readonly HoldingWeight[], options: CorrelationOptions): CorrelationRisk {
  const minDays = options.minDays ?? 20;
  const memo = options.memo;
  const returns = new Map<string, Returns>();
  for (const w of weights) {
    const series = bars.query({ symbol: w.symbol, interval: '1d', to: options.asOf, limit: options.lookbackDays + 1 });
    const first = series[0]?.time ?? Number.NaN;
    const last = series[series.length - 1]?.time ?? Number.NaN;
    const kept = memo?.returns.get(w.symbol);
    if (kept !== undefined && kept.first === first && kept.last === last && kept.count === series.length) {
      returns.set(w.symbol, kept);
      continue;
    }
    const byDay = new Map<number, number>();
    for (let i = 1; i < series.length; i++) {
      const prev = series[i - 1];
      const cur = series[i];
      if (prev !== undefined && cur !== undefined) byDay.set(cur.time, Math.log(cur.close / prev.close));
    }
    const made: Returns = { first, last, count: series.length, byDay };
    memo?.returns.set(w.symbol, made);
    returns.set(w.symbol, made);
  }
  const pairs: { a: string; b: string; correlation: number; days: number }[] = [];
  let skipped = 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < weights.length; i++) {
    for (let j = i + 1; j < weights.length; j++) {
      const a = weights[i];
      const b = weights[j];
      if (a === undefined || b === undefined) continue;
      const r = pairCorrelation(memo, a.symbol, b.symbol, returns.get(a.symbol), returns.get(b.symbol));
      if (r === undefined || r.days < minDays) {
        skipped++;
        continue;
      }
      pairs.push({ a: a.symbol, b: b.symbol, ...r });
      num += a.weight * b.weight * r.correlation;
      den += a.weight * b.weight;
    }
  }
  return den > 0 ? { weightedAverage: num / den, pairs, skippedPairs: skipped } : { pairs, skippedPairs: skipped };
}

function pairCorrelation(memo: CorrelationMemo | undefined, a: string, b: string, x: Returns | undefined, y: Returns | undefined): Pearson {
  if (memo === undefined || x === undefined || y === undefined) return pearson(x?.byDay, y?.byDay);
  const key = `${a}\u0000${b}`;
  const kept = memo.pairs.get(key);
  if (kept !== undefined && kept.x === x && kept.y === y) return kept.r;
  const r = pearson(x.byDay, y.byDay);
  memo.pairs.set(key, { x, y, r });
  return r;
}

function pearson(
  x: ReadonlyMap<number, number> | undefined,
  y: ReadonlyMap<number, number> | undefined,
): { correlation: number; days: number } | undefined {
  if (x === undefined || y === undefined) return undefined;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [day, rx] of x) {
    const ry = y.get(day);
    if (ry !== undefined) {
      xs.push(rx);
      ys.push(ry);
    }
  }
  const n = xs.length;
  if (n < 2) return undefined;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
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
