import type { HistoryQuery } from '../feeds/feed.js';
import type { Bar } from '../market/bar.js';
import type { Interval } from '../market/interval.js';
import type { EpochMs } from '../market/units.js';
import type { PredictorOptions, ServingSource } from '../ml/inference/breakout-predictor.js';
import type { BreakoutServing } from '../ml/inference/breakout-serving.js';
import type { EnsembleTrainer } from '../ml/training/fold-predictions.js';
import type { Fill } from '../trading/order.js';
import type { PaperBrokerConfigInput } from '../trading/paper/paper-broker-config.js';
import type { EquityPoint } from '../trading/portfolio/equity-curve.js';
import type { PositionView } from '../trading/portfolio-view.js';
import type { OrderDenied } from '../trading/pre-trade.js';
import type { Proposal, ProposalStatus } from '../trading/proposals/proposal.js';
import type { RiskLimits } from '../trading/risk/risk-limits.js';
import type { AutomationPolicy } from '../trading/proposals/automation.js';
import type { PaperSessionOptions, TraderDecision } from '../trading/session/paper-session.js';
import type { Result } from '../util/result.js';

/**
 * Public types of the backtest engine (issue 8). Reports, stress tests, the CLI and the UI build on these:
 * changes here are additive only.
 */

/** Where a backtest reads its bars: a BarStore, or `inMemoryBars(...)` over arrays (stress scenarios). */
export interface BacktestBarSource {
  /** Bars of one symbol in time order, bounds inclusive on the bar open time (`limit` keeps the latest). */
  query(query: HistoryQuery): readonly Bar[];
}

/**
 * What trades. `breakout` is the desk's own pipeline (features → predictor → sized proposal → order path);
 * `sma-crossover` is the benchmark strategy: long `quantity` shares while SMA(fast) > SMA(slow), flat otherwise.
 */
export type BacktestStrategy =
  | {
      readonly kind: 'breakout';
      /** Answers breakout events (a BreakoutPredictor, or model operations' router); omitted: the rule-based baseline alone. */
      readonly predictor?: BreakoutServing;
      /** Sizes proposals and re-evaluates positions (the risk model); omitted: the session's default sizer. */
      readonly risk?: PaperSessionOptions['risk'];
    }
  | { readonly kind: 'sma-crossover'; readonly fast: number; readonly slow: number; readonly quantity: number };

/**
 * Who decides on proposals (breakout strategy only): the declared automation rule for the serving model, or a
 * scripted trader asked once per new pending proposal.
 */
export type BacktestPolicy =
  /** One rule for the serving model's signals and the risk sizer's adjustments, as `desk paper --auto` sets. */
  | { readonly kind: 'automation'; readonly minConfidence: number; readonly maxPositionWeight: number }
  /** A whole automation policy, as the desk stores it (`automation.set`). */
  | { readonly kind: 'policy'; readonly automation: AutomationPolicy }
  | { readonly kind: 'decide'; readonly decide: (proposal: Proposal) => TraderDecision };

/** Progress of a run, for the CLI's progress bar and the UI. */
export interface BacktestProgress {
  readonly barsDone: number;
  readonly barsTotal: number;
  /** Close instant of the latest bar processed. */
  readonly time: EpochMs;
}

export interface BacktestConfig {
  readonly symbols: readonly string[];
  readonly interval: Interval;
  readonly bars: BacktestBarSource;
  /** First bar traded (open time, inclusive); bars before it only warm the features. Default: the first bar. */
  readonly from?: EpochMs;
  /** Last bar traded (open time, inclusive). Default: the last bar. */
  readonly to?: EpochMs;
  /** History bars per symbol read before `from` to warm the features; default 120. */
  readonly warmUpBars?: number;
  /** Default 100,000. */
  readonly startingCash?: number;
  readonly strategy: BacktestStrategy;
  /** Default: automation, minConfidence 0.3, maxPositionWeight 0.2. */
  readonly policy?: BacktestPolicy;
  readonly broker?: PaperBrokerConfigInput;
  /** A patch over the default pre-trade limits (daily loss limit, notional caps, …), applied before the run. */
  readonly riskLimits?: Partial<RiskLimits>;
  /**
   * What the automated trader does after the daily loss limit trips the kill switch: 'never' (default) leaves it
   * on for the rest of the run, as the desk does until a person resets it; 'next-day' resets it before the first
   * bar of the next trading day (recorded as a kill-switch-off event by actor 'backtest-policy').
   */
  readonly killSwitchReset?: 'never' | 'next-day';
  /**
   * The run's own SQLite file (journal, proposals, ledger, risk events). Omitted: a fresh temp file, deleted
   * after the run unless `keepDb`. A given file must not exist yet, so a run never mixes with another's ledger.
   */
  readonly dbFile?: string;
  readonly keepDb?: boolean;
  /**
   * Called every `progressEvery` bars (default 1,000) and once at the end. A returned promise is awaited before
   * the next bar, so a host that must stay responsive (the desk) resolves it on its next event-loop turn.
   */
  readonly onProgress?: (progress: BacktestProgress) => void | Promise<void>;
  readonly progressEvery?: number;
  /**
   * Stops the run between chunks of `progressEvery` bars: the runner yields to the event loop at each chunk so
   * an abort can land, then returns `err` with a reason starting `cancelled` ({@link isCancelledRun}), without
   * reading results back (a temp run database is deleted).
   */
  readonly signal?: AbortSignal;
}

