import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaNewsStream } from '../../core/adapters/alpaca/news/news-stream.js';
import type { NewsItemDto } from '../../core/contract/requests/news-requests.js';
import { NewsDesk } from '../../core/desk/news-desk.js';
import { StreamHub } from '../../core/desk/stream-hub.js';
import { epochMs } from '../../core/market/units.js';
import type { NewsItem } from '../../core/news/news-item.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { SystemClock } from '../../core/time/system-clock.js';
import { seededUniform } from '../../core/util/seeded-random.js';
import { NewsStreamPart, type ReplicaStory } from '../support/alpaca-replica/news-stream-part.js';
import { startReplica, type RunningReplica } from '../support/alpaca-replica/replica-server.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const KEYS = { keyId: 'PKNEWS', secretKey: 'news-secret' } as const;
const SYMBOLS = ['ACME', 'BOLT'] as const;

const story = (id: number, headline: string, symbols: readonly string[] = ['ACME']): ReplicaStory => ({
  id, headline, created_at: new Date(Date.UTC(2024, 0, 2, 15, 0, id)).toISOString(), symbols,
});

interface Harness {
  readonly part: NewsStreamPart;
  readonly replica: RunningReplica;
  readonly db: Db;
  readonly desk: NewsDesk;
  readonly fed: NewsItem[];
  readonly streamed: NewsItemDto[];
  readonly stream: AlpacaNewsStream;
}

