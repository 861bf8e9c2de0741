import { afterEach, describe, expect, it } from 'vitest';
import { price, quantity } from '../../core/market/units.js';
import type { OrderRequest } from '../../core/trading/order.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { ledgerPositions, startTradingHarness, type TradingDeskUnderTest, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';
import type { TradingPart } from '../support/alpaca-replica/trading-part.js';

const order = (clientOrderId: string, symbol: string, qty: number, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId, symbol, side: 'buy', type: 'market', quantity: quantity(qty), timeInForce: 'day', origin: { kind: 'manual' }, ...extra,
});

/** The journal agrees with the account: every order's status, filled quantity and average, and the positions. */
function expectJournalEqualsReplica(desk: TradingDeskUnderTest, trading: TradingPart): void {
  const status = { accepted: 'accepted', new: 'accepted', partially_filled: 'partially_filled', filled: 'filled', canceled: 'cancelled' } as const;
  for (const truth of trading.orders()) {
    const journalled = desk.manager.order(truth.client_order_id);
    expect(journalled?.status, truth.client_order_id).toBe(status[truth.status as keyof typeof status]);
    expect(journalled?.filledQuantity, truth.client_order_id).toBeCloseTo(Number(truth.filled_qty), 9);
    if (truth.filled_avg_price !== null) expect(journalled?.avgFillPrice, truth.client_order_id).toBeCloseTo(Number(truth.filled_avg_price), 9);
  }
  expect(ledgerPositions(desk.manager.ledger.fills())).toEqual(trading.positions());
}

/** One journal row per execution at the replica, keyed as the stream keys it (Alpaca order id + cumulative quantity). */
function expectOneRowPerExecution(desk: TradingDeskUnderTest, trading: TradingPart): void {
  const journal = desk.manager.ledger.fills().map((f) => f.id).sort();
  expect(journal).toEqual(trading.activities.map((a) => `${a.order_id}:${a.cum_qty}`).sort());
  expect(journal).toHaveLength(trading.executions.length);
}