/** The figures every metrics table shows; `null` where a figure is undefined (no trades, zero variance…). */
export interface PerformanceMetrics {
  /** Final equity over starting equity, minus 1. */
  readonly totalReturn: number;
  /** Compounded per year over the run's calendar span (365.25 days). */
  readonly annualisedReturn: number | null;
  /** Standard deviation of per-period returns, annualised by √(periods per year). */
  readonly volatility: number | null;
  /** Mean per-period return over its standard deviation, annualised; risk-free rate 0. */
  readonly sharpe: number | null;
  /** Mean per-period return over the downside deviation (returns below 0), annualised. */
  readonly sortino: number | null;
  /** Largest fall from a running peak, as a fraction of the peak (0..1). */
  readonly maxDrawdown: number;
  /** Longest time from a peak to the point equity regained it (or the end), in ms and in periods. */
  readonly maxDrawdownDurationMs: number;
  readonly maxDrawdownDurationPeriods: number;
  /** Closed round trips. */
  readonly trades: number;
  /** Share of closed trades with positive net P&L. */
  readonly winRate: number | null;
  /** Gross profit of winners over gross loss of losers (Infinity with no loser is reported as null). */
  readonly profitFactor: number | null;
  /** Share of periods with a non-zero position. */
  readonly exposure: number;
  /** Traded notional (both sides) over average equity, per year. */
  readonly turnover: number | null;
  /** Of trades opened on a breakout signal, the share whose target was reached before the stop (null: none). */
  readonly breakoutSuccessRate: number | null;
  readonly netPnl: number;
  readonly commissions: number;
}

/** A closed (or still open at the end) round trip: entry fills to the exits that closed them. */
export interface BacktestTrade {
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  readonly quantity: number;
  readonly entryTime: EpochMs;
  readonly entryPrice: number;
  /** Undefined while open at the end of the run (then marked at the last close in `pnl`). */
  readonly exitTime?: EpochMs;
  readonly exitPrice?: number;
  /** Net of commissions. */
  readonly pnl: number;
  readonly returnPct: number;
  /** How it ended: the bracket's target or stop, a strategy exit, or still open. */
  readonly exit: 'take_profit' | 'stop_loss' | 'signal' | 'open';
  /** Opened on a breakout signal proposal (as opposed to a crossover or rebalance). */
  readonly breakout: boolean;
  readonly entryClientOrderId: string;
}

/** One row of the run's risk log: kill switches (incl. loss-limit trips), refusals, settings changes. */
export interface BacktestRiskEvent {
  readonly time: EpochMs;
  readonly kind: 'order-denied' | 'kill-switch-on' | 'kill-switch-off' | 'settings-changed';
  readonly ruleId: string | null;
  readonly scope: string;
  readonly actor: string | null;
  readonly reason: string;
  /** True for the switch the daily loss limit trips ('system:daily-loss-limit'). */
  readonly lossLimit: boolean;
}

/** What the sizer decided for one signal proposal (the risk model, or its rule-based twin). */
export interface RiskModelEvent {
  readonly time: EpochMs;
  readonly symbol: string;
  readonly proposalId: string;
  readonly quantity: number;
  readonly status: ProposalStatus;
  /** The sizing numbers as stored on the proposal. */
  readonly sizing: Readonly<Record<string, unknown>>;
}

