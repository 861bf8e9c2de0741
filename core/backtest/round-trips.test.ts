import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../market/units.js';
import type { Fill, Order, OrderLeg } from '../trading/order.js';
import { roundTrips } from './round-trips.js';

let n = 0;
const fill = (clientOrderId: string, side: 'buy' | 'sell', q: number, p: number, time: number): Fill => ({
  id: `f${++n}`, clientOrderId, symbol: 'AAA', side, quantity: quantity(q), price: price(p), commission: 1, time: epochMs(time),
});
const order = (leg: OrderLeg, proposal: boolean): Order =>
  ({ leg, origin: { kind: proposal ? 'proposal' : 'system' }, ...(proposal && leg === 'entry' ? { bracket: { stopLoss: price(8), takeProfit: price(13) } } : {}) }) as Order;
const orders = new Map<string, Order>([['e', order('entry', true)], ['tp', order('take_profit', true)], ['sl', order('stop_loss', true)], ['s1', order('single', false)], ['s2', order('single', false)]]);

describe('round trips from fills', () => {
  it('a bracket trade closed in two exits: P&L net of every commission, exit named by the last leg', () => {
    const trades = roundTrips([fill('e', 'buy', 10, 10, 1), fill('tp', 'sell', 4, 12, 2), fill('sl', 'sell', 6, 9, 3)], (id) => orders.get(id), () => undefined);
    expect(trades).toEqual([{
      symbol: 'AAA', direction: 'long', quantity: 10, entryTime: 1, entryPrice: 10, exitTime: 3, exitPrice: 10.2,
      pnl: -100 - 1 + 48 - 1 + 54 - 1, returnPct: -1, exit: 'stop_loss', breakout: true, entryClientOrderId: 'e',
    }]);
  });

  it('a fill through zero closes the short and opens a long, which is marked at the end', () => {
    const trades = roundTrips([fill('s1', 'sell', 5, 10, 1), fill('s2', 'buy', 8, 11, 2)], (id) => orders.get(id), () => price(12));
    expect(trades).toHaveLength(2);
    // The flip's commission is split by quantity: 5/8 to the closing short, 3/8 to the new long.
    expect(trades[0]).toMatchObject({ direction: 'short', quantity: 5, pnl: expect.closeTo(50 - 1 - 55 - 5 / 8, 9), exit: 'signal', breakout: false });
    expect(trades[1]).toMatchObject({ direction: 'long', quantity: 3, entryPrice: 11, pnl: expect.closeTo(-33 - 3 / 8 + 36, 9), exit: 'open' });
  });
});
