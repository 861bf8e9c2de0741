import { afterEach, describe, expect, it } from 'vitest';
import { reconcileOnce } from '../../core/adapters/alpaca/trading/reconcile-on-resume.js';
import { quantity } from '../../core/market/units.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import type { OrderRequest } from '../../core/trading/order.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { startTradingHarness, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

const buy = (clientOrderId: string): OrderRequest => ({
  clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', quantity: quantity(10), timeInForce: 'day', origin: { kind: 'manual' },
});

describe('Alpaca broker: an order still on its way to Alpaca when a reconciliation reads the orders list', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  // A POST waiting out a 429 (or a 5xx backoff) is not in any list yet; the recovery must not take it for one the
  // crash kept from being sent (re-send it, then reject it at the next recovery while Alpaca goes on to accept it).
  it('is neither re-sent nor rejected by two recoveries while its POST waits out a 429, and is journalled as Alpaca holds it once the POST gets through', async () => {
    harness = await startTradingHarness();
    const { trading } = harness;
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock, startStream: false });
    trading.rest.rateLimited = 1;
    desk.manager.submit(buy('slow-a'));
    await pollUntil(() => desk.broker.counters.rateLimited === 1, 'the first POST to be answered 429');

    const first = await reconcileOnce(desk.broker, () => desk.manager.recover());
    const second = await reconcileOnce(desk.broker, () => desk.manager.recover());
    expect([first.report?.resent, first.report?.rejected, first.report?.cancelled]).toEqual([[], [], []]);
    expect([second.report?.resent, second.report?.rejected, second.report?.cancelled]).toEqual([[], [], []]);

    clock.advanceBy(60_000);
    await pollUntil(() => trading.orders().length === 1 && desk.manager.order('slow-a')?.status === 'accepted', 'the order to reach Alpaca and the journal');
    await desk.broker.idle();
    expect(trading.orders().map((o) => o.client_order_id)).toEqual(['slow-a']);
    expect(desk.manager.order('slow-a')?.status).toBe('accepted');
    expect(desk.manager.ledger.events('slow-a').map((e) => e.kind)).not.toContain('resent');
  });
});