export interface BacktestResult {
  readonly symbols: readonly string[];
  readonly interval: Interval;
  /** Close instants of the first and last traded bar. */
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly strategy: BacktestStrategy['kind'];
  /** Breakout: what served the predictions (model version or baseline); undefined for the crossover. */
  readonly servedBy?: ServingSource;
  readonly modelId?: string;
  readonly startingCash: number;
  /** Bars fed to the engine (warm-up excluded). */
  readonly bars: number;
  readonly wallMs: number;
  /** Kept only when `keepDb` or `dbFile` was given. */
  readonly dbFile?: string;
  /** One point per distinct bar close of the portfolio. */
  readonly equityCurve: readonly EquityPoint[];
  readonly fills: readonly Fill[];
  readonly trades: readonly BacktestTrade[];
  readonly positions: readonly PositionView[];
  readonly metrics: { readonly portfolio: PerformanceMetrics; readonly bySymbol: Readonly<Record<string, PerformanceMetrics>> };
  readonly signals: number;
  readonly proposals: Readonly<Record<ProposalStatus, number>>;
  readonly denials: readonly OrderDenied[];
  readonly riskEvents: readonly BacktestRiskEvent[];
  readonly riskModel: readonly RiskModelEvent[];
}

/** Runs one backtest through the live engine (see backtest-runner.ts). */
export type RunBacktest = (config: BacktestConfig) => Promise<Result<BacktestResult, string>>;

/** Rolling train/test windows: each fold retrains the breakout models, then backtests its test window. */
export interface WalkForwardConfig extends Omit<BacktestConfig, 'strategy' | 'from' | 'to' | 'dbFile' | 'keepDb'> {
  /** Train window and test window lengths in bars (of the union calendar); the window rolls by `testBars`. */
  readonly trainBars: number;
  readonly testBars: number;
  /** At most this many folds (the latest ones); default all that fit. */
  readonly maxFolds?: number;
  /** Training settings passed to the shared training code (seed, epochs …); default the shipped settings. */
  readonly training?: Readonly<Record<string, unknown>>;
  /** Trains each fold's ensemble; default the production `trainEnsemble` (tests pass a fast stand-in). */
  readonly trainer?: EnsembleTrainer;
  /** Loads a fold's trained artifact; default the production loader (pair it with `trainer`). */
  readonly loader?: PredictorOptions['loader'];
  /** Seed of every fold's training (default 42, the shipped model's). */
  readonly seed?: number;
  /** Called as folds train and test. */
  readonly onFold?: (fold: number, total: number, stage: 'train' | 'test') => void;
}

export interface WalkForwardFold {
  readonly index: number;
  readonly trainStart: EpochMs;
  readonly trainEnd: EpochMs;
  readonly testStart: EpochMs;
  readonly testEnd: EpochMs;
  readonly trainSamples: number;
  readonly trainMs: number;
  readonly result: BacktestResult;
  /** The fold's model version and its own out-of-sample AUC on the test years (the training code's report). */
  readonly modelVersion?: string;
  readonly testAuc?: number | null;
}

export interface WalkForwardResult {
  readonly folds: readonly WalkForwardFold[];
  /** The folds' test periods chained: each starts from the previous one's final equity. */
  readonly equityCurve: readonly EquityPoint[];
  readonly metrics: PerformanceMetrics;
  readonly wallMs: number;
}

/** A figure with its bootstrap confidence interval. */
export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly level: number;
}

/** ML against the rule-based baseline on the same bars, with confidence intervals on the differences. */
export interface BaselineComparison {
  readonly ml: BacktestResult;
  readonly baseline: BacktestResult;
  readonly breakoutSuccessRate: { readonly ml: Estimate; readonly baseline: Estimate; readonly difference: Estimate };
  readonly volatility: { readonly ml: number | null; readonly baseline: number | null; readonly reduction: Estimate };
  readonly sharpe: { readonly ml: Estimate; readonly baseline: Estimate; readonly difference: Estimate };
  readonly successMetrics: readonly SuccessMetricRow[];
}

/** One row of the ticket's success-metrics table, filled with measured values. */
export interface SuccessMetricRow {
  readonly metric: string;
  /** The ticket's target, as it words it. */
  readonly target: string;
  readonly measured: Estimate;
  readonly unit: '%' | 'ratio';
  /** True only when the whole interval clears the target (the point alone when there is no interval); null: no value. */
  readonly met: boolean | null;
}
