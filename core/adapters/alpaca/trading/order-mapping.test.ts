import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../../market/units.js';
import { makeOrder } from '../../../trading/orders/testing/order-fixtures.js';
import { ocoRequestBody, pairExits, stopLegIdOf } from './oco-exits.js';
import { brokerClientId } from './client-order-ids.js';
import { brokerOrderState, brokerPosition, checkClientOrderId, deskStatus, orderRequestBody, reportFromTradeUpdate, tickPrice } from './order-mapping.js';
import { alpacaOrderSchema, alpacaPositionSchema, tradeUpdateSchema } from './trading-messages.js';

const alpacaOrder = (fields: Record<string, unknown> = {}): ReturnType<typeof alpacaOrderSchema.parse> =>
  alpacaOrderSchema.parse({ id: 'a-1', client_order_id: 'c-1', symbol: 'AAPL', side: 'buy', status: 'new', qty: '10', filled_qty: '0', ...fields });

describe('Alpaca order mapping', () => {
  it('prices keep Alpaca ticks: 2 decimals from $1, 4 below; off-tick or non-positive prices are refused, not rounded', () => {
    expect(tickPrice(101.5, 'limit')).toBe('101.50');
    expect(tickPrice(0.1234, 'limit')).toBe('0.1234');
    expect(() => tickPrice(101.005, 'limit')).toThrow(/off Alpaca's tick/);
    expect(() => tickPrice(0.12345, 'limit')).toThrow(/4 decimals/);
    expect(() => tickPrice(0, 'stop')).toThrow(/positive/);
  });

  it('a desk order becomes a POST body with our client order id; ids over 48 characters go shortened to 48, never refused', () => {
    const body = orderRequestBody(makeOrder({ clientOrderId: 'x-1', type: 'stop_limit', limitPrice: price(99), stopPrice: price(100), quantity: quantity(2.5) }));
    expect(body).toEqual({ symbol: 'AAA', qty: '2.5', side: 'buy', type: 'stop_limit', time_in_force: 'gtc', client_order_id: 'x-1', limit_price: '99.00', stop_price: '100.00' });
    const long = orderRequestBody(makeOrder({ clientOrderId: 'x'.repeat(49) }))['client_order_id'];
    expect(long).toBe(brokerClientId('x'.repeat(49)));
    expect(String(long)).toHaveLength(48);
    expect(() => checkClientOrderId('x'.repeat(49))).toThrow(/longer than 48/);
  });

  it('statuses: Alpaca working states read as accepted (partially filled when a quantity filled), replaced as cancelled', () => {
    expect(deskStatus('held')).toBe('accepted');
    expect(deskStatus('replaced')).toBe('cancelled');
    expect(deskStatus('something_new')).toBe('accepted');
    expect(brokerOrderState(alpacaOrder({ status: 'new', filled_qty: '3', filled_avg_price: '101.25' }))).toEqual({
      clientOrderId: 'c-1', status: 'partially_filled', filledQuantity: 3, avgFillPrice: 101.25,
    });
    expect(brokerOrderState(alpacaOrder({ status: 'canceled', filled_qty: null }))).toEqual({ clientOrderId: 'c-1', status: 'cancelled', filledQuantity: 0 });
  });

  it('positions are signed: a short given as a positive quantity with side short reads negative', () => {
    expect(brokerPosition(alpacaPositionSchema.parse({ symbol: 'AAPL', qty: '5', side: 'short', avg_entry_price: '10' })).quantity).toBe(-5);
    expect(brokerPosition(alpacaPositionSchema.parse({ symbol: 'AAPL', qty: '-5', side: 'short', avg_entry_price: '10' })).quantity).toBe(-5);
    expect(alpacaPositionSchema.safeParse({ symbol: 'AAPL', qty: 'lots', avg_entry_price: '10' }).success).toBe(false);
  });

  it('trade updates: a fill is keyed by Alpaca order id and cumulative quantity; status events map; unknown events change nothing', () => {
    const now = epochMs(5);
    const fill = tradeUpdateSchema.parse({
      event: 'partial_fill', execution_id: 'e-9', timestamp: '2024-03-04T15:00:00.123456789Z', price: '100.5', qty: '4',
      order: { id: 'a-1', client_order_id: 'c-1', symbol: 'AAPL', side: 'buy', status: 'partially_filled', qty: '10', filled_qty: '4' },
    });
    expect(reportFromTradeUpdate(fill, now)).toEqual({
      kind: 'fill', clientOrderId: 'c-1', time: Date.UTC(2024, 2, 4, 15, 0, 0, 123),
      fill: { id: 'a-1:4', clientOrderId: 'c-1', symbol: 'AAPL', side: 'buy', quantity: 4, price: 100.5, commission: 0, time: Date.UTC(2024, 2, 4, 15, 0, 0, 123) },
    });
    const event = (name: string, extra: Record<string, unknown> = {}): ReturnType<typeof tradeUpdateSchema.parse> =>
      tradeUpdateSchema.parse({ event: name, order: { id: 'a-1', client_order_id: 'c-1', symbol: 'AAPL', side: 'buy', status: name }, ...extra });
    expect(reportFromTradeUpdate(event('new'), now)).toMatchObject({ kind: 'accepted', brokerOrderId: 'a-1', time: 5 });
    expect(reportFromTradeUpdate(event('canceled', { timestamp: 'not a time' }), now)).toMatchObject({ kind: 'cancelled', time: 5 });
    expect(reportFromTradeUpdate(event('expired'), now)).toMatchObject({ kind: 'expired' });
    expect(reportFromTradeUpdate(event('rejected'), now)).toMatchObject({ kind: 'rejected' });
    expect(reportFromTradeUpdate(event('done_for_day'), now)).toBeUndefined();
    // A fill without its price, quantity or cumulative quantity cannot be journalled.
    expect(reportFromTradeUpdate(event('fill', { qty: '1' }), now)).toBeUndefined();
  });
});

describe('OCO exits', () => {
  const exit = (leg: 'stop_loss' | 'take_profit', extra: Parameters<typeof makeOrder>[0] = {}): ReturnType<typeof makeOrder> =>
    makeOrder({
      clientOrderId: leg === 'stop_loss' ? 'e.sl.1' : 'e.tp.1', leg, side: 'sell', type: leg === 'stop_loss' ? 'stop' : 'limit',
      ...(leg === 'stop_loss' ? { stopPrice: price(95) } : { limitPrice: price(110) }), ocoGroup: 'e.oco', ...extra,
    });

  it('pairs a stop and a target of the same size and generation into one OCO body', () => {
    const pair = pairExits([exit('stop_loss'), exit('take_profit')]);
    expect(pair?.takeProfit.clientOrderId).toBe('e.tp.1');
    expect(pair === undefined ? undefined : ocoRequestBody(pair)).toEqual({
      symbol: 'AAA', qty: '10', side: 'sell', type: 'limit', time_in_force: 'gtc', order_class: 'oco', client_order_id: 'e.tp.1',
      take_profit: { limit_price: '110.00' }, stop_loss: { stop_price: '95.00' },
    });
    expect(stopLegIdOf('entry-7.tp.3')).toBe('entry-7.sl.3');
    expect(stopLegIdOf('entry-7')).toBeUndefined();
  });

  it('does not pair a lone exit, other sizes, or generations whose names do not match', () => {
    expect(pairExits([exit('stop_loss')])).toBeUndefined();
    expect(pairExits([exit('stop_loss', { quantity: quantity(4) }), exit('take_profit')])).toBeUndefined();
    expect(pairExits([exit('stop_loss', { clientOrderId: 'e.sl.2' }), exit('take_profit')])).toBeUndefined();
  });
});
