import type { Order, OrderRequest, OrderSide } from '../order.js';
import type { PreTradeContext } from '../pre-trade.js';

/** +1 for a buy, -1 for a sell. */
export const sideSign = (side: OrderSide): 1 | -1 => (side === 'buy' ? 1 : -1);

/** What is left to fill of a working order. */
export const remainingQuantity = (order: Order): number => order.quantity - order.filledQuantity;

/**
 * A reduce-only order that can only shrink the position it faces: opposite side and no larger than it.
 * Only these pass the risk-increasing rules (and a kill switch); a reduce-only flag on anything else is an
 * invalid order, never a way around the limits.
 */
export function isTrulyReducing(request: OrderRequest, position: number): boolean {
  if (request.reduceOnly !== true || position === 0) return false;
  const opposite = position > 0 ? request.side === 'sell' : request.side === 'buy';
  return opposite && request.quantity <= Math.abs(position);
}

/**
 * The price an order is valued at: its limit (the worst it may fill at), else its stop (where it turns into
 * a market order), else the last price. Undefined when a market order meets a symbol with no price.
 */
export function referencePrice(request: OrderRequest, context: PreTradeContext): number | undefined {
  return request.limitPrice ?? request.stopPrice ?? context.market.lastPrice(request.symbol);
}

/** A position's mark: the last price, else its average price (the portfolio view falls back the same way). */
export function markPrice(symbol: string, context: PreTradeContext): number | undefined {
  return context.market.lastPrice(symbol) ?? context.portfolio.positions().find((p) => p.symbol === symbol)?.avgPrice;
}

/** Equity marked at the last prices. */
export const equityOf = (context: PreTradeContext): number => context.portfolio.equity((s) => context.market.lastPrice(s));

/** Working orders that may add exposure (reduce-only ones can only shrink it). */
export const riskOpenOrders = (context: PreTradeContext): readonly Order[] => context.openOrders.filter((o) => o.reduceOnly !== true);
