import type { Page } from 'playwright-core';

/** The broker section of the Settings tab and the endpoint badge in the header. */
export class BrokerSettingsPanel {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('[data-testid="tab-settings"]').click();
    await this.page.locator('[data-testid="broker-settings"]').waitFor();
  }

  async badge(): Promise<{ text: string; endpoint: string | null; armed: string | null }> {
    const b = this.page.locator('[data-testid="broker-mode"]');
    return { text: (await b.textContent()) ?? '', endpoint: await b.getAttribute('data-endpoint'), armed: await b.getAttribute('data-armed') };
  }

  async keysStatus(account: 'paper' | 'live'): Promise<string> {
    return (await this.page.locator(`[data-testid="broker-keys-${account}-status"]`).textContent()) ?? '';
  }

  /** Why keys cannot be stored here (headless), shown once for both accounts. */
  async keysReason(): Promise<string> {
    return (await this.page.locator('[data-testid="broker-keys-reason"]').textContent()) ?? '';
  }

  async chooseEndpoint(endpoint: 'paper' | 'live'): Promise<void> {
    await this.page.locator('[data-testid="broker-endpoint-select"]').selectOption(endpoint);
  }

  async armEnabled(): Promise<boolean> {
    return this.page.locator('[data-testid="broker-arm"]').isEnabled();
  }
}
