import { referencePrice } from '../order-effect.js';
import type { PreTradeRule } from './rule.js';
import { PASS, deny, num, usd } from './rule.js';

export const maxOrderQuantityRule: PreTradeRule = {
  id: 'max-order-quantity',
  skipsReducing: true,
  check({ request, limits }) {
    if (request.quantity <= limits.maxOrderQuantity) return PASS;
    return deny('max-order-quantity', `quantity ${num(request.quantity)} exceeds the ${num(limits.maxOrderQuantity)} share limit per order`);
  },
};

/** Valued at the limit price, else the stop price, else the last price; a market order with no price is refused. */
export const maxOrderNotionalRule: PreTradeRule = {
  id: 'max-order-notional',
  skipsReducing: true,
  check({ request, context, limits }) {
    const price = referencePrice(request, context);
    if (price === undefined) {
      return deny('max-order-notional', `no last price for ${request.symbol} to value a ${request.type} order: wait for a price or send a limit order`);
    }
    const notional = request.quantity * price;
    if (notional <= limits.maxOrderNotional) return PASS;
    return deny('max-order-notional', `notional ${usd(notional)} (${num(request.quantity)} × ${usd(price)}) exceeds the ${usd(limits.maxOrderNotional)} limit per order`);
  },
};
