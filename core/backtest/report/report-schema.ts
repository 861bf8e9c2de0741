import { z } from 'zod';

/**
 * The JSON a backtest report is written as (report.json, and the data the HTML page draws). Figures that are
 * undefined (no trades, zero variance) are null, never NaN, so any JSON reader can load it. Times are epoch ms.
 */
const num = z.number();
const maybe = z.number().nullable();

export const metricsSchema = z.object({
  totalReturn: num, annualisedReturn: maybe, volatility: maybe, sharpe: maybe, sortino: maybe, maxDrawdown: num,
  maxDrawdownDurationMs: num, maxDrawdownDurationPeriods: num, trades: num, winRate: maybe, profitFactor: maybe,
  exposure: num, turnover: maybe, breakoutSuccessRate: maybe, netPnl: num, commissions: num,
});

const estimateSchema = z.object({ value: maybe, low: maybe, high: maybe, level: num });

const tradeSchema = z.object({
  symbol: z.string(), direction: z.enum(['long', 'short']), quantity: num, entryTime: num, entryPrice: num,
  exitTime: num.optional(), exitPrice: num.optional(), pnl: num, returnPct: num,
  exit: z.enum(['take_profit', 'stop_loss', 'signal', 'open']), breakout: z.boolean(),
});

const riskSchema = z.object({
  killSwitchTrips: num, lossLimitTrips: num, killSwitchOnAtEnd: z.boolean(),
  firstTrip: z.object({ time: num, scope: z.string(), reason: z.string() }).optional(),
  refusalsByRule: z.record(z.string(), num), refusals: num, sized: num, sizedToZero: num,
  proposals: z.object({ pending: num, confirmed: num, rejected: num, expired: num }), signals: num,
});

const distributionSchema = z.object({ mean: maybe, percentiles: z.array(z.object({ q: num, value: maybe })) });

const monteCarloSchema = z.object({
  method: z.enum(['permutation', 'bootstrap']), runs: num, seed: num, trades: num,
  maxDrawdown: distributionSchema, totalReturn: distributionSchema,
  drawdownAtLeast: z.array(z.object({ threshold: num, probability: num })), observedMaxDrawdown: num,
});

const stressSchema = z.object({
  scenarios: z.array(z.object({
    id: z.string(), label: z.string(), kind: z.enum(['historical', 'synthetic']), from: num, to: num,
    symbols: z.array(z.string()), absent: z.array(z.object({ symbol: z.string(), reason: z.string() })),
    skipped: z.string().optional(), metrics: metricsSchema.optional(), risk: riskSchema.optional(),
    versusPlain: z.object({ totalReturn: num, maxDrawdown: num }).optional(),
  })),
  monteCarlo: monteCarloSchema,
  monteCarloBootstrap: monteCarloSchema,
});

export const backtestReportSchema = z.object({
  format: z.literal('breakout-desk-backtest-report'),
  version: z.literal(1),
  /** When the report was made (the caller's clock). */
  generatedAt: num,
  /** The command line that made it, when made by the CLI. */
  command: z.string().optional(),
  run: z.object({
    symbols: z.array(z.string()), interval: z.string(), start: num, end: num, startingCash: num, strategy: z.string(),
    servedBy: z.string(), modelId: z.string().nullable(), bars: num, wallMs: num, barsPerSecond: maybe, seed: num,
    signals: num,
    /** The declared kill-switch reset policy of the run (absent in reports made before it was recorded). */
    killSwitchReset: z.enum(['never', 'next-day']).optional(),
    /** The serving model's training span (from its manifest): bars inside it are in-sample for the model. */
    modelTraining: z.object({ from: z.string(), to: z.string() }).optional(),
  }),
  metrics: z.object({ portfolio: metricsSchema, bySymbol: z.record(z.string(), metricsSchema) }),
  /** Downsampled equity curve with the drawdown from the running peak at each point. */
  equity: z.array(z.object({ time: num, equity: num, drawdown: num })),
  /** Downsampled closes per symbol, for the trades-on-price charts. */
  prices: z.record(z.string(), z.array(z.tuple([num, num]))),
  trades: z.array(tradeSchema),
  /** Trades left out of `trades` to keep the file readable (the latest are kept). */
  tradesOmitted: num,
  risk: riskSchema,
  comparison: z.object({
    ml: metricsSchema, baseline: metricsSchema, mlModel: z.string(),
    breakoutSuccessRate: z.object({ ml: estimateSchema, baseline: estimateSchema, difference: estimateSchema }),
    volatility: z.object({ ml: maybe, baseline: maybe, reduction: estimateSchema }),
    sharpe: z.object({ ml: estimateSchema, baseline: estimateSchema, difference: estimateSchema }),
    successMetrics: z.array(z.object({ metric: z.string(), target: z.string(), measured: estimateSchema, unit: z.enum(['%', 'ratio']), met: z.boolean().nullable() })),
  }).optional(),
  walkForward: z.object({
    folds: z.array(z.object({ index: num, trainStart: num, trainEnd: num, testStart: num, testEnd: num, trainSamples: num, trainMs: num, metrics: metricsSchema })),
    metrics: metricsSchema, wallMs: num,
    equity: z.array(z.object({ time: num, equity: num, drawdown: num })),
  }).optional(),
  stress: stressSchema.optional(),
});

/** A backtest report as written to report.json. */
export type BacktestReport = z.infer<typeof backtestReportSchema>;
