import { afterEach, describe, expect, it } from 'vitest';
import { quantity } from '../../core/market/units.js';
import type { OrderStatus } from '../../core/trading/order.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { ledgerPositions, startTradingHarness, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

const RANK: Record<OrderStatus, number> = { new: 0, accepted: 1, partially_filled: 2, filled: 3, cancelled: 3, rejected: 3, expired: 3 };

describe('Alpaca broker: duplicated and reordered trade_updates (replica event faults)', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('40 orders, 120 executions, 30% of events sent twice and 30% held behind the next: one ledger row per execution, journal equals the replica', async () => {
    harness = await startTradingHarness({ eventFaults: { duplicate: 0.3, reorder: 0.3, seed: 5 } });
    const { trading } = harness;
    const desk = harness.startDesk();
    await pollUntil(() => desk.broker.streamState().phase === 'streaming', 'the trade_updates stream');
    const random = seededUniform(9);
    const symbols = ['AAPL', 'MSFT', 'NVDA'];
    for (let i = 0; i < 40; i++) {
      const symbol = symbols[i % symbols.length] ?? 'AAPL';
      desk.manager.submit({
        clientOrderId: `fill-${i}`, symbol, side: i % 4 === 3 ? 'sell' : 'buy', type: 'market',
        quantity: quantity(30), timeInForce: 'day', origin: { kind: 'manual' },
      });
    }
    await desk.broker.idle();
    for (let i = 0; i < 40; i++) {
      // Three executions per order, of random sizes summing to 30, at random prices.
      const a = 1 + Math.floor(random() * 14);
      const b = 1 + Math.floor(random() * (28 - a));
      for (const qty of [a, b, 30 - a - b]) trading.fill(`fill-${i}`, qty, Math.round((100 + random() * 10) * 100) / 100);
    }
    trading.flushHeld();
    await pollUntil(() => desk.manager.ledger.fills().length >= trading.executions.length && desk.manager.openOrders().length === 0, 'every execution in the journal');

    expect(trading.executions).toHaveLength(120);
    expect(trading.duplicated).toBeGreaterThan(20);
    expect(trading.reordered).toBeGreaterThan(20);
    const fills = desk.manager.ledger.fills();
    // One row per execution: as many rows as executions, no fill id twice (the table's key would refuse it anyway).
    expect(fills).toHaveLength(120);
    expect(new Set(fills.map((f) => f.id)).size).toBe(120);
    const rows = desk.db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT fill_id) AS d FROM fills').get() as { n: number; d: number };
    expect(rows).toEqual({ n: 120, d: 120 });
    expect(ledgerPositions(fills)).toEqual(trading.positions());
    for (const truth of trading.orders()) {
      const order = desk.manager.order(truth.client_order_id);
      expect(order?.status).toBe('filled');
      expect(order?.filledQuantity).toBe(30);
      expect(order?.avgFillPrice).toBeCloseTo(Number(truth.filled_avg_price), 9);
      // The state machine never stepped back, whatever order the events came in.
      const ranks = desk.manager.ledger.events(truth.client_order_id).map((e) => RANK[e.status]);
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    }
  });

  it('every event delivered twice: each fill writes one row and moves the order once', async () => {
    harness = await startTradingHarness({ eventFaults: { duplicate: 1, seed: 3 } });
    const desk = harness.startDesk();
    await pollUntil(() => desk.broker.streamState().phase === 'streaming', 'the trade_updates stream');
    desk.manager.submit({ clientOrderId: 'once', symbol: 'AAPL', side: 'buy', type: 'market', quantity: quantity(10), timeInForce: 'day', origin: { kind: 'manual' } });
    await desk.broker.idle();
    harness.trading.fill('once', 4, 100);
    harness.trading.fill('once', 6, 101);
    await pollUntil(() => desk.manager.order('once')?.status === 'filled', 'the order to fill');
    expect(desk.manager.ledger.fillsOf('once').map((f) => [f.quantity, f.price])).toEqual([[4, 100], [6, 101]]);
    expect(desk.manager.order('once')?.avgFillPrice).toBeCloseTo(100.6, 9);
  });
});
