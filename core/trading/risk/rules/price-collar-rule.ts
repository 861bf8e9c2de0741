import type { PreTradeVerdict } from '../../pre-trade.js';
import type { PreTradeRule, RuleInput } from './rule.js';
import { PASS, deny, num, usd } from './rule.js';

/** Limit and stop prices within priceCollarPct of the last price: catches a misplaced decimal point. */
export const priceCollarRule: PreTradeRule = {
  id: 'price-collar',
  skipsReducing: true,
  check(input) {
    // The limit first, then the stop, each looked at on its own: no list of the two built per order.
    const { limitPrice, stopPrice } = input.request;
    const limitProblem = limitPrice === undefined ? undefined : collarProblem(input, 'limit', limitPrice);
    if (limitProblem !== undefined) return limitProblem;
    return (stopPrice === undefined ? undefined : collarProblem(input, 'stop', stopPrice)) ?? PASS;
  },
};

/** The refusal for one of the order's prices outside the collar (or with no last price to judge it by); else undefined. */
function collarProblem({ request, context, limits }: RuleInput, name: string, price: number): PreTradeVerdict | undefined {
  const last = context.market.lastPrice(request.symbol);
  if (last === undefined) return deny('price-collar', `no last price for ${request.symbol} to check the ${name} price ${usd(price)} against: wait for a price`);
  if (Math.abs(price - last) <= (last * limits.priceCollarPct) / 100) return undefined;
  const pct = (Math.abs(price - last) / last) * 100;
  return deny('price-collar', `${name} price ${usd(price)} is ${num(Math.round(pct * 100) / 100)}% from the last price ${usd(last)}, outside the ${num(limits.priceCollarPct)}% price collar`);
}
