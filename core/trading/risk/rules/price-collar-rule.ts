import type { PreTradeRule } from './rule.js';
import { PASS, deny, num, usd } from './rule.js';

/** Limit and stop prices within priceCollarPct of the last price: catches a misplaced decimal point. */
export const priceCollarRule: PreTradeRule = {
  id: 'price-collar',
  skipsReducing: true,
  check({ request, context, limits }) {
    const prices: [string, number | undefined][] = [['limit', request.limitPrice], ['stop', request.stopPrice]];
    for (const [name, price] of prices) {
      if (price === undefined) continue;
      const last = context.market.lastPrice(request.symbol);
      if (last === undefined) return deny('price-collar', `no last price for ${request.symbol} to check the ${name} price ${usd(price)} against: wait for a price`);
      if (Math.abs(price - last) <= (last * limits.priceCollarPct) / 100) continue;
      const pct = (Math.abs(price - last) / last) * 100;
      return deny('price-collar', `${name} price ${usd(price)} is ${num(Math.round(pct * 100) / 100)}% from the last price ${usd(last)}, outside the ${num(limits.priceCollarPct)}% price collar`);
    }
    return PASS;
  },
};
