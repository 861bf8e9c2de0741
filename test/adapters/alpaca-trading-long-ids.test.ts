import { afterEach, describe, expect, it } from 'vitest';
import { brokerClientId } from '../../core/adapters/alpaca/trading/client-order-ids.js';
import { price } from '../../core/market/units.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { aaplBuy, blindLookupFetch, startTradingHarness, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

/** A model-driven proposal's id: 57 characters, over Alpaca's 48. */
const MODEL_ID = 'proposal:v1-b3948c0e3507:AAPL:1763949600000:breakout-01-a';

describe('Alpaca broker: desk client order ids over 48 characters go under a deterministic 48-character id', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('a 57-character id trades: one order at the replica under the short id, its fills land on the desk id', async () => {
    expect(MODEL_ID).toHaveLength(57);
    harness = await startTradingHarness();
    const desk = harness.startDesk();
    await pollUntil(() => desk.reconciler.runs >= 1, 'the first stream session');
    expect(desk.manager.submit(aaplBuy(MODEL_ID)).ok).toBe(true);
    await desk.broker.idle();
    const short = brokerClientId(MODEL_ID);
    expect(harness.trading.orders().map((o) => o.client_order_id)).toEqual([short]);
    expect(desk.manager.order(MODEL_ID)?.status).toBe('accepted');
    expect(desk.manager.order(MODEL_ID)?.brokerOrderId).toBe(harness.trading.orderByClientId(short)?.id);
    harness.trading.fill(short, 4, 190);
    harness.trading.fill(short, 6, 190.5);
    await pollUntil(() => desk.manager.order(MODEL_ID)?.status === 'filled', 'both fills on the desk id');
    expect(desk.manager.ledger.fills().map((f) => [f.clientOrderId, f.quantity])).toEqual([[MODEL_ID, 4], [MODEL_ID, 6]]);
    expect(desk.broker.counters.rejected).toBe(0);
  });

  it('answer lost: the lookup asks for the short id, finds the order, exactly one order at the replica', async () => {
    harness = await startTradingHarness();
    const desk = harness.startDesk({ startStream: false });
    harness.trading.rest.loseSubmitResponses = 1;
    desk.manager.submit(aaplBuy(MODEL_ID));
    await desk.broker.idle();
    expect(harness.trading.orders().map((o) => o.client_order_id)).toEqual([brokerClientId(MODEL_ID)]);
    expect(harness.trading.submissions()).toBe(1);
    expect(desk.broker.counters).toMatchObject({ posts: 1, lookups: 1, foundAfterLostResponse: 1, rejected: 0 });
    expect(desk.manager.order(MODEL_ID)?.status).toBe('accepted');
  });

  it('answer and lookup lost: the re-send under the same short id meets "must be unique", still one order', async () => {
    harness = await startTradingHarness();
    let lookups = 0;
    const desk = harness.startDesk({
      startStream: false,
      fetch: (url, init) => (url.includes('by_client_order_id') && ++lookups === 1 ? Promise.reject(new Error('lookup lost')) : fetch(url, init)),
    });
    harness.trading.rest.loseSubmitResponses = 1;
    desk.manager.submit(aaplBuy(MODEL_ID));
    await desk.broker.idle();
    expect(harness.trading.orders()).toHaveLength(1);
    expect(harness.trading.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([0, 422]);
    expect(desk.manager.order(MODEL_ID)?.status).toBe('accepted');
  });

  it('the desk dies before the answer: after a restart (same SQLite file) the reconciliation finds the order under the recomputed id, sends nothing, and its fills reach the desk id', async () => {
    harness = await startTradingHarness();
    const first = harness.startDesk({ startStream: false, fetch: blindLookupFetch, maxSubmitAttempts: 1 });
    harness.trading.rest.loseSubmitResponses = 1;
    first.manager.submit(aaplBuy(MODEL_ID));
    await first.broker.idle();
    expect(first.manager.order(MODEL_ID)?.status).toBe('new');
    first.close();

    const second = harness.startDesk();
    await pollUntil(() => second.reconciler.runs >= 1, 'the restart reconciliation');
    await second.reconciler.settled();
    expect(second.reconciler.last?.resent).toEqual([]);
    expect(second.reconciler.last?.cancelled).toEqual([]);
    expect(second.manager.order(MODEL_ID)?.status).toBe('accepted');
    expect(harness.trading.orders()).toHaveLength(1);
    expect(harness.trading.submissions()).toBe(1);

    harness.trading.fill(brokerClientId(MODEL_ID), 10, 191);
    await pollUntil(() => second.manager.order(MODEL_ID)?.status === 'filled', 'the fill after the restart');
    expect(second.manager.ledger.fills().map((f) => f.clientOrderId)).toEqual([MODEL_ID]);
  });

  it('a bracket on a 57-character entry: its exits go as one OCO under the short target id, the stop leg maps back, and after a restart both exits are still working', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk();
    desk.market.prices.set('AAPL', 100);
    await pollUntil(() => desk.reconciler.runs >= 1, 'the first stream session');
    desk.manager.submit({ ...aaplBuy(MODEL_ID), bracket: { stopLoss: price(95), takeProfit: price(110) } });
    await desk.broker.idle();
    trading.fill(brokerClientId(MODEL_ID), 10, 100);
    const [tp, sl] = [`${MODEL_ID}.tp.1`, `${MODEL_ID}.sl.1`];
    await pollUntil(() => desk.manager.order(tp)?.status === 'accepted' && desk.manager.order(sl)?.status === 'accepted', 'both exits accepted');
    expect(trading.orderByClientId(brokerClientId(tp))).toMatchObject({ order_class: 'oco', limit_price: '110.00' });
    const stopLeg = trading.stopLegOf(brokerClientId(tp));
    expect(desk.manager.order(sl)?.brokerOrderId).toBe(stopLeg?.id);
    desk.close();

    const second = harness.startDesk();
    second.market.prices.set('AAPL', 100);
    await pollUntil(() => second.reconciler.runs >= 1, 'the restart reconciliation');
    await second.reconciler.settled();
    expect(second.reconciler.last?.cancelled).toEqual([]);
    expect([second.manager.order(tp)?.status, second.manager.order(sl)?.status]).toEqual(['accepted', 'accepted']);
    trading.fill(stopLeg?.client_order_id ?? '', 10, 94.9);
    await pollUntil(() => second.manager.order(sl)?.status === 'filled' && second.manager.order(tp)?.status === 'cancelled', 'the stop leg fill after the restart');
    expect(trading.submissions()).toBe(2);
  });

  it('a fill missed while the desk was down comes back by catch-up on the desk id, one journal row', async () => {
    harness = await startTradingHarness();
    const first = harness.startDesk({ startStream: false });
    first.manager.submit(aaplBuy(MODEL_ID));
    await first.broker.idle();
    first.close();
    harness.trading.fill(brokerClientId(MODEL_ID), 10, 192);

    const second = harness.startDesk({ startStream: false });
    expect(await second.broker.catchUpFills()).toBe(1);
    await second.manager.recover();
    expect(second.manager.order(MODEL_ID)?.status).toBe('filled');
    expect(second.manager.ledger.fills()).toHaveLength(1);
  });
});
