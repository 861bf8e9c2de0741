import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../market/units.js';
import type { Fill, OrderSide } from '../order.js';
import { countDayTrades } from './day-trades.js';
import { GateMemory } from './gate-memory.js';
import { patternDayTraderRule } from './rules/pattern-day-trader-rule.js';
import { T0, makeContext, makeRequest } from './testing/risk-fixtures.js';
import { reasonOf, runRule } from './testing/rule-harness.js';
import { businessDaysEndingAt } from './trading-day.js';

const DAY = 86_400_000;
let seq = 0;
const fill = (side: OrderSide, qty: number, time: number, symbol = 'AAPL'): Fill => ({
  id: `f${(seq += 1)}`, clientOrderId: `o${seq}`, symbol, side, quantity: quantity(qty), price: price(100), commission: 0, time: epochMs(time),
});
const flatNow = () => 0;

describe('day-trade counting', () => {
  it('counts a buy then a sell the same day as one day trade, however many closing fills', () => {
    const fills = [fill('buy', 100, T0), fill('sell', 50, T0 + 1_000), fill('sell', 50, T0 + 2_000)];
    expect(countDayTrades(fills, flatNow, epochMs(T0 + 3_000), 5).count).toBe(1);
  });

  it('counts two round trips as two, and a short then cover as one', () => {
    const fills = [fill('buy', 10, T0), fill('sell', 10, T0 + 1), fill('buy', 10, T0 + 2), fill('sell', 10, T0 + 3), fill('sell', 5, T0 + 4, 'MSFT'), fill('buy', 5, T0 + 5, 'MSFT')];
    expect(countDayTrades(fills, flatNow, epochMs(T0 + 10), 5).count).toBe(3);
  });

  it('does not count selling an overnight position and buying it back', () => {
    // Held 100 overnight: sold in the morning, bought back in the afternoon; still 100 now.
    const fills = [fill('sell', 100, T0), fill('buy', 100, T0 + 1_000)];
    expect(countDayTrades(fills, () => 100, epochMs(T0 + 2_000), 5).count).toBe(0);
  });

  it('counts buying more of an overnight position and selling some the same day', () => {
    const fills = [fill('buy', 100, T0), fill('sell', 100, T0 + 1_000)];
    expect(countDayTrades(fills, () => 100, epochMs(T0 + 2_000), 5).count).toBe(1);
  });

  it('does not count a buy one day and the sale the next', () => {
    expect(countDayTrades([fill('buy', 10, T0), fill('sell', 10, T0 + DAY)], flatNow, epochMs(T0 + DAY + 1), 5).count).toBe(0);
  });

  it('forgets day trades older than 5 business days (a weekend does not count)', () => {
    // T0 is Tuesday 2 Jan 2024; the window ending Tuesday 9 Jan is Wed 3 .. Tue 9.
    expect([...businessDaysEndingAt(epochMs(T0 + 7 * DAY), 5)]).toEqual(['2024-01-09', '2024-01-08', '2024-01-05', '2024-01-04', '2024-01-03']);
    const fills = [fill('buy', 10, T0), fill('sell', 10, T0 + 1)];
    expect(countDayTrades(fills, flatNow, epochMs(T0 + 6 * DAY), 5).count).toBe(1);
    expect(countDayTrades(fills, flatNow, epochMs(T0 + 7 * DAY), 5).count).toBe(0);
  });

  it('says which order would complete a day trade today', () => {
    const counted = countDayTrades([fill('buy', 10, T0)], () => 10, epochMs(T0 + 1), 5);
    expect(counted.wouldComplete('AAPL', 'sell', 10)).toBe(true);
    expect(counted.wouldComplete('AAPL', 'buy', 10)).toBe(false);
    expect(counted.wouldComplete('MSFT', 'sell', 10)).toBe(false);
  });
});

describe('pattern-day-trader rule', () => {
  // Day trades on the three previous business days (Mon 1, Fri 29, Thu 28 Dec), then a buy of AAPL this morning.
  const history = () => {
    const memory = new GateMemory();
    for (const d of [1, 4, 5]) for (const f of [fill('buy', 10, T0 - d * DAY, 'MSFT'), fill('sell', 10, T0 - d * DAY + 1, 'MSFT')]) memory.recordFill(f, 'single');
    memory.recordFill(fill('buy', 10, T0), 'entry');
    return memory;
  };
  const now = epochMs(T0 + 60_000);
  const sell = makeRequest({ side: 'sell', quantity: quantity(10) });
  const held = { AAPL: { quantity: 10, avgPrice: 100 } };

  it('refuses the 4th day trade in a margin account under $25,000', () => {
    const context = makeContext({ now, cash: 23_999, held });
    expect(reasonOf(runRule(patternDayTraderRule, sell, context, {}, { memory: history() }))).toBe(
      'pattern-day-trader: this sell would close a position in AAPL opened today: day trade #4 in 5 business days for a margin account with equity $24,999 under $25,000 (FINRA 4210); hold it overnight or exit with a reduce-only order',
    );
  });

  it('allows it at $25,000 equity, in a cash account, or with only 2 earlier day trades', () => {
    expect(runRule(patternDayTraderRule, sell, makeContext({ now, cash: 24_000, held }), {}, { memory: history() })).toEqual({ ok: true });
    expect(runRule(patternDayTraderRule, sell, makeContext({ now, cash: 10_000, held }), { accountType: 'cash', marginMultiplier: 1 }, { memory: history() })).toEqual({ ok: true });
    const two = new GateMemory();
    for (const d of [1, 4]) for (const f of [fill('buy', 10, T0 - d * DAY, 'MSFT'), fill('sell', 10, T0 - d * DAY + 1, 'MSFT')]) two.recordFill(f, 'single');
    two.recordFill(fill('buy', 10, T0), 'entry');
    expect(runRule(patternDayTraderRule, sell, makeContext({ now, cash: 10_000, held }), {}, { memory: two })).toEqual({ ok: true });
  });

  it('allows an order that would not close a same-day opening', () => {
    expect(runRule(patternDayTraderRule, makeRequest({ symbol: 'MSFT' }), makeContext({ now, cash: 10_000, held }), {}, { memory: history() })).toEqual({ ok: true });
  });
});
