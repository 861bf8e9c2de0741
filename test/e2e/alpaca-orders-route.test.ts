import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_KEYS } from '../support/alpaca-replica/alpaca-replica.js';
import { TradingPart } from '../support/alpaca-replica/trading-part.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';
import { HISTORY, MINUTE, T0, startAlpacaDesk, type AlpacaDeskFixture } from './support/alpaca-desk-fixture.js';
import { SHOTS, chromiumAvailable } from './support/desk-browser.js';

const haveChromium = chromiumAvailable('alpaca-orders-route');

// Not the simulator's names: the desk starts on the simulator, and its bars of the same names would share the chart.
const SYMBOLS = ['NOVA'];

describe.skipIf(!haveChromium)('a headless desk in Chromium routing its orders to the Alpaca paper account (loopback replica)', () => {
  const trading = new TradingPart(REPLICA_KEYS);
  let fixture: AlpacaDeskFixture | undefined;

  beforeAll(async () => {
    fixture = await startAlpacaDesk({ tmpPrefix: 'desk-e2e-alpaca-orders-', symbols: SYMBOLS, extraParts: [trading] });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('the trader picks Alpaca orders next to the Alpaca feed, sees the paper endpoint, and a confirmed proposal becomes one order at the replica', async () => {
    if (fixture === undefined) throw new Error('the Alpaca desk fixture did not start');
    const { replica, running, page, feed, pageErrors } = fixture;
    await expect.poll(async () => (await page.watchlistSymbols()).length, { timeout: 15_000 }).toBeGreaterThan(1);
    await feed.open();
    const ui = page.page;
    await ui.locator('[data-testid="feed-kind"]').selectOption('alpaca');
    // Off by default: simulated fills, no endpoint banner.
    expect(await ui.locator('[data-testid="feed-alpaca-orders"]').inputValue()).toBe('simulated');
    expect(await ui.locator('[data-testid="feed-alpaca-endpoint"]').count()).toBe(0);
    await ui.locator('[data-testid="feed-alpaca-orders"]').selectOption('alpaca');
    await ui.locator('[data-testid="feed-alpaca-account"]').selectOption('live');
    expect(await ui.locator('[data-testid="feed-alpaca-endpoint"]').textContent()).toMatch(/^LIVE · real money: confirmed orders go to api\.alpaca\.markets, and only while live trading is armed/);
    await ui.locator('[data-testid="feed-alpaca-account"]').selectOption('paper');
    const endpoint = ui.locator('[data-testid="feed-alpaca-endpoint"]');
    expect(await endpoint.textContent()).toBe('PAPER: confirmed orders go to paper-api.alpaca.markets');
    await ui.locator('[data-testid="feed-alpaca-symbols"]').fill(SYMBOLS.join(', '));
    await ui.locator('[data-testid="feed-settings"]').screenshot({ path: path.join(SHOTS, '16-alpaca-orders-route.png') });
    await ui.locator('[data-testid="feed-switch"]').click();
    await expect.poll(() => feed.message(), { timeout: 20_000 }).toBe('Switched.');
    expect(await feed.running()).toContain('NOVA; orders to the Alpaca PAPER account (paper-api.alpaca.markets)');
    const desk = running.desk;
    await pollUntil(() => desk.status().feed.held?.length === 0 && trading.openSockets === 1, 'the feed and trade_updates', 15_000);

    const before = desk.status().db.barsStored;
    replica.publishBar({ S: 'NOVA', t: T0 + HISTORY * MINUTE, o: 103, h: 110.5, l: 102.5, c: 110, v: 5_000 });
    await pollUntil(() => desk.status().db.barsStored === before + 1, 'the breakout bar', 15_000);
    await desk.idle();
    const listed = await desk.invoke('proposals.list', {});
    const proposal = listed.ok ? listed.value.pending.find((p) => p.symbol === 'NOVA') : undefined;
    if (proposal === undefined) throw new Error('no NOVA proposal');
    expect((await desk.invoke('proposals.confirm', { proposalId: proposal.id })).ok).toBe(true);
    await pollUntil(() => trading.orders().length === 1, 'the order at the replica', 10_000);
    expect(trading.orders()[0]).toMatchObject({ symbol: 'NOVA', side: 'buy', client_order_id: expect.stringContaining(proposal.id) });
    expect(trading.submissions()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
