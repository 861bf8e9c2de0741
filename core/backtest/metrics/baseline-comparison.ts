import type { BreakoutServing } from '../../ml/inference/breakout-serving.js';
import { BreakoutPredictor } from '../../ml/inference/breakout-predictor.js';
import { bootstrap, percentile } from '../../ml/evaluation/bootstrap.js';
import { seededUniform } from '../../util/seeded-random.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BacktestConfig, BacktestResult, BacktestTrade, BaselineComparison, Estimate, SuccessMetricRow } from '../backtest-types.js';
import { runBacktest } from '../backtest-runner.js';
import { mean, periodsPerYear, stdev } from './return-stats.js';

export interface ComparisonOptions {
  readonly seed?: number;
  /** Bootstrap resamples, default 1,000. */
  readonly resamples?: number;
  /** Two-sided coverage, default 0.95. */
  readonly level?: number;
}

type Point = { readonly time: number; readonly equity: number };

/** Per-period returns of two curves over the closes they share, so each resample takes the same periods of both. */
export function pairedReturns(a: readonly Point[], b: readonly Point[]): { a: Float64Array; b: Float64Array } {
  const other = new Map(b.map((p) => [p.time, p.equity]));
  const times = a.filter((p) => other.has(p.time));
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const p = times[i - 1] as Point;
    const q = times[i] as Point;
    const pb = other.get(p.time) ?? 0;
    const qb = other.get(q.time) ?? 0;
    ra.push(p.equity > 0 ? q.equity / p.equity - 1 : 0);
    rb.push(pb > 0 ? qb / pb - 1 : 0);
  }
  return { a: Float64Array.from(ra), b: Float64Array.from(rb) };
}

const pick = (x: Float64Array, idx: Uint32Array): Float64Array => {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = x[idx[i] as number] as number;
  return out;
};
const sharpeOf = (r: Float64Array, perYear: number): number => (mean(r) / stdev(r)) * Math.sqrt(perYear);
const volOf = (r: Float64Array, perYear: number): number => stdev(r) * Math.sqrt(perYear);
const withLevel = (e: { value: number; low: number; high: number }, level: number): Estimate => ({ ...e, level });

/** Breakout trades that closed: 1 when the target came before the stop. */
const outcomes = (trades: readonly BacktestTrade[]): Uint8Array =>
  Uint8Array.from(trades.filter((t) => t.breakout && t.exit !== 'open').map((t) => (t.exit === 'take_profit' ? 1 : 0)));

/**
 * Percentile bootstrap of f(a-sample, b-sample) for two independent samples (the two runs' trades are different
 * trades): each resample redraws both with replacement.
 */
export function bootstrapTwoSample(
  a: Uint8Array, b: Uint8Array, f: (a: number, b: number) => number, seed: number, resamples: number, level: number,
): Estimate {
  const rate = (x: Uint8Array): number => (x.length === 0 ? Number.NaN : x.reduce((s, v) => s + v, 0) / x.length);
  const value = f(rate(a), rate(b));
  if (a.length === 0 || b.length === 0) return { value, low: Number.NaN, high: Number.NaN, level };
  const rnd = seededUniform(seed);
  const draws: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < a.length; i++) sa += a[Math.floor(rnd() * a.length)] as number;
    for (let i = 0; i < b.length; i++) sb += b[Math.floor(rnd() * b.length)] as number;
    const v = f(sa / a.length, sb / b.length);
    if (Number.isFinite(v)) draws.push(v);
  }
  if (draws.length < resamples / 2) return { value, low: Number.NaN, high: Number.NaN, level };
  draws.sort((x, y) => x - y);
  return { value, low: percentile(draws, (1 - level) / 2), high: percentile(draws, (1 + level) / 2), level };
}

/**
 * The figures of ML against the baseline from two finished runs over the same bars: breakout success rates
 * (trade bootstrap), and Sharpe and volatility from the per-period returns, resampled in pairs (the same periods
 * of both curves; iid, so autocorrelation makes the intervals somewhat narrow). Then the ticket's success table.
 */
