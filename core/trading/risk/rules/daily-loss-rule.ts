import type { PreTradeRule } from './rule.js';
import { PASS, deny, inputEquity, num, usd } from './rule.js';

/**
 * The rule's test alone: the fall from `start` to `equity` is past `limitPct`% of `start` (a loss exactly at the
 * limit passes; no start, or none above 0, never refuses). The gate's per-mark check uses it too.
 */
export function pastDailyLossLimit(start: number | undefined, equity: number, limitPct: number): boolean {
  if (start === undefined || start <= 0) return false;
  return !(start - equity <= (start * limitPct) / 100);
}

/**
 * Loss since the start of the trading day (realised and unrealised: the fall in marked equity) beyond
 * dailyLossLimitPct of start-of-day equity. A refusal here also trips the global kill switch (the gate does
 * that, so this stays pure). A loss exactly at the limit passes.
 */
export const dailyLossRule: PreTradeRule = {
  id: 'daily-loss-limit',
  skipsReducing: true,
  check(input) {
    const { limits, state } = input;
    const start = state.startOfDayEquity;
    const equity = inputEquity(input);
    if (start === undefined || !pastDailyLossLimit(start, equity, limits.dailyLossLimitPct)) return PASS;
    const loss = start - equity;
    const limit = (start * limits.dailyLossLimitPct) / 100;
    return deny('daily-loss-limit', `loss today ${usd(loss)} exceeds the daily loss limit of ${usd(limit)} (${num(limits.dailyLossLimitPct)}% of start-of-day equity ${usd(start)}): the kill switch is tripped`);
  },
};