describe('Alpaca news stream against the loopback replica', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function harness(keys: { readonly keyId: string; readonly secretKey: string } = KEYS, extra: { connectionLimitWaitMs?: number; heartbeatMs?: number; pongTimeoutMs?: number } = {}, connectionLimit = 1): Promise<Harness> {
    const part = new NewsStreamPart({ ...KEYS, connectionLimit });
    const replica = await startReplica([part]);
    const tmp = makeTempDir('desk-news-');
    const db = openDatabase(tmp.file('desk.db'));
    const hub = new StreamHub();
    const fed: NewsItem[] = [];
    const streamed: NewsItemDto[] = [];
    hub.on('news', (n) => streamed.push(n));
    const desk = new NewsDesk({ db, hub, symbols: SYMBOLS, toFeatures: (item) => fed.push(item) });
    const rnd = seededUniform(7);
    const stream = new AlpacaNewsStream({
      streamBase: replica.wsBase, credentials: () => keys, clock: new SystemClock(), random: rnd,
      backoffBaseMs: 5, backoffMaxMs: 20, heartbeatMs: 1_000, ...extra,
    });
    cleanups.push(() => tmp.remove(), () => void db.close(), () => replica.close(), () => desk.close());
    return { part, replica, db, desk, fed, streamed, stream };
  }

  it('scores, stores, streams and feeds each story for the desk symbols only', async () => {
    const h = await harness();
    h.desk.attach(h.stream);
    await pollUntil(() => h.stream.status().state === 'streaming', 'the news stream to subscribe');
    expect(h.stream.acknowledged).toEqual(['ACME', 'BOLT']);
    h.part.publish([story(1, 'ACME operating profit rose sharply'), story(2, 'BOLT issues profit warning', ['BOLT', 'ZZZ'])]);
    await pollUntil(() => h.fed.length === 2, 'two stories to reach the features');
    expect(h.fed.map((i) => [i.id, i.symbols, Math.sign(i.sentiment)])).toEqual([['alpaca:1', ['ACME'], 1], ['alpaca:2', ['BOLT'], -1]]);
    expect(h.streamed.map((n) => n.label)).toEqual(['positive', 'negative']);
    // Stored with every symbol the story named, features fed only the traded one.
    expect(h.desk.store.latest('ZZZ', 5).map((n) => n.id)).toEqual(['alpaca:2']);
    expect(h.stream.status()).toMatchObject({ received: 2, rejected: 0 });
  });

  it('after 25 forced drops never has two sockets, resubscribes exactly the desired set, and stores a redelivered story once', async () => {
    const h = await harness();
    h.desk.attach(h.stream);
    await pollUntil(() => h.part.streamingSessions() === 1, 'the first session');
    h.part.publish([story(10, 'ACME wins large contract')]);
    await pollUntil(() => h.fed.length === 1, 'the first story');
    for (let i = 0; i < 25; i++) {
      const before = h.part.connections;
      h.part.dropAll();
      await pollUntil(() => h.part.connections > before && h.part.streamingSessions() === 1 && h.stream.status().state === 'streaming', `session ${i + 2}`);
    }
    // The replica resends the same story after the reconnect: one row, one feature input, one stream event.
    h.part.publish([story(10, 'ACME wins large contract'), story(11, 'ACME net loss widened')]);
    await pollUntil(() => h.fed.length === 2, 'the new story after the drops');
    expect(h.part.maxOpenSockets).toBe(1);
    expect(h.part.connections).toBe(26);
    expect(h.part.subscribedSets.every((set) => set.join(',') === 'ACME,BOLT')).toBe(true);
    expect(h.part.subscribedSets).toHaveLength(26);
    expect(h.desk.store.count()).toBe(2);
    expect(h.streamed.map((n) => n.id)).toEqual(['alpaca:10', 'alpaca:11']);
  });

  it('stops on refused keys with a reason instead of retrying', async () => {
    const h = await harness({ keyId: 'PKNEWS', secretKey: 'wrong' });
    h.stream.start();
    await pollUntil(() => h.stream.status().state === 'stopped', 'the stream to stop');
    expect(h.stream.status().reason).toMatch(/402.*re-enter the keys in Settings/);
    expect(h.part.connections).toBe(1);
  });

  it('waits at least the connection-limit wait after a 406, then gets in once the other session ends', async () => {
    const h = await harness(KEYS, { connectionLimitWaitMs: 150 });
    const rnd = seededUniform(1);
    const other = new AlpacaNewsStream({ streamBase: h.replica.wsBase, credentials: () => KEYS, clock: new SystemClock(), random: rnd, backoffBaseMs: 5 });
    other.start();
    await pollUntil(() => other.status().state === 'streaming', 'the other session');
    h.stream.start();
    await pollUntil(() => h.stream.status().state === 'waiting' && /406/.test(h.stream.status().reason), 'a 406 wait');
    const waitedFrom = performance.now();
    const connectionsAt406 = h.part.connections;
    other.stop();
    await pollUntil(() => h.stream.status().state === 'streaming', 'the stream to get the connection');
    expect(performance.now() - waitedFrom).toBeGreaterThanOrEqual(100);
    expect(h.part.connections).toBe(connectionsAt406 + 1);
    h.stream.stop();
    await pollUntil(() => h.part.openSockets === 0, 'sockets to close');
  });

  it('counts malformed stories and keeps streaming', async () => {
    const h = await harness();
    h.desk.attach(h.stream);
    await pollUntil(() => h.part.streamingSessions() === 1, 'the session');
    h.part.sendRaw('[{"T":"n","id":5,"headline":"no time","symbols":["ACME"]},{"T":"n","id":6,"headline":"x","created_at":"2024-01-02T00:00:00Z","symbols":[]}]');
    h.part.sendRaw('not json');
    h.part.publish([story(7, 'ACME raises guidance')]);
    await pollUntil(() => h.fed.length === 1, 'the good story');
    expect(h.stream.status()).toMatchObject({ state: 'streaming', rejected: 3, received: 1 });
  });

  it('reconnects after a server error and after the server closes, and stops cleanly while waiting', async () => {
    const h = await harness();
    h.part.authErrors.push({ code: 500, msg: 'internal error' }, { code: 407, msg: 'slow client' });
    const states: string[] = [];
    h.stream.onStatus((st) => states.push(st.state));
    h.stream.start();
    await pollUntil(() => h.stream.status().state === 'streaming', 'a session after two refused ones');
    expect(h.part.connections).toBe(3);
    expect(states).toContain('waiting');
    h.part.authErrors.push({ code: 500, msg: 'internal error' });
    h.part.dropAll();
    await pollUntil(() => h.part.connections === 4, 'the next attempt');
    h.stream.stop();
    await pollUntil(() => h.stream.status().state === 'stopped', 'the stop');
    expect(h.stream.status().reason).toBe('stopped');
  });

  it('takes the simulator\'s own scored stories through the same store, stream and features', async () => {
    const h = await harness();
    h.desk.onScored({ id: 'sim:1', time: epochMs(1_700_000_000_000), symbols: ['ACME', 'QQQ'], headline: 'ACME beats quarterly earnings estimates', sentiment: 0.6, impact: 0.7, source: 'simulator' });
    h.desk.onScored({ id: 'sim:1', time: epochMs(1_700_000_000_000), symbols: ['ACME'], headline: 'again', sentiment: 0.6, impact: 0.7, source: 'simulator' });
    expect(h.fed.map((i) => [i.id, i.symbols])).toEqual([['sim:1', ['ACME']]]);
    expect(h.streamed.map((n) => [n.label, n.source])).toEqual([['positive', 'simulator']]);
    expect(h.desk.replayStored(epochMs(0))).toBe(1);
  });

  it('finds a frozen socket by its unanswered ping and reconnects', async () => {
    // The frozen session never reads the client's close, so the server still counts it: allow it a second session.
    const h = await harness(KEYS, { heartbeatMs: 20, pongTimeoutMs: 60 }, 2);
    h.stream.start();
    await pollUntil(() => h.stream.status().state === 'streaming', 'the first session');
    h.part.freezeAll();
    await pollUntil(() => h.part.connections === 2 && h.stream.status().state === 'streaming', 'a new session after the freeze');
    expect(h.part.maxOpenSockets).toBeLessThanOrEqual(2);
    h.stream.stop();
    await pollUntil(() => h.stream.status().state === 'stopped', 'the stop');
  });

  it('changes the subscription to exactly the new set while streaming', async () => {
    const h = await harness();
    h.stream.subscribe(['ACME', 'BOLT']);
    h.stream.start();
    await pollUntil(() => h.stream.status().state === 'streaming', 'the session');
    h.stream.subscribe(['BOLT', 'CORE']);
    await pollUntil(() => h.stream.acknowledged.join(',') === 'BOLT,CORE', 'the new set');
    expect(h.part.subscribedSets.at(-1)).toEqual(['BOLT', 'CORE']);
    h.stream.stop();
    await pollUntil(() => h.stream.status().state === 'stopped', 'the stop');
  });
});
