import { afterEach, describe, expect, it } from 'vitest';
import { price } from '../../core/market/units.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { aaplBuy, startTradingHarness, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

const HOUR = 3_600_000;
/**
 * A manual clock drives every adapter timer, so "no retry storm" is shown: after the adapter stops (or while it
 * waits), clock time passes and the replica counts no more connections or requests than the policy allows.
 */
describe('Alpaca broker: errors handled as the protocol note says, no retry storm', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('402 (refused keys on trade_updates): one connection, stopped with the code, still one after an hour', async () => {
    harness = await startTradingHarness();
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock, credentials: () => ({ keyId: 'PKWRONG', secretKey: 'nope' }) });
    await pollUntil(() => desk.broker.streamState().phase === 'stopped', 'the stream to stop');
    expect(desk.broker.streamState()).toMatchObject({ phase: 'stopped', lastErrorCode: 402, sessions: 1 });
    clock.advanceBy(HOUR);
    await pollUntil(() => harness?.trading.openSockets === 0, 'the refused socket to close');
    expect(harness.trading.connections).toBe(1);
    expect(desk.reconciler.runs).toBe(0);
  });

  it('trade_updates left out of the listening ack (410, a channel not offered): stopped with the code, no reconnect after an hour', async () => {
    harness = await startTradingHarness();
    harness.trading.withholdTradeUpdates = true;
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock });
    await pollUntil(() => desk.broker.streamState().phase === 'stopped', 'the stream to stop');
    expect(desk.broker.streamState()).toMatchObject({ phase: 'stopped', lastErrorCode: 410, sessions: 1, reason: 'the server did not grant trade_updates' });
    clock.advanceBy(HOUR);
    await pollUntil(() => harness?.trading.openSockets === 0, 'the socket to close');
    expect(harness.trading.connections).toBe(1);
    expect(desk.reconciler.runs).toBe(0);
  });

  it('406 (connection limit): waits 30 s before each new attempt, stops after 3 in a row, then stays stopped', async () => {
    harness = await startTradingHarness();
    harness.trading.authFaults.push('connection-limit', 'connection-limit', 'connection-limit');
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock });
    const trading = harness.trading;
    for (const attempt of [1, 2]) {
      await pollUntil(() => desk.broker.streamState().phase === 'waiting', `the wait after 406 number ${attempt}`);
      expect(desk.broker.streamState().lastErrorCode).toBe(406);
      clock.advanceBy(29_999);
      expect(trading.connections).toBe(attempt);
      clock.advanceBy(1);
      await pollUntil(() => trading.connections === attempt + 1, `attempt ${attempt + 1}`);
    }
    await pollUntil(() => desk.broker.streamState().phase === 'stopped', 'the stream to stop');
    expect(desk.broker.streamState()).toMatchObject({ phase: 'stopped', lastErrorCode: 406, sessions: 3 });
    clock.advanceBy(HOUR);
    expect(trading.connections).toBe(3);
    expect(trading.maxOpenSockets).toBe(1);
  });

  it('one 406, then the other session is gone: the second attempt after 30 s streams and reconciles', async () => {
    harness = await startTradingHarness();
    harness.trading.authFaults.push('connection-limit');
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock });
    await pollUntil(() => desk.broker.streamState().phase === 'waiting', 'the wait after the 406');
    clock.advanceBy(30_000);
    await pollUntil(() => desk.broker.streamState().phase === 'streaming', 'the second session');
    await pollUntil(() => desk.reconciler.runs === 1, 'its reconciliation');
    expect(harness.trading.connections).toBe(2);
  });

  it('403 (buying power) and 401 (keys) on an order: rejected in the journal after one request each, never retried', async () => {
    harness = await startTradingHarness();
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock, startStream: false });
    harness.trading.rest.rejectSubmits = { status: 403, message: 'insufficient buying power', count: 1 };
    desk.manager.submit(aaplBuy('bp-1'));
    await desk.broker.idle();
    expect(desk.manager.order('bp-1')).toMatchObject({ status: 'rejected' });
    expect(desk.manager.order('bp-1')?.reason).toContain('insufficient buying power');

    const badKeys = harness.startDesk({ clock, startStream: false, credentials: () => ({ keyId: 'PKWRONG', secretKey: 'nope' }) });
    badKeys.manager.submit(aaplBuy('keys-1'));
    await badKeys.broker.idle();
    expect(badKeys.manager.order('keys-1')?.status).toBe('rejected');
    clock.advanceBy(HOUR);
    await desk.broker.idle();
    expect(harness.trading.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 403', 'POST 401']);
    expect(harness.trading.orders()).toHaveLength(0);
  });

  it('an off-tick limit price is refused before anything is sent (Alpaca would answer 422 sub-penny)', async () => {
    harness = await startTradingHarness();
    const desk = harness.startDesk({ startStream: false });
    desk.manager.submit(aaplBuy('tick-1', { type: 'limit', limitPrice: price(101.005) }));
    await desk.broker.idle();
    expect(desk.manager.order('tick-1')?.status).toBe('rejected');
    expect(harness.trading.requests).toHaveLength(0);
  });

  it('429: the submit waits for the rate-limit window on the clock, then goes through once', async () => {
    harness = await startTradingHarness();
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock, startStream: false });
    harness.trading.rest.rateLimited = 2;
    desk.manager.submit(aaplBuy('rl-1'));
    await pollUntil(() => desk.broker.counters.rateLimited === 1, 'the first 429');
    expect(harness.trading.requests).toHaveLength(1);
    clock.advanceBy(1_000);
    await pollUntil(() => desk.broker.counters.rateLimited === 2, 'the second 429');
    clock.advanceBy(2_000);
    await desk.broker.idle();
    expect(harness.trading.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(desk.manager.order('rl-1')?.status).toBe('accepted');
  });

  it('cancel: a working order is cancelled once Alpaca confirms on the stream; cancelling one that filled meanwhile gets 422, counted, the fill stands', async () => {
    harness = await startTradingHarness();
    const desk = harness.startDesk();
    await pollUntil(() => desk.broker.streamState().phase === 'streaming', 'the stream');
    desk.manager.submit(aaplBuy('c-1', { type: 'limit', limitPrice: price(90) }));
    desk.manager.submit(aaplBuy('c-2', { type: 'limit', limitPrice: price(90) }));
    await desk.broker.idle();
    expect(desk.manager.cancel('c-1').ok).toBe(true);
    await pollUntil(() => desk.manager.order('c-1')?.status === 'cancelled', 'the cancel confirmed');
    harness.trading.swallowEvents = true;
    harness.trading.fill('c-2', 10, 90);
    expect(desk.manager.cancel('c-2').ok).toBe(true);
    await desk.broker.idle();
    expect(desk.broker.counters.cancelFailures).toBe(1);
    expect(harness.trading.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([204, 422]);
    harness.trading.swallowEvents = false;
    expect(harness.trading.releaseSwallowed()).toBe(1);
    await pollUntil(() => desk.manager.order('c-2')?.status === 'filled', 'the fill that won the race');
  });
});
