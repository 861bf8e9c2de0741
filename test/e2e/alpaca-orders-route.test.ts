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
import { TradingPart } from '../support/alpaca-replica/trading-part.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { DeskPage } from './page-models/desk-page.js';
import { FeedSettingsPanel } from './page-models/feed-settings-panel.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`alpaca-orders-route e2e skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM).`);

// A Saturday on a manual clock: outside market hours, so the only holds are the ones the test causes.
const T0 = Date.UTC(2024, 2, 2, 14, 30);
const MINUTE = 60_000;
const HISTORY = 120;
// Not the simulator's names: the desk starts on the simulator, and its bars of the same names would share the chart.
const SYMBOLS = ['NOVA'];

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

describe.skipIf(!haveChromium)('a headless desk in Chromium routing its orders to the Alpaca paper account (loopback replica)', () => {
  let dir: string;
  let replica: AlpacaReplica;
  let trading: TradingPart;
  let running: HeadlessDesk;
  let browser: Browser;
  let page: DeskPage;
  let feed: FeedSettingsPanel;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureRendererBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-alpaca-orders-'));
    mkdirSync(SHOTS, { recursive: true });
    trading = new TradingPart(REPLICA_KEYS);
    replica = await startAlpacaReplica({ extraParts: [trading] });
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

  it('the trader picks Alpaca orders next to the Alpaca feed, sees the paper endpoint, and a confirmed proposal becomes one order at the replica', async () => {
    await expect.poll(async () => (await page.watchlistSymbols()).length, { timeout: 15_000 }).toBeGreaterThan(1);
    await feed.open();
    const ui = page.page;
    await ui.locator('[data-testid="feed-kind"]').selectOption('alpaca');
    // Off by default: simulated fills, no endpoint banner.
    expect(await ui.locator('[data-testid="feed-alpaca-orders"]').inputValue()).toBe('simulated');
    expect(await ui.locator('[data-testid="feed-alpaca-endpoint"]').count()).toBe(0);
    await ui.locator('[data-testid="feed-alpaca-orders"]').selectOption('alpaca');
    await ui.locator('[data-testid="feed-alpaca-account"]').selectOption('live');
    expect(await ui.locator('[data-testid="feed-alpaca-endpoint"]').textContent()).toMatch(/^LIVE · real money: confirmed orders go to api\.alpaca\.markets, and only while live trading is armed/);
    await ui.locator('[data-testid="feed-alpaca-account"]').selectOption('paper');
    const endpoint = ui.locator('[data-testid="feed-alpaca-endpoint"]');
    expect(await endpoint.textContent()).toBe('PAPER: confirmed orders go to paper-api.alpaca.markets');
    await ui.locator('[data-testid="feed-alpaca-symbols"]').fill(SYMBOLS.join(', '));
    await ui.locator('[data-testid="feed-settings"]').screenshot({ path: path.join(SHOTS, '16-alpaca-orders-route.png') });
    await ui.locator('[data-testid="feed-switch"]').click();
    await expect.poll(() => feed.message(), { timeout: 20_000 }).toBe('Switched.');
    expect(await feed.running()).toContain('NOVA; orders to the Alpaca PAPER account (paper-api.alpaca.markets)');
    const desk = running.desk;
    await pollUntil(() => desk.status().feed.held?.length === 0 && trading.openSockets === 1, 'the feed and trade_updates', 15_000);

    const before = desk.status().db.barsStored;
    replica.publishBar({ S: 'NOVA', t: T0 + HISTORY * MINUTE, o: 103, h: 110.5, l: 102.5, c: 110, v: 5_000 });
    await pollUntil(() => desk.status().db.barsStored === before + 1, 'the breakout bar', 15_000);
    await desk.idle();
    const listed = await desk.invoke('proposals.list', {});
    const proposal = listed.ok ? listed.value.pending.find((p) => p.symbol === 'NOVA') : undefined;
    if (proposal === undefined) throw new Error('no NOVA proposal');
    expect((await desk.invoke('proposals.confirm', { proposalId: proposal.id })).ok).toBe(true);
    await pollUntil(() => trading.orders().length === 1, 'the order at the replica', 10_000);
    expect(trading.orders()[0]).toMatchObject({ symbol: 'NOVA', side: 'buy', client_order_id: expect.stringContaining(proposal.id) });
    expect(trading.submissions()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
