import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { seededNormal } from '../../core/util/seeded-random.js';
import { invokeOverHttp, startDeskProcess, type StartedDesk } from './headless-process.js';
import { SHOTS, chromiumAvailable, launchDeskBrowser } from './support/desk-browser.js';

const haveChromium = chromiumAvailable('backtest-view');

const DAY = 86_400_000;

/** Weekday daily bars: a seeded walk with volatility bursts and volume on the big moves, so breakouts happen. */
function walk(symbol: string, seed: number, count: number): Bar[] {
  const z = seededNormal(seed);
  const bars: Bar[] = [];
  let close = 60;
  for (let day = Date.UTC(2015, 0, 1); bars.length < count; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const shock = z();
    const vol = bars.length % 100 < 15 ? 0.03 : 0.011;
    const open = close;
    close = open * Math.exp(0.0004 + vol * shock);
    bars.push({
      symbol, interval: '1d', time: epochMs(day), open: price(open), high: price(Math.max(open, close) * 1.004), low: price(Math.min(open, close) * 0.996),
      close: price(close), volume: quantity(Math.round(1e6 * (0.5 + Math.abs(shock)))),
    });
  }
  return bars;
}

/** The Backtest tab as a trader uses it, found by test ids. */
class BacktestTab {
  constructor(readonly page: Page) {}
  async open(): Promise<void> {
    await this.page.locator('[data-testid="tab-backtest"]').click();
  }
  async run(symbols: readonly string[], strategy: string, from: string): Promise<void> {
    for (const s of symbols) await this.page.locator(`[data-testid="bt-symbol-${s}"]`).check();
    await this.page.locator('[data-testid="bt-strategy"]').selectOption(strategy);
    await this.page.locator('[data-testid="bt-from"]').fill(from);
    await this.page.locator('[data-testid="bt-run"]').click();
  }
  state(): Promise<string | null> {
    return this.page.locator('[data-testid="bt-job"]').getAttribute('data-state', { timeout: 1_000 }).catch(() => null);
  }
  runId(): Promise<string | null> {
    return this.page.locator('[data-testid="bt-job"]').getAttribute('data-run-id');
  }
  /** Each metric cell's raw value as the view holds it. */
  metrics(): Promise<Record<string, string>> {
    return this.page.locator('[data-testid^="bt-metric-"]').evaluateAll((cells) =>
      Object.fromEntries(cells.map((c) => [c.getAttribute('data-testid')?.slice('bt-metric-'.length) ?? '', c.getAttribute('data-value') ?? ''])));
  }
}

describe.skipIf(!haveChromium)('backtest view on the desk in headless mode, in Chromium', () => {
  let dir: string;
  let desk: StartedDesk;
  let browser: Browser;
  let tab: BacktestTab;
  let pageErrors: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-backtest-'));
    const dbFile = path.join(dir, 'desk.db');
    // The desk's own database holds the daily series the backtest reads, as after a CSV import.
    const db = openDatabase(dbFile);
    // CCC and DDD are long, so a run over them lasts long enough to be cancelled from the view.
    new BarStore(db).upsert([...walk('AAA', 11, 700), ...walk('BBB', 12, 700), ...walk('CCC', 13, 4_000), ...walk('DDD', 14, 4_000)]);
    db.close();
    desk = await startDeskProcess(['--headless', '--db', dbFile, '--port', '0', '--seed', '7', '--speed', '60']);
    const launched = await launchDeskBrowser({ viewport: { width: 1440, height: 1000 } });
    ({ browser, pageErrors } = launched);
    tab = new BacktestTab(launched.page);
    await launched.page.goto(desk.url);
  });

  afterAll(async () => {
    await browser?.close();
    if (desk !== undefined && desk.child.exitCode === null) await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a backtest of two stored series from the UI and shows the result\'s own metrics, equity, drawdown and trades', async () => {
    await tab.open();
    await expect.poll(() => tab.page.locator('[data-testid="bt-symbol-AAA"]').count(), { timeout: 15_000 }).toBe(1);
    await tab.run(['AAA', 'BBB'], 'model', '2016-01-04');
    await expect.poll(() => tab.state(), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => tab.page.locator('[data-testid="bt-results"]').count(), { timeout: 10_000 }).toBe(1);

    // The same result over the contract, as any client reads it.
    const runId = (await tab.runId()) ?? '';
    const { report } = await invokeOverHttp(desk.url, 'backtest.result', { runId });
    if (report === null) throw new Error(`run ${runId} has no report`);
    expect(report.run.symbols).toEqual(['AAA', 'BBB']);
    const shown = await tab.metrics();
    expect(Object.keys(shown).length).toBeGreaterThanOrEqual(10);
    const portfolio: Readonly<Record<string, number | null>> = report.metrics.portfolio;
    for (const [key, value] of Object.entries(shown)) expect(value, key).toBe(String(portfolio[key]));
    expect(Number(shown['trades'])).toBeGreaterThan(0);

    const points = (id: string) => tab.page.locator(`[data-testid="${id}"]`).getAttribute('data-points').then(Number);
    expect(await points('bt-equity')).toBe(report.equity.length);
    expect(await points('bt-drawdown')).toBe(report.equity.length);
    const aaaTrades = report.trades.filter((t) => t.symbol === 'AAA').length;
    expect(await tab.page.locator('[data-testid="bt-price-mark"]').count()).toBeGreaterThanOrEqual(aaaTrades);
    await tab.page.locator('[data-testid="bt-panel"]').scrollIntoViewIfNeeded();
    await tab.page.screenshot({ path: path.join(SHOTS, '12-backtest-view.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('cancels a long run from the view mid-way; the desk stops it and says so', async () => {
    for (const s of ['AAA', 'BBB']) await tab.page.locator(`[data-testid="bt-symbol-${s}"]`).uncheck();
    await tab.run(['CCC', 'DDD'], 'model', '2015-06-01');
    const progress = tab.page.locator('[data-testid="bt-progress"]');
    const done = async (): Promise<number> => Number(await progress.getAttribute('value'));
    await expect.poll(async () => (await tab.state()) === 'running' && (await done()) > 0, { timeout: 30_000 }).toBe(true);
    await tab.page.locator('[data-testid="bt-cancel"]').click();
    await expect.poll(() => tab.state(), { timeout: 30_000 }).toBe('cancelled');
    // Stopped before its end, by the desk's own account of the run.
    expect(await done()).toBeLessThan(Number(await progress.getAttribute('max')));
    expect(await tab.page.locator('[data-testid="bt-run"]').isEnabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
