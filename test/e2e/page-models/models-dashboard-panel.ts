import type { Page } from 'playwright-core';

/** One plot card as a trader reads it: whether it drew, and the figures it says it drew. */
export interface PlotState {
  readonly empty: boolean;
  readonly data: Readonly<Record<string, string>>;
  readonly caption: string;
}

/** One row of the versions table. */
export interface VersionRow {
  readonly version: string;
  readonly status: string;
  readonly breaker: string;
  readonly live: string;
  readonly refusedReason: string;
}

/** The models tab's dashboard: health strip, versions and their actions, registration, and the six plots. */
export class ModelsDashboardPanel {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('[data-testid="tab-models"]').click();
    await this.page.locator('[data-testid="models-dashboard"]').waitFor();
  }

  async plot(name: 'precision' | 'brier' | 'reliability' | 'importance' | 'drift' | 'ab'): Promise<PlotState> {
    const card = this.page.locator(`[data-testid="plot-${name}"]`);
    const attrs = await card.evaluate((el) => Object.fromEntries(Array.from(el.attributes).filter((a) => a.name.startsWith('data-')).map((a) => [a.name.slice(5), a.value])));
    return { empty: attrs['empty'] === 'true', data: attrs, caption: (await card.locator('.plot-caption').textContent().catch(() => '')) ?? '' };
  }

  /** Drawn bars of a bar plot (importance or drift): feature, value and whether it is past the alert line. */
  bars(testId: 'importance-bars' | 'drift-bars'): Promise<{ feature: string; value: number | null; alert: boolean }[]> {
    return this.page.locator(`[data-testid="${testId}-row"]`).evaluateAll((rows) =>
      rows.map((r) => {
        const v = r.getAttribute('data-value') ?? '';
        return { feature: r.getAttribute('data-feature') ?? '', value: v === '' ? null : Number(v), alert: r.getAttribute('data-alert') === 'true' };
      }),
    );
  }

  /** The A/B plot's arms: version with precision and its interval as drawn. */
  abArms(): Promise<{ version: string; precision: number | null; low: number | null; high: number | null }[]> {
    return this.page.locator('[data-testid="ab-arm"]').evaluateAll((arms) =>
      arms.map((a) => {
        const num = (k: string): number | null => {
          const v = a.getAttribute(k) ?? '';
          return v === '' ? null : Number(v);
        };
        return { version: a.getAttribute('data-version') ?? '', precision: num('data-precision'), low: num('data-low'), high: num('data-high') };
      }),
    );
  }

  versions(): Promise<VersionRow[]> {
    return this.page.locator('[data-testid="model-version-row"]').evaluateAll((rows) =>
      rows.map((r) => ({
        version: r.getAttribute('data-version') ?? '',
        status: r.getAttribute('data-status') ?? '',
        breaker: r.getAttribute('data-breaker') ?? '',
        live: r.querySelector('[data-testid="version-live"]')?.textContent ?? '',
        refusedReason: r.querySelector('[data-testid="version-refused-reason"]')?.textContent ?? '',
      })),
    );
  }

  async healthState(): Promise<string> {
    return (await this.page.locator('[data-testid="model-health-strip"]').getAttribute('data-state')) ?? '';
  }

  async register(dir: string, reason: string): Promise<void> {
    await this.page.locator('[data-testid="register-dir"]').fill(dir);
    await this.page.locator('[data-testid="register-reason"]').fill(reason);
    await this.page.locator('[data-testid="register-version"] button[type="submit"]').click();
  }

  async refusal(): Promise<string> {
    const el = this.page.locator('[data-testid="register-refusal"]');
    return (await el.count()) === 0 ? '' : ((await el.textContent()) ?? '');
  }

  /** Presses a version's action button, then confirms the dialog with `reason`. */
  async act(version: string, action: string, reason: string, deploy?: { mode: 'champion' | 'challenger' | 'shadow'; sharePct?: number }): Promise<void> {
    await this.page.locator(`[data-testid="model-version-row"][data-version="${version}"] [data-testid="action-${action}"]`).click();
    await this.confirm(reason, deploy);
  }

  /** Presses a health-strip switch (disable, enable, disableAll), then confirms with `reason`. */
  async switch(action: 'disable' | 'enable' | 'disableAll', reason: string): Promise<void> {
    await this.page.locator(`[data-testid="model-health-strip"] [data-testid="action-${action}"]`).click();
    await this.confirm(reason);
  }

  async dialogError(): Promise<string> {
    const el = this.page.locator('[data-testid="model-action-dialog"] [data-testid="dialog-error"]');
    return (await el.count()) === 0 ? '' : ((await el.textContent()) ?? '');
  }

  async dialogOpen(): Promise<boolean> {
    return (await this.page.locator('[data-testid="model-action-dialog"]').count()) > 0;
  }

  async refreshPlots(): Promise<void> {
    await this.page.locator('[data-testid="refresh-plots"]').click();
  }

  private async confirm(reason: string, deploy?: { mode: 'champion' | 'challenger' | 'shadow'; sharePct?: number }): Promise<void> {
    const dialog = this.page.locator('[data-testid="model-action-dialog"]');
    await dialog.waitFor();
    if (deploy !== undefined) {
      await dialog.locator(`[data-testid="deploy-mode-${deploy.mode}"]`).check();
      if (deploy.sharePct !== undefined) await dialog.locator('[data-testid="deploy-share"]').fill(String(deploy.sharePct));
    }
    await dialog.locator('[data-testid="reason-input"]').fill(reason);
    await dialog.locator('button[type="submit"]').click();
  }
}
