import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AlpacaMarketFeed, type AlpacaMarketFeedOptions } from '../../core/adapters/alpaca/market-data/alpaca-market-feed.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { REPLICA_KEYS, startAlpacaReplica, type AlpacaReplica, type AlpacaReplicaOptions } from '../support/alpaca-replica/alpaca-replica.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const HOUR = 3_600_000;

/**
 * A manual clock drives every adapter timer here, so "no retry storm" is proven, not hoped for: after the
 * adapter stops, an hour of clock time passes and the replica still counts the same number of connections.
 */
describe('Alpaca market data: error codes against the loopback replica', () => {
  let replica: AlpacaReplica | undefined;
  let feed: AlpacaMarketFeed | undefined;
  let db: Db | undefined;
  const sockets: WebSocket[] = [];
  const temp = makeTempDir('alpaca-errors-');

  afterEach(async () => {
    feed?.stop();
    for (const s of sockets.splice(0)) s.terminate();
    db?.close();
    await replica?.close();
    temp.remove();
  });

  async function setUp(options: AlpacaReplicaOptions, feedOptions: Partial<AlpacaMarketFeedOptions> = {}): Promise<{ clock: ManualClock; feed: AlpacaMarketFeed; replica: AlpacaReplica }> {
    replica = await startAlpacaReplica(options);
    db = openDatabase(temp.file('desk.db'));
    const clock = new ManualClock(Date.UTC(2024, 2, 4, 15));
    feed = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock,
      random: seededUniform(3), store: new BarStore(db), inMarketHours: () => false, ...feedOptions,
    });
    feed.subscribe(['AAPL'], '1m');
    return { clock, feed, replica };
  }

  it('402 auth failed: one attempt, then stopped with the code and no timer left to retry', async () => {
    const { clock, feed, replica } = await setUp({}, { credentials: () => ({ keyId: 'PKWRONG', secretKey: 'nope' }) });
    feed.start();
    await pollUntil(() => feed.streamState().phase === 'stopped', 'the adapter to stop');
    expect(feed.streamState()).toMatchObject({ phase: 'stopped', lastErrorCode: 402, sessions: 1 });
    expect(feed.status().state).toBe('disconnected');
    expect(clock.pendingCount()).toBe(0);
    clock.advanceBy(HOUR);
    expect(feed.streamState().sessions).toBe(1);
    expect(replica.stream.records.map((r) => r.errorsSent)).toEqual([[402]]);
  });

  it('406 connection limit: waits at least 30 s between attempts, stops after 3, and stays stopped', async () => {
    const { clock, feed, replica } = await setUp({ connectionLimit: 1 });
    // Another app holds the account's only stream connection.
    const other = new WebSocket(`${replica.server.wsBase}/v2/iex`);
    sockets.push(other);
    await new Promise<void>((resolve) => other.on('open', () => resolve()));
    other.send(JSON.stringify({ action: 'auth', key: REPLICA_KEYS.keyId, secret: REPLICA_KEYS.secretKey }));
    await pollUntil(() => replica.stream.records[0]?.authenticated === true, 'the other app to authenticate');

    feed.start();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await pollUntil(() => ['waiting', 'stopped'].includes(feed.streamState().phase) && feed.streamState().sessions === attempt, `attempt ${attempt} to be refused`);
      if (feed.streamState().phase === 'stopped') break;
      const due = clock.nextDue();
      expect(due).toBeDefined();
      // The retry is the earliest timer besides the 1 s deadline tick; step through ticks to reach it.
      const before = clock.now();
      while (feed.streamState().phase === 'waiting') clock.advanceBy(1_000);
      waits.push(clock.now() - before);
    }
    await pollUntil(() => feed.streamState().phase === 'stopped', 'the adapter to stop');
    expect(waits.length).toBe(2);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(30_000);
    expect(feed.streamState()).toMatchObject({ phase: 'stopped', lastErrorCode: 406, sessions: 3 });
    clock.advanceBy(HOUR);
    expect(feed.streamState().sessions).toBe(3);
    expect(replica.stream.records.slice(1).map((r) => r.errorsSent)).toEqual([[406], [406], [406]]);
    expect(replica.stream.maxOpenSockets).toBe(2);
  });

  it('409 insufficient subscription is a configuration error: stopped after one attempt', async () => {
    const { clock, feed, replica } = await setUp({ faults: { sessions: [{ kind: 'error-on-connect', code: 409, msg: 'insufficient subscription' }] } });
    feed.start();
    await pollUntil(() => feed.streamState().phase === 'stopped', 'the adapter to stop');
    clock.advanceBy(HOUR);
    expect(feed.streamState()).toMatchObject({ phase: 'stopped', lastErrorCode: 409, sessions: 1 });
    expect(replica.stream.records.length).toBe(1);
  });

  it('404 auth timeout, 500 and 407 heal: each reconnects after a backoff and the next session streams', async () => {
    const { clock, feed, replica } = await setUp({
      faults: {
        sessions: [
          { kind: 'error-on-connect', code: 404, msg: 'auth timeout' },
          { kind: 'error-on-connect', code: 500, msg: 'internal error' },
          { kind: 'slow-client', afterFrames: 0 },
        ],
      },
    });
    feed.start();
    for (let session = 1; session <= 3; session++) {
      await pollUntil(() => feed.streamState().phase === 'waiting' && feed.streamState().sessions === session, `session ${session} to fail`);
      if (session === 3) expect(feed.streamState().lastErrorCode).toBe(407);
      while (feed.streamState().phase === 'waiting') clock.advanceBy(100);
      if (session === 2) {
        // The third session streams until data makes it a slow client.
        await pollUntil(() => feed.streamState().phase === 'streaming', 'session 3 to stream');
        replica.publishBar({ S: 'AAPL', t: Date.UTC(2024, 2, 4, 14, 31), o: 1, h: 1, l: 1, c: 1, v: 1 });
      }
    }
    await pollUntil(() => feed.streamState().phase === 'streaming' && feed.streamState().sessions === 4, 'session 4 to stream');
    expect(replica.stream.records.map((r) => r.errorsSent)).toEqual([[404], [500], [407], []]);
    expect(replica.stream.maxOpenSockets).toBe(1);
  });

  it('authenticates with upgrade headers when asked to', async () => {
    const { feed, replica } = await setUp({}, { authMode: 'headers' });
    feed.start();
    await pollUntil(() => feed.streamState().phase === 'streaming', 'a streaming session');
    expect(replica.stream.records[0]?.authenticated).toBe(true);
    expect(replica.stream.records[0]?.setsAfterEachChange.at(-1)?.bars).toEqual(['AAPL']);
  });

  it('405 symbol limit: keeps the session, reports the refusal, and subscribes again once the set shrinks', async () => {
    const { feed, replica } = await setUp({ symbolLimit: 1 });
    feed.subscribe(['MSFT'], '1m');
    feed.start();
    await pollUntil(() => feed.streamState().lastErrorCode === 405 && feed.streamState().phase === 'streaming', 'the refusal');
    const record = replica.stream.records[0];
    expect(record?.errorsSent).toEqual([405]);
    expect(record?.setsAfterEachChange).toEqual([]);
    feed.unsubscribe(['MSFT']);
    await pollUntil(() => record?.setsAfterEachChange.at(-1)?.bars.join() === 'AAPL', 'the smaller set');
    expect(record?.setsAfterEachChange.at(-1)).toMatchObject({ trades: ['AAPL'], quotes: ['AAPL'], bars: ['AAPL'] });
    expect(replica.stream.records.length).toBe(1);
  });

  it('a server that never answers the handshake is left after the handshake timeout and tried again', async () => {
    const { clock, feed, replica } = await setUp({ faults: { sessions: [{ kind: 'mute' }] } });
    feed.start();
    await pollUntil(() => replica.stream.records.length === 1 && feed.streamState().phase === 'authenticating', 'the muted session');
    clock.advanceBy(16_000);
    await pollUntil(() => feed.streamState().phase === 'waiting', 'the handshake timeout');
    while (feed.streamState().phase === 'waiting') clock.advanceBy(100);
    await pollUntil(() => feed.streamState().phase === 'streaming', 'the second session');
    expect(replica.stream.records.map((r) => r.closed)).toEqual([true, false]);
  });

  it('401 before auth authenticates again; 400 is counted and the session goes on', async () => {
    const { feed, replica } = await setUp({
      faults: { sessions: [{ kind: 'error-on-connect', code: 401, msg: 'not authenticated', close: false }] },
    });
    feed.start();
    await pollUntil(() => feed.streamState().phase === 'streaming', 'the session');
    // The second auth (after the 401) met an already authenticated session: 403, which is ignored.
    expect(replica.stream.records[0]?.errorsSent).toEqual([401, 403]);
    replica.stream.sendRaw(JSON.stringify([{ T: 'error', code: 400, msg: 'invalid syntax' }]));
    await pollUntil(() => feed.counters().malformed === 1, 'the 400 to be counted');
    expect(feed.streamState()).toMatchObject({ phase: 'streaming', lastErrorCode: 400, sessions: 1 });
  });

  it('no keys, or no server: stopped with the reason, or retried with backoff', async () => {
    const noKeys = await setUp({}, { credentials: () => Promise.reject(new Error('no keys stored: enter them in Settings')) });
    noKeys.feed.start();
    await pollUntil(() => noKeys.feed.streamState().phase === 'stopped', 'the stop');
    expect(noKeys.feed.streamState().sessions).toBe(0);
    expect(noKeys.clock.pendingCount()).toBe(0);
    noKeys.feed.stop();

    const nowhere = new AlpacaMarketFeed({
      endpoints: { streamBase: 'ws://127.0.0.1:1', dataBase: 'http://127.0.0.1:1', tradingBase: 'http://127.0.0.1:1' },
      streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock: noKeys.clock, random: seededUniform(1),
      store: new BarStore(db as Db), inMarketHours: () => false,
    });
    feed = nowhere;
    nowhere.subscribe(['AAPL'], '1m');
    nowhere.start();
    await pollUntil(() => nowhere.streamState().phase === 'waiting', 'the refused connection');
    expect(nowhere.status().state).toBe('connecting');
    await expect(nowhere.history({ symbol: 'AAPL', interval: '1m' })).rejects.toThrow(/failed/);
  });
});
