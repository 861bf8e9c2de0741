import type { PreTradeRule } from './rule.js';
import { PASS, deny, num } from './rule.js';

/** No new entry on a symbol for stopOutCooldownMinutes after a stop-loss filled on it (no revenge trades). */
export const stopOutCooldownRule: PreTradeRule = {
  id: 'stop-out-cooldown',
  skipsReducing: true,
  check({ request, context, limits, state }) {
    const stoppedAt = state.lastStopOut(request.symbol);
    if (stoppedAt === undefined) return PASS;
    const cooldownMs = limits.stopOutCooldownMinutes * 60_000;
    const elapsed = context.now - stoppedAt;
    if (elapsed >= cooldownMs) return PASS;
    const minutesLeft = Math.ceil((cooldownMs - elapsed) / 60_000);
    return deny('stop-out-cooldown', `${request.symbol} stopped out ${num(Math.floor(elapsed / 60_000))} min ago: no new entry for ${num(limits.stopOutCooldownMinutes)} min after a stop-out (${num(minutesLeft)} min left)`);
  },
};
