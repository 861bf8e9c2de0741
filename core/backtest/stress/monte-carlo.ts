import { percentile } from '../../ml/evaluation/bootstrap.js';
import { seededUniform } from '../../util/seeded-random.js';

/**
 * How trade sequences are redrawn: `permutation` keeps the same trades in a random order (the drawdown the
 * order of luck could have given); `bootstrap` draws as many trades with replacement (also varies which trades).
 */
export type ResampleMethod = 'permutation' | 'bootstrap';

export interface MonteCarloOptions {
  readonly seed: number;
  /** Default 2000. */
  readonly runs?: number;
  readonly method?: ResampleMethod;
  /** Quantiles reported, in (0, 1); default 5, 25, 50, 75, 95 %. */
  readonly quantiles?: readonly number[];
}

/** Distribution of one figure over the resampled runs. */
export interface Distribution {
  readonly mean: number;
  /** quantile (0.05, …) → value, in the order asked. */
  readonly percentiles: readonly { readonly q: number; readonly value: number }[];
}

export interface MonteCarloResult {
  readonly method: ResampleMethod;
  readonly runs: number;
  readonly seed: number;
  readonly trades: number;
  /** Max drawdown as a fraction of the running peak of equity. */
  readonly maxDrawdown: Distribution;
  /** End equity over start, minus one. */
  readonly totalReturn: Distribution;
  /** Share of runs whose max drawdown reached each threshold. */
  readonly drawdownAtLeast: readonly { readonly threshold: number; readonly probability: number }[];
  /** The drawdown of the sequence as it happened, for comparison with the distribution. */
  readonly observedMaxDrawdown: number;
}

const DEFAULT_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
const THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.5] as const;

/**
 * Max drawdown (fraction of the peak) of equity `start` plus the trades' P&L in the order given by `order`.
 * An equity that reaches zero or below counts as a drawdown of 1 (ruin).
 */
export function sequenceDrawdown(start: number, pnl: ArrayLike<number>, order?: ArrayLike<number>): number {
  let equity = start;
  let peak = start;
  let worst = 0;
  for (let i = 0; i < pnl.length; i++) {
    equity += pnl[order === undefined ? i : (order[i] as number)] as number;
    if (equity > peak) peak = equity;
    const dd = equity <= 0 ? 1 : (peak - equity) / peak;
    if (dd > worst) worst = dd;
  }
  return worst;
}

const distribution = (values: Float64Array, quantiles: readonly number[]): Distribution => {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of values) sum += v;
  return { mean: values.length === 0 ? Number.NaN : sum / values.length, percentiles: quantiles.map((q) => ({ q, value: percentile(sorted, q) })) };
};

/**
 * Monte Carlo of a backtest's closed-trade P&L sequence (currency, in the order they closed) on a starting
 * equity: `runs` seeded redraws, each an equity path whose max drawdown and total return are collected.
 * Trades are treated as independent; clustered losses (one crash closing many positions) make the real tail worse.
 * @throws RangeError for a non-positive start, a non-finite P&L or fewer than one run.
 */
export function monteCarloDrawdowns(pnl: readonly number[], start: number, options: MonteCarloOptions): MonteCarloResult {
  if (!(start > 0 && Number.isFinite(start))) throw new RangeError(`starting equity ${start} must be a positive number`);
  const bad = pnl.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new RangeError(`trade ${bad} has a non-finite P&L (${pnl[bad]})`);
  const runs = options.runs ?? 2000;
  if (!(Number.isInteger(runs) && runs >= 1)) throw new RangeError(`runs ${runs} must be a whole number ≥ 1`);
  const method = options.method ?? 'permutation';
  const quantiles = options.quantiles ?? DEFAULT_QUANTILES;
  const n = pnl.length;
  const rnd = seededUniform(options.seed);
  const dds = new Float64Array(runs);
  const rets = new Float64Array(runs);
  const order = new Uint32Array(n);
  for (let r = 0; r < runs; r++) {
    if (method === 'bootstrap') {
      for (let i = 0; i < n; i++) order[i] = Math.floor(rnd() * n);
    } else {
      for (let i = 0; i < n; i++) order[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        const t = order[i] as number;
        order[i] = order[j] as number;
        order[j] = t;
      }
    }
    dds[r] = sequenceDrawdown(start, pnl, order);
    let total = 0;
    for (let i = 0; i < n; i++) total += pnl[order[i] as number] as number;
    rets[r] = total / start;
  }
  const drawdownAtLeast = THRESHOLDS.map((threshold) => {
    let hits = 0;
    for (const d of dds) if (d >= threshold) hits++;
    return { threshold, probability: hits / runs };
  });
  return {
    method, runs, seed: options.seed, trades: n,
    maxDrawdown: distribution(dds, quantiles),
    totalReturn: distribution(rets, quantiles),
    drawdownAtLeast,
    observedMaxDrawdown: sequenceDrawdown(start, pnl),
  };
}
