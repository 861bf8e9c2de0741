import type { Interval } from '../../market/interval.js';
import type { EquityPoint } from '../../trading/portfolio/equity-curve.js';
import type { BacktestBarSource, BacktestResult, BaselineComparison, Estimate, PerformanceMetrics, WalkForwardResult } from '../backtest-types.js';
import { drawdownCurve } from '../metrics/return-stats.js';
import type { Distribution, MonteCarloResult } from '../stress/monte-carlo.js';
import { riskBehaviour } from '../stress/risk-behaviour.js';
import type { StressReport } from '../stress/stress-suite.js';
import { downsampleExtremes } from './downsample.js';
import type { BacktestReport } from './report-schema.js';

/** Points kept per chart: enough for a full-width curve, small enough for a readable file. */
const EQUITY_POINTS = 2_000;
const PRICE_POINTS = 800;
const MAX_TRADES = 5_000;

export interface ReportInputs {
  /** The main run (the ML model, or the baseline when no model serves). */
  readonly result: BacktestResult;
  /** Where the run's bars came from, for the price charts. */
  readonly bars: BacktestBarSource;
  readonly seed: number;
  /** Caller's clock, epoch ms. */
  readonly generatedAt: number;
  readonly command?: string;
  /** The run's declared kill-switch reset policy, stated in the report so a reader knows how trips were handled. */
  readonly killSwitchReset?: 'never' | 'next-day';
  readonly comparison?: BaselineComparison;
  readonly walkForward?: WalkForwardResult;
  readonly stress?: StressReport;
  /** The serving model's training span, as its manifest states it (ISO days). */
  readonly modelTraining?: { readonly from: string; readonly to: string };
}

const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
const estimate = (e: Estimate) => ({ value: finite(e.value), low: finite(e.low), high: finite(e.high), level: e.level });
const metrics = (m: PerformanceMetrics): PerformanceMetrics => ({
  ...m,
  annualisedReturn: finite(m.annualisedReturn), volatility: finite(m.volatility), sharpe: finite(m.sharpe), sortino: finite(m.sortino),
  winRate: finite(m.winRate), profitFactor: finite(m.profitFactor), turnover: finite(m.turnover), breakoutSuccessRate: finite(m.breakoutSuccessRate),
});

const distribution = (d: Distribution) => ({ mean: finite(d.mean), percentiles: d.percentiles.map((p) => ({ q: p.q, value: finite(p.value) })) });
const monteCarlo = (mc: MonteCarloResult) => ({
  ...mc, maxDrawdown: distribution(mc.maxDrawdown), totalReturn: distribution(mc.totalReturn), drawdownAtLeast: [...mc.drawdownAtLeast],
});

/** Equity with the drawdown from its running peak, downsampled for the charts. */
export function equityWithDrawdown(curve: readonly EquityPoint[]): { time: number; equity: number; drawdown: number }[] {
  const drawdown = drawdownCurve(curve);
  const full = curve.map((p, i) => ({ time: p.time, equity: p.equity, drawdown: drawdown[i] ?? 0 }));
  // Buckets keep their deepest and shallowest drawdown, so the chart's worst point is the true worst.
  return downsampleExtremes(full, EQUITY_POINTS, (p) => p.drawdown);
}

const closes = (bars: BacktestBarSource, symbol: string, interval: Interval, from: number, to: number): [number, number][] => {
  const series = bars.query({ symbol, interval }).filter((b) => b.time <= to && b.time >= from - 86_400_000);
  return downsampleExtremes(series, PRICE_POINTS, (b) => b.close).map((b) => [b.time, b.close]);
};

const servedBy = (r: BacktestResult): string => {
  if (r.servedBy === undefined) return r.strategy;
  return r.servedBy.kind === 'model' ? `model ${r.servedBy.version}` : `baseline (${r.servedBy.reason})`;
};

/**
 * Assembles the report from a run and whatever was measured around it (ML against the baseline, walk-forward,
 * stress). Pure apart from reading closes for the price charts.
 */
