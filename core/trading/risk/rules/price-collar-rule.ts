import type { PreTradeVerdict } from '../../pre-trade.js';
import type { PreTradeRule, RuleInput } from './rule.js';
import { PASS, deny, num, usd } from './rule.js';

/** Limit and stop prices within priceCollarPct of the last price: catches a misplaced decimal point. */
export const priceCollarRule: PreTradeRule = {
  id: 'price-collar',
  skipsReducing: true,
  check(input) {
    // The limit first, then the stop: no list built per order for the two.
    const { request } = input;
    return (request.limitPrice === undefined ? undefined : collarProblem(input, 'limit', request.limitPrice)) ?? (request.stopPrice === undefined ? undefined : collarProblem(input, 'stop', request.stopPrice)) ?? PASS;
  },
};

function collarProblem({ request, context, limits }: RuleInput, name: string, price: number): PreTradeVerdict | undefined {
  const last = context.market.lastPrice(request.symbol);
  if (last === undefined) return deny('price-collar', `no last price for ${request.symbol} to check the ${name} price ${usd(price)} against: wait for a price`);
  if (Math.abs(price - last) <= (last * limits.priceCollarPct) / 100) return undefined;
  const pct = (Math.abs(price - last) / last) * 100;
  return deny('price-collar', `${name} price ${usd(price)} is ${num(Math.round(pct * 100) / 100)}% from the last price ${usd(last)}, outside the ${num(limits.priceCollarPct)}% price collar`);
}
