import type { Page } from 'playwright-core';

/** The desk's main screen as a test sees it: what a trader reads, found by test ids, not by layout. */
export class DeskPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  watchlistSymbols(): Promise<string[]> {
    return this.page.locator('[data-testid="watchlist-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol') ?? ''));
  }

  async lastPrice(symbol: string): Promise<string> {
    return (await this.page.locator(`[data-testid="watchlist-row"][data-symbol="${symbol}"] [data-testid="last-price"]`).textContent()) ?? '';
  }

  /** A watchlist row's hold: its reasons (space-separated, '' when not held) and the words shown. */
  async hold(symbol: string): Promise<{ reasons: string; text: string }> {
    const held = this.page.locator(`[data-testid="watchlist-row"][data-symbol="${symbol}"] [data-testid="held"]`);
    if ((await held.count()) === 0) return { reasons: '', text: '' };
    return { reasons: (await held.getAttribute('data-reasons')) ?? '', text: (await held.textContent()) ?? '' };
  }

  async select(symbol: string): Promise<void> {
    await this.page.locator(`[data-testid="watchlist-row"][data-symbol="${symbol}"]`).click();
  }

  async selectedSymbol(): Promise<string> {
    return (await this.page.locator('[data-testid="watchlist-row"][aria-selected="true"]').getAttribute('data-symbol')) ?? '';
  }

  /** Symbol and number of candles the chart has been given. */
  async chart(): Promise<{ symbol: string; bars: number }> {
    const chart = this.page.locator('[data-testid="price-chart"]');
    return { symbol: (await chart.getAttribute('data-symbol')) ?? '', bars: Number(await chart.getAttribute('data-bars')) };
  }

  /** Whether the chart drew anything: lightweight-charts paints into canvases inside the container. */
  chartCanvasCount(): Promise<number> {
    return this.page.locator('[data-testid="price-chart"] canvas').count();
  }

  async liveBars(): Promise<number> {
    const text = (await this.page.locator('[data-testid="live-bars"]').textContent()) ?? '';
    return Number(/(\d+)/.exec(text)?.[1] ?? 0);
  }

  /** The address bar's fragment: the token must be gone from it once the page has read it. */
  hash(): Promise<string> {
    return this.page.evaluate(() => window.location.hash);
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }
}
