import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskProcess, type StartedDesk } from './headless-process.js';
import { DeskPage } from './page-models/desk-page.js';
import { TradingPanel } from './page-models/trading-panel.js';

const CHROMIUM = process.env['DESK_CHROMIUM'] ?? '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e');
// 60x: one 1-minute bar a second, so a breakout proposal shows within seconds and its 30-bar lifetime
// (half a minute of wall-clock time) leaves the test ample time to act on it.
const SPEED = process.env['DESK_E2E_SPEED'] ?? '60';
/** Proposals are rare events: allow for a quiet stretch of the seeded market. */
const PROPOSAL_TIMEOUT_MS = 90_000;
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`desk-trading e2e skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM).`);

describe.skipIf(!haveChromium)('trading on the desk in headless mode, in Chromium', () => {
  let dir: string;
  let desk: StartedDesk;
  let browser: Browser;
  let page: DeskPage;
  let trading: TradingPanel;
  const pageErrors: string[] = [];

  /** Waits for a pending proposal not seen before and returns its id (the newest, so it has most time left). */
  async function freshProposal(seen: ReadonlySet<string>): Promise<string> {
    await trading.openTab('proposals');
    let id: string | undefined;
    await expect
      .poll(async () => {
        id = (await trading.pendingIds()).filter((p) => !seen.has(p)).at(-1);
        return id;
      }, { timeout: PROPOSAL_TIMEOUT_MS, interval: 250 })
      .toBeDefined();
    return id ?? '';
  }
  const used = new Set<string>();
  async function takeProposal(): Promise<string> {
    const id = await freshProposal(used);
    used.add(id);
    return id;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-trading-'));
    mkdirSync(SHOTS, { recursive: true });
    desk = await startDeskProcess(['--headless', '--db', path.join(dir, 'desk.db'), '--port', '0', '--seed', '7', '--speed', SPEED]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--headless'],
    });
    const browserPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    browserPage.on('pageerror', (error) => pageErrors.push(error.message));
    browserPage.on('console', (message) => {
      // Refusals the tests provoke (422 order-denied, 409 conflict for a bad edit) arrive as HTTP errors carrying
      // the typed error, which Chromium logs as failed loads: expected here, anything else is not.
      if (message.type() === 'error' && !/status of (409|422) /.test(message.text())) pageErrors.push(message.text());
    });
    page = new DeskPage(browserPage);
    trading = new TradingPanel(browserPage);
    await page.open(desk.url);
    await browserPage.screenshot({ path: path.join(SHOTS, '01-desk-opened.png') });
  });

  afterAll(async () => {
    await browser?.close();
    if (desk !== undefined && desk.child.exitCode === null) await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens with the kill switch off and an empty account', async () => {
    await expect.poll(() => trading.killSwitchOn(), { timeout: 15_000 }).toBe('false');
    await trading.openTab('positions');
    await expect.poll(async () => (await trading.pnlFigures()).equity, { timeout: 15_000 }).toBe('100,000.00');
  });

  it('a breakout proposal appears, is confirmed with Enter, its entry fills and the position and P&L show', async () => {
    const id = await takeProposal();
    const symbol = await trading.proposalSymbol(id);
    // Selecting the proposal charts its symbol with the bracket drawn.
    await trading.row(id).click();
    await expect.poll(async () => (await page.chart()).symbol, { timeout: 10_000 }).toBe(symbol);
    await expect.poll(() => page.page.locator('[data-testid="price-chart"]').getAttribute('data-stop')).not.toBe('');
    const chart = page.page.locator('[data-testid="price-chart"]');
    // The breakout behind the proposal is on the chart and in the watchlist, with support below resistance.
    await expect.poll(async () => Number(await chart.getAttribute('data-markers')), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.page.locator(`[data-testid="watchlist-row"][data-symbol="${symbol}"] [data-testid="breakout-probability"]`).textContent()).toMatch(/^[▲▼] \d+%$/);
    expect(Number(await chart.getAttribute('data-support'))).toBeLessThan(Number(await chart.getAttribute('data-resistance')));
    // The crosshair legend follows the pointer: hovering the left part of the chart shows a bar well before the latest.
    const legend = page.page.locator('[data-testid="crosshair-legend"]');
    const box = await chart.boundingBox();
    if (box === null) throw new Error('the chart has no layout box');
    await page.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    const MINUTE = 60_000;
    await expect
      .poll(async () => Number(await chart.getAttribute('data-last-time')) - Number(await legend.getAttribute('data-time')))
      .toBeGreaterThan(10 * MINUTE);
    expect(await legend.textContent()).toMatch(/O [\d,.]+H [\d,.]+L [\d,.]+C [\d,.]+V [\d.]+[KMB]?/);
    await page.page.screenshot({ path: path.join(SHOTS, '02-proposal-selected.png') });
    await page.page.mouse.move(0, 0);

    // Under the row: the serving risk sizer's numbers and the baseline's, side by side. A 1m desk serves the
    // vol-target baseline (the DQN learned on daily bars) and says so.
    const risk = await trading.risk(id);
    expect(risk.servedBy).toBe('baseline');
    expect(risk.fallback).toContain('trained on 1d bars');
    for (const d of [risk.serving, risk.baseline]) {
      expect(d['size']).toMatch(/^\d+\.\d%$/);
      expect(d['max-drawdown']).toMatch(/^\d+\.\d{2}%$/);
      expect(d['vol-adjustment']).toMatch(/^×\d+\.\d{2}$/);
      expect(d['stop']).toMatch(/^[\d,]+\.\d{2}$/);
    }
    const rowQty = (await trading.row(id).locator('[data-testid="proposal-quantity"]').textContent()) ?? '';
    expect(risk.serving['quantity']).toBe(rowQty);
    expect(risk.serving['stop']).toBe(await trading.row(id).locator('td.num.down').textContent());

    await trading.row(id).focus();
    await page.page.screenshot({ path: path.join(SHOTS, '02b-proposal-focused.png') });
    await trading.confirmWithEnter(id);
    await expect.poll(() => trading.decision(id), { timeout: 10_000 }).toMatchObject({ status: 'confirmed' });
    await trading.openTab('orders');
    await expect.poll(async () => (await trading.ordersOf(symbol))['entry'], { timeout: 20_000 }).toBe('filled');
    await page.page.screenshot({ path: path.join(SHOTS, '03-order-filled.png') });

    await trading.openTab('positions');
    await expect.poll(() => trading.positionQuantity(symbol), { timeout: 10_000 }).toBeGreaterThan(0);
    const pnl = await trading.pnlFigures();
    expect(pnl.unrealised).toMatch(/^[+-]?[\d,]+\.\d{2}$/);
    expect(pnl.equity).toMatch(/^[\d,]+\.\d{2}$/);
    await page.page.screenshot({ path: path.join(SHOTS, '04-position-and-pnl.png') });
  });

  it('the open position is re-evaluated: an adjustment proposal shows what changes and both sizers, and is confirmed', async () => {
    await trading.openTab('proposals');
    let id: string | undefined;
    await expect
      .poll(async () => {
        id = (await trading.pendingIds('adjustment')).at(-1);
        return id;
      }, { timeout: PROPOSAL_TIMEOUT_MS, interval: 250 })
      .toBeDefined();
    const adjustment = id ?? '';
    const risk = await trading.risk(adjustment);
    expect(risk.adjustment).toMatch(/^Adjust open position: (stop|target|size) /);
    expect(risk.serving['quantity']).toMatch(/^[\d,]+$/);
    expect(risk.baseline['target']).toMatch(/^[\d,]+\.\d{2}$/);
    // Confirm or reject only: the engine refuses edits of an adjustment, so the row offers none.
    expect(await trading.row(adjustment).locator('[data-testid="edit"]').count()).toBe(0);
    await trading.row(adjustment).scrollIntoViewIfNeeded();
    await page.page.screenshot({ path: path.join(SHOTS, '04b-adjustment-proposal.png') });
    await trading.confirmWithClick(adjustment);
    await expect.poll(() => trading.decision(adjustment), { timeout: 10_000 }).toMatchObject({ status: 'confirmed' });
  });

  it('rejecting needs a reason, and the reason is recorded', async () => {
    const id = await takeProposal();
    const dialog = await trading.openReject(id);
    // Enter on an empty reason does nothing: the dialog stays open.
    await page.page.keyboard.press('Enter');
    expect(await dialog.locator('button[type="submit"]').isDisabled()).toBe(true);
    await dialog.locator('[data-testid="reason-input"]').fill('volume too thin for my taste');
    await page.page.screenshot({ path: path.join(SHOTS, '05-reject-dialog.png') });
    await page.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => trading.decision(id), { timeout: 10_000 }).toEqual({ status: 'rejected', reason: 'volume too thin for my taste' });
    expect(await trading.pendingIds()).not.toContain(id);
  });

  it('Esc closes the reject dialog without rejecting', async () => {
    const id = await takeProposal();
    const dialog = await trading.openReject(id);
    await page.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await trading.decision(id)).toBeUndefined();
  });

  it('an edit goes through the engine: a smaller quantity is taken, a stop at the target is refused in the dialog', async () => {
    const id = await takeProposal();
    const before = Number(((await trading.row(id).locator('[data-testid="proposal-quantity"]').textContent()) ?? '').replace(/,/g, ''));
    expect(before).toBeGreaterThan(1);
    let dialog = await trading.openEdit(id);
    await dialog.locator('[data-testid="edit-quantity"]').fill(String(before - 1));
    await page.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await trading.row(id).locator('[data-testid="proposal-quantity"]').textContent())?.replace(/,/g, '')).toBe(String(before - 1));

    dialog = await trading.openEdit(id);
    const target = Number(await dialog.locator('[data-testid="edit-target"]').inputValue());
    // A stop at the target is no bracket on either side: the engine must refuse and the dialog must say why.
    await dialog.locator('[data-testid="edit-stop"]').fill(String(target));
    await page.page.keyboard.press('Enter');
    await expect.poll(() => dialog.locator('[data-testid="dialog-error"]').count(), { timeout: 10_000 }).toBe(1);
    await page.page.screenshot({ path: path.join(SHOTS, '05b-edit-refused.png') });
    await page.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('with the kill switch on, a confirm is refused and the rule is shown', async () => {
    await trading.toggleKillSwitch('e2e: halt trading');
    await expect.poll(() => trading.killSwitchOn()).toBe('true');
    const id = await takeProposal();
    await trading.confirmWithClick(id);
    await expect.poll(() => trading.refusal(id), { timeout: 10_000 }).toMatchObject({ rule: expect.stringMatching(/kill/i) });
    await page.page.screenshot({ path: path.join(SHOTS, '06-kill-switch-refusal.png') });
    expect(await trading.decision(id)).toBeUndefined();
    await trading.toggleKillSwitch('e2e: resume');
    await expect.poll(() => trading.killSwitchOn()).toBe('false');
  });

  it('an order over a risk limit is refused and shows the rule and reason', async () => {
    await trading.setLimit('maxOrderQuantity', 1);
    await page.page.screenshot({ path: path.join(SHOTS, '06b-settings-saved.png') });
    const id = await freshProposal(used);
    used.add(id);
    await trading.confirmWithClick(id);
    await expect.poll(() => trading.refusal(id), { timeout: 10_000 }).toMatchObject({ rule: expect.stringMatching(/quantity/i) });
    await page.page.screenshot({ path: path.join(SHOTS, '07-limit-refusal.png') });
    await trading.openTab('orders');
    await page.page.screenshot({ path: path.join(SHOTS, '08-orders-with-refusal.png') });
    await trading.openTab('models');
    await page.page.screenshot({ path: path.join(SHOTS, '09-models.png') });
  });

  it('runs without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
