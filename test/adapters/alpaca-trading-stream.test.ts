import { afterEach, describe, expect, it } from 'vitest';
import { quantity } from '../../core/market/units.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { startTradingHarness, type TradingHarness } from '../support/alpaca-replica/trading-harness.js';

describe('Alpaca broker: the trade_updates session (bad frames, dead peers, server errors)', () => {
  let harness: TradingHarness | undefined;
  afterEach(async () => harness?.close());

  it('malformed frames are counted and never applied; the next good event still is', async () => {
    harness = await startTradingHarness();
    const desk = harness.startDesk();
    await pollUntil(() => desk.broker.streamState().phase === 'streaming', 'the stream');
    desk.manager.submit({ clientOrderId: 'm-1', symbol: 'AAPL', side: 'buy', type: 'market', quantity: quantity(5), timeInForce: 'day', origin: { kind: 'manual' } });
    await desk.broker.idle();
    harness.trading.sendRaw('{not json');
    harness.trading.sendRaw('{"hello":1}');
    harness.trading.sendRaw(JSON.stringify({ stream: 'trade_updates', data: { event: 'fill', order: { id: 'x', client_order_id: 'm-1', side: 'sideways' } } }));
    harness.trading.fill('m-1', 5, 50);
    await pollUntil(() => desk.manager.order('m-1')?.status === 'filled', 'the good fill');
    expect(desk.broker.counters.malformedEvents).toBe(3);
    expect(desk.manager.ledger.fills()).toHaveLength(1);
    expect(desk.broker.streamState().phase).toBe('streaming');
  });

  it('a frozen peer (socket open, pings unanswered) is cut at the next heartbeat; the new session reconciles', async () => {
    harness = await startTradingHarness();
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock, stream: { heartbeatMs: 15_000, backoffBaseMs: 1_000 } });
    await pollUntil(() => desk.reconciler.runs === 1, 'the first session');
    harness.trading.freezeAll();
    clock.advanceBy(15_000);
    expect(harness.trading.connections).toBe(1);
    clock.advanceBy(15_000);
    await pollUntil(() => desk.broker.streamState().phase === 'waiting', 'the dead socket to be cut');
    clock.advanceBy(1_000);
    await pollUntil(() => desk.reconciler.runs === 2, 'the second session and its reconciliation');
    expect(harness.trading.connections).toBe(2);
    expect(harness.trading.maxOpenSockets).toBe(1);
  });

  it('an in-stream server error closes the session; the adapter reconnects after the backoff, not at once', async () => {
    harness = await startTradingHarness();
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    const desk = harness.startDesk({ clock, stream: { backoffBaseMs: 1_000 } });
    await pollUntil(() => desk.reconciler.runs === 1, 'the first session');
    harness.trading.failAll('internal server error');
    await pollUntil(() => desk.broker.streamState().phase === 'waiting', 'the wait after the error');
    expect(desk.broker.streamState().lastErrorCode).toBe(500);
    clock.advanceBy(1_000);
    await pollUntil(() => desk.broker.streamState().phase === 'streaming', 'the next session');
    expect(harness.trading.connections).toBe(2);
  });
});
