import type { EpochMs } from '../../market/units.js';
import type { Fill, OrderSide } from '../order.js';
import { sideSign } from './order-effect.js';
import { businessDaysEndingAt, tradingDayOf } from './trading-day.js';

/** Per symbol, whether today's fills left an opening that a closing fill today would turn into a day trade. */
export interface DayTradeCount {
  /** Day trades inside the window (today included). */
  readonly count: number;
  /** True when an order on `side` in `symbol` now would complete a day trade. */
  wouldComplete(symbol: string, side: OrderSide, position: number): boolean;
}

/**
 * Counts day trades in the last `windowDays` business days from the fill history, FINRA 4210 style: a
 * purchase followed by a sale of the same security on the same day is one day trade (as is a short sale
 * followed by a purchase), whatever was held overnight; more closing fills after one opening add none.
 * Positions before each fill are recovered by walking back from `positionNow`, so `fills` must hold every
 * fill since the window opened.
 */
export function countDayTrades(fills: readonly Fill[], positionNow: (symbol: string) => number, now: EpochMs, windowDays: number): DayTradeCount {
  const window = businessDaysEndingAt(now, windowDays);
  const today = tradingDayOf(now);
  const bySymbol = new Map<string, Fill[]>();
  for (const fill of fills) {
    if (fill.time > now) continue;
    const list = bySymbol.get(fill.symbol) ?? [];
    list.push(fill);
    bySymbol.set(fill.symbol, list);
  }
  let count = 0;
  const openToday = new Map<string, { bought: boolean; shorted: boolean }>();
  for (const [symbol, list] of bySymbol) {
    list.sort((a, b) => a.time - b.time);
    let position = positionNow(symbol) - list.reduce((sum, f) => sum + sideSign(f.side) * f.quantity, 0);
    let day = '';
    let bought = false;
    let shorted = false;
    for (const fill of list) {
      const fillDay = tradingDayOf(fill.time);
      if (fillDay !== day) {
        day = fillDay;
        bought = false;
        shorted = false;
      }
      const inWindow = window.has(fillDay);
      if (fill.side === 'sell') {
        if (position > 0 && bought) {
          if (inWindow) count += 1;
          bought = false;
        }
        position -= fill.quantity;
        if (position < 0) shorted = true;
      } else {
        if (position < 0 && shorted) {
          if (inWindow) count += 1;
          shorted = false;
        }
        position += fill.quantity;
        if (position > 0) bought = true;
      }
    }
    if (day === today) openToday.set(symbol, { bought, shorted });
  }
  return {
    count,
    wouldComplete(symbol, side, position) {
      const open = openToday.get(symbol);
      if (open === undefined) return false;
      return side === 'sell' ? position > 0 && open.bought : position < 0 && open.shorted;
    },
  };
}
