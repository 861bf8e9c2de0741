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
}

/**
 * Correlation risk of the holdings: the weight-averaged pairwise Pearson correlation of their daily
 * log returns over the lookback, aligned on the dates both symbols traded. Near 1 the book behaves as one
 * position whatever the Herfindahl says; direction is not netted (a long and a short in correlated names
 * hedge, but the figure is about how much the holdings move together).
 */
export function correlationRisk(bars: DailyBarSource, weights: readonly HoldingWeight[], options: CorrelationOptions): CorrelationRisk {
  const minDays = options.minDays ?? 20;
  const returns = new Map<string, Map<number, number>>();
  for (const w of weights) {
    const series = bars.query({ symbol: w.symbol, interval: '1d', to: options.asOf, limit: options.lookbackDays + 1 });
    const byDay = new Map<number, number>();
    for (let i = 1; i < series.length; i++) {
      const prev = series[i - 1];
      const cur = series[i];
      if (prev !== undefined && cur !== undefined) byDay.set(cur.time, Math.log(cur.close / prev.close));
    }
    returns.set(w.symbol, byDay);
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
      const r = pearson(returns.get(a.symbol), returns.get(b.symbol));
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