export function buildBacktestReport(i: ReportInputs): BacktestReport {
  const r = i.result;
  const sortedTrades = [...r.trades].sort((a, b) => a.entryTime - b.entryTime);
  const kept = sortedTrades.slice(Math.max(0, sortedTrades.length - MAX_TRADES));
  const prices: Record<string, [number, number][]> = {};
  for (const symbol of r.symbols) prices[symbol] = closes(i.bars, symbol, r.interval, r.start, r.end);
  const bySymbol: Record<string, PerformanceMetrics> = {};
  for (const [symbol, m] of Object.entries(r.metrics.bySymbol)) bySymbol[symbol] = metrics(m);
  const c = i.comparison;
  const wf = i.walkForward;
  return {
    format: 'breakout-desk-backtest-report',
    version: 1,
    generatedAt: i.generatedAt,
    ...(i.command === undefined ? {} : { command: i.command }),
    run: {
      symbols: [...r.symbols], interval: r.interval, start: r.start, end: r.end, startingCash: r.startingCash, strategy: r.strategy,
      servedBy: servedBy(r), modelId: r.modelId ?? null, bars: r.bars, wallMs: r.wallMs,
      barsPerSecond: r.wallMs > 0 ? r.bars / (r.wallMs / 1000) : null, seed: i.seed, signals: r.signals,
      ...(i.modelTraining === undefined ? {} : { modelTraining: { ...i.modelTraining } }),
      ...(i.killSwitchReset === undefined ? {} : { killSwitchReset: i.killSwitchReset }),
    },
    metrics: { portfolio: metrics(r.metrics.portfolio), bySymbol },
    equity: equityWithDrawdown(r.equityCurve),
    prices,
    trades: kept.map((t) => ({
      symbol: t.symbol, direction: t.direction, quantity: t.quantity, entryTime: t.entryTime, entryPrice: t.entryPrice,
      ...(t.exitTime === undefined ? {} : { exitTime: t.exitTime }), ...(t.exitPrice === undefined ? {} : { exitPrice: t.exitPrice }),
      pnl: t.pnl, returnPct: t.returnPct, exit: t.exit, breakout: t.breakout,
    })),
    tradesOmitted: sortedTrades.length - kept.length,
    risk: riskBehaviour(r),
    ...(c === undefined ? {} : {
      comparison: {
        ml: metrics(c.ml.metrics.portfolio), baseline: metrics(c.baseline.metrics.portfolio), mlModel: servedBy(c.ml),
        breakoutSuccessRate: { ml: estimate(c.breakoutSuccessRate.ml), baseline: estimate(c.breakoutSuccessRate.baseline), difference: estimate(c.breakoutSuccessRate.difference) },
        volatility: { ml: finite(c.volatility.ml), baseline: finite(c.volatility.baseline), reduction: estimate(c.volatility.reduction) },
        sharpe: { ml: estimate(c.sharpe.ml), baseline: estimate(c.sharpe.baseline), difference: estimate(c.sharpe.difference) },
        successMetrics: c.successMetrics.map((row) => ({ metric: row.metric, target: row.target, measured: estimate(row.measured), unit: row.unit, met: row.met })),
      },
    }),
    ...(wf === undefined ? {} : {
      walkForward: {
        folds: wf.folds.map((f) => ({ index: f.index, trainStart: f.trainStart, trainEnd: f.trainEnd, testStart: f.testStart, testEnd: f.testEnd, trainSamples: f.trainSamples, trainMs: f.trainMs, metrics: metrics(f.result.metrics.portfolio) })),
        metrics: metrics(wf.metrics), wallMs: wf.wallMs, equity: equityWithDrawdown(wf.equityCurve),
      },
    }),
    ...(i.stress === undefined ? {} : {
      stress: {
        scenarios: i.stress.scenarios.map((s) => ({ ...s, symbols: [...s.symbols], absent: [...s.absent], ...(s.metrics === undefined ? {} : { metrics: metrics(s.metrics) }) })),
        monteCarlo: monteCarlo(i.stress.monteCarlo),
        monteCarloBootstrap: monteCarlo(i.stress.monteCarloBootstrap),
      },
    }),
  };
}
