import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaMarketFeed } from '../../core/adapters/alpaca/market-data/alpaca-market-feed.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { barMessage, REPLICA_KEYS, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import type { TruthBar } from '../support/alpaca-replica/bar-truth.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const T0 = Date.UTC(2024, 2, 4, 14, 30);
const MINUTE = 60_000;

function bar(i: number, close = 100 + i): TruthBar {
  return { S: 'AAPL', t: T0 + i * MINUTE, o: 100 + i, h: Math.max(100 + i, close) + 1, l: Math.min(100 + i, close) - 1, c: close, v: 1_000 + i };
}

function times(bars: readonly Bar[]): number[] {
  return bars.map((b) => (b.time - T0) / MINUTE);
}

describe('Alpaca market data: bad, repeated and reordered input against the loopback replica', () => {
  let replica: AlpacaReplica | undefined;
  let feed: AlpacaMarketFeed | undefined;
  let db: Db | undefined;
  const temp = makeTempDir('alpaca-messages-');

  afterEach(async () => {
    feed?.stop();
    db?.close();
    await replica?.close();
    temp.remove();
  });

  it('malformed frames and elements, duplicates and out-of-order bars are counted; only whole valid bars are stored', async () => {
    replica = await startAlpacaReplica();
    db = openDatabase(temp.file('desk.db'));
    const store = new BarStore(db);
    const clock = new ManualClock(T0 + 10 * MINUTE);
    const f = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock,
      random: seededUniform(5), store, inMarketHours: () => false, pageLimit: 2,
    });
    feed = f;
    const emitted: Bar[] = [];
    f.on('bar', (b) => emitted.push(b));
    f.subscribe(['AAPL'], '1m');
    f.start();
    await pollUntil(() => f.streamState().phase === 'streaming' && f.lagging().length === 0, 'the first backfill');
    const md = replica.stream;
    replica.publishBar(bar(0));
    await pollUntil(() => store.count() === 1, 'bar 0 stored');

    md.sendRaw('{not json');
    md.sendRaw('{"T":"b","S":"AAPL"}');
    // One frame: a valid bar, a bar whose high is below its low, an element without "T", and a type we do not know.
    replica.truth.put(bar(1));
    md.sendRaw(JSON.stringify([
      barMessage('b', bar(1)),
      { ...barMessage('b', bar(2)), h: 50 },
      { S: 'AAPL', o: 1 },
      { T: 'zz', S: 'AAPL' },
    ]));
    md.publish([barMessage('b', bar(1))]); // duplicate of bar 1
    md.publish([barMessage('b', { ...bar(0), c: 99, l: 98 })]); // older than bar 1, different values
    await pollUntil(() => f.counters().outOfOrder === 1, 'the out-of-order bar to be counted');
    expect(f.counters()).toMatchObject({ malformed: 4, unknownTypes: 1, duplicates: 1, outOfOrder: 1 });
    expect(times(store.query({ symbol: 'AAPL', interval: '1m' }))).toEqual([0, 1]);
    expect(store.query({ symbol: 'AAPL', interval: '1m' })[0]?.close).toBe(100);

    // The stream's bar 2 was invalid, so REST's is taken when bar 3 reveals the gap; REST's second page is
    // corrupt, and nothing of that request is stored until a retry succeeds.
    replica.truth.put(bar(2));
    replica.truth.put(bar(3));
    replica.truth.put(bar(4));
    replica.rest.inject({ corruptAfterPages: 1, corruptPages: 1 });
    replica.publishBar(bar(5));
    await pollUntil(() => f.counters().backfillFailures === 1, 'the corrupt page to fail the backfill');
    expect(times(store.query({ symbol: 'AAPL', interval: '1m' }))).toEqual([0, 1]);
    expect(f.gate.check('AAPL').reasons).toContain('gap');
    expect(f.lastProblem()).toMatch(/page 2/);
    // The retry waits at most the 1 s REST backoff window (and less than a heartbeat, so the socket stays up).
    clock.advanceBy(1_000);
    await pollUntil(() => f.lagging().length === 0, 'the retried backfill');
    expect(times(store.query({ symbol: 'AAPL', interval: '1m' }))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(times(emitted)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(f.gate.check('AAPL').reasons).not.toContain('gap');
  });

  it('duplicated and reordered frames from the replica leave the store equal to the truth', async () => {
    replica = await startAlpacaReplica({ faults: { data: { duplicate: 0.3, reorder: 0.3, seed: 11 } } });
    db = openDatabase(temp.file('desk.db'));
    const store = new BarStore(db);
    const clock = new ManualClock(T0 + 10 * MINUTE);
    const f = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock,
      random: seededUniform(5), store, inMarketHours: () => false,
    });
    feed = f;
    f.subscribe(['AAPL'], '1m');
    f.start();
    await pollUntil(() => f.streamState().phase === 'streaming' && f.lagging().length === 0, 'the first backfill');
    for (let i = 0; i < 200; i++) replica.publishBar(bar(i));
    replica.stream.publish([barMessage('b', bar(199))]); // a reordered last frame is flushed by the next one
    await pollUntil(() => store.lastTime('AAPL', '1m') === T0 + 199 * MINUTE && f.lagging().length === 0, 'the last bar');
    const stored = store.query({ symbol: 'AAPL', interval: '1m' });
    expect(times(stored)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(stored.map((b) => b.close)).toEqual(Array.from({ length: 200 }, (_, i) => 100 + i));
    const c = f.counters();
    expect(c.duplicates).toBeGreaterThan(0);
    expect(c.outOfOrder).toBeGreaterThan(0);
  });

  it('emits trades as ticks once and in order, keeps the day bar, and serves history over REST', async () => {
    replica = await startAlpacaReplica();
    db = openDatabase(temp.file('desk.db'));
    const clock = new ManualClock(T0 + 10 * MINUTE);
    const f = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock,
      random: seededUniform(5), store: new BarStore(db), inMarketHours: () => false, channels: ['trades', 'bars', 'dailyBars', 'lulds'],
    });
    feed = f;
    expect(() => f.subscribe(['AAPL'], '5m')).toThrow(/1m/);
    const ticks: number[] = [];
    f.on('tick', (t) => ticks.push(t.price));
    f.subscribe(['AAPL', 'MSFT'], '1m');
    f.start();
    f.start();
    await pollUntil(() => f.streamState().phase === 'streaming' && f.lagging().length === 0, 'the first backfill');
    const trade = (i: number, p: number, ms: number): Record<string, unknown> => ({ T: 't', S: 'AAPL', i, x: 'V', p, s: 10, t: new Date(T0 + ms).toISOString(), c: ['@'], z: 'C' });
    replica.stream.publish([trade(1, 10, 0), trade(1, 10, 0), trade(2, 11, 1000), trade(3, 9, 500)]);
    replica.stream.publish([{ T: 'd', S: 'AAPL', o: 10, h: 12, l: 9, c: 11, v: 5000, t: '2024-03-04T05:00:00Z' }]);
    replica.stream.publish([{ T: 'l', S: 'AAPL', u: 12, d: 8, i: 'B', t: new Date(T0).toISOString(), z: 'C' }]);
    f.unsubscribe(['MSFT']);
    // The server may still send data for a symbol just unsubscribed; it is counted, not used.
    replica.stream.sendRaw(JSON.stringify([{ ...trade(4, 12, 2000), S: 'MSFT' }]));
    await pollUntil(() => f.counters().dailyBars === 1 && f.counters().unsubscribedData === 1, 'the day bar and the MSFT trade');
    expect(ticks).toEqual([10, 11]);
    expect(f.counters()).toMatchObject({ ticks: 2, duplicates: 1, outOfOrder: 1 });
    expect(f.latestDaily('AAPL')).toMatchObject({ interval: '1d', time: Date.UTC(2024, 2, 4), close: 11 });

    for (let i = 0; i < 5; i++) replica.truth.put(bar(i));
    const history = await f.history({ symbol: 'AAPL', interval: '1m', from: epochMs(T0), to: epochMs(T0 + 10 * MINUTE), limit: 3 });
    expect(times(history)).toEqual([2, 3, 4]);
    await expect(f.history({ symbol: 'AAPL', interval: '1h' })).rejects.toThrow(/422/);
    f.stop();
    f.stop();
    await pollUntil(() => f.streamState().phase === 'stopped', 'the stop');
    expect(f.status().state).toBe('disconnected');
  });
});
