import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaMarketFeed } from '../../core/adapters/alpaca/market-data/alpaca-market-feed.js';
import { alpacaDeskFeed } from '../../core/desk/alpaca-desk-feed.js';
import { createDesk, type Desk } from '../../core/desk/create-desk.js';
import { EnvCredentialVault } from '../../core/desk/credential-vault.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { REPLICA_KEYS, REPLICA_PAPER_ENV, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import type { TruthBar } from '../support/alpaca-replica/bar-truth.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const T0 = Date.UTC(2024, 2, 4, 14, 30);
const MINUTE = 60_000;

function bar(symbol: string, i: number): TruthBar {
  const p = 100 + Math.sin(i / 5) * 3 + (symbol === 'MSFT' ? 200 : 0);
  return { S: symbol, t: T0 + i * MINUTE, o: p, h: p + 0.5, l: p - 0.5, c: p + 0.1, v: 1_000 + i };
}

describe('the desk on the Alpaca market-data feed (loopback replica)', () => {
  let replica: AlpacaReplica | undefined;
  let desk: Desk | undefined;
  const temp = makeTempDir('alpaca-desk-');

  afterEach(async () => {
    await desk?.close();
    await replica?.close();
    temp.remove();
  });

  it('loads history over REST, then stores, shows and trades on live bars, including a backfilled gap', async () => {
    replica = await startAlpacaReplica();
    const symbols = ['AAPL', 'MSFT'];
    for (const s of symbols) for (let i = 0; i < 60; i++) replica.truth.put(bar(s, i));
    const clock = new ManualClock(T0 + 200 * MINUTE);
    const endpoints = replica.endpoints;
    let feed: AlpacaMarketFeed | undefined;
    desk = await createDesk({
      dbFile: temp.file('desk.db'), clock, seed: 1,
      createFeed: ({ store }) => {
        feed = new AlpacaMarketFeed({
          endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS, clock, random: seededUniform(2), store,
          inMarketHours: () => false, pageLimit: 25,
        });
        return { feed, symbols, interval: '1m', historyBars: 60 };
      },
    });
    const f = feed;
    if (f === undefined) throw new Error('the desk did not build the feed');
    await pollUntil(() => f.streamState().phase === 'streaming' && f.lagging().length === 0, 'the feed to stream');
    expect(desk.status().feed.state).toBe('connected');
    for (let i = 60; i < 70; i++) for (const s of symbols) replica.publishBar(bar(s, i), { swallow: s === 'MSFT' && i === 64 });
    await pollUntil(() => f.lagging().length === 0 && f.counters().barsEmitted === 20, 'the live bars');
    await desk.idle();
    for (const s of symbols) {
      const shown = await desk.invoke('market.bars', { symbol: s, interval: '1m', limit: 500 });
      if (!shown.ok) throw new Error(shown.error.message);
      expect(shown.value.map((b) => (b.time - T0) / MINUTE)).toEqual(Array.from({ length: 70 }, (_, i) => i));
    }
    expect(f.counters().gapsDetected).toBe(1);
    expect(desk.status().feed.name).toBe('alpaca-iex');
  });

  it('alpacaDeskFeed reads the keys from the desk vault; with none stored the desk refuses to start and says where to enter them', async () => {
    const r = await startAlpacaReplica();
    replica = r;
    for (let i = 0; i < 30; i++) r.truth.put(bar('AAPL', i));
    const clock = new ManualClock(T0 + 100 * MINUTE);
    const createFeed = (vaultEnv: Record<string, string>): ReturnType<typeof alpacaDeskFeed> =>
      alpacaDeskFeed({ vault: new EnvCredentialVault(vaultEnv), account: 'paper', symbols: ['AAPL'], endpoints: r.endpoints, historyBars: 30 });
    await expect(createDesk({ dbFile: temp.file('none.db'), clock, seed: 1, createFeed: createFeed({}) })).rejects.toThrow(/no paper Alpaca keys.*Settings/);
    desk = await createDesk({ dbFile: temp.file('desk.db'), clock, seed: 1, createFeed: createFeed(REPLICA_PAPER_ENV) });
    const started = desk;
    await pollUntil(() => started.status().feed.state === 'connected', 'the feed to connect');
    const shown = await started.invoke('market.bars', { symbol: 'AAPL', interval: '1m', limit: 100 });
    expect(shown.ok && shown.value.length).toBe(30);
  });
});
