import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../time/manual-clock.js';
import { createDeskHost, type DeskHost } from './desk-host.js';
import { breakoutBar, calmHistory } from './scripted-breakout.js';
import { ScriptedFeed, scriptedDeskFeed } from './scripted-feed.js';

const HISTORY = 100;
let dir: string;
const opened: DeskHost[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-host-'));
});

afterEach(async () => {
  for (const host of opened.splice(0)) await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A host on a scripted ACME feed with one confirmed entry order in its journal. */
async function hostWithOrder(clock: ManualClock): Promise<{ host: DeskHost; orderId: string }> {
  const feed = new ScriptedFeed(calmHistory('ACME', HISTORY));
  const host = await createDeskHost({ dbFile: path.join(dir, 'desk.db'), clock, seed: 3, createFeed: scriptedDeskFeed(feed, ['ACME'], HISTORY) });
  opened.push(host);
  feed.emitBar(breakoutBar('ACME', HISTORY));
  await host.idle();
  const listed = await host.invoke('proposals.list', {});
  const proposal = listed.ok ? listed.value.pending[0] : undefined;
  if (proposal === undefined) throw new Error('no proposal after the breakout bar');
  const confirmed = await host.invoke('proposals.confirm', { proposalId: proposal.id });
  if (!confirmed.ok) throw new Error(confirmed.error.message);
  const orders = await host.invoke('orders.list', {});
  const entry = orders.ok ? orders.value.open.find((o) => o.leg === 'entry') : undefined;
  if (entry === undefined) throw new Error('no entry order after the confirm');
  return { host, orderId: entry.clientOrderId };
}

async function journalIds(host: DeskHost): Promise<string[]> {
  const orders = await host.invoke('orders.list', {});
  if (!orders.ok) throw new Error(orders.error.message);
  return [...orders.value.open, ...orders.value.recent].map((o) => o.clientOrderId);
}

describe('DeskHost', () => {
  it('switches a running desk to a replay of stored bars and back to the simulator, keeping listeners and the journal', async () => {
    const clock = new ManualClock(5_000);
    const { host, orderId } = await hostWithOrder(clock);
    const bars: string[] = [];
    const statuses: string[] = [];
    host.on('bar', (bar) => bars.push(`${bar.symbol}@${bar.time}`));
    host.on('status', (status) => statuses.push(status.feed.name));

    const before = await host.invoke('feed.get', {});
    expect(before).toMatchObject({ ok: true, value: { running: { kind: 'custom', name: 'scripted', symbols: ['ACME'] } } });
    expect(before.ok && before.value.stored).toEqual([{ symbol: 'ACME', interval: '1m', bars: HISTORY + 1, first: 0, last: HISTORY * 60_000 }]);

    const replay = await host.invoke('feed.set', { feed: { kind: 'replay', symbols: ['acme'], interval: '1m', speed: 60 } });
    expect(replay).toMatchObject({ ok: true, value: { running: { kind: 'replay', symbols: ['ACME'], interval: '1m', speed: 60 } } });
    expect(host.info.feedName).toBe('replay ACME');
    expect(statuses.at(-1)).toBe('replay ACME');
    // Half the stored bars are the chart's history; the replay goes on from there, one bar per clock second.
    const quotes = await host.invoke('market.symbols', {});
    expect(quotes.ok && quotes.value.map((q) => [q.symbol, q.time])).toEqual([['ACME', 49 * 60_000]]);
    clock.advanceBy(3_000);
    await host.idle();
    expect(bars).toEqual(['ACME@3000000', 'ACME@3060000', 'ACME@3120000']);
    expect(await journalIds(host)).toContain(orderId);

    const sim = await host.invoke('feed.set', { feed: { kind: 'simulator', seed: 9, speed: 60 } });
    expect(sim).toMatchObject({ ok: true, value: { running: { kind: 'simulator', seed: 9, speed: 60, interval: '1m' } } });
    expect(host.status().feed).toMatchObject({ name: 'simulator', seed: 9, state: 'connected' });
    const seen = bars.length;
    clock.advanceBy(5_000);
    expect(bars.length).toBeGreaterThan(seen);
    expect(await journalIds(host)).toContain(orderId);
    expect(host.current().info.symbols.length).toBeGreaterThan(1);
  });

  it('refuses a replay of a symbol with no stored bars and keeps the running feed', async () => {
    const clock = new ManualClock(5_000);
    const { host } = await hostWithOrder(clock);
    const running = host.current();
    const refused = await host.invoke('feed.set', { feed: { kind: 'replay', symbols: ['ACME', 'NOPE'], interval: '1m', speed: 60 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!refused.ok && refused.error.message).toMatch(/no stored 1m bars for NOPE.*stored 1m series: ACME/);
    expect(host.current()).toBe(running);
    expect(host.info.feedName).toBe('scripted');
    const wrongInterval = await host.invoke('feed.set', { feed: { kind: 'replay', symbols: ['ACME'], interval: '1d', speed: 1 } });
    expect(!wrongInterval.ok && wrongInterval.error.message).toMatch(/no stored 1d bars for ACME; import a CSV first\.$/);
    const invalid = await host.invoke('feed.set', { feed: { kind: 'simulator', seed: -1, speed: 0 } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(host.current()).toBe(running);
  });

  it('a bare desk cannot switch feeds and says so', async () => {
    const clock = new ManualClock(5_000);
    const { host } = await hostWithOrder(clock);
    const bare = await host.current().invoke('feed.set', { feed: { kind: 'simulator', seed: 1, speed: 1 } });
    expect(bare).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
