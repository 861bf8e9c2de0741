import { afterEach, describe, expect, it } from 'vitest';
import { quantity } from '../../core/market/units.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { ledgerPositions, startTradingHarness, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

describe('Alpaca broker: repeated stream drops with fills in between', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('30 forced drops, each with fills the stream lost: one socket at a time, every session reconciled, ledger equals the replica', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const desk = harness.startDesk({ stream: { backoffBaseMs: 5, backoffMaxMs: 20 } });
    await pollUntil(() => desk.reconciler.runs === 1, 'the first session');
    const random = seededUniform(21);
    for (let i = 0; i < 10; i++) {
      desk.manager.submit({ clientOrderId: `drop-${i}`, symbol: i % 2 === 0 ? 'AAPL' : 'MSFT', side: 'buy', type: 'market', quantity: quantity(30), timeInForce: 'day', origin: { kind: 'manual' } });
    }
    await desk.broker.idle();
    const filled = new Map<string, number>();
    for (let drop = 1; drop <= 30; drop++) {
      // One fill the stream delivers, one it loses to the drop.
      for (const lost of [false, true]) {
        const id = `drop-${Math.floor(random() * 10)}`;
        const left = 30 - (filled.get(id) ?? 0);
        if (left === 0) continue;
        const qty = Math.min(left, 1 + Math.floor(random() * 3));
        trading.swallowEvents = lost;
        trading.fill(id, qty, 100 + drop / 100);
        filled.set(id, (filled.get(id) ?? 0) + qty);
      }
      trading.dropAll();
      trading.swallowEvents = false;
      await pollUntil(() => desk.reconciler.runs >= drop + 1, `the reconciliation after drop ${drop}`);
      await desk.reconciler.settled();
    }
    expect(trading.connections).toBe(31);
    expect(trading.maxOpenSockets).toBe(1);
    expect(desk.manager.ledger.fills().map((f) => f.id).sort()).toEqual(trading.activities.map((a) => `${a.order_id}:${a.cum_qty}`).sort());
    expect(ledgerPositions(desk.manager.ledger.fills())).toEqual(trading.positions());
    for (const truth of trading.orders()) expect(desk.manager.order(truth.client_order_id)?.filledQuantity).toBeCloseTo(Number(truth.filled_qty), 9);
  });
});
