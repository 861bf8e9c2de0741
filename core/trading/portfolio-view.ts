import type { EpochMs, Price } from '../market/units.js';

export interface PositionView {
  readonly symbol: string;
  /** Signed: negative is short. */
  readonly quantity: number;
  /** Average entry price of the open quantity. */
  readonly avgPrice: Price;
  /** Time of the fill that opened the current position (for holding period and day-trade counting). */
  readonly openedAt: EpochMs;
}

/**
 * Read-only view of the account, always derived from the fill ledger (never stored separately), so
 * positions equal the fills by construction.
 */
export interface PortfolioView {
  cash(): number;
  /** Signed quantity held in `symbol`; 0 when flat. */
  position(symbol: string): number;
  positions(): readonly PositionView[];
  /** Cash plus positions marked at `mark` (falls back to the average price when no mark is known). */
  equity(mark: (symbol: string) => Price | undefined): number;
  /**
   * equity(market.lastPrice), the same figure to the bit, for a view that can read `market`'s closes without a call
   * per position (the engine's MarkBoard); optional: callers fall back to `equity`.
   */
  equityAt?(market: MarketView): number;
  /** Realised P&L of fills with time >= `since`, net of commissions. */
  realisedPnlSince(since: EpochMs): number;
}

/** The latest market prices the order path checks against (price collar, notional, marks). */
export interface MarketView {
  lastPrice(symbol: string): Price | undefined;
}
