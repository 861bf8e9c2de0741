import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_ENV, EnvCredentialVault } from '../../core/desk/credential-vault.js';
import { calmBar } from '../../core/desk/scripted-breakout.js';
import { startHeadless, type HeadlessDesk } from '../../core/server/headless.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { REPLICA_KEYS, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import type { TruthBar } from '../support/alpaca-replica/bar-truth.js';
import { NewsStreamPart } from '../support/alpaca-replica/news-stream-part.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { DeskPage } from './page-models/desk-page.js';
import { FeedSettingsPanel } from './page-models/feed-settings-panel.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`alpaca-feed-hold e2e skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM).`);

// A Saturday on a manual clock: outside market hours, so the only holds are the ones the test causes.
const T0 = Date.UTC(2024, 2, 2, 14, 30);
const MINUTE = 60_000;
const HISTORY = 120;
// Not the simulator's names: the desk starts on the simulator, and its bars of the same names would share the chart.
const SYMBOLS = ['NOVA', 'ORCA'];

function calm(symbol: string, i: number): TruthBar {
  const b = calmBar(symbol, i);
  return { S: symbol, t: T0 + i * MINUTE, o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The page is served from out/renderer, as `npm start` does: rebuilt when the renderer or contract changed since. */
function ensureRendererBuilt(): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built >= Math.max(newestMtime(path.join(ROOT, 'renderer')), newestMtime(path.join(ROOT, 'core', 'contract')))) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  if (result.status !== 0) throw new Error('electron-vite build failed: run "npm run build" to see why');
}

describe.skipIf(!haveChromium)("a headless desk switched to Alpaca's feed in Chromium (loopback replica)", () => {
  let dir: string;
  let replica: AlpacaReplica;
  let news: NewsStreamPart;
  let running: HeadlessDesk;
  let browser: Browser;
  let page: DeskPage;
  let feed: FeedSettingsPanel;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureRendererBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-alpaca-'));
    mkdirSync(SHOTS, { recursive: true });
    news = new NewsStreamPart(REPLICA_KEYS);
    replica = await startAlpacaReplica({ extraParts: [news] });
    for (const s of SYMBOLS) for (let i = 0; i < HISTORY; i++) replica.truth.put(calm(s, i));
    running = await startHeadless({
      dbFile: path.join(dir, 'desk.db'), port: 0, seed: 7, speed: 60, clock: new ManualClock(T0 + HISTORY * MINUTE), rendererDir: RENDERER_DIR,
      credentials: new EnvCredentialVault({ [CREDENTIAL_ENV.paper.keyId]: REPLICA_KEYS.keyId, [CREDENTIAL_ENV.paper.secretKey]: REPLICA_KEYS.secretKey }),
      alpacaEndpoints: replica.endpoints,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--headless'],
    });
    const browserPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    browserPage.on('pageerror', (error) => pageErrors.push(error.message));
    browserPage.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page = new DeskPage(browserPage);
    feed = new FeedSettingsPanel(browserPage);
    await page.open(running.server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await replica?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('the trader picks Alpaca in Settings; the watchlist shows its symbols, a halted one says so, only the other is proposed, and its news reaches GET /ml/sentiment', async () => {
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
    replica.publishBar(calm('ORCA', HISTORY + 1));
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
