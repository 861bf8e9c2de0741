import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { ManualClock } from '../../time/manual-clock.js';
import type { FeedStatus, HistoryQuery } from '../feed.js';
import { selectBars } from '../simulator/select-bars.js';
import { ReplayFeed, type ReplayFeedOptions } from './replay-feed.js';

const DAY = 86_400_000;
/** Monday 2024-01-01. */
const MON = Date.UTC(2024, 0, 1);

function dailyBars(symbol: string, days: readonly number[], base = 100): Bar[] {
  return days.map((d, i) => ({
    symbol,
    interval: '1d',
    time: epochMs(MON + d * DAY),
    open: price(base + i),
    high: price(base + i + 2),
    low: price(base + i - 1),
    close: price(base + i + 1),
    volume: quantity(1000 + i),
  }));
}

/** Weekdays of two weeks: Mon..Fri, Mon..Fri. */
const WEEKDAYS = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11];
const STORED: Record<string, Bar[]> = { AAA: dailyBars('AAA', WEEKDAYS), BBB: dailyBars('BBB', [1, 3, 8, 10], 50) };

function source(query: HistoryQuery): readonly Bar[] {
  return selectBars((STORED[query.symbol] ?? []).filter((b) => b.interval === query.interval), query);
}

function replay(overrides: Partial<ReplayFeedOptions> = {}): { feed: ReplayFeed; clock: ManualClock; bars: Bar[]; statuses: FeedStatus[] } {
  const clock = new ManualClock(0);
  const feed = new ReplayFeed({ source, clock, speed: DAY / 1000, ...overrides });
  const bars: Bar[] = [];
  const statuses: FeedStatus[] = [];
  feed.on('bar', (b) => bars.push(b));
  feed.on('status', (s) => statuses.push(s));
  return { feed, clock, bars, statuses };
}

const label = (b: Bar): string => `${b.symbol}@${(b.time - MON) / DAY}`;

