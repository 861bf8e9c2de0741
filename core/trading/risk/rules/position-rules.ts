import { remainingQuantity } from '../order-effect.js';
import type { PreTradeRule } from './rule.js';
import { PASS, deny, inputRiskOpenOrders, num } from './rule.js';

/**
 * Worst case per symbol if every open order on one side fills: max(|position + open buys|, |position - open
 * sells|), this order added to its side. Refused only when that worst case goes past the limit AND grows,
 * so an order that shrinks an oversized position still passes.
 */
export const maxPositionRule: PreTradeRule = {
  id: 'max-position',
  skipsReducing: true,
  check(input) {
    const { request, context, limits } = input;
    const position = context.portfolio.position(request.symbol);
    let buys = 0;
    let sells = 0;
    for (const order of inputRiskOpenOrders(input)) {
      if (order.symbol !== request.symbol) continue;
      if (order.side === 'buy') buys += remainingQuantity(order);
      else sells += remainingQuantity(order);
    }
    const before = Math.max(Math.abs(position + buys), Math.abs(position - sells));
    const after = request.side === 'buy' ? Math.max(Math.abs(position + buys + request.quantity), Math.abs(position - sells)) : Math.max(Math.abs(position + buys), Math.abs(position - sells - request.quantity));
    if (after <= limits.maxPositionQuantity || after <= before) return PASS;
    const sameSide = request.side === 'buy' ? buys : sells;
    return deny('max-position', `${request.symbol} could reach ${num(after)} shares (position ${num(position)}, this ${request.side} ${num(request.quantity)}, open ${request.side}s ${num(sameSide)}), above the ${num(limits.maxPositionQuantity)} share limit per symbol`);
  },
};

/** Symbols held or with a working entry; a new symbol beyond maxOpenPositions is refused. */
export const maxOpenPositionsRule: PreTradeRule = {
  id: 'max-open-positions',
  skipsReducing: true,
  check(input) {
    const { request, context, limits } = input;
    const positions = context.portfolio.positions();
    const open = inputRiskOpenOrders(input);
    // The symbols counted are at most one per position and one per order: within the limit even then, it passes
    // without building the set (most books are far below it).
    if (positions.length + open.length + 1 <= limits.maxOpenPositions) return PASS;
    const symbols = new Set<string>();
    for (const p of positions) if (p.quantity !== 0) symbols.add(p.symbol);
    for (const o of open) symbols.add(o.symbol);
    if (symbols.has(request.symbol) || symbols.size + 1 <= limits.maxOpenPositions) return PASS;
    return deny('max-open-positions', `${request.symbol} would be a new position: ${num(symbols.size)} symbols are already held or working, the limit is ${num(limits.maxOpenPositions)}`);
  },
};
