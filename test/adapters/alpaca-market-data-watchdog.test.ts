import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaMarketFeed } from '../../core/adapters/alpaca/market-data/alpaca-market-feed.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { SystemClock } from '../../core/time/system-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { REPLICA_KEYS, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const T0 = Date.UTC(2024, 2, 4, 14, 30);
const MINUTE = 60_000;

describe('Alpaca market data: heartbeat, data watchdog and symbol gate against the loopback replica', () => {
  let replica: AlpacaReplica | undefined;
  let feed: AlpacaMarketFeed | undefined;
  let db: Db | undefined;
  const temp = makeTempDir('alpaca-watchdog-');

  afterEach(async () => {
    feed?.stop();
    db?.close();
    await replica?.close();
    temp.remove();
  });

  it('a stalled stream (watchdog) and a frozen socket (unanswered ping) are both replaced, one socket at a time', async () => {
    replica = await startAlpacaReplica({ faults: { sessions: [{ kind: 'stall', afterFrames: 1 }, { kind: 'freeze', afterFrames: 1 }] } });
    db = openDatabase(temp.file('desk.db'));
    const clock = new SystemClock();
    const f = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock,
      random: seededUniform(9), store: new BarStore(db), inMarketHours: () => true, initialLookbackMs: clock.now() - T0 + MINUTE,
      tickMs: 5, heartbeatMs: 10, pongTimeoutMs: 30, dataTimeoutMs: 150, backoffBaseMs: 5, backoffMaxMs: 10, closeTimeoutMs: 50,
    });
    feed = f;
    f.subscribe(['AAPL'], '1m');
    f.start();
    const md = replica.stream;
    let i = 0;
    // Bars keep coming; the first session stalls after one frame, the second freezes after one.
    while (md.records.length < 3 || f.streamState().phase !== 'streaming') {
      md.publish([{ T: 'q', S: 'AAPL', bx: 'V', bp: 99, bs: 1, ax: 'V', ap: 101, as: 1, t: new Date(T0 + i * 1000).toISOString() }]);
      i++;
      await new Promise<void>((resolve) => setTimeout(resolve, 2));
      if (i > 5_000) throw new Error('the adapter never replaced the stalled and frozen sessions');
    }
    // On a loaded machine a slow pong can end a healthy session too; what matters is that the faulty ones ended.
    expect(md.records.length).toBeGreaterThanOrEqual(3);
    expect(md.records[0]?.closed).toBe(true);
    expect(md.records[1]?.closed).toBe(true);
    expect(md.maxOpenSockets).toBe(1);
  });

  it('the gate holds a symbol while its first backfill is pending, its quote is stale or it is halted', async () => {
    replica = await startAlpacaReplica();
    db = openDatabase(temp.file('desk.db'));
    const clock = new ManualClock(T0 + 10 * MINUTE);
    let open = true;
    const f = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock,
      random: seededUniform(9), store: new BarStore(db), inMarketHours: () => open, staleQuoteMs: 5_000, heartbeatMs: 3_600_000,
      dataTimeoutMs: 3_600_000,
    });
    feed = f;
    f.subscribe(['AAPL'], '1m');
    expect(f.gate.check('AAPL')).toMatchObject({ open: false, reasons: ['gap', 'stale-quote'] });
    f.start();
    await pollUntil(() => f.streamState().phase === 'streaming' && f.lagging().length === 0, 'the first backfill');
    expect(f.gate.check('AAPL').reasons).toEqual(['stale-quote']);
    const md = replica.stream;
    md.publish([{ T: 'q', S: 'AAPL', bx: 'V', bp: 99, bs: 1, ax: 'V', ap: 101, as: 1, t: new Date(T0).toISOString() }]);
    await pollUntil(() => f.gate.check('AAPL').open, 'a fresh quote to open the gate');
    clock.advanceBy(6_000);
    expect(f.gate.check('AAPL').reasons).toEqual(['stale-quote']);
    open = false; // outside market hours a quiet quote is no reason to hold
    expect(f.gate.check('AAPL').open).toBe(true);
    md.publish([{ T: 's', S: 'AAPL', sc: 'H', sm: 'Trading Halt', rc: 'T12', rm: 'halted', t: new Date(T0).toISOString(), z: 'C' }]);
    await pollUntil(() => f.gate.check('AAPL').reasons.includes('halted'), 'the halt');
    md.publish([{ T: 's', S: 'AAPL', sc: 'Q', sm: 'Quotation Resumption', rc: 'T12', rm: '', t: new Date(T0).toISOString(), z: 'C' }]);
    md.publish([{ T: 's', S: 'AAPL', sc: 'T', sm: 'Trading Resumption', rc: 'T12', rm: '', t: new Date(T0).toISOString(), z: 'C' }]);
    await pollUntil(() => f.counters().statuses === 3, 'the resumption');
    expect(f.gate.check('AAPL').open).toBe(true);
    // A drop holds every symbol until the new session's backfill lands.
    md.dropAll();
    await pollUntil(() => f.streamState().phase === 'waiting', 'the drop to be seen');
    expect(f.gate.check('AAPL').reasons).toEqual(['gap']);
    expect(f.status().state).toBe('connecting');
    while (f.streamState().phase === 'waiting') clock.advanceBy(100);
    await pollUntil(() => f.gate.check('AAPL').open, 'the gate to reopen after the backfill');
    f.unsubscribe(['AAPL']);
    expect(f.gate.check('AAPL').open).toBe(false);
  });
});