export function compareRuns(ml: BacktestResult, baseline: BacktestResult, options: ComparisonOptions = {}): BaselineComparison {
  const seed = options.seed ?? 7;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const mo = outcomes(ml.trades);
  const bo = outcomes(baseline.trades);
  const success = {
    ml: bootstrapTwoSample(mo, mo, (a) => a, seed, resamples, level),
    baseline: bootstrapTwoSample(bo, bo, (a) => a, seed + 1, resamples, level),
    difference: bootstrapTwoSample(mo, bo, (a, b) => a - b, seed + 2, resamples, level),
  };
  const improvement = bootstrapTwoSample(mo, bo, (a, b) => a / b - 1, seed + 3, resamples, level);
  const { a, b } = pairedReturns(ml.equityCurve, baseline.equityCurve);
  const perYear = periodsPerYear(ml.equityCurve) ?? 252;
  const opts = { seed: seed + 4, resamples, level };
  const sharpe = {
    ml: withLevel(bootstrap(a.length, (i) => sharpeOf(pick(a, i), perYear), opts), level),
    baseline: withLevel(bootstrap(b.length, (i) => sharpeOf(pick(b, i), perYear), opts), level),
    difference: withLevel(bootstrap(a.length, (i) => sharpeOf(pick(a, i), perYear) - sharpeOf(pick(b, i), perYear), opts), level),
  };
  const reduction = withLevel(bootstrap(a.length, (i) => 1 - volOf(pick(a, i), perYear) / volOf(pick(b, i), perYear), opts), level);
  const ddReduction = baseline.metrics.portfolio.maxDrawdown > 0 ? 1 - ml.metrics.portfolio.maxDrawdown / baseline.metrics.portfolio.maxDrawdown : Number.NaN;
  // Met only when the whole interval clears the target (the point estimate alone when there is no interval).
  const row = (metric: string, target: string, measured: Estimate, unit: SuccessMetricRow['unit'], goal: number): SuccessMetricRow => ({
    metric, target, measured, unit,
    met: !Number.isFinite(measured.value) ? null : Number.isFinite(measured.low) ? measured.low >= goal : measured.value >= goal,
  });
  const successMetrics = [
    row('breakout success rate improvement (ML taken trades vs baseline)', '25%+ success rate improvement', improvement, '%', 0.25),
    row('volatility reduction (portfolio returns, ML vs baseline)', '20%+ volatility reduction', reduction, '%', 0.2),
    row('risk-adjusted return: Sharpe difference (ML − baseline)', 'above the baseline (the ticket names no figure)', sharpe.difference, 'ratio', Number.MIN_VALUE),
    row('risk reduction: max drawdown (ML vs baseline)', '50%+ risk reduction', { value: ddReduction, low: Number.NaN, high: Number.NaN, level }, '%', 0.5),
  ];
  return {
    ml, baseline,
    breakoutSuccessRate: success,
    volatility: { ml: ml.metrics.portfolio.volatility, baseline: baseline.metrics.portfolio.volatility, reduction },
    sharpe,
    successMetrics,
  };
}

/**
 * Runs the same bars twice through the engine — once served by `model`, once by the rule-based baseline — and
 * compares them. The baseline claims no confidence, so it is automated at threshold 0 (it takes every event);
 * the model at the configured policy.
 */
export async function compareWithBaseline(
  config: Omit<BacktestConfig, 'strategy' | 'dbFile'>, model: BreakoutServing, options: ComparisonOptions = {},
): Promise<Result<BaselineComparison, string>> {
  const ml = await runBacktest({ ...config, strategy: { kind: 'breakout', predictor: model } });
  if (!ml.ok) return err(`ML run: ${ml.error}`);
  const maxPositionWeight = config.policy?.kind === 'automation' ? config.policy.maxPositionWeight : 0.2;
  const baseline = await runBacktest({
    ...config, strategy: { kind: 'breakout', predictor: BreakoutPredictor.baselineOnly('the rule-based baseline of the comparison', { interval: config.interval }) },
    policy: { kind: 'automation', minConfidence: 0, maxPositionWeight },
  });
  if (!baseline.ok) return err(`baseline run: ${baseline.error}`);
  return ok(compareRuns(ml.value, baseline.value, options));
}
