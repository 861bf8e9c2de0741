import { afterEach, describe, expect, it } from 'vitest';
import { quantity } from '../../core/market/units.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { aaplBuy, blindLookupFetch, startTradingHarness, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

describe('Alpaca broker: a submit whose answer is lost (replica faults F.10)', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('answer lost after the order was created: looked up by client order id, accepted, one order at the replica', async () => {
    harness = await startTradingHarness();
    const desk = harness.startDesk({ startStream: false });
    harness.trading.rest.loseSubmitResponses = 1;
    expect(desk.manager.submit(aaplBuy('lost-1')).ok).toBe(true);
    await desk.broker.idle();
    expect(harness.trading.orders().map((o) => o.client_order_id)).toEqual(['lost-1']);
    expect(harness.trading.submissions()).toBe(1);
    expect(desk.broker.counters).toMatchObject({ posts: 1, lookups: 1, foundAfterLostResponse: 1, rejected: 0 });
    const order = desk.manager.order('lost-1');
    expect(order?.status).toBe('accepted');
    expect(order?.brokerOrderId).toBe(harness.trading.orderByClientId('lost-1')?.id);
  });

  it('504 before anything was created, twice: each time the lookup finds nothing and the order is sent again, one order in the end', async () => {
    harness = await startTradingHarness();
    const desk = harness.startDesk({ startStream: false });
    harness.trading.rest.gatewayTimeouts = 2;
    desk.manager.submit(aaplBuy('gw-1'));
    await desk.broker.idle();
    expect(harness.trading.orders()).toHaveLength(1);
    expect(harness.trading.submissions()).toBe(3);
    expect(desk.broker.counters).toMatchObject({ posts: 3, lookups: 2, foundAfterLostResponse: 0 });
    expect(desk.manager.order('gw-1')?.status).toBe('accepted');
  });

  it('answer lost and the lookup lost too: the re-send meets "client_order_id must be unique", the lookup after it finds the one order', async () => {
    harness = await startTradingHarness();
    let lookups = 0;
    const desk = harness.startDesk({
      startStream: false,
      // The first lookup fails, later ones go through.
      fetch: (url, init) => (url.includes('by_client_order_id') && ++lookups === 1 ? Promise.reject(new Error('lookup lost')) : fetch(url, init)),
    });
    harness.trading.rest.loseSubmitResponses = 1;
    desk.manager.submit(aaplBuy('dup-1'));
    await desk.broker.idle();
    expect(harness.trading.orders()).toHaveLength(1);
    expect(harness.trading.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([0, 422]);
    expect(desk.manager.order('dup-1')?.status).toBe('accepted');
  });

  it('the desk dies before it learns the answer: at restart the reconciliation finds the order, nothing is sent again', async () => {
    harness = await startTradingHarness();
    const first = harness.startDesk({ startStream: false, fetch: blindLookupFetch, maxSubmitAttempts: 1 });
    harness.trading.rest.loseSubmitResponses = 1;
    first.manager.submit(aaplBuy('crash-1'));
    await first.broker.idle();
    expect(first.broker.counters.unresolvedSubmits).toBe(1);
    expect(first.manager.order('crash-1')?.status).toBe('new');
    first.close();

    const second = harness.startDesk();
    await pollUntil(() => second.reconciler.runs >= 1, 'the restart reconciliation');
    await second.reconciler.settled();
    expect(second.reconciler.last?.resent).toEqual([]);
    expect(second.manager.order('crash-1')?.status).toBe('accepted');
    expect(harness.trading.orders()).toHaveLength(1);
    expect(harness.trading.submissions()).toBe(1);
  });

  it('50 orders, every answer lost: 50 orders at the replica, one per client order id, every one accepted in the journal', async () => {
    harness = await startTradingHarness();
    const desk = harness.startDesk({ startStream: false });
    harness.trading.rest.loseSubmitResponses = 50;
    for (let i = 0; i < 50; i++) desk.manager.submit(aaplBuy(`many-${i}`, { quantity: quantity(i + 1) }));
    await desk.broker.idle();
    const ids = harness.trading.orders().map((o) => o.client_order_id);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect(harness.trading.submissions()).toBe(50);
    expect(desk.manager.openOrders().filter((o) => o.status === 'accepted')).toHaveLength(50);
  });
});
