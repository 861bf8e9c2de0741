import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaMarketFeed, type BarSink } from '../../core/adapters/alpaca/market-data/alpaca-market-feed.js';
import type { Bar } from '../../core/market/bar.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { barMessage, REPLICA_KEYS, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import { isoTime, type TruthBar } from '../support/alpaca-replica/bar-truth.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const T0 = Date.UTC(2024, 2, 4, 14, 30);
const MINUTE = 60_000;

function bar(i: number, close = 100 + i): TruthBar {
  return { S: 'AAPL', t: T0 + i * MINUTE, o: 100 + i, h: Math.max(100 + i, close) + 1, l: Math.min(100 + i, close) - 1, c: close, v: 1_000 + i };
}

/** A BarStore whose next `failures` writes are refused, as a full disk or a locked file would. */
class FlakySink implements BarSink {
  failures = 0;
  readonly #store: BarStore;
  constructor(store: BarStore) {
    this.#store = store;
  }
  lastTime(symbol: string, interval: Bar['interval']): ReturnType<BarStore['lastTime']> {
    return this.#store.lastTime(symbol, interval);
  }
  upsert(bars: readonly Bar[]): { readonly written: number } {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('database or disk is full');
    }
    return this.#store.upsert(bars);
  }
}

describe('Alpaca market data: late updates, corrections and refused writes (loopback replica)', () => {
  let replica: AlpacaReplica | undefined;
  let feed: AlpacaMarketFeed | undefined;
  let db: Db | undefined;
  const temp = makeTempDir('alpaca-late-');

  afterEach(async () => {
    feed?.stop();
    db?.close();
    await replica?.close();
    temp.remove();
  });

  it('applies updates and corrections that arrive before their bar is stored, and survives refused writes', async () => {
    replica = await startAlpacaReplica();
    db = openDatabase(temp.file('desk.db'));
    const store = new BarStore(db);
    const sink = new FlakySink(store);
    const clock = new ManualClock(T0 + 30 * MINUTE);
    const f = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock,
      random: seededUniform(4), store: sink, inMarketHours: () => false, heartbeatMs: 3_600_000,
    });
    feed = f;
    const emitted: number[] = [];
    f.on('bar', (b) => emitted.push((b.time - T0) / MINUTE));
    f.subscribe(['AAPL'], '1m');
    f.subscribe(['AAPL'], '1m');
    f.start();
    await pollUntil(() => f.streamState().phase === 'streaming' && f.lagging().length === 0, 'the first backfill');
    const md = replica.stream;
    replica.publishBar(bar(0));
    replica.publishBar(bar(1));
    await pollUntil(() => store.count() === 2, 'bars 0 and 1');

    // Bar 2 is lost; a late trade updates it and a correction hits it before the adapter has it.
    replica.publishBar(bar(2), { swallow: true });
    const updated2 = bar(2, 101.5);
    replica.truth.put(updated2);
    md.publish([barMessage('u', updated2)]);
    md.publish([{ T: 'c', S: 'AAPL', x: 'D', oi: 1, op: 102, os: 1, ci: 2, cp: 101.5, cs: 1, z: 'C', t: isoTime(updated2.t + 10_000) }]);
    // An updated bar 3 arrives before bar 3 itself.
    const updated3 = bar(3, 103.5);
    md.publish([barMessage('u', updated3)]);
    replica.truth.put(updated3);
    md.publish([barMessage('b', bar(3))]);
    await pollUntil(() => f.lagging().length === 0 && store.count() === 4 && f.counters().correctedBars === 1, 'bar 2 backfilled and corrected');
    expect(store.query({ symbol: 'AAPL', interval: '1m' }).map((b) => b.close)).toEqual([100, 101, 101.5, 103.5]);
    expect(emitted).toEqual([0, 1, 2, 3]);

    // A correction of a stored bar whose refetch fails is reported and counted, the bar left as it was.
    replica.rest.inject({ failRequests: 1 });
    md.publish([{ T: 'x', S: 'AAPL', i: 9, x: 'D', p: 101, s: 1, a: 'C', z: 'C', t: isoTime(T0 + MINUTE + 5_000) }]);
    await pollUntil(() => f.counters().backfillFailures === 1, 'the failed refetch');
    expect(f.lastProblem()).toMatch(/500/);

    // The live write of bar 4 is refused: not emitted, the symbol held, and the backfill stores and emits it.
    sink.failures = 1;
    replica.publishBar(bar(4));
    await pollUntil(() => f.counters().storeFailures === 1, 'the refused write');
    await pollUntil(() => f.lagging().length === 0 && store.count() === 5, 'bar 4 backfilled');
    expect(emitted).toEqual([0, 1, 2, 3, 4]);

    // The backfill's write is refused too: nothing of it is stored, and the retry stores it whole.
    sink.failures = 2;
    replica.publishBar(bar(5), { swallow: true });
    replica.publishBar(bar(6));
    await pollUntil(() => f.counters().storeFailures === 2, 'the refused backfill');
    expect(store.count()).toBe(5);
    expect(f.gate.check('AAPL').reasons).toContain('gap');
    // The retry waits on the REST backoff (≤ 1 s, then ≤ 2 s): the first retry is refused as well.
    clock.advanceBy(1_000);
    await pollUntil(() => f.counters().storeFailures === 3, 'the refused retry');
    expect(store.count()).toBe(5);
    clock.advanceBy(2_000);
    await pollUntil(() => f.lagging().length === 0 && store.count() === 7, 'the retried backfill');
    expect(emitted).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
