import type { PreTradeRule } from './rule.js';
import { PASS, deny } from './rule.js';

/** An explicit allowlist, or (when empty) any symbol the feed has a price for, so a typo is never traded. */
export const symbolAllowlistRule: PreTradeRule = {
  id: 'symbol-not-allowed',
  skipsReducing: true,
  check({ request, context, limits }) {
    if (limits.symbolAllowlist.length > 0) {
      return limits.symbolAllowlist.includes(request.symbol) ? PASS : deny('symbol-not-allowed', `${request.symbol} is not on the symbol allowlist (${limits.symbolAllowlist.length} symbols); add it in the risk settings to trade it`);
    }
    return context.market.lastPrice(request.symbol) !== undefined ? PASS : deny('symbol-not-allowed', `the feed has no price for ${request.symbol}: check the symbol, or add it to the allowlist once the feed carries it`);
  },
};
