import type { Page } from 'playwright-core';

/** The Feed section of the Settings tab: what runs, the replay picker and the CSV import. */
export class FeedSettingsPanel {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('[data-testid="tab-settings"]').click();
    await this.page.locator('[data-testid="feed-settings"]').waitFor();
  }

  async running(): Promise<string> {
    return (await this.page.locator('[data-testid="feed-running"]').textContent()) ?? '';
  }

  /** Picks a CSV as a trader would in the file dialog; the text never touches the disk. */
  async importCsv(fileName: string, text: string): Promise<void> {
    await this.page.locator('[data-testid="csv-file"]').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  }

  /** Stored and rejected counts of the last import, once its report is shown. */
  async importResult(): Promise<{ stored: number; rejected: number; text: string } | undefined> {
    const result = this.page.locator('[data-testid="import-result"]');
    if ((await result.count()) === 0) return undefined;
    return {
      stored: Number(await result.getAttribute('data-stored')),
      rejected: Number((await result.getAttribute('data-rejected')) ?? 0),
      text: (await result.textContent()) ?? '',
    };
  }

  async replay(interval: string, symbols: readonly string[], barsPerSecond: number): Promise<void> {
    await this.page.locator('[data-testid="feed-kind"]').selectOption('replay');
    await this.page.locator('[data-testid="feed-interval"]').selectOption(interval);
    for (const symbol of symbols) await this.page.locator(`[data-testid="feed-symbol"][data-symbol="${symbol}"]`).check();
    await this.page.locator('[data-testid="feed-rate"]').fill(String(barsPerSecond));
    await this.page.locator('[data-testid="feed-switch"]').click();
  }

  /** Alpaca's minute bars for `symbols` on `account`'s keys; the keys themselves are never typed here. */
  async alpaca(account: 'paper' | 'live', symbols: readonly string[]): Promise<void> {
    await this.page.locator('[data-testid="feed-kind"]').selectOption('alpaca');
    await this.page.locator('[data-testid="feed-alpaca-account"]').selectOption(account);
    await this.page.locator('[data-testid="feed-alpaca-symbols"]').fill(symbols.join(', '));
    await this.page.locator('[data-testid="feed-switch"]').click();
  }

  async message(): Promise<string> {
    const message = this.page.locator('[data-testid="feed-message"]');
    return (await message.count()) === 0 ? '' : ((await message.textContent()) ?? '');
  }
}
