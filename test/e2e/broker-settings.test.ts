import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskProcess, type StartedDesk } from './headless-process.js';
import { BrokerSettingsPanel } from './page-models/broker-settings-panel.js';
import { DeskPage } from './page-models/desk-page.js';
import { SHOTS, chromiumAvailable, launchDeskBrowser } from './support/desk-browser.js';

const haveChromium = chromiumAvailable('broker-settings');

describe.skipIf(!haveChromium)('broker settings and the endpoint badge on a headless desk, in Chromium', () => {
  let dir: string;
  let desk: StartedDesk;
  let browser: Browser;
  let page: DeskPage;
  let broker: BrokerSettingsPanel;
  let pageErrors: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-broker-'));
    desk = await startDeskProcess(['--headless', '--db', path.join(dir, 'desk.db'), '--port', '0', '--seed', '7', '--speed', '60']);
    const launched = await launchDeskBrowser();
    ({ browser, pageErrors } = launched);
    page = new DeskPage(launched.page);
    broker = new BrokerSettingsPanel(launched.page);
    await page.open(desk.url);
  });

  afterAll(async () => {
    await browser?.close();
    if (desk !== undefined && desk.child.exitCode === null) await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows PAPER in the header from the start', async () => {
    await expect.poll(() => broker.badge(), { timeout: 15_000 }).toMatchObject({ text: 'PAPER', endpoint: 'paper', armed: 'false' });
  });

  it('says why a headless desk does not store keys and where to put them instead', async () => {
    await broker.open();
    expect(await broker.keysStatus('paper')).toBe('Not set');
    expect(await broker.keysStatus('live')).toBe('Not set');
    expect(await broker.keysReason()).toMatch(/headless.*DESK_ALPACA_PAPER_KEY_ID/s);
    expect(await page.page.locator('[data-testid="broker-paper-secret"]').count()).toBe(0);
  });

  it('choosing live turns the badge amber and unarmed, and arming needs live keys', async () => {
    await broker.chooseEndpoint('live');
    await expect.poll(() => broker.badge(), { timeout: 10_000 }).toMatchObject({ text: 'LIVE · not armed', endpoint: 'live', armed: 'false' });
    expect(await broker.armEnabled()).toBe(false);
    await page.screenshot(path.join(SHOTS, '11-broker-settings.png'));
    const section = page.page.locator('[data-testid="broker-settings"]');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(SHOTS, '11-broker-settings-section.png') });
    await broker.chooseEndpoint('paper');
    await expect.poll(() => broker.badge(), { timeout: 10_000 }).toMatchObject({ text: 'PAPER' });
    expect(pageErrors).toEqual([]);
  });
});
