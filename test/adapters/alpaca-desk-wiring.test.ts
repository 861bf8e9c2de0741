import { afterEach, describe, expect, it } from 'vitest';
import type { DeskStatus } from '../../core/contract/schemas.js';
import { CREDENTIAL_ENV, EnvCredentialVault } from '../../core/desk/credential-vault.js';
import { createDeskHost, type DeskHost } from '../../core/desk/desk-host.js';
import { startHeadlessDesk } from '../../core/cli/start-headless.js';
import { calmBar } from '../../core/desk/scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from '../../core/desk/scripted-feed.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { REPLICA_KEYS, REPLICA_PAPER_ENV, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import { calmTruthBar, type TruthBar } from '../support/alpaca-replica/bar-truth.js';
import { NewsStreamPart } from '../support/alpaca-replica/news-stream-part.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

// A Saturday: outside US market hours, so the stale-quote rule (which the replica's quote-less script would trip)
// stays out of the way and a hold here is the gap or the halt the test causes.
const T0 = Date.UTC(2024, 2, 2, 14, 30);
const MINUTE = 60_000;
const HISTORY = 120;
const SYMBOLS = ['ACME', 'BOLT'];

/** scripted-breakout's breakout bar: far above the 20-bar high on five times the volume. */
const breakout = (symbol: string, i: number): TruthBar => ({ S: symbol, t: T0 + i * MINUTE, o: 103, h: 110.5, l: 102.5, c: 110, v: 5_000 });

describe("the running desk switched to Alpaca's feed (loopback replica)", () => {
  const temp = makeTempDir('alpaca-desk-wiring-');
  let replica: AlpacaReplica | undefined;
  let host: DeskHost | undefined;

  afterEach(async () => {
    await host?.close();
    host = undefined;
    await replica?.close();
    replica = undefined;
    temp.remove();
  });

  async function startHost(env: Record<string, string>, news?: NewsStreamPart): Promise<{ host: DeskHost; replica: AlpacaReplica; clock: ManualClock }> {
    const r = await startAlpacaReplica(news === undefined ? {} : { extraParts: [news] });
    replica = r;
    for (const s of SYMBOLS) for (let i = 0; i < HISTORY; i++) r.truth.put(calmTruthBar(s, T0, i));
    const clock = new ManualClock(T0 + HISTORY * MINUTE);
    // The desk starts on a scripted feed, as a trader's starts on the simulator, and is switched from there.
    const scripted = new ScriptedFeed(Array.from({ length: 30 }, (_, i) => calmBar('ZZZ', i)));
    const h = await createDeskHost({
      dbFile: temp.file('desk.db'), clock, seed: 4, createFeed: scriptedDeskFeed(scripted, ['ZZZ'], 30),
      credentials: new EnvCredentialVault(env), alpacaEndpoints: r.endpoints,
    });
    host = h;
    return { host: h, replica: r, clock };
  }

  it('refuses feed.set alpaca without keys, naming where to enter them, and the previous feed keeps running', async () => {
    const { host: h, replica: r } = await startHost({});
    const refused = await h.invoke('feed.set', { feed: { kind: 'alpaca', account: 'paper', symbols: ['ACME'] } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('conflict');
    expect(refused.error.message).toMatch(/no paper Alpaca keys.*Settings → Broker.*DESK_ALPACA_PAPER_KEY_ID/);
    expect([r.stream.records.length, r.rest.requests.length]).toEqual([0, 0]);
    const running = await h.invoke('feed.get', {});
    expect(running.ok && running.value.running).toMatchObject({ kind: 'custom', symbols: ['ZZZ'] });
    expect(h.status().feed.symbols).toEqual(['ZZZ']);
  });

  it('refuses feed.set alpaca with keys Alpaca rejects, saying so, and the previous feed runs again', async () => {
    const { host: h } = await startHost({ [CREDENTIAL_ENV.paper.keyId]: 'PKWRONG', [CREDENTIAL_ENV.paper.secretKey]: 'wrong-secret' });
    const refused = await h.invoke('feed.set', { feed: { kind: 'alpaca', account: 'paper', symbols: ['ACME'] } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/Alpaca refused the paper keys \(HTTP 403\).*Settings → Broker.*DESK_ALPACA_PAPER_KEY_ID/);
    const running = await h.invoke('feed.get', {});
    expect(running.ok && running.value.running).toMatchObject({ kind: 'custom', symbols: ['ZZZ'] });
  });

  it('when a failed switch cannot bring back the previous Alpaca feed (its keys were cleared), the simulator runs and the refusal says so', async () => {
    const env: Record<string, string> = { ...REPLICA_PAPER_ENV, [CREDENTIAL_ENV.live.keyId]: 'AKWRONG', [CREDENTIAL_ENV.live.secretKey]: 'wrong-secret' };
    const { host: h } = await startHost(env);
    const switched = await h.invoke('feed.set', { feed: { kind: 'alpaca', account: 'paper', symbols: SYMBOLS } });
    expect(switched.ok).toBe(true);
    env[CREDENTIAL_ENV.paper.keyId] = '';
    const refused = await h.invoke('feed.set', { feed: { kind: 'alpaca', account: 'live', symbols: SYMBOLS } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/refused the live keys.*could not start again \(no paper Alpaca keys.*so the simulator runs\.$/);
    const running = await h.invoke('feed.get', {});
    expect(running.ok && running.value.running.kind).toBe('simulator');
    expect((await h.invoke('desk.status', {})).ok).toBe(true);
  });

  it('a Monday-morning start loads the last session before the weekend as history', async () => {
    const r = await startAlpacaReplica();
    replica = r;
    // Friday 2024-03-01 from 14:30 UTC; the desk starts on Monday 2024-03-04 at 14:00 UTC, before the open.
    const friday = Date.UTC(2024, 2, 1, 14, 30);
    for (let i = 0; i < HISTORY; i++) r.truth.put({ ...calmTruthBar('ACME', T0, i), t: friday + i * MINUTE });
    const h = await createDeskHost({
      dbFile: temp.file('monday.db'), clock: new ManualClock(Date.UTC(2024, 2, 4, 14, 0)), seed: 2,
      feed: { kind: 'alpaca', account: 'paper', symbols: ['ACME'] }, credentials: new EnvCredentialVault(REPLICA_PAPER_ENV), alpacaEndpoints: r.endpoints,
    });
    host = h;
    const bars = await h.invoke('market.bars', { symbol: 'ACME', interval: '1m', limit: 500 });
    expect(bars.ok && bars.value.map((b) => b.time)).toEqual(Array.from({ length: HISTORY }, (_, i) => friday + i * MINUTE));
  });

  it('npm start --alpaca starts the headless desk on the Alpaca feed with keys from the environment, and says so', async () => {
    const r = await startAlpacaReplica();
    replica = r;
    for (const sym of SYMBOLS) for (let i = 0; i < HISTORY; i++) r.truth.put(calmTruthBar(sym, T0, i));
    const { running, lines } = await startHeadlessDesk({
      db: temp.file('start.db'), port: 0, seed: 1, speed: 10, rendererDir: temp.dir, clock: new ManualClock(T0 + HISTORY * MINUTE), reason: 'asked',
      env: REPLICA_PAPER_ENV, alpaca: 'acme,bolt', alpacaEndpoints: r.endpoints,
    });
    try {
      await pollUntil(() => running.desk.status().feed.state === 'connected', 'the Alpaca feed to connect');
      expect(lines).toContain('  Feed:   alpaca-iex, 1m bars as they trade (Alpaca)');
      const feedNow = await running.desk.invoke('feed.get', {});
      expect(feedNow.ok && feedNow.value.running).toEqual({ kind: 'alpaca', account: 'paper', symbols: SYMBOLS });
      expect(running.desk.status().db.barsStored).toBe(SYMBOLS.length * HISTORY);
    } finally {
      await running.close();
    }
  });

  it('a halted symbol gets no proposal while the other breaks out, and status and watchlist say it is halted', async () => {
    const { host: h, replica: r } = await startHost(REPLICA_PAPER_ENV);
    const statuses: DeskStatus[] = [];
    h.on('status', (s) => statuses.push(s));
    const predicted: string[] = [];
    h.on('prediction', (p) => predicted.push(p.symbol));
    const switched = await h.invoke('feed.set', { feed: { kind: 'alpaca', account: 'paper', symbols: ['acme', 'BOLT'] } });
    expect(switched.ok && switched.value.running).toEqual({ kind: 'alpaca', account: 'paper', symbols: SYMBOLS });
    // Until its first backfill is done each symbol is held for a gap; then nothing is held.
    await pollUntil(() => h.status().feed.state === 'connected' && h.status().feed.held?.length === 0, 'both symbols to be streamed and caught up');
    expect(h.status().feed.name).toBe('alpaca-iex');

    r.stream.publish([{ T: 's', S: 'ACME', sc: 'H', sm: 'Trading Halt', rc: 'T12', rm: 'news pending', t: new Date(T0 + HISTORY * MINUTE).toISOString(), z: 'C' }]);
    for (const s of SYMBOLS) r.publishBar(breakout(s, HISTORY));
    await pollUntil(() => (h.status().db.barsStored) === SYMBOLS.length * (HISTORY + 1) + 30, 'the breakout bars to be stored');
    await h.idle();

    const proposals = await h.invoke('proposals.list', {});
    if (!proposals.ok) throw new Error(proposals.error.message);
    const all = [...proposals.value.pending, ...proposals.value.recent];
    expect(all.map((p) => [p.kind, p.symbol])).toEqual([['signal', 'BOLT']]);
    // No prediction either: the ML view asks the same gate, and ml.breakout says why.
    expect(predicted).toEqual(['BOLT']);
    const acme = await h.invoke('ml.breakout', { symbol: 'ACME' });
    expect(acme).toMatchObject({ ok: true, value: { status: 'held', prediction: null } });
    expect(acme.ok && acme.value.reason).toMatch(/ACME is halted/);

    const held = [{ symbol: 'ACME', reasons: ['halted'], detail: 'ACME is halted' }];
    expect(h.status().feed.held).toEqual(held);
    const quotes = await h.invoke('market.symbols', {});
    expect(quotes.ok && quotes.value.map((q) => [q.symbol, q.held?.reasons ?? []])).toEqual([['ACME', ['halted']], ['BOLT', []]]);
    // The hold went out on the status stream, so the watchlist needs no polling to show it.
    expect(statuses.at(-1)?.feed.held).toEqual(held);

    // Trading resumes: the next breakout of ACME is proposed.
    r.stream.publish([{ T: 's', S: 'ACME', sc: 'T', sm: 'Trading Resumption', rc: 'T12', rm: '', t: new Date(T0 + (HISTORY + 1) * MINUTE).toISOString(), z: 'C' }]);
    // Higher again: the halted bar's own high (110.5) is now in the 20-bar range it has to clear.
    r.publishBar({ S: 'ACME', t: T0 + (HISTORY + 1) * MINUTE, o: 111, h: 121, l: 110.5, c: 120, v: 10_000 });
    await pollUntil(() => h.status().feed.held?.length === 0, 'the hold to end');
    await pollUntil(() => (h.status().db.barsStored) === SYMBOLS.length * (HISTORY + 1) + 31, 'the next ACME bar');
    await h.idle();
    const after = await h.invoke('proposals.list', {});
    expect(after.ok && [...after.value.pending, ...after.value.recent].some((p) => p.symbol === 'ACME')).toBe(true);
  });

  it("starts Alpaca's news stream on the same keys: a published headline reaches news.list and ml.sentiment", async () => {
    const part = new NewsStreamPart(REPLICA_KEYS);
    const { host: h, replica: r } = await startHost(REPLICA_PAPER_ENV, part);
    expect(part.connections).toBe(0);
    const switched = await h.invoke('feed.set', { feed: { kind: 'alpaca', account: 'paper', symbols: SYMBOLS } });
    expect(switched.ok).toBe(true);
    await pollUntil(() => part.subscribedSets.length > 0 && part.subscribedSets.at(-1)?.length === SYMBOLS.length, 'the news subscription');
    expect([...(part.subscribedSets.at(-1) ?? [])].sort()).toEqual(SYMBOLS);
    await pollUntil(() => h.status().feed.held?.length === 0, 'the market data to catch up');

    part.publish([{ id: 7, headline: 'ACME operating profit rose sharply', created_at: new Date(T0 + HISTORY * MINUTE + 5_000).toISOString(), symbols: ['ACME'] }]);
    let stored = 0;
    const offNews = h.on('news', () => stored++);
    await pollUntil(() => stored === 1, 'the headline on the news stream');
    offNews();
    const listed = await h.invoke('news.list', { symbol: 'ACME' });
    expect(listed).toMatchObject({ ok: true, value: { items: [{ id: 'alpaca:7', source: 'alpaca', label: 'positive' }] } });

    r.publishBar(calmTruthBar('ACME', T0, HISTORY));
    await pollUntil(() => h.status().db.barsStored === SYMBOLS.length * HISTORY + 1 + 30, 'the next close');
    await h.idle();
    const sentiment = await h.invoke('ml.sentiment', { symbol: 'ACME' });
    expect(sentiment).toMatchObject({ ok: true, value: { sentimentSource: 'news', newsCount: 1 } });
    expect(sentiment.ok && (sentiment.value.overallSentiment ?? 0)).toBeGreaterThan(0.3);
  });
});
