import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../time/manual-clock.js';
import type { ExecutionReport } from '../../../trading/broker.js';
import { makeOrder } from '../../../trading/orders/testing/order-fixtures.js';
import { seededUniform } from '../../../util/seeded-random.js';
import { ALPACA_LIVE, ALPACA_PAPER, tradeStreamUrl } from '../endpoints.js';
import { AlpacaBroker } from './alpaca-broker.js';

/** A fetch that answers every order with 200 and counts the calls: no network. */
function countingFetch(): { calls: string[]; fetch: (url: string) => Promise<Response> } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (url: string) => {
      calls.push(url);
      return Promise.resolve(new Response(JSON.stringify({ id: 'a-1', client_order_id: 'o1', symbol: 'AAA', side: 'buy', status: 'accepted' }), { status: 200 }));
    },
  };
}

function broker(tradingBase: string, liveArmed?: () => boolean): { broker: AlpacaBroker; calls: string[]; reports: ExecutionReport[] } {
  const { calls, fetch } = countingFetch();
  const b = new AlpacaBroker({
    endpoints: { tradingBase }, credentials: () => ({ keyId: 'k', secretKey: 's' }), clock: new ManualClock(0), random: seededUniform(1), fetch,
    ...(liveArmed === undefined ? {} : { liveArmed }),
  });
  const reports: ExecutionReport[] = [];
  b.onReport((r) => reports.push(r));
  return { broker: b, calls, reports };
}

describe('AlpacaBroker live guard', () => {
  it('an order to the live endpoint is rejected unsent unless live trading is armed for the session', async () => {
    const unarmed = broker(ALPACA_LIVE.tradingBase);
    unarmed.broker.submit(makeOrder());
    await unarmed.broker.idle();
    expect(unarmed.calls).toEqual([]);
    expect(unarmed.reports).toMatchObject([{ kind: 'rejected', clientOrderId: 'o1' }]);
    expect(unarmed.broker.counters.rejected).toBe(1);

    let armed = false;
    const guarded = broker(ALPACA_LIVE.tradingBase, () => armed);
    guarded.broker.submit(makeOrder());
    armed = true;
    guarded.broker.submit(makeOrder({ clientOrderId: 'o2' }));
    await guarded.broker.idle();
    expect(guarded.calls).toEqual(['https://api.alpaca.markets/v2/orders']);
    expect(guarded.reports.map((r) => r.kind)).toEqual(['rejected', 'accepted']);
  });

  it('paper orders go out without arming; the stream URL follows the trading host', async () => {
    const paper = broker(ALPACA_PAPER.tradingBase);
    paper.broker.submit(makeOrder());
    await paper.broker.idle();
    expect(paper.calls).toEqual(['https://paper-api.alpaca.markets/v2/orders']);
    expect(tradeStreamUrl(ALPACA_PAPER.tradingBase)).toBe('wss://paper-api.alpaca.markets/stream');
    expect(tradeStreamUrl('http://127.0.0.1:9/')).toBe('ws://127.0.0.1:9/stream');
  });
});

describe('AlpacaBroker.reconciling', () => {
  /** A fetch that lists no orders, failing the first `failures` lists with a 500, and records each list request. */
  function listingBroker(failures: number): { broker: AlpacaBroker; lists: () => number } {
    const calls: string[] = [];
    let failuresLeft = failures;
    const fetch = (url: string): Promise<Response> => {
      calls.push(url);
      if (failuresLeft > 0) {
        failuresLeft--;
        return Promise.resolve(new Response(JSON.stringify({ message: 'internal' }), { status: 500 }));
      }
      if (!url.includes('/v2/orders?')) return Promise.resolve(new Response(JSON.stringify({ id: 'a-1', client_order_id: 'o1', symbol: 'AAA', side: 'buy', status: 'accepted' }), { status: 200 }));
      return Promise.resolve(new Response('[]', { status: 200 }));
    };
    const b = new AlpacaBroker({ endpoints: { tradingBase: 'http://127.0.0.1:9' }, credentials: () => ({ keyId: 'k', secretKey: 's' }), clock: new ManualClock(0), random: seededUniform(1), fetch });
    return { broker: b, lists: () => calls.filter((u) => u.includes('/v2/orders?')).length };
  }

  it('reads the orders list once for every step of one reconciliation, and afresh for the next one and outside', async () => {
    const { broker: b, lists } = listingBroker(0);
    await b.reconciling(async () => {
      await b.openOrders();
      await b.openOrders();
    });
    expect(lists()).toBe(1);
    await b.reconciling(() => b.openOrders());
    expect(lists()).toBe(2);
    await b.openOrders();
    await b.openOrders();
    expect(lists()).toBe(4);
  });

  it('reads afresh once an order went out since the read: the shared list would not hold it, and the recovery would take it for cancelled', async () => {
    const { broker: b, lists } = listingBroker(0);
    await b.reconciling(async () => {
      await b.openOrders();
      b.submit(makeOrder());
      await b.idle();
      await b.openOrders();
      await b.openOrders();
    });
    expect(lists()).toBe(2);
  });

  it('does not keep a failed read: the next step of the same reconciliation asks again', async () => {
    const { broker: b, lists } = listingBroker(1);
    const states = await b.reconciling(async () => {
      await expect(b.openOrders()).rejects.toThrow(/500/);
      return b.openOrders();
    });
    expect(states).toEqual([]);
    expect(lists()).toBe(2);
  });
});