describe('Alpaca broker: reconciliation after a stream gap and at restart', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('events lost while the socket died: the next session reconciles, journal and positions equal the replica; the lost events arriving late change nothing', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk({ stream: { backoffBaseMs: 50 } });
    await pollUntil(() => desk.reconciler.runs === 1, 'the first session and its reconciliation');
    desk.manager.submit(order('gap-a', 'AAPL', 50));
    desk.manager.submit(order('gap-b', 'MSFT', 20, { type: 'limit', limitPrice: price(300) }));
    desk.manager.submit(order('gap-c', 'NVDA', 10));
    desk.manager.submit(order('gap-d', 'AAPL', 40));
    await desk.broker.idle();
    trading.fill('gap-a', 20, 190);
    await pollUntil(() => desk.manager.order('gap-a')?.filledQuantity === 20, 'the first fill on the stream');

    // The gap: nothing reaches the desk while the account moves on, then the socket dies.
    trading.swallowEvents = true;
    trading.fill('gap-a', 30, 191.5);
    trading.cancelAtBroker('gap-b');
    trading.fill('gap-c', 10, 120.25);
    trading.fill('gap-d', 15, 189);
    trading.dropAll();
    trading.swallowEvents = false;
    expect(desk.manager.order('gap-a')?.filledQuantity).toBe(20);

    await pollUntil(() => desk.reconciler.runs >= 2, 'the reconciliation of the next session');
    await desk.reconciler.settled();
    expect(desk.reconciler.lastError).toBeUndefined();
    expect(desk.reconciler.last?.positionMismatches).toEqual([]);
    // The catch-up brought every missed execution first, so the recovery itself only had the cancel left to apply.
    expect(desk.reconciler.last?.reconciled).toEqual(['gap-b']);
    expectJournalEqualsReplica(desk, trading);
    expectOneRowPerExecution(desk, trading);
    expect(desk.broker.counters.caughtUpFills).toBeGreaterThanOrEqual(3);
    expect(trading.maxOpenSockets).toBe(1);

    // The swallowed events turn up after all: their quantities were already reconciled, so they are dropped.
    const rowsBefore = desk.manager.ledger.fills().length;
    expect(trading.releaseSwallowed()).toBe(4);
    await pollUntil(() => desk.broker.counters.staleFills === 3, 'the late fills to be seen');
    expect(desk.manager.ledger.fills()).toHaveLength(rowsBefore);
    expectJournalEqualsReplica(desk, trading);

    // And the stream goes on normally after the gap.
    trading.fill('gap-d', 25, 189.5);
    await pollUntil(() => desk.manager.order('gap-d')?.status === 'filled', 'a fill after the gap');
    expectJournalEqualsReplica(desk, trading);
  });

  it('a reconnect reads the orders list once: the fill catch-up and the recovery share one GET /v2/orders, and the journal still equals the replica', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk({ stream: { backoffBaseMs: 50 } });
    await pollUntil(() => desk.reconciler.runs === 1, 'the first session and its reconciliation');
    await desk.reconciler.settled();
    const listsOfOrders = (): number => trading.requests.filter((r) => r.method === 'GET' && r.path === '/v2/orders').length;
    expect(listsOfOrders()).toBe(1);
    desk.manager.submit(order('once-a', 'AAPL', 10));
    desk.manager.submit(order('once-b', 'MSFT', 5, { type: 'limit', limitPrice: price(300) }));
    await desk.broker.idle();
    trading.swallowEvents = true;
    trading.fill('once-a', 10, 190);
    trading.cancelAtBroker('once-b');
    trading.dropAll();
    trading.swallowEvents = false;

    await pollUntil(() => desk.reconciler.runs === 2, 'the reconciliation of the next session');
    await desk.reconciler.settled();
    expect(listsOfOrders()).toBe(2);
    expect(desk.reconciler.lastError).toBeUndefined();
    expect(desk.reconciler.last?.reconciled).toEqual(['once-b']);
    expectJournalEqualsReplica(desk, trading);
    expectOneRowPerExecution(desk, trading);
  });

  it('restart: fills and a cancel while the desk was down are brought in by the new process over the same SQLite file', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const first = harness.startDesk();
    await pollUntil(() => first.reconciler.runs === 1, 'the first session');
    first.manager.submit(order('r-a', 'AAPL', 10));
    first.manager.submit(order('r-b', 'MSFT', 5, { side: 'sell' }));
    first.manager.submit(order('r-c', 'NVDA', 7));
    await first.broker.idle();
    trading.fill('r-a', 4, 100);
    await pollUntil(() => first.manager.order('r-a')?.filledQuantity === 4, 'the fill before the restart');
    first.close();

    trading.fill('r-a', 6, 101);
    trading.fill('r-b', 5, 250);
    trading.cancelAtBroker('r-c');

    const second = harness.startDesk();
    await pollUntil(() => second.reconciler.runs >= 1, 'the restart reconciliation');
    await second.reconciler.settled();
    expect(second.reconciler.last?.positionMismatches).toEqual([]);
    expectJournalEqualsReplica(second, trading);
    expectOneRowPerExecution(second, trading);
    expect(trading.positions()).toEqual(new Map([['AAPL', 10], ['MSFT', -5]]));
  });

  it('fill activities unavailable (500): the recovery still brings the missed quantity in, as one fill per order, and says the catch-up failed', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk({ stream: { backoffBaseMs: 50 } });
    await pollUntil(() => desk.reconciler.runs === 1, 'the first session');
    desk.manager.submit(order('fb-a', 'AAPL', 10));
    await desk.broker.idle();
    trading.swallowEvents = true;
    trading.fill('fb-a', 4, 100);
    trading.fill('fb-a', 6, 102);
    trading.failActivities = true;
    trading.dropAll();
    trading.swallowEvents = false;
    await pollUntil(() => desk.reconciler.runs >= 2, 'the reconciliation of the next session');
    await desk.reconciler.settled();
    expect(desk.reconciler.lastError).toMatch(/fill catch-up failed: list fill activities: Alpaca answered 500/);
    expectJournalEqualsReplica(desk, trading);
    expect(desk.manager.ledger.fillsOf('fb-a')).toHaveLength(1);
    expect(desk.manager.order('fb-a')?.avgFillPrice).toBeCloseTo(101.2, 9);
  });

  it('a long gap: 120 executions of 40 orders missed, read back over two pages of fill activities, one row each', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk({ stream: { backoffBaseMs: 50 } });
    await pollUntil(() => desk.reconciler.runs === 1, 'the first session');
    for (let i = 0; i < 40; i++) desk.manager.submit(order(`long-${i}`, i % 2 === 0 ? 'AAPL' : 'MSFT', 9));
    await desk.broker.idle();
    trading.swallowEvents = true;
    for (let i = 0; i < 40; i++) for (const [qty, px] of [[2, 100], [3, 101], [4, 102]] as const) trading.fill(`long-${i}`, qty, px + i / 100);
    trading.dropAll();
    trading.swallowEvents = false;
    await pollUntil(() => desk.reconciler.runs >= 2, 'the reconciliation of the next session');
    await desk.reconciler.settled();
    expect(trading.activities).toHaveLength(120);
    expect(trading.activityRequests).toBeGreaterThanOrEqual(3);
    expectOneRowPerExecution(desk, trading);
    expectJournalEqualsReplica(desk, trading);
    expect(desk.reconciler.last?.positionMismatches).toEqual([]);
  });
});
