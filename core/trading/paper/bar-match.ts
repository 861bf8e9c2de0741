import type { Bar } from '../../market/bar.js';
import type { OrderSide, OrderType } from '../order.js';

/** The part of a working order that decides whether and where a bar fills it. */
export interface MatchableOrder {
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly limitPrice?: number | undefined;
  readonly stopPrice?: number | undefined;
  /** A stop or stop-limit whose stop price was reached on an earlier bar. */
  readonly triggered: boolean;
}

/**
 * What one bar does to one order. `price` is before slippage; `slipped` says whether slippage applies.
 * `atOpen` marks a fill at the bar's open (the bar opened at or beyond the order's price): in a one-cancels-other
 * group such a fill certainly came first. `triggered` is true once the order's stop has been reached.
 */
export type BarMatch =
  | { readonly fills: false; readonly triggered: boolean }
  | { readonly fills: true; readonly price: number; readonly atOpen: boolean; readonly slipped: boolean; readonly triggered: boolean };

// Most order-bar pairs do not fill: sharing these two answers keeps the matching loop free of allocations.
const NOT_TRIGGERED: BarMatch = Object.freeze({ fills: false, triggered: false });
const TRIGGERED_ONLY: BarMatch = Object.freeze({ fills: false, triggered: true });
const none = (triggered: boolean): BarMatch => (triggered ? TRIGGERED_ONLY : NOT_TRIGGERED);

/**
 * Matches one order against one closed bar, using only its OHLC, never a guess of the path inside the bar
 * beyond what OHLC proves. Buy side shown; sells mirror it:
 * - market: the open.
 * - limit L: if low ≤ L, at min(open, L) (a gap through the limit fills at the better open).
 * - stop S: if high ≥ S, at max(open, S) (a gap through the stop fills at the worse open); the remainder of a
 *   triggered stop is a market order on later bars.
 * - stop-limit S/L: triggers like a stop. Triggered at the open (gap), the whole bar comes after the trigger, so it
 *   is a limit for the whole bar. Triggered inside the bar, it fills only if marketable at the trigger (S ≤ L, at
 *   S): whether price came back to L after running away cannot be known from OHLC, so it waits for the next bar.
 */
export function matchOrder(order: MatchableOrder, bar: Bar): BarMatch {
  const buy = order.side === 'buy';
  switch (order.type) {
    case 'market':
      return { fills: true, price: bar.open, atOpen: true, slipped: true, triggered: false };
    case 'limit':
      return matchLimit(buy, priceOf(order.limitPrice), bar, false);
    case 'stop': {
      if (order.triggered) return { fills: true, price: bar.open, atOpen: true, slipped: true, triggered: true };
      const stop = priceOf(order.stopPrice);
      if (buy ? bar.high < stop : bar.low > stop) return none(false);
      const gapped = buy ? bar.open >= stop : bar.open <= stop;
      return { fills: true, price: gapped ? bar.open : stop, atOpen: gapped, slipped: true, triggered: true };
    }
    case 'stop_limit': {
      const limit = priceOf(order.limitPrice);
      if (order.triggered) return matchLimit(buy, limit, bar, true);
      const stop = priceOf(order.stopPrice);
      if (buy ? bar.high < stop : bar.low > stop) return none(false);
      if (buy ? bar.open >= stop : bar.open <= stop) return matchLimit(buy, limit, bar, true);
      const marketable = buy ? stop <= limit : stop >= limit;
      return marketable ? { fills: true, price: stop, atOpen: false, slipped: false, triggered: true } : none(true);
    }
  }
}

function matchLimit(buy: boolean, limit: number, bar: Bar, triggered: boolean): BarMatch {
  if (buy ? bar.low > limit : bar.high < limit) return none(triggered);
  const atOpen = buy ? bar.open <= limit : bar.open >= limit;
  return { fills: true, price: atOpen ? bar.open : limit, atOpen, slipped: false, triggered };
}

/** Orders are validated on submit, so a missing price here is a bug in the broker, not bad input. */
function priceOf(value: number | undefined): number {
  if (value === undefined) throw new Error('paper broker: a validated order lost its price');
  return value;
}

/**
 * Which member of a one-cancels-other group a bar fills when several could fill in it. OHLC does not say which
 * level was touched first, so the rule is conservative: a member filling at the open certainly came first;
 * otherwise a stop (stop-loss) is assumed hit before a limit (take-profit), the worst case for the trader.
 * Lower ranks win; ties go to the order accepted first.
 */
export function ocoRank(type: OrderType, match: BarMatch): number {
  if (!match.fills) return Number.POSITIVE_INFINITY;
  if (match.atOpen) return 0;
  return type === 'stop' || type === 'stop_limit' ? 1 : 2;
}

/** Applies slippage against the trader: buys pay more, sells receive less. */
export function slip(price: number, side: OrderSide, slippageBps: number): number {
  const factor = slippageBps / 10_000;
  return side === 'buy' ? price * (1 + factor) : price * (1 - factor);
}
