import type { Locator, Page } from 'playwright-core';

/** What a refused confirm shows on the proposal's row. */
export interface Refusal {
  readonly rule: string;
  readonly text: string;
}

/** The model-vs-baseline figures under a proposal, as the trader reads them. */
export interface RiskNumbers {
  readonly servedBy: string;
  readonly serving: Record<string, string>;
  readonly baseline: Record<string, string>;
  readonly fallback: string | undefined;
  readonly adjustment: string | undefined;
}

/**
 * The trading half of the desk: header kill switch, the proposals queue and its dialogs, orders, positions
 * and settings. Found by test ids and roles, never by layout.
 */
export class TradingPanel {
  constructor(readonly page: Page) {}

  async openTab(tab: 'proposals' | 'orders' | 'positions' | 'models' | 'settings'): Promise<void> {
    await this.page.locator(`[data-testid="tab-${tab}"]`).click();
    await this.page.locator(`[data-testid="panel-${tab}"]`).waitFor();
  }

  /** Pending proposals of one kind, oldest first: new trades ('signal') unless asked for the risk model's adjustments. */
  pendingIds(kind: 'signal' | 'adjustment' = 'signal'): Promise<string[]> {
    return this.page.locator(`[data-testid="proposal-row"][data-kind="${kind}"]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-proposal-id') ?? ''));
  }

  /**
   * The risk numbers under a proposal: the serving sizer's and the baseline's row (size, quantity, stop,
   * target, max drawdown, volatility adjustment, as shown), who serves, and the adjustment line if any.
   */
  async risk(id: string): Promise<RiskNumbers> {
    const panel = this.page.locator(`[data-testid="proposal-risk"][data-proposal-id="${id}"]`);
    const figures = (testId: string) => panel.locator(`[data-testid="${testId}"] [data-field]`)
      .evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-field') ?? '', c.textContent ?? ''])));
    const text = async (testId: string) => {
      const el = panel.locator(`[data-testid="${testId}"]`);
      return (await el.count()) === 0 ? undefined : ((await el.textContent()) ?? '');
    };
    return {
      servedBy: (await panel.getAttribute('data-served-by')) ?? '',
      serving: await figures('risk-serving'),
      baseline: await figures('risk-baseline'),
      fallback: await text('risk-fallback'),
      adjustment: await text('adjustment-change'),
    };
  }

  /** The newest pending proposal (the queue is oldest first), so it has the most time left before it expires. */
  async newestPending(): Promise<string | undefined> {
    return (await this.pendingIds()).at(-1);
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="proposal-row"][data-proposal-id="${id}"]`);
  }

  async proposalSymbol(id: string): Promise<string> {
    return (await this.row(id).getAttribute('data-symbol')) ?? '';
  }

  /** Confirms from the keyboard: focus the row, press Enter. */
  async confirmWithEnter(id: string): Promise<void> {
    await this.row(id).focus();
    await this.page.keyboard.press('Enter');
  }

  async confirmWithClick(id: string): Promise<void> {
    await this.row(id).locator('[data-testid="confirm"]').click();
  }

  async openReject(id: string): Promise<Locator> {
    await this.row(id).locator('[data-testid="reject"]').click();
    const dialog = this.page.locator('[data-testid="reject-dialog"]');
    await dialog.waitFor();
    return dialog;
  }

  async openEdit(id: string): Promise<Locator> {
    await this.row(id).locator('[data-testid="edit"]').click();
    const dialog = this.page.locator('[data-testid="edit-dialog"]');
    await dialog.waitFor();
    return dialog;
  }

  /** The refusal shown under a proposal, or undefined while there is none. */
  async refusal(id: string): Promise<Refusal | undefined> {
    const row = this.page.locator(`[data-testid="proposal-refusal"][data-proposal-id="${id}"]`);
    if ((await row.count()) === 0) return undefined;
    return { rule: (await row.getAttribute('data-rule')) ?? '', text: (await row.textContent()) ?? '' };
  }

  /** Status and reason of a decided proposal, or undefined when it is not in the recent decisions. */
  async decision(id: string): Promise<{ status: string; reason: string } | undefined> {
    const row = this.page.locator(`[data-testid="decided-row"][data-proposal-id="${id}"]`);
    if ((await row.count()) === 0) return undefined;
    return { status: (await row.getAttribute('data-status')) ?? '', reason: (await row.locator('[data-testid="decision-reason"]').textContent()) ?? '' };
  }

  /** Status of each order of a symbol, keyed by leg (entry, stop_loss, take_profit, single). */
  ordersOf(symbol: string): Promise<Record<string, string>> {
    return this.page
      .locator(`[data-testid="order-row"][data-symbol="${symbol}"]`)
      .evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-leg') ?? '', r.getAttribute('data-status') ?? ''])));
  }

  async positionQuantity(symbol: string): Promise<number | undefined> {
    const cell = this.page.locator(`[data-testid="position-row"][data-symbol="${symbol}"] [data-testid="position-quantity"]`);
    if ((await cell.count()) === 0) return undefined;
    return Number(((await cell.textContent()) ?? '').replace(/,/g, ''));
  }

  async pnlFigures(): Promise<{ equity: string; unrealised: string; realised: string }> {
    const text = async (id: string) => (await this.page.locator(`[data-testid="${id}"]`).textContent()) ?? '';
    return { equity: await text('equity'), unrealised: await text('unrealised-pnl'), realised: await text('realised-pnl') };
  }

  async killSwitchOn(): Promise<string> {
    return (await this.page.locator('[data-testid="kill-switch"]').getAttribute('data-on')) ?? '';
  }

  /** Flips the kill switch through its reason dialog, typing the reason and pressing Enter. */
  async toggleKillSwitch(reason: string): Promise<void> {
    await this.page.locator('[data-testid="kill-switch-toggle"]').click();
    const dialog = this.page.locator('[data-testid="kill-switch-dialog"]');
    await dialog.locator('[data-testid="reason-input"]').fill(reason);
    await this.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
  }

  /** Sets one risk limit through the settings form and waits for "Saved.". */
  async setLimit(name: string, value: number): Promise<void> {
    await this.openTab('settings');
    const form = this.page.locator('[data-testid="risk-limits-form"]');
    await form.locator(`[data-testid="limit-${name}"]`).fill(String(value));
    await form.locator('button[type="submit"]').click();
    await form.locator('[role="status"]', { hasText: 'Saved.' }).waitFor();
  }
}
