import { percentile } from '../../ml/evaluation/bootstrap.js';
import { seededUniform } from '../../util/seeded-random.js';
import type { BacktestResult, BaselineComparison, Estimate, SuccessMetricRow } from '../backtest-types.js';
import { periodReturns, periodsPerYear, sharpe, stdev } from '../metrics/return-stats.js';

const LEVEL = 0.95;
const RESAMPLES = 2_000;

/** The run's per-period returns, the first one from the starting cash. */
function returnsOf(r: BacktestResult): { readonly returns: Float64Array; readonly perYear: number | null } {
  const curve = [{ time: r.start - 1, equity: r.startingCash }, ...r.equityCurve];
  return { returns: periodReturns(curve), perYear: periodsPerYear(curve) };
}

const interval = (value: number, draws: number[]): Estimate => {
  const defined = draws.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  // Fewer than half the draws defined: the interval would describe a different population.
  if (defined.length < draws.length / 2) return { value, low: Number.NaN, high: Number.NaN, level: LEVEL };
  return { value, low: percentile(defined, (1 - LEVEL) / 2), high: percentile(defined, (1 + LEVEL) / 2), level: LEVEL };
};

const pick = (x: Float64Array, idx: Uint32Array): Float64Array => {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = x[idx[i] as number] as number;
  return out;
};

const successes = (r: BacktestResult): Uint8Array =>
  Uint8Array.from(r.trades.filter((t) => t.breakout && t.exit !== 'open').map((t) => (t.exit === 'take_profit' ? 1 : 0)));

const rate = (x: Uint8Array, idx?: Uint32Array): number => {
  const n = idx === undefined ? x.length : idx.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[idx === undefined ? i : (idx[i] as number)] as number;
  return s / n;
};

/** Decided only when the whole interval is on one side of the target; otherwise the data cannot say. */
const verdict = (e: Estimate, target: number): boolean | null => {
  if (!Number.isFinite(e.low) || !Number.isFinite(e.high)) return null;
  if (e.low >= target) return true;
  if (e.high < target) return false;
  return null;
};

/**
 * ML against the rule-based baseline on the same bars, with 95% percentile-bootstrap intervals: per-period
 * returns are resampled in pairs (both runs saw the same closes, so a draw keeps the same days for both);
 * breakout trades, which differ between the runs, are resampled independently per run. iid draws ignore
 * autocorrelation and overlapping trades, so the intervals are somewhat too narrow.
 */
export function compareWithBaseline(ml: BacktestResult, baseline: BacktestResult, seed: number): BaselineComparison {
  const rnd = seededUniform(seed);
  const a = returnsOf(ml);
  const b = returnsOf(baseline);
  // Same bars, same closes: the curves have the same periods; a mismatch falls back to the shorter.
  const n = Math.min(a.returns.length, b.returns.length);
  const ra = a.returns.subarray(a.returns.length - n);
  const rb = b.returns.subarray(b.returns.length - n);
  const annual = Math.sqrt(a.perYear ?? 252);
  const vol = (x: Float64Array): number => stdev(x) * annual;
  const sharpeOf = (x: Float64Array): number => sharpe(x, a.perYear) ?? Number.NaN;
  const sa = successes(ml);
  const sb = successes(baseline);
  const draws = { sharpeMl: [] as number[], sharpeBase: [] as number[], sharpeDiff: [] as number[], volRed: [] as number[], rateMl: [] as number[], rateBase: [] as number[], rateDiff: [] as number[], rateLift: [] as number[] };
  const idx = new Uint32Array(n);
  const ia = new Uint32Array(sa.length);
  const ib = new Uint32Array(sb.length);
  for (let k = 0; k < RESAMPLES; k++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rnd() * n);
    const xa = pick(ra, idx);
    const xb = pick(rb, idx);
    const shA = sharpeOf(xa);
    const shB = sharpeOf(xb);
    draws.sharpeMl.push(shA);
    draws.sharpeBase.push(shB);
    draws.sharpeDiff.push(shA - shB);
    draws.volRed.push(1 - vol(xa) / vol(xb));
    for (let i = 0; i < ia.length; i++) ia[i] = Math.floor(rnd() * ia.length);
    for (let i = 0; i < ib.length; i++) ib[i] = Math.floor(rnd() * ib.length);
    const pa = rate(sa, ia);
    const pb = rate(sb, ib);
    draws.rateMl.push(pa);
    draws.rateBase.push(pb);
    draws.rateDiff.push(pa - pb);
    draws.rateLift.push(pa / pb - 1);
  }
  const rateMl = rate(sa);
  const rateBase = rate(sb);
  const volMl = ml.metrics.portfolio.volatility;
  const volBase = baseline.metrics.portfolio.volatility;
  const shMl = sharpeOf(ra);
  const shBase = sharpeOf(rb);
  const breakoutSuccessRate = { ml: interval(rateMl, draws.rateMl), baseline: interval(rateBase, draws.rateBase), difference: interval(rateMl - rateBase, draws.rateDiff) };
  const reduction = interval(1 - vol(ra) / vol(rb), draws.volRed);
  const sharpeEst = { ml: interval(shMl, draws.sharpeMl), baseline: interval(shBase, draws.sharpeBase), difference: interval(shMl - shBase, draws.sharpeDiff) };
  const lift = interval(rateMl / rateBase - 1, draws.rateLift);
  const pnl = (r: BacktestResult): number => r.metrics.portfolio.netPnl;
  const dd = (r: BacktestResult): number => r.metrics.portfolio.maxDrawdown;
  const point = (value: number): Estimate => ({ value, low: Number.NaN, high: Number.NaN, level: LEVEL });
  const successMetrics: SuccessMetricRow[] = [
    { metric: 'Breakout model: prediction accuracy (share of taken breakouts reaching the target first)', target: '80%+', measured: breakoutSuccessRate.ml, unit: '%', met: verdict(breakoutSuccessRate.ml, 0.8) },
    { metric: 'Breakout model: success rate improvement over the baseline (relative)', target: '25%+', measured: lift, unit: '%', met: verdict(lift, 0.25) },
    { metric: 'Risk: volatility reduction against the baseline run', target: '20%+', measured: reduction, unit: '%', met: verdict(reduction, 0.2) },
    { metric: 'Risk-adjusted return: Sharpe difference (ML − baseline)', target: 'above 0', measured: sharpeEst.difference, unit: 'ratio', met: verdict(sharpeEst.difference, Number.MIN_VALUE) },
    // One figure per run, no resampling unit: a point value, judged as such.
    { metric: 'Business impact: net P&L increase against the baseline (relative)', target: '30%+', measured: point(pnl(baseline) === 0 ? Number.NaN : (pnl(ml) - pnl(baseline)) / Math.abs(pnl(baseline))), unit: '%', met: pnl(baseline) === 0 ? null : (pnl(ml) - pnl(baseline)) / Math.abs(pnl(baseline)) >= 0.3 },
    { metric: 'Business impact: max drawdown reduction against the baseline', target: '50%+', measured: point(dd(baseline) === 0 ? Number.NaN : 1 - dd(ml) / dd(baseline)), unit: '%', met: dd(baseline) === 0 ? null : 1 - dd(ml) / dd(baseline) >= 0.5 },
  ];
  return { ml, baseline, breakoutSuccessRate, volatility: { ml: volMl, baseline: volBase, reduction }, sharpe: sharpeEst, successMetrics };
}
