import type { PreTradeRule } from './rule.js';
import { PASS, deny, describe, num } from './rule.js';

const positive = (value: number | undefined): boolean => value !== undefined && Number.isFinite(value) && value > 0;

/**
 * Malformed orders never reach the value rules (whose arithmetic would be meaningless), and a reduce-only
 * flag on an order that could grow or flip the position is refused rather than waved through the limits.
 */
export const validityRule: PreTradeRule = {
  id: 'invalid-order',
  skipsReducing: false,
  check({ request, context, reducing }) {
    if (request.clientOrderId.length === 0) return deny('invalid-order', 'the order has no client order id');
    if (request.symbol.length === 0) return deny('invalid-order', 'the order names no symbol');
    if (!positive(request.quantity)) return deny('invalid-order', `quantity ${num(request.quantity)} is not a positive number of shares`);
    const needsLimit = request.type === 'limit' || request.type === 'stop_limit';
    const needsStop = request.type === 'stop' || request.type === 'stop_limit';
    if (needsLimit !== (request.limitPrice !== undefined) || (request.limitPrice !== undefined && !positive(request.limitPrice))) {
      return deny('invalid-order', needsLimit ? `a ${request.type} order needs a positive limit price` : `a ${request.type} order takes no limit price`);
    }
    if (needsStop !== (request.stopPrice !== undefined) || (request.stopPrice !== undefined && !positive(request.stopPrice))) {
      return deny('invalid-order', needsStop ? `a ${request.type} order needs a positive stop price` : `a ${request.type} order takes no stop price`);
    }
    const bracket = request.bracket;
    if (bracket !== undefined) {
      if (!positive(bracket.stopLoss) || !positive(bracket.takeProfit)) return deny('invalid-order', 'bracket stop-loss and take-profit must be positive prices');
      const ordered = request.side === 'buy' ? bracket.stopLoss < bracket.takeProfit : bracket.stopLoss > bracket.takeProfit;
      if (!ordered) {
        return deny('invalid-order', `a ${request.side} bracket needs its stop-loss ${request.side === 'buy' ? 'below' : 'above'} its take-profit (stop ${num(bracket.stopLoss)}, target ${num(bracket.takeProfit)})`);
      }
      if (request.reduceOnly === true) return deny('invalid-order', 'a reduce-only order cannot carry a bracket');
    }
    if (request.reduceOnly === true && !reducing) {
      const position = context.portfolio.position(request.symbol);
      return deny('invalid-order', `reduce-only ${describe(request)} would not only reduce the position of ${num(position)}: send at most ${num(Math.abs(position))} on the ${position > 0 ? 'sell' : position < 0 ? 'buy' : 'closing'} side`);
    }
    return PASS;
  },
};
