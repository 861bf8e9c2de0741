import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs } from '../market/units.js';
import { openDatabase } from '../storage/open-database.js';
import { BarStore } from '../storage/bar-store.js';
import { ManualClock } from '../time/manual-clock.js';
import { createDesk, type Desk } from './create-desk.js';
import { ScriptedFeed, scriptedBar, scriptedDeskFeed } from './scripted-feed.js';

let dir: string;
let dbFile: string;
const opened: Desk[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-'));
  dbFile = path.join(dir, 'desk.db');
});

afterEach(async () => {
  for (const desk of opened.splice(0)) await desk.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(feed: ScriptedFeed, symbols = ['ACME', 'BOLT']): Promise<Desk> {
  const desk = await createDesk({ dbFile, clock: new ManualClock(5_000), seed: 7, createFeed: scriptedDeskFeed(feed, symbols) });
  opened.push(desk);
  return desk;
}

describe('createDesk', () => {
  it('stores the feed history before going live and starts the feed', async () => {
    const feed = new ScriptedFeed([scriptedBar('ACME', 0), scriptedBar('ACME', 1), scriptedBar('BOLT', 0)]);
    const desk = await start(feed);
    expect(feed.running).toBe(true);
    expect(feed.subscribed).toEqual(['ACME', 'BOLT']);
    expect(desk.status().db.barsStored).toBe(3);
    expect(desk.info).toEqual({ dbFile, feedName: 'scripted', seed: 7, symbols: ['ACME', 'BOLT'], interval: '1m' });
  });

  it('stores every closed bar and streams it to listeners', async () => {
    const feed = new ScriptedFeed();
    const desk = await start(feed);
    const seen: number[] = [];
    desk.on('bar', (bar) => seen.push(bar.close));
    feed.emitBar(scriptedBar('ACME', 0, 101));
    feed.emitBar(scriptedBar('ACME', 1, 103));
    expect(seen).toEqual([101, 103]);
    const bars = await desk.invoke('market.bars', { symbol: 'acme' });
    expect(bars.ok && bars.value.map((b) => b.close)).toEqual([101, 103]);
  });

  it('quotes last price and change against the previous day\'s last close', async () => {
    const day = 24 * 60;
    const feed = new ScriptedFeed([scriptedBar('ACME', 0, 90), scriptedBar('ACME', day - 1, 100), scriptedBar('ACME', day, 105), scriptedBar('ACME', day + 1, 110)]);
    const desk = await start(feed);
    const quotes = await desk.invoke('market.symbols', {});
    expect(quotes.ok && quotes.value).toEqual([
      { symbol: 'ACME', interval: '1m', time: (day + 1) * 60_000, last: 110, previousClose: 100, change: 10, changePct: 10 },
      { symbol: 'BOLT', interval: '1m', time: null, last: null, previousClose: null, change: null, changePct: null },
    ]);
  });

  it('quotes no change when a symbol has no bar before today', async () => {
    const desk = await start(new ScriptedFeed([scriptedBar('ACME', 0, 99), scriptedBar('ACME', 1, 100)]), ['ACME']);
    const quotes = await desk.invoke('market.symbols', {});
    expect(quotes.ok && quotes.value[0]).toMatchObject({ last: 100, previousClose: null, change: null, changePct: null });
  });

  it('pushes the desk status when the feed connection changes', async () => {
    const feed = new ScriptedFeed();
    const desk = await start(feed);
    const states: string[] = [];
    desk.on('status', (status) => states.push(`${status.feed.state}:${status.feed.reason ?? ''}`));
    feed.setStatus({ state: 'stale', at: epochMs(1), reason: 'no bar for 2 minutes' });
    expect(states).toEqual(['stale:no bar for 2 minutes']);
  });

  it('counts a bar the store refuses instead of crashing, and still shows it', async () => {
    const feed = new ScriptedFeed();
    const desk = await start(feed);
    const seen: string[] = [];
    desk.on('bar', (bar) => seen.push(bar.symbol));
    feed.emitBar({ ...scriptedBar('ACME', 0), high: scriptedBar('ACME', 0).low - 5 } as ReturnType<typeof scriptedBar>);
    expect(desk.status().db).toMatchObject({ barsStored: 0, writeErrors: 1 });
    expect(seen).toEqual(['ACME']);
  });

  it('answers ml.health honestly: the shipped model serves daily bars, so a 1m desk runs the baseline and says why', async () => {
    const desk = await start(new ScriptedFeed());
    const health = await desk.invoke('ml.health', {});
    expect(health).toEqual({
      ok: true,
      value: {
        status: 'fallback', models: [], at: 5_000,
        fallback: { active: true, kind: 'rule-based', reason: 'the breakout model was trained on 1d bars and this desk trades 1m bars, so the rule-based baseline serves' },
      },
    });
  });

  it('rejects invalid params and changes nothing', async () => {
    const feed = new ScriptedFeed([scriptedBar('ACME', 0)]);
    const desk = await start(feed);
    const response = await desk.invoke('market.bars', { symbol: 'ACME', limit: -1 });
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(desk.status().db.barsStored).toBe(1);
  });

  it('stops the feed and closes the database on close, once', async () => {
    const feed = new ScriptedFeed();
    const desk = await start(feed);
    const seen: number[] = [];
    desk.on('bar', (bar) => seen.push(bar.close));
    await desk.close();
    await desk.close();
    expect(feed.running).toBe(false);
    feed.emitBar(scriptedBar('ACME', 0));
    expect(seen).toEqual([]);
    // The file is released: another connection can open it and sees the data intact.
    const db = openDatabase(dbFile);
    expect(new BarStore(db).count()).toBe(0);
    db.close();
  });

  it('hides bars an earlier run stored beyond this run\'s present', async () => {
    const earlier = openDatabase(dbFile);
    new BarStore(earlier).upsert([scriptedBar('ACME', 50, 999)]);
    earlier.close();
    const desk = await start(new ScriptedFeed([scriptedBar('ACME', 0, 100), scriptedBar('ACME', 1, 101)]), ['ACME']);
    const bars = await desk.invoke('market.bars', { symbol: 'ACME' });
    expect(bars.ok && bars.value.map((b) => b.close)).toEqual([100, 101]);
    const quotes = await desk.invoke('market.symbols', {});
    expect(quotes.ok && quotes.value[0]?.last).toBe(101);
  });

  it('runs the seeded simulator by default and stores its live bars as the clock moves', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 15, 0));
    const desk = await createDesk({ dbFile, clock, seed: 42, speed: 60 });
    opened.push(desk);
    expect(desk.info.feedName).toBe('simulator');
    expect(desk.info.symbols.length).toBeGreaterThan(1);
    const before = desk.status().db.barsStored;
    expect(before).toBe(desk.info.symbols.length * 300);
    const live: string[] = [];
    desk.on('bar', (bar) => live.push(bar.symbol));
    clock.advanceBy(5_000);
    expect(live.length).toBeGreaterThan(0);
    expect(desk.status().db.barsStored).toBe(before + live.length);
    expect(desk.status().feed.state).toBe('connected');
  });

  it('refuses a bad simulator speed before touching the database file', async () => {
    await expect(createDesk({ dbFile, clock: new ManualClock(), seed: 1, speed: 0 })).rejects.toThrow(/speed/);
    expect(existsSync(dbFile)).toBe(false);
  });

  it('stops the feed and closes the database when history fails', async () => {
    const feed = new ScriptedFeed();
    feed.history = () => Promise.reject(new Error('history unavailable'));
    await expect(createDesk({ dbFile, clock: new ManualClock(), seed: 1, createFeed: scriptedDeskFeed(feed, ['ACME']) })).rejects.toThrow('history unavailable');
    expect(feed.running).toBe(false);
  });

  it('closes the database again when the feed cannot be built, so the file can be reopened at once', async () => {
    const createFeed = (): never => {
      throw new RangeError('no such feed');
    };
    await expect(createDesk({ dbFile, clock: new ManualClock(), seed: 1, createFeed })).rejects.toThrow('no such feed');
    const db = openDatabase(dbFile);
    expect(new BarStore(db).count()).toBe(0);
    db.close();
  });
});
