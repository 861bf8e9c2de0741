import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskProcess, type StartedDesk } from './headless-process.js';
import { DeskPage } from './page-models/desk-page.js';
import { FeedSettingsPanel } from './page-models/feed-settings-panel.js';
import { SHOTS, chromiumAvailable, launchDeskBrowser } from './support/desk-browser.js';

const haveChromium = chromiumAvailable('desk-feed-settings');

/** `count` weekday daily bars from 2024-01-01: a gentle uptrend with a daily swing, every row valid. */
function dailyCsv(count: number): string {
  const rows = ['date,open,high,low,close,volume'];
  let day = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; day += 86_400_000) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const close = 50 + i * 0.2 + 2 * Math.sin(i / 4);
    rows.push(`${new Date(day).toISOString().slice(0, 10)},${(close - 0.3).toFixed(2)},${(close + 1).toFixed(2)},${(close - 1).toFixed(2)},${close.toFixed(2)},${100_000 + 1_000 * i}`);
    i += 1;
  }
  return `${rows.join('\n')}\n`;
}

describe.skipIf(!haveChromium)('feed settings on the desk in headless mode, in Chromium', () => {
  let dir: string;
  let desk: StartedDesk;
  let browser: Browser;
  let page: DeskPage;
  let feed: FeedSettingsPanel;
  let pageErrors: string[];
  const browserStatus = async (): Promise<string> => (await page.page.locator('[data-testid="status-bar"] span').nth(1).textContent()) ?? '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-feed-'));
    desk = await startDeskProcess(['--headless', '--db', path.join(dir, 'desk.db'), '--port', '0', '--seed', '7', '--speed', '60']);
    // A refused switch comes back as a 409 with its reason: expected when provoked, anything else is not.
    const launched = await launchDeskBrowser({ expectedConsoleError: (text) => /status of 409 /.test(text) });
    ({ browser, pageErrors } = launched);
    page = new DeskPage(launched.page);
    feed = new FeedSettingsPanel(launched.page);
    await page.open(desk.url);
  });

  afterAll(async () => {
    await browser?.close();
    if (desk !== undefined && desk.child.exitCode === null) await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the simulator and says so in the feed settings', async () => {
    await expect.poll(async () => (await page.watchlistSymbols()).length, { timeout: 15_000 }).toBeGreaterThan(1);
    await feed.open();
    await expect.poll(() => feed.running(), { timeout: 10_000 }).toContain('Simulator, seed 7');
  });

  it('imports a CSV of TEST, switches to its replay, and the watchlist and chart show TEST', async () => {
    await feed.importCsv('TEST.csv', dailyCsv(80));
    await expect.poll(() => feed.importResult(), { timeout: 15_000 }).toMatchObject({ stored: 80, rejected: 0 });

    await feed.replay('1d', ['TEST'], 4);
    await expect.poll(() => page.watchlistSymbols(), { timeout: 20_000 }).toEqual(['TEST']);
    await expect.poll(() => feed.message(), { timeout: 10_000 }).toBe('Switched.');
    await expect.poll(() => feed.running(), { timeout: 10_000 }).toContain('Replay of TEST (1d), 4 bars/s');
    // Half the file is history on the chart; the replay then adds bars as it goes.
    await expect.poll(async () => (await page.chart()).symbol, { timeout: 10_000 }).toBe('TEST');
    await expect.poll(async () => (await page.chart()).bars, { timeout: 10_000 }).toBeGreaterThan(40);
    expect(await page.chartCanvasCount()).toBeGreaterThan(0);
    expect(await browserStatus()).toMatch(/^Feed: replay TEST \(1d\) — connected/);
    await expect.poll(() => page.lastPrice('TEST'), { timeout: 10_000 }).not.toBe('');
    await page.screenshot(path.join(SHOTS, '10-feed-settings.png'));
    expect(pageErrors).toEqual([]);
  });

  it('shows a rejected row with its line and refuses an index file with its reason', async () => {
    const lines = dailyCsv(12).split('\n');
    lines[3] = '2024-01-03,50,40,49,50,1000';
    await feed.importCsv('BADROW.csv', lines.join('\n'));
    await expect.poll(async () => (await feed.importResult())?.rejected, { timeout: 15_000 }).toBe(1);
    expect((await feed.importResult())?.text).toMatch(/11 bars stored, 1 rejected\.line 4: /);

    await feed.importCsv('INDEX.csv', 'symbol,kind,file,first,last,rows\nAAPL,stock,AAPL.csv,2000-01-03,2020-01-02,5000\n');
    await expect.poll(async () => (await feed.importResult())?.text, { timeout: 15_000 }).toMatch(/INDEX\.csv line 1: nothing stored\. this is an index/);
  });
});
