import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../core/server/headless.js';
import { startDeskProcess, type StartedDesk } from './headless-process.js';
import { DeskPage } from './page-models/desk-page.js';

const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = process.env['DESK_SCREENSHOT'] ?? path.resolve(import.meta.dirname, '../../test-results/e2e/desk-headless.png');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`desk-headless e2e skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM).`);

/** The symbols the desk says its feed runs, asked over the API with the printed URL's token. */
async function feedSymbols(url: string): Promise<string[]> {
  const { origin, hash } = new URL(url);
  const res = await fetch(`${origin}/api/invoke/desk.status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hash.replace('#token=', '')}` },
    body: '{}',
  });
  const body = (await res.json()) as { ok: boolean; value: { feed: { symbols: string[] } } };
  return body.value.feed.symbols;
}

describe.skipIf(!haveChromium)('desk in headless mode, in Chromium', () => {
  let dir: string;
  let desk: StartedDesk;
  let browser: Browser;
  let page: DeskPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    // bin/start.js builds the renderer when its sources are newer than out/, as `npm start` does.
    desk = await startDeskProcess(['--headless', '--db', path.join(dir, 'desk.db'), '--port', '0', '--seed', '7', '--speed', '600']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--headless'],
    });
    const browserPage = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    browserPage.on('pageerror', (error) => pageErrors.push(error.message));
    browserPage.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page = new DeskPage(browserPage);
    await page.open(desk.url);
  });

  afterAll(async () => {
    await browser?.close();
    if (desk !== undefined && desk.child.exitCode === null) await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows every simulator symbol in the watchlist with a last price', async () => {
    const symbols = await feedSymbols(desk.url);
    expect(symbols.length).toBeGreaterThan(1);
    await expect.poll(() => page.watchlistSymbols(), { timeout: 15_000 }).toEqual(symbols);
    for (const symbol of symbols) expect(await page.lastPrice(symbol)).toMatch(/^\d[\d,]*\.\d{2}$/);
  });

  it('takes the token out of the address bar once read', async () => {
    expect(await page.hash()).toBe('');
  });

  it('charts the first symbol with its stored candles and draws them', async () => {
    const [first] = await feedSymbols(desk.url);
    await expect.poll(() => page.chart(), { timeout: 15_000 }).toMatchObject({ symbol: first });
    await expect.poll(async () => (await page.chart()).bars, { timeout: 15_000 }).toBeGreaterThanOrEqual(300);
    expect(await page.chartCanvasCount()).toBeGreaterThan(0);
  });

  it('adds live candles to the chart as bars close', async () => {
    const before = (await page.chart()).bars;
    await expect.poll(async () => (await page.chart()).bars, { timeout: 15_000 }).toBeGreaterThan(before + 5);
    expect(await page.liveBars()).toBeGreaterThan(0);
  });

  it('switches the chart when another symbol is picked', async () => {
    const other = (await feedSymbols(desk.url)).at(-1) ?? '';
    await page.select(other);
    await expect.poll(() => page.selectedSymbol()).toBe(other);
    await expect.poll(async () => page.chart(), { timeout: 15_000 }).toMatchObject({ symbol: other });
    await expect.poll(async () => (await page.chart()).bars, { timeout: 15_000 }).toBeGreaterThanOrEqual(300);
    await page.screenshot(SCREENSHOT);
  });

  it('runs without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });

  it('shuts down cleanly on Ctrl-C: exit 0 and the token file removed', async () => {
    const tokenFile = path.join(dir, TOKEN_FILE_NAME);
    expect(existsSync(tokenFile)).toBe(true);
    expect(await desk.stop()).toBe(0);
    expect(existsSync(tokenFile)).toBe(false);
  });
});
