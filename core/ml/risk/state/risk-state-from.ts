import type { Bar } from '../../../market/bar.js';
import { closeOffsetMs } from '../../../market/interval.js';
import { epochMs, price, type Price } from '../../../market/units.js';
import { concentration, holdingWeights } from '../../../trading/portfolio/concentration.js';
import { weightedCorrelation, type CorrelationMemo, type DailyBarSource } from '../../../trading/portfolio/correlation-risk.js';
import type { PortfolioView } from '../../../trading/portfolio-view.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { RiskState } from '../risk-sizer.js';

/** Window lengths behind the market figures; defaults in `DEFAULT_RISK_STATE_PARAMS`. */
export interface RiskStateParams {
  /** Bars in the slow moving average that sets `trendDirection`. */
  readonly trendPeriod: number;
  /** Half-width of the 'flat' band around that average, in ATR: inside it the trend is called flat. */
  readonly trendDeadBandAtr: number;
  /** Bars in the traded-value average `liquidityIndex` divides by (the latest bar included). */
  readonly liquidityPeriod: number;
  /** Daily bars per holding behind `correlationRisk`. */
  readonly correlationLookbackDays: number;
}

/**
 * 50 bars for the trend (the feature schema's slow average), a half-ATR dead band so a close hugging its
 * average does not flip the trend every bar, 20 bars for liquidity (the feature schema's volume window),
 * 60 trading days (about a quarter) for correlations.
 */
export const DEFAULT_RISK_STATE_PARAMS: RiskStateParams = { trendPeriod: 50, trendDeadBandAtr: 0.5, liquidityPeriod: 20, correlationLookbackDays: 60 };

/** What `riskStateFrom` reads: the book, the marks and the symbol's recent bars. */
export interface RiskStateInput {
  readonly portfolio: PortfolioView;
  /** Latest prices of the holdings; the symbol falls back to its last bar's close. */
  readonly mark: (symbol: string) => Price | undefined;
  readonly symbol: string;
  /**
   * The symbol's bars up to and including the decision bar, oldest first, all of the symbol. Shorter than
   * the trend or liquidity window is allowed (the averages use what there is); for `holdingPeriod` they
   * should reach back to the position's opening, or it is counted from the first bar given.
   */
  readonly bars: readonly Bar[];
  /** The symbol's ATR (Wilder, 14) at the decision bar, in price units. */
  readonly atr: number;
  /** Daily bars of the holdings for `correlationRisk`; without it the figure is 0 (unknown, not hedged). */
  readonly dailyBars?: DailyBarSource;
  /** Correlations kept between calls; only over a `dailyBars` source whose bars are never rewritten. */
  readonly correlationMemo?: CorrelationMemo;
  readonly params?: Partial<RiskStateParams>;
}

/**
 * The ticket's RiskState at the close of the latest bar, every field as risk-sizer.ts defines it, from the
 * same portfolio view and bars in a backtest, the DQN's environment and the desk, so a model trained on it
 * sees the same numbers live. Reads nothing later than the decision bar.
 * @returns the state, or a reason naming the bad input (no bars, another symbol's bar, equity not positive, bad ATR).
 */
export function riskStateFrom(input: RiskStateInput): Result<RiskState, string> {
  const basis = riskStateBasis(input);
  return basis.ok ? ok(riskStateAt(input, basis.value)) : basis;
}

/** What `riskStateFrom` checks and computes first: everything that can refuse the input, and the equity. */
export interface RiskStateBasis {
  readonly totalValue: number;
  readonly last: Bar;
  readonly mark: (symbol: string) => Price | undefined;
}

/**
 * The first half of `riskStateFrom`: the input checked (every refusal it can give) and the equity, which is all
 * an equity-only sizer reads (`RiskSizer.sizeOnEquity`). `riskStateAt` completes the state from it; call it
 * before the book, the marks or the bars move, and it is the state `riskStateFrom` would have returned.
 */
export function riskStateBasis(input: RiskStateInput): Result<RiskStateBasis, string> {
  const { bars, symbol, atr } = input;
  const last = bars[bars.length - 1];
  if (last === undefined) return err(`risk state for ${symbol}: no bars given`);
  const foreign = firstForeign(bars, symbol);
  if (foreign !== undefined) return err(`risk state for ${symbol}: bar of ${foreign.symbol} at ${foreign.time} in its series`);
  const mark = (s: string): Price | undefined => input.mark(s) ?? (s === symbol ? last.close : undefined);
  const totalValue = checkedEquity(input.portfolio, mark, symbol, last, atr);
  return typeof totalValue === 'string' ? err(totalValue) : ok({ totalValue, last, mark });
}

/**
 * Marks that fall back to one symbol's last close, as `riskStateBasis` values the book, in one function kept
 * between calls: a position review values the book at every held bar, and a closure per call cost more than
 * the valuation. What `read` answers holds until the next `set`.
 */
export class FallbackMarks {
  readonly #marks: (symbol: string) => Price | undefined;
  #symbol = '';
  #close = price(0);

  constructor(marks: (symbol: string) => Price | undefined) {
    this.#marks = marks;
  }

  /** The marks, with `close` standing in for a missing mark of `symbol`. */
  readonly read = (s: string): Price | undefined => this.#marks(s) ?? (s === this.#symbol ? this.#close : undefined);

  set(symbol: string, close: Price): void {
    this.#symbol = symbol;
    this.#close = close;
  }
}

