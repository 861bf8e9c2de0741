import type { PreTradeRule } from './rule.js';
import { PASS, deny, num } from './rule.js';

const WINDOW_MS = 60_000;

/** At most maxOrdersPerMinute orders in any sliding 60 s window; the Nth passes, the one after does not. */
export const orderRateRule: PreTradeRule = {
  id: 'order-rate',
  skipsReducing: true,
  check({ context, limits, state }) {
    // Counted in place (this runs at every order): the window's size and its oldest time, no list built.
    let recent = 0;
    let oldest: number | undefined;
    for (const s of state.submissions) {
      if (!(context.now - s.time < WINDOW_MS)) continue;
      if (recent === 0) oldest = s.time;
      recent++;
    }
    if (recent < limits.maxOrdersPerMinute) return PASS;
    const waitS = Math.ceil(((oldest ?? context.now) + WINDOW_MS - context.now) / 1_000);
    return deny('order-rate', `${num(recent)} orders in the last minute reach the limit of ${num(limits.maxOrdersPerMinute)} per minute: next order in ${num(waitS)} s`);
  },
};
