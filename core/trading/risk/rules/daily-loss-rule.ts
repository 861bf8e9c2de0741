import { equityOf } from '../order-effect.js';
import type { PreTradeRule } from './rule.js';
import { PASS, deny, num, usd } from './rule.js';

/**
 * Loss since the start of the trading day (realised and unrealised: the fall in marked equity) beyond
 * dailyLossLimitPct of start-of-day equity. A refusal here also trips the global kill switch (the gate does
 * that, so this stays pure). A loss exactly at the limit passes.
 */
export const dailyLossRule: PreTradeRule = {
  id: 'daily-loss-limit',
  skipsReducing: true,
  check({ context, limits, state }) {
    const start = state.startOfDayEquity;
    if (start === undefined || start <= 0) return PASS;
    const loss = start - equityOf(context);
    const limit = (start * limits.dailyLossLimitPct) / 100;
    if (loss <= limit) return PASS;
    return deny('daily-loss-limit', `loss today ${usd(loss)} exceeds the daily loss limit of ${usd(limit)} (${num(limits.dailyLossLimitPct)}% of start-of-day equity ${usd(start)}): the kill switch is tripped`);
  },
};