/**
 * `riskStateBasis(...).totalValue` for a series its caller keeps to `symbol`'s own bars (the advisor keys its
 * series by the bar's symbol, so the scan for a foreign bar could never find one): the same refusals, in the same
 * order, and the same equity, valued through `marks` set to the series' last close.
 */
export function seriesEquity(portfolio: PortfolioView, marks: FallbackMarks, symbol: string, bars: readonly Bar[], atr: number): Result<number, string> {
  const last = bars[bars.length - 1];
  if (last === undefined) return err(`risk state for ${symbol}: no bars given`);
  marks.set(symbol, last.close);
  const totalValue = checkedEquity(portfolio, marks.read, symbol, last, atr);
  return typeof totalValue === 'string' ? err(totalValue) : ok(totalValue);
}

/** The checks after the series' own, and the equity they end with; the refusal's text when one fails. */
function checkedEquity(portfolio: PortfolioView, mark: (symbol: string) => Price | undefined, symbol: string, last: Bar, atr: number): number | string {
  if (!(Number.isFinite(last.close) && last.close > 0)) return `risk state for ${symbol}: last close must be positive, got ${last.close}`;
  if (!(Number.isFinite(atr) && atr >= 0)) return `risk state for ${symbol}: ATR must be a non-negative number, got ${atr}`;
  const totalValue = portfolio.equity(mark);
  if (!(Number.isFinite(totalValue) && totalValue > 0)) return `risk state for ${symbol}: equity must be positive, got ${totalValue}`;
  return totalValue;
}

/** The rest of `riskStateFrom` over a checked basis (see `riskStateBasis`). */
export function riskStateAt(input: RiskStateInput, basis: RiskStateBasis): RiskState {
  const p: RiskStateParams = input.params === undefined ? DEFAULT_RISK_STATE_PARAMS : { ...DEFAULT_RISK_STATE_PARAMS, ...input.params };
  const { bars, symbol, atr, portfolio } = input;
  const { totalValue, last, mark } = basis;
  const positions = portfolio.positions();
  const weights = holdingWeights(positions, mark);
  const corr = input.dailyBars === undefined || weights.length < 2
    ? undefined
    : weightedCorrelation(input.dailyBars, weights, { lookbackDays: p.correlationLookbackDays, asOf: epochMs(last.time + closeOffsetMs(last.interval)), ...(input.correlationMemo === undefined ? {} : { memo: input.correlationMemo }) });
  const held = positions.find((x) => x.symbol === symbol);
  const symbolMark = mark(symbol) ?? price(last.close);
  return {
    portfolioMetrics: {
      totalValue,
      cashPosition: portfolio.cash() / totalValue,
      concentration: concentration(weights).herfindahl,
      correlationRisk: corr ?? 0,
    },
    marketConditions: {
      volatility: atr / last.close,
      trendDirection: trend(bars, atr, p),
      liquidityIndex: liquidity(bars, p.liquidityPeriod),
    },
    positionDetails: {
      symbol,
      currentWeight: held === undefined ? 0 : (held.quantity * symbolMark) / totalValue,
      unrealizedPnL: held === undefined ? 0 : held.quantity * (symbolMark - held.avgPrice),
      // The bar the opening fill landed in counts: at its close the position has been held one bar.
      holdingPeriod: held === undefined ? 0 : closedAfter(bars, held.openedAt),
    },
  };
}

// The helpers below loop over the series in place (no slices): the state is built for every held symbol at
// every close. Each sum runs oldest to newest from 0, as a reduce over the window would, so the figures match it.

function firstForeign(bars: readonly Bar[], symbol: string): Bar | undefined {
  for (const b of bars) if (b.symbol !== symbol) return b;
  return undefined;
}

/** Bars whose close is after `openedAt`. */
function closedAfter(bars: readonly Bar[], openedAt: number): number {
  let n = 0;
  for (const b of bars) if (b.time + closeOffsetMs(b.interval) > openedAt) n++;
  return n;
}

function trend(bars: readonly Bar[], atr: number, p: RiskStateParams): 'up' | 'down' | 'flat' {
  const from = windowStart(bars.length, p.trendPeriod);
  const last = bars[bars.length - 1];
  if (last === undefined || from >= bars.length) return 'flat';
  let sum = 0;
  for (let i = from; i < bars.length; i++) sum += bars[i]?.close ?? 0;
  const average = sum / (bars.length - from);
  const band = p.trendDeadBandAtr * atr;
  return last.close > average + band ? 'up' : last.close < average - band ? 'down' : 'flat';
}

function liquidity(bars: readonly Bar[], period: number): number {
  const from = windowStart(bars.length, period);
  const last = bars[bars.length - 1];
  if (last === undefined || from >= bars.length) return 1;
  let sum = 0;
  for (let i = from; i < bars.length; i++) {
    const b = bars[i];
    if (b !== undefined) sum += b.close * b.volume;
  }
  const average = sum / (bars.length - from);
  // No traded value at all in the window (a feed without volume) says nothing about liquidity: call it usual.
  return average > 0 ? (last.close * last.volume) / average : 1;
}

/** Where `slice(-period)` of `length` items starts, with slice's own rounding (a period of 0 takes them all). */
function windowStart(length: number, period: number): number {
  const k = Math.trunc(-period) || 0;
  return k < 0 ? Math.max(0, length + k) : Math.min(k, length);
}
