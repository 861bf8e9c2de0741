import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../market/units.js';
import type { Order } from '../order.js';
import { ocoGroupOf, planBracket } from './bracket-plan.js';
import { makeOrder } from './testing/order-fixtures.js';

const now = epochMs(5_000);
const entry = makeOrder({ clientOrderId: 'e', leg: 'entry', quantity: quantity(10), filledQuantity: quantity(10), status: 'filled', bracket: { stopLoss: price(90), takeProfit: price(120) } });
const exit = (leg: 'stop_loss' | 'take_profit', n: number, fields: Partial<Order> = {}): Order =>
  makeOrder({ clientOrderId: `e.${leg === 'stop_loss' ? 'sl' : 'tp'}.${n}`, leg, side: 'sell', parentId: 'e', quantity: quantity(10), status: 'accepted', ...fields });

describe('planBracket', () => {
  it('makes both exits of a filled entry, stop then target, with their fields in a fixed order', () => {
    const plan = planBracket(entry, [], now);
    expect(plan.cancel).toEqual([]);
    expect(plan.openQuantity).toBe(10);
    const [stop, target] = plan.submit;
    expect(stop).toEqual({
      clientOrderId: 'e.sl.1', symbol: 'AAA', side: 'sell', type: 'stop', stopPrice: 90, quantity: 10, timeInForce: 'gtc', reduceOnly: true, origin: { kind: 'manual' },
      status: 'new', leg: 'stop_loss', parentId: 'e', ocoGroup: ocoGroupOf('e'), filledQuantity: 0, createdAt: now, updatedAt: now,
    });
    expect(Object.keys(stop ?? {})).toEqual(['clientOrderId', 'symbol', 'side', 'type', 'stopPrice', 'quantity', 'timeInForce', 'reduceOnly', 'origin', 'status', 'leg', 'parentId', 'ocoGroup', 'filledQuantity', 'createdAt', 'updatedAt']);
    expect(target).toMatchObject({ clientOrderId: 'e.tp.1', type: 'limit', limitPrice: 120, leg: 'take_profit' });
    expect(Object.keys(target ?? {})).toEqual(Object.keys(stop ?? {}).map((k) => (k === 'stopPrice' ? 'limitPrice' : k)));
  });

  it('cancels working exits of the wrong size, stops first, and sends the next generation only for a leg with none working', () => {
    const exits = [
      exit('stop_loss', 1, { status: 'cancelled' }),
      exit('take_profit', 1, { filledQuantity: quantity(4), status: 'partially_filled' }),
      exit('stop_loss', 2),
    ];
    expect(planBracket(entry, exits, now)).toMatchObject({ openQuantity: 6, cancel: [exits[2]], submit: [] });
    // Two shares sold outside the bracket: both working exits are now too big.
    const plan = planBracket(entry, exits, now, 2);
    expect(plan.openQuantity).toBe(4);
    expect(plan.cancel.map((o) => o.clientOrderId)).toEqual(['e.sl.2', 'e.tp.1']);
    expect(plan.submit).toEqual([]);
    const afterCancels = planBracket(entry, [exits[0] as Order, { ...(exits[1] as Order), status: 'cancelled' }, { ...(exits[2] as Order), status: 'cancelled' }], now, 2);
    expect(afterCancels.submit.map((o) => [o.clientOrderId, o.quantity])).toEqual([['e.sl.3', 4], ['e.tp.2', 4]]);
  });

  it('does not re-send a leg whose last exit was rejected, nor anything once the position is closed', () => {
    expect(planBracket(entry, [exit('stop_loss', 1, { status: 'rejected' })], now).submit.map((o) => o.leg)).toEqual(['take_profit']);
    expect(planBracket(entry, [exit('stop_loss', 1, { status: 'filled', filledQuantity: quantity(10) })], now)).toEqual({ cancel: [], submit: [], openQuantity: 0 });
    expect(planBracket(makeOrder(), [], now)).toEqual({ cancel: [], submit: [], openQuantity: 0 });
  });
});
