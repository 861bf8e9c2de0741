import { inMemoryBars } from '../core/backtest/in-memory-bars.js';
import type { BacktestResult, Estimate } from '../core/backtest/backtest-types.js';
import { compareWithBaseline } from '../core/backtest/metrics/baseline-comparison.js';
import { epochMs } from '../core/market/units.js';
import { BreakoutPredictor } from '../core/ml/inference/breakout-predictor.js';
import { SHIPPED_BREAKOUT_MODELS } from '../core/ml/inference/shipped-models.js';
import { dailyBars } from '../test/backtest/daily-bars.js';
import { dailySymbols } from '../test/support/daily-csv.js';
import { hasSharedData, sharedDataDir } from '../test/support/shared-data.js';

/**
 * The shipped breakout model against the rule-based baseline on the same bars, through the live engine, and the
 * ticket's success table with bootstrap intervals. Not a speed bench (no `.bench.ts`): run it on its own,
 *   node --import tsx bench/ml-vs-baseline.ts [minConfidence=0.45]
 * Bars: every shared daily symbol from 2010 on — the shipped model's out-of-sample years (trained before 2010),
 * with 2009 as feature warm-up. Declared policy: the model's proposals auto-confirmed at confidence ≥ the
 * threshold (0.45 takes roughly its top quarter of events), the baseline's all; default sizer; a daily-loss
 * kill-switch trip is reset on the next trading day.
 */
if (!hasSharedData()) {
  console.log(`skipped: shared data not found at ${sharedDataDir()} (set DESK_SHARED_DATA)`);
  process.exit(0);
}
const minConfidence = Number(process.argv[2] ?? 0.45);
const symbols = dailySymbols();
const bars = dailyBars(symbols).filter((b) => b.time >= Date.UTC(2009, 0, 1));
const model = BreakoutPredictor.fromModelsRoot(SHIPPED_BREAKOUT_MODELS, { interval: '1d' });
const t0 = performance.now();
const r = await compareWithBaseline(
  {
    symbols, interval: '1d', bars: inMemoryBars(bars), from: epochMs(Date.UTC(2010, 0, 1)), killSwitchReset: 'next-day',
    policy: { kind: 'automation', minConfidence, maxPositionWeight: 0.2 },
  },
  model, { seed: 7 },
);
if (!r.ok) throw new Error(r.error);
const c = r.value;
const f = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(3));
const e = (x: Estimate): string => `${f(x.value)} [${f(x.low)}, ${f(x.high)}]`;
console.log(`${c.ml.bars.toLocaleString('en-US')} bars, ${symbols.length} symbols, model ${c.ml.modelId ?? '?'} at confidence ≥ ${minConfidence}; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log('| run | fills | trades | total return | annualised | volatility | Sharpe | Sortino | max DD | DD days | win rate | profit factor | exposure | turnover | breakout success | kill-switch trips | refusals |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [name, run] of [['ML', c.ml], ['baseline', c.baseline]] as [string, BacktestResult][]) {
  const m = run.metrics.portfolio;
  const trips = run.riskEvents.filter((x) => x.kind === 'kill-switch-on').length;
  console.log(`| ${name} | ${run.fills.length} | ${m.trades} | ${f(m.totalReturn)} | ${f(m.annualisedReturn)} | ${f(m.volatility)} | ${f(m.sharpe)} | ${f(m.sortino)} | ${f(m.maxDrawdown)} | ${(m.maxDrawdownDurationMs / 864e5).toFixed(0)} | ${f(m.winRate)} | ${f(m.profitFactor)} | ${f(m.exposure)} | ${f(m.turnover)} | ${f(m.breakoutSuccessRate)} | ${trips} | ${run.denials.length} |`);
}
console.log(`breakout success rate: ML ${e(c.breakoutSuccessRate.ml)}, baseline ${e(c.breakoutSuccessRate.baseline)}, difference ${e(c.breakoutSuccessRate.difference)}`);
console.log(`Sharpe: ML ${e(c.sharpe.ml)}, baseline ${e(c.sharpe.baseline)}, difference ${e(c.sharpe.difference)}`);
console.log('\n| success metric | ticket target | measured [95% CI] | met |\n|---|---|---|---|');
for (const row of c.successMetrics) console.log(`| ${row.metric} | ${row.target} | ${e(row.measured)} | ${row.met === null ? '-' : row.met ? 'yes' : 'no'} |`);
