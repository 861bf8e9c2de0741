import type { Result } from '../../util/result.js';

/**
 * The ticket's (S27) `RiskState`: what a risk sizer sees about the book and the market when it sizes a trade
 * or re-evaluates an open position. Every figure is computed from the desk's own portfolio and stored bars,
 * as of the close of the bar being decided on (never later), so the same state is built in a backtest, a
 * paper session and live.
 */
export interface RiskState {
  readonly portfolioMetrics: {
    /** Equity: cash plus open positions at their marks, in account currency. */
    readonly totalValue: number;
    /** Cash as a fraction of `totalValue` (1 = all cash; below 0 when margin is used). */
    readonly cashPosition: number;
    /** Herfindahl index of the holdings' absolute weights in the gross book: 0 flat, 1/n equal, 1 one name. */
    readonly concentration: number;
    /** Weight-averaged pairwise correlation of the holdings' daily log returns (−1..1); 0 with fewer than two holdings. */
    readonly correlationRisk: number;
  };
  readonly marketConditions: {
    /** The symbol's ATR(14) divided by its close: the typical bar move as a fraction of price. */
    readonly volatility: number;
    /** Sign of the symbol's trend: 'up', 'down' or 'flat' (close against its slow moving average, with a dead band). */
    readonly trendDirection: 'up' | 'down' | 'flat';
    /** Traded value of the latest bar against its 20-bar average (1 = usual liquidity; below 1 thinner). */
    readonly liquidityIndex: number;
  };
  readonly positionDetails: {
    readonly symbol: string;
    /** Signed market value of the position in the symbol as a fraction of `totalValue` (0 when flat). */
    readonly currentWeight: number;
    /** Open P&L of the position at the mark, in account currency (0 when flat). */
    readonly unrealizedPnL: number;
    /** Bars since the position was opened (0 when flat). */
    readonly holdingPeriod: number;
  };
}

/** One trade to size: the signal's side and prices, with the state of book and market at the decision. */
export interface RiskInput {
  readonly state: RiskState;
  /** +1 buy, −1 sell. */
  readonly direction: 1 | -1;
  /** Expected entry price (the signal bar's close). */
  readonly entry: number;
  /** ATR(14) of the symbol in price units at the decision bar. */
  readonly atr: number;
}

/**
 * The ticket's `RiskOptimization` with every field defined, plus what a trader needs to act on it.
 * Prices are absolute levels, not distances.
 */
export interface RiskDecision {
  /** Position to hold as a percentage of equity (0..100); 0 means "do not take this trade". */
  readonly recommendedPosition: number;
  /** Whole shares that percentage buys at `entry` (before pre-trade limits, which have the last word). */
  readonly quantity: number;
  /** Stop-loss price level. */
  readonly stopLoss: number;
  /** Take-profit price level. */
  readonly takeProfit: number;
  /** Loss at the stop for `quantity`, as a percentage of equity: the most this trade is allowed to cost. */
  readonly maxDrawdown: number;
  /** Multiplier the volatility regime applied to the size (1 = none; below 1 = cut for high volatility). */
  readonly volatilityAdjustment: number;
  /** Which sizer answered: a model version (`risk:<version>`) or a baseline id. */
  readonly sizer: string;
  /** One line on how the numbers came about (the action chosen, the binding limit). */
  readonly note: string;
}

/** A sizing input reduced to the state's equity, for sizers that read nothing else of it (`sizeOnEquity`). */
export interface EquityRiskInput {
  /** The state's `portfolioMetrics.totalValue`. */
  readonly equity: number;
  readonly direction: 1 | -1;
  readonly entry: number;
  readonly atr: number;
}

/**
 * Anything that can size a trade: the DQN risk model, or one of its rule-based baselines, which are also its
 * fallbacks. An error result carries a reason the trader can read (e.g. "entry must be positive").
 */
export interface RiskSizer {
  /** 'risk:<version>' for a model, or the baseline's id. */
  readonly id: string;
  readonly kind: 'model' | 'baseline';
  size(input: RiskInput): Result<RiskDecision, string>;
  /**
   * Only on a sizer that reads nothing of the state but its equity (the baselines): the answer `size` gives
   * for any state with that `totalValue`. A position review then builds the whole state only when it proposes
   * (about 1 review in 100), instead of at every held bar.
   */
  sizeOnEquity?(input: EquityRiskInput): Result<RiskDecision, string>;
}
