import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../core/server/headless.js';
import { startDeskProcess, type StartedDesk } from './headless-process.js';
import { DeskPage } from './page-models/desk-page.js';

const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = process.env['DESK_SCREENSHOT'] ?? '/tmp/desk.png';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`desk-headless e2e skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM).`);

describe.skipIf(!haveChromium)('desk in headless mode, in Chromium', () => {
  let dir: string;
  let desk: StartedDesk;
  let browser: Browser;
  let page: DeskPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
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
    await expect.poll(() => page.watchlistSymbols(), { timeout: 15_000 }).toEqual(['ACME', 'BOLT', 'CRUX', 'DYNA', 'EMBR', 'FJRD']);
    expect(await page.lastPrice('ACME')).toMatch(/^\d[\d,]*\.\d{2}$/);
  });

  it('takes the token out of the address bar once read', async () => {
    expect(await page.hash()).toBe('');
  });

  it('charts the selected symbol with its stored candles and draws them', async () => {
    await expect.poll(() => page.chart(), { timeout: 15_000 }).toMatchObject({ symbol: 'ACME' });
    await expect.poll(async () => (await page.chart()).bars, { timeout: 15_000 }).toBeGreaterThanOrEqual(300);
    expect(await page.chartCanvasCount()).toBeGreaterThan(0);
  });

  it('adds live candles to the chart as bars close', async () => {
    const before = (await page.chart()).bars;
    await expect.poll(async () => (await page.chart()).bars, { timeout: 15_000 }).toBeGreaterThan(before + 5);
    expect(await page.liveBars()).toBeGreaterThan(0);
  });

  it('switches the chart when another symbol is picked', async () => {
    await page.select('DYNA');
    await expect.poll(() => page.selectedSymbol()).toBe('DYNA');
    await expect.poll(async () => page.chart(), { timeout: 15_000 }).toMatchObject({ symbol: 'DYNA' });
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
