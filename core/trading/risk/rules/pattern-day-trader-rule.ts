import { countDayTrades } from '../day-trades.js';
import { PDT_EQUITY_THRESHOLD, PDT_MAX_DAY_TRADES, PDT_WINDOW_BUSINESS_DAYS } from '../risk-limits.js';
import type { PreTradeRule } from './rule.js';
import { PASS, deny, inputEquity, num, usd } from './rule.js';

/**
 * FINRA 4210: a margin account under $25,000 may not make a 4th day trade in 5 business days. Only the
 * order that would complete the day trade is refused; reduce-only exits are exempt (as from every
 * risk-increasing rule), since being unable to leave a losing position is worse than a PDT flag.
 * Equity is today's marked equity (FINRA uses the prior close; the difference is one day's P&L).
 */
export const patternDayTraderRule: PreTradeRule = {
  id: 'pattern-day-trader',
  skipsReducing: true,
  check(input) {
    const { request, context, limits, state } = input;
    if (limits.accountType === 'cash') return PASS;
    const equity = inputEquity(input);
    if (equity >= PDT_EQUITY_THRESHOLD) return PASS;
    const position = context.portfolio.position(request.symbol);
    const dayTrades = countDayTrades(state.fills, (s) => context.portfolio.position(s), context.now, PDT_WINDOW_BUSINESS_DAYS);
    if (dayTrades.count < PDT_MAX_DAY_TRADES || !dayTrades.wouldComplete(request.symbol, request.side, position)) return PASS;
    return deny('pattern-day-trader', `this ${request.side} would close a position in ${request.symbol} opened today: day trade #${num(dayTrades.count + 1)} in ${PDT_WINDOW_BUSINESS_DAYS} business days for a margin account with equity ${usd(equity)} under ${usd(PDT_EQUITY_THRESHOLD)} (FINRA 4210); hold it overnight or exit with a reduce-only order`);
  },
};
