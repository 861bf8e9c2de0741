import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_KEYS } from '../support/alpaca-replica/alpaca-replica.js';
import { calmTruthBar } from '../support/alpaca-replica/bar-truth.js';
import { NewsStreamPart } from '../support/alpaca-replica/news-stream-part.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { HISTORY, MINUTE, T0, startAlpacaDesk, type AlpacaDeskFixture } from './support/alpaca-desk-fixture.js';
import { SHOTS, chromiumAvailable } from './support/desk-browser.js';

const haveChromium = chromiumAvailable('alpaca-feed-hold');

// Not the simulator's names: the desk starts on the simulator, and its bars of the same names would share the chart.
const SYMBOLS = ['NOVA', 'ORCA'];

describe.skipIf(!haveChromium)("a headless desk switched to Alpaca's feed in Chromium (loopback replica)", () => {
  const news = new NewsStreamPart(REPLICA_KEYS);
  let fixture: AlpacaDeskFixture | undefined;

  beforeAll(async () => {
    fixture = await startAlpacaDesk({ tmpPrefix: 'desk-e2e-alpaca-', symbols: SYMBOLS, extraParts: [news] });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('the trader picks Alpaca in Settings; the watchlist shows its symbols, a halted one says so, only the other is proposed, and its news reaches GET /ml/sentiment', async () => {
    if (fixture === undefined) throw new Error('the Alpaca desk fixture did not start');
    const { replica, running, page, feed, pageErrors } = fixture;
    await expect.poll(async () => (await page.watchlistSymbols()).length, { timeout: 15_000 }).toBeGreaterThan(1);
    await feed.open();
    await feed.alpaca('paper', ['nova', 'orca']);
    await expect.poll(() => page.watchlistSymbols(), { timeout: 20_000 }).toEqual(SYMBOLS);
    await expect.poll(() => feed.message(), { timeout: 10_000 }).toBe('Switched.');
    expect(await feed.running()).toContain('Alpaca iex minute bars (paper keys): NOVA, ORCA');
    const desk = running.desk;
    await pollUntil(() => desk.status().feed.held?.length === 0, 'both symbols to be caught up', 15_000);
    // The same keys started the news stream on the desk's symbols.
    await pollUntil(() => news.subscribedSets.at(-1)?.length === SYMBOLS.length, 'the news subscription', 15_000);

    replica.stream.publish([{ T: 's', S: 'NOVA', sc: 'H', sm: 'Trading Halt', rc: 'T12', rm: 'news pending', t: new Date(T0 + HISTORY * MINUTE).toISOString(), z: 'C' }]);
    for (const s of SYMBOLS) replica.publishBar({ S: s, t: T0 + HISTORY * MINUTE, o: 103, h: 110.5, l: 102.5, c: 110, v: 5_000 });
    await expect.poll(() => page.hold('NOVA'), { timeout: 15_000 }).toEqual({ reasons: 'halted', text: 'held: halted' });
    expect(await page.hold('ORCA')).toEqual({ reasons: '', text: '' });
    // The halted symbol was not predicted on; the other shows its breakout probability.
    const probability = (symbol: string) => page.page.locator(`[data-testid="watchlist-row"][data-symbol="${symbol}"] [data-testid="breakout-probability"]`).textContent();
    await expect.poll(() => probability('ORCA'), { timeout: 10_000 }).toMatch(/^▲ \d+%$/);
    expect(await probability('NOVA')).toBe('no breakout yet');
    await desk.idle();
    const before = desk.status().db.barsStored;
    const proposals = await desk.invoke('proposals.list', {});
    expect(proposals.ok && [...proposals.value.pending, ...proposals.value.recent].map((p) => p.symbol)).toEqual(['ORCA']);

    // A headline on Alpaca's news stream reaches the features and GET /ml/sentiment at the next close.
    let stories = 0;
    const offNews = desk.on('news', () => stories++);
    news.publish([{ id: 11, headline: 'ORCA operating profit rose sharply', created_at: new Date(T0 + HISTORY * MINUTE + 5_000).toISOString(), symbols: ['ORCA'] }]);
    await pollUntil(() => stories === 1, 'the headline', 10_000);
    offNews();
    replica.publishBar(calmTruthBar('ORCA', T0, HISTORY + 1));
    await pollUntil(() => desk.status().db.barsStored === before + 1, 'the next ORCA close', 10_000);
    await desk.idle();
    const origin = new URL(running.server.url).origin;
    const answer = await fetch(`${origin}/ml/sentiment/ORCA`, { headers: { Authorization: `Bearer ${running.server.token}` } });
    expect(answer.status).toBe(200);
    const sentiment = (await answer.json()) as { sentimentSource: string; newsCount: number; overallSentiment: number };
    expect(sentiment).toMatchObject({ sentimentSource: 'news', newsCount: 1 });
    expect(sentiment.overallSentiment).toBeGreaterThan(0.3);

    const side = page.page.locator('.side');
    await side.screenshot({ path: path.join(SHOTS, '15-alpaca-halted-watchlist.png') });
    await page.screenshot(path.join(SHOTS, '15-alpaca-feed.png'));
    expect(pageErrors).toEqual([]);
  });
});
