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

/**
 * Equity marked at the last prices: through the portfolio's own read of the market's closes when it has one (the
 * engine's Portfolio: no number boxed per position at every check and mark), else through a mark function.
 */
export const equityOf = (context: PreTradeContext): number =>
  context.portfolio.equityAt?.(context.market) ?? context.portfolio.equity((symbol) => context.market.lastPrice(symbol));

/**
 * Working orders that may add exposure (reduce-only ones can only shrink it). When none is reduce-only that is the
 * working-order list itself (read-only here, as for every rule), so the usual check copies nothing.
 */
export function riskOpenOrders(context: PreTradeContext): readonly Order[] {
  const open = context.openOrders;
  let first = 0;
  while (first < open.length && open[first]?.reduceOnly !== true) first++;
  if (first === open.length) return open;
  const risk = open.slice(0, first);
  for (let i = first + 1; i < open.length; i++) {
    const order = open[i];
    if (order !== undefined && order.reduceOnly !== true) risk.push(order);
  }
  return risk;
}
