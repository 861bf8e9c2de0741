import type { PreTradeRule } from './rule.js';
import { PASS, deny, num } from './rule.js';

const WINDOW_MS = 60_000;

/** At most maxOrdersPerMinute orders in any sliding 60 s window; the Nth passes, the one after does not. */
export const orderRateRule: PreTradeRule = {
  id: 'order-rate',
  skipsReducing: true,
  check({ context, limits, state }) {
    const recent = state.submissions.filter((s) => context.now - s.time < WINDOW_MS);
    if (recent.length < limits.maxOrdersPerMinute) return PASS;
    const oldest = recent[0]?.time ?? context.now;
    const waitS = Math.ceil((oldest + WINDOW_MS - context.now) / 1_000);
    return deny('order-rate', `${num(recent.length)} orders in the last minute reach the limit of ${num(limits.maxOrdersPerMinute)} per minute: next order in ${num(waitS)} s`);
  },
};