describe('ReplayFeed', () => {
  it('merges symbols in time order, one day of bars per second at speed 86400, weekends compressed', () => {
    const { feed, clock, bars } = replay();
    feed.subscribe(['AAA', 'BBB'], '1d');
    feed.start();
    clock.advanceBy(999);
    expect(bars).toHaveLength(0);
    clock.advanceBy(1);
    expect(bars.map(label)).toEqual(['AAA@0']);
    clock.advanceBy(1000);
    expect(bars.map(label)).toEqual(['AAA@0', 'AAA@1', 'BBB@1']);
    clock.advanceBy(4000);
    // Friday (day 4) → Monday (day 7) takes one interval, not three days.
    expect(bars.map(label)).toEqual(['AAA@0', 'AAA@1', 'BBB@1', 'AAA@2', 'AAA@3', 'BBB@3', 'AAA@4', 'AAA@7']);
  });

  it('takes real time over gaps when compressGaps is off', () => {
    const { feed, clock, bars } = replay({ compressGaps: false });
    feed.subscribe(['AAA'], '1d');
    feed.start();
    clock.advanceBy(5000);
    expect(bars.map(label)).toEqual(['AAA@0', 'AAA@1', 'AAA@2', 'AAA@3', 'AAA@4']);
    clock.advanceBy(2999);
    expect(bars).toHaveLength(5);
    clock.advanceBy(1);
    expect(bars.map(label).at(-1)).toBe('AAA@7');
  });

  it('never lets history see past the replay cursor, while earlier bars are warm-up history', async () => {
    const { feed, clock } = replay({ from: epochMs(MON + 7 * DAY) });
    feed.subscribe(['AAA', 'BBB'], '1d');
    expect((await feed.history({ symbol: 'AAA', interval: '1d' })).map(label)).toEqual(['AAA@0', 'AAA@1', 'AAA@2', 'AAA@3', 'AAA@4']);
    const violations: string[] = [];
    const checks: Promise<void>[] = [];
    feed.on('bar', (bar) => {
      for (const symbol of ['AAA', 'BBB']) {
        checks.push(
          feed.history({ symbol, interval: '1d', to: epochMs(MON + 100 * DAY) }).then((h) => {
            const newest = h.at(-1);
            if (newest !== undefined && newest.time > bar.time) violations.push(`${label(newest)} visible at ${label(bar)}`);
          }),
        );
      }
    });
    feed.start();
    clock.advanceBy(20_000);
    await Promise.all(checks);
    expect(checks.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    expect(feed.finished()).toBe(true);
  });

  it('replays as fast as the clock allows at speed Infinity, in batches', () => {
    const { feed, clock, bars, statuses } = replay({ speed: Infinity, batchSize: 2 });
    feed.subscribe(['AAA', 'BBB'], '1d');
    feed.start();
    clock.advanceBy(0);
    expect(bars).toHaveLength(14);
    expect(bars.map((b) => b.time)).toEqual([...bars.map((b) => b.time)].sort((a, b) => a - b));
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'connected', 'disconnected']);
    expect(statuses.at(-1)?.reason).toBe('replay finished at 2024-01-12T00:00:00.000Z');
    expect(clock.pendingCount()).toBe(0);
  });

  it('honours to, and says so when nothing is in range', () => {
    const bounded = replay({ speed: Infinity, to: epochMs(MON + 2 * DAY) });
    bounded.feed.subscribe(['AAA'], '1d');
    bounded.feed.start();
    bounded.clock.advanceBy(0);
    expect(bounded.bars.map(label)).toEqual(['AAA@0', 'AAA@1', 'AAA@2']);
    const empty = replay({ speed: Infinity, from: epochMs(MON + 50 * DAY) });
    empty.feed.subscribe(['AAA'], '1d');
    empty.feed.start();
    expect(empty.feed.status().reason).toBe('replay finished: no stored bars in range');
    expect(empty.feed.finished()).toBe(true);
  });

  it('pauses, resumes and seeks both ways', async () => {
    const { feed, clock, bars, statuses } = replay();
    feed.subscribe(['AAA'], '1d');
    feed.start();
    clock.advanceBy(2000);
    feed.pause();
    feed.pause();
    expect(feed.status().state).toBe('stale');
    clock.advanceBy(10_000);
    expect(bars).toHaveLength(2);
    feed.resume();
    feed.resume();
    clock.advanceBy(1000);
    expect(bars.map(label)).toEqual(['AAA@0', 'AAA@1', 'AAA@2']);
    feed.seek(epochMs(MON + 9 * DAY));
    expect((await feed.history({ symbol: 'AAA', interval: '1d' })).at(-1)?.time).toBe(MON + 8 * DAY);
    clock.advanceBy(1000);
    expect(bars.map(label).at(-1)).toBe('AAA@9');
    feed.seek(epochMs(MON + 1 * DAY));
    expect(feed.position()).toBe(MON + DAY - 1);
    expect((await feed.history({ symbol: 'AAA', interval: '1d' })).map(label)).toEqual(['AAA@0']);
    clock.advanceBy(1000);
    expect(bars.map(label).at(-1)).toBe('AAA@1');
    feed.pause();
    feed.seek(epochMs(MON + 3 * DAY));
    clock.advanceBy(5000);
    expect(bars.map(label).at(-1)).toBe('AAA@1');
    expect(statuses.map((s) => s.state)).toContain('stale');
  });

  it('seeks before start without emitting', async () => {
    const { feed, clock, bars } = replay({ speed: Infinity });
    feed.subscribe(['AAA'], '1d');
    feed.seek(epochMs(MON + 10 * DAY));
    expect((await feed.history({ symbol: 'AAA', interval: '1d' })).map(label).at(-1)).toBe('AAA@9');
    feed.start();
    clock.advanceBy(0);
    expect(bars.map(label)).toEqual(['AAA@10', 'AAA@11']);
  });

  it('stop cancels its timer and reports disconnected', () => {
    const { feed, clock, bars, statuses } = replay();
    feed.subscribe(['AAA'], '1d');
    feed.start();
    feed.start();
    clock.advanceBy(1000);
    feed.stop();
    feed.stop();
    expect(clock.pendingCount()).toBe(0);
    clock.advanceBy(10_000);
    expect(bars).toHaveLength(1);
    expect(statuses.map((s) => [s.state, s.reason])).toEqual([
      ['connecting', 'loading stored bars'],
      ['connected', 'replaying AAA'],
      ['disconnected', 'stopped'],
    ]);
  });

  it('adds and drops symbols while running, from the cursor on', () => {
    const { feed, clock, bars } = replay();
    feed.subscribe(['AAA'], '1d');
    feed.start();
    clock.advanceBy(2000);
    feed.subscribe(['BBB', 'AAA'], '1d');
    clock.advanceBy(2000);
    feed.unsubscribe(['AAA', 'ZZZ']);
    clock.advanceBy(10_000);
    expect(bars.map(label)).toEqual(['AAA@0', 'AAA@1', 'AAA@2', 'AAA@3', 'BBB@3', 'BBB@8', 'BBB@10']);
  });

  it('reports an unreadable source as disconnected with the reason, without throwing', async () => {
    const clock = new ManualClock(0);
    const feed = new ReplayFeed({
      source: () => {
        throw new Error('database is locked');
      },
      clock,
    });
    feed.subscribe(['AAA'], '1d');
    feed.start();
    expect(feed.status()).toEqual({ state: 'disconnected', at: 0, reason: 'could not read stored bars: database is locked' });
    feed.seek(epochMs(MON));
    await expect(feed.history({ symbol: 'AAA', interval: '1d' })).rejects.toThrow('database is locked');
  });

  it('accepts an object source such as BarStore, and starts with nothing subscribed', () => {
    const clock = new ManualClock(0);
    const feed = new ReplayFeed({ source: { query: source }, clock, speed: Infinity });
    feed.start();
    expect(feed.finished()).toBe(true);
    expect(feed.name).toBe('replay');
  });

  it('rejects bad options and a second interval', () => {
    const clock = new ManualClock(0);
    expect(() => new ReplayFeed({ source, clock, speed: 0 })).toThrow(/speed must be positive/);
    expect(() => new ReplayFeed({ source, clock, speed: Number.NaN })).toThrow(/speed must be positive/);
    expect(() => new ReplayFeed({ source, clock, batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => new ReplayFeed({ source, clock, from: epochMs(10), to: epochMs(5) })).toThrow(/from \(10\) is after to \(5\)/);
    const feed = new ReplayFeed({ source, clock });
    feed.subscribe(['AAA'], '1d');
    expect(() => feed.subscribe(['BBB'], '1h')).toThrow(/replays 1d bars/);
  });
});
