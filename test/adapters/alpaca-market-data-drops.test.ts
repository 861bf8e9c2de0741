import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaMarketFeed } from '../../core/adapters/alpaca/market-data/alpaca-market-feed.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { SystemClock } from '../../core/time/system-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { REPLICA_KEYS, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];

describe('Alpaca market data: forced drops against the loopback replica', () => {
  let replica: AlpacaReplica | undefined;
  let feed: AlpacaMarketFeed | undefined;
  const temp = makeTempDir('alpaca-drops-');

  afterEach(async () => {
    feed?.stop();
    await replica?.close();
    temp.remove();
  });

  it('100 forced drops: never two sockets at once, every session resubscribes exactly the desired set', async () => {
    replica = await startAlpacaReplica();
    const db = openDatabase(temp.file('desk.db'));
    feed = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS,
      clock: new SystemClock(), random: seededUniform(7), store: new BarStore(db),
      backoffBaseMs: 4, backoffMaxMs: 20, tickMs: 5, inMarketHours: () => false,
    });
    const md = replica.stream;
    feed.subscribe(SYMBOLS, '1m');
    feed.start();
    const desired = { trades: SYMBOLS, quotes: SYMBOLS, bars: SYMBOLS, updatedBars: SYMBOLS, statuses: SYMBOLS };
    for (let drop = 1; drop <= 100; drop++) {
      await pollUntil(() => md.streamingSessions('SPY') === 1 && feed?.streamState().phase === 'streaming', `session ${drop} streaming`);
      expect(md.dropAll()).toBe(1);
    }
    await pollUntil(() => md.streamingSessions('SPY') === 1, 'the session after the last drop');
    expect(md.maxOpenSockets).toBe(1);
    expect(md.records.length).toBe(101);
    for (const record of md.records) {
      expect(record.errorsSent).toEqual([]);
      const last = record.setsAfterEachChange.at(-1);
      expect(last).toMatchObject({ ...desired, dailyBars: [], lulds: [], imbalances: [] });
    }
    // A change of the desired set mid-session is applied as a diff and the server ends on exactly the new set.
    feed.unsubscribe(['MSFT']);
    const after = ['AAPL', 'SPY'];
    await pollUntil(() => md.records.at(-1)?.setsAfterEachChange.at(-1)?.bars.join() === after.join() && feed?.streamState().phase === 'streaming', 'the shrunk set');
    expect(md.records.at(-1)?.setsAfterEachChange.at(-1)).toMatchObject({ trades: after, quotes: after, bars: after, updatedBars: after, statuses: after });
    expect(feed.streamState().sessions).toBe(101);
    db.close();
  });
});
