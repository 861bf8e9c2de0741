import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { price, quantity } from '../../market/units.js';
import type { OrderManager } from './order-manager.js';
import { openBracketDesk, type BracketDesk } from './testing/bracket-desk.js';
import type { SpyBroker } from './testing/spy-broker.js';
import { makeRequest } from './testing/order-fixtures.js';

describe('OrderManager.amendBracket and exits after a size cut', () => {
  let desk: BracketDesk;
  let broker: SpyBroker;
  let manager: OrderManager;

  beforeEach(() => {
    desk = openBracketDesk('desk-amend-');
    ({ broker, manager } = desk);
    desk.enterLong('e1', 10, 95, 110);
  });
  afterEach(() => desk.close());

  it('re-makes both exits at the new stop and target once the old ones are cancelled, and journals why', () => {
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 95, takeProfit: 110 });
    expect(manager.amendBracket('AAA', 'buy', { stopLoss: price(98), takeProfit: price(108) }, 'risk model tightened the stop')).toEqual({ ok: true, value: 'e1' });
    expect(manager.order('e1.sl.1')?.status).toBe('cancelled');
    expect(manager.order('e1.sl.2')).toMatchObject({ stopPrice: 98, quantity: 10, reduceOnly: true });
    expect(manager.order('e1.tp.2')).toMatchObject({ limitPrice: 108, quantity: 10 });
    expect(manager.openOrders().map((o) => o.clientOrderId)).toEqual(['e1.sl.2', 'e1.tp.2']);
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 98, takeProfit: 108 });
    expect(manager.ledger.events('e1').find((e) => e.kind === 'bracket-amended')?.detail).toBe('stop 95 → 98, target 110 → 108: risk model tightened the stop');
  });

  it('refuses a symbol without an open bracketed position, the other side, and a stop above the target of a long', () => {
    expect(manager.workingBracket('AAA', 'sell')).toBeUndefined();
    expect(manager.amendBracket('AAA', 'sell', { stopLoss: price(110), takeProfit: price(90) }, 'x')).toEqual({ ok: false, error: 'no open bracketed short position in AAA to amend' });
    expect(manager.amendBracket('BBB', 'buy', { stopLoss: price(1), takeProfit: price(2) }, 'x')).toEqual({ ok: false, error: 'no open bracketed long position in BBB to amend' });
    expect(manager.amendBracket('AAA', 'buy', { stopLoss: price(111), takeProfit: price(108) }, 'x')).toEqual({ ok: false, error: expect.stringContaining('needs its stop below its target') });
    expect(manager.order('e1.sl.1')?.status).not.toBe('cancelled');
  });

  it('shrinks the exits to what is still held after a reduce-only sale outside the bracket, so they cannot flip the position', () => {
    manager.submit(makeRequest({ clientOrderId: 'cut1', side: 'sell', type: 'market', quantity: quantity(4), reduceOnly: true }));
    broker.fill('cut1', 4, 101);
    expect(manager.openOrders().map((o) => [o.clientOrderId, o.quantity])).toEqual([['e1.sl.2', 6], ['e1.tp.2', 6]]);
    // A later amend keeps the reduced size.
    manager.amendBracket('AAA', 'buy', { stopLoss: price(97), takeProfit: price(108) }, 'tighter');
    expect(manager.openOrders().map((o) => [o.clientOrderId, o.quantity, o.stopPrice ?? o.limitPrice])).toEqual([['e1.sl.3', 6, 97], ['e1.tp.3', 6, 108]]);
  });

  it('cancels the exits when a reduce-only sale closes the whole position', () => {
    manager.submit(makeRequest({ clientOrderId: 'cut1', side: 'sell', type: 'market', quantity: quantity(10), reduceOnly: true }));
    broker.fill('cut1', 10, 101);
    expect(manager.openOrders()).toEqual([]);
  });
});
