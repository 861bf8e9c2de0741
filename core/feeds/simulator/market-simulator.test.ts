import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs } from '../../market/units.js';
import type { NewsItem } from '../../news/news-item.js';
import { ManualClock } from '../../time/manual-clock.js';
import type { FeedStatus } from '../feed.js';
import { MarketSimulator, type MarketSimulatorOptions } from './market-simulator.js';
import { DEFAULT_SIM_SYMBOLS } from './sim-symbol-spec.js';

/** Tuesday 2024-01-02 14:30 UTC: a session open, so 1m bars line up with the clock. */
const OPEN = Date.UTC(2024, 0, 2, 14, 30);
const MINUTE = 60_000;

function simulator(overrides: Partial<MarketSimulatorOptions> = {}): { sim: MarketSimulator; clock: ManualClock } {
  const clock = new ManualClock(OPEN);
  const sim = new MarketSimulator({ seed: 42, interval: '1m', clock, historyBars: 50, ...overrides });
  return { sim, clock };
}

function record(sim: MarketSimulator): { bars: Bar[]; news: NewsItem[]; statuses: FeedStatus[] } {
  const out = { bars: [] as Bar[], news: [] as NewsItem[], statuses: [] as FeedStatus[] };
  sim.on('bar', (b) => out.bars.push(b));
  sim.on('news', (n) => out.news.push(n));
  sim.on('status', (s) => out.statuses.push(s));
  return out;
}

describe('MarketSimulator determinism', () => {
  it('gives bit-identical history, live bars, news and episodes for the same seed and options', async () => {
    const runs = [simulator({ historyBars: 2000, interval: '1d' }), simulator({ historyBars: 2000, interval: '1d' })].map(({ sim, clock }) => {
      sim.subscribe(sim.symbols(), '1d');
      const seen = record(sim);
      sim.start();
      clock.advanceBy(300 * 86_400_000);
      return { sim, seen };
    });
    const [a, b] = runs;
    if (a === undefined || b === undefined) throw new Error('two runs expected');
    for (const symbol of a.sim.symbols()) {
      expect(await a.sim.history({ symbol, interval: '1d' })).toEqual(await b.sim.history({ symbol, interval: '1d' }));
    }
    expect(a.seen.bars.length).toBe(300 * 6);
    expect(a.seen.bars).toEqual(b.seen.bars);
    expect(a.seen.news).toEqual(b.seen.news);
    expect(a.sim.episodes()).toEqual(b.sim.episodes());
    expect(a.sim.episodes().length).toBeGreaterThan(10);
  });

  it('changes the path when the seed changes', async () => {
    const a = await simulator({ seed: 1 }).sim.history({ symbol: 'ACME', interval: '1m' });
    const b = await simulator({ seed: 2 }).sim.history({ symbol: 'ACME', interval: '1m' });
    const differing = a.filter((bar, i) => bar.close !== b[i]?.close).length;
    expect(differing).toBeGreaterThan(a.length * 0.8);
  });

  it("keeps a symbol's path when other symbols are added or removed", async () => {
    const all = await simulator().sim.history({ symbol: 'CRUX', interval: '1m' });
    const alone = await simulator({ symbols: DEFAULT_SIM_SYMBOLS.filter((s) => s.symbol === 'CRUX') }).sim.history({ symbol: 'CRUX', interval: '1m' });
    expect(alone).toEqual(all);
  });
});

describe('MarketSimulator on the clock', () => {
  it('emits one bar per subscribed symbol at each interval boundary, scaled by speed', () => {
    const { sim, clock } = simulator({ speed: 60 });
    const seen = record(sim);
    sim.subscribe(['ACME', 'BOLT'], '1m');
    sim.start();
    clock.advanceBy(999);
    expect(seen.bars).toHaveLength(0);
    clock.advanceBy(1);
    expect(seen.bars.map((b) => [b.symbol, b.time])).toEqual([
      ['ACME', OPEN],
      ['BOLT', OPEN],
    ]);
    clock.advanceBy(4_000);
    expect(seen.bars).toHaveLength(10);
    expect(seen.bars.at(-1)?.time).toBe(OPEN + 4 * MINUTE);
  });

  it('serves history up to the last emitted bar and never a future one', async () => {
    const { sim, clock } = simulator({ historyBars: 20 });
    sim.subscribe(['ACME'], '1m');
    // Before start, the newest bar is the previous session's last one (Monday 20:59).
    expect((await sim.history({ symbol: 'ACME', interval: '1m' })).at(-1)?.time).toBe(Date.UTC(2024, 0, 1, 20, 59));
    sim.start();
    clock.advanceBy(3 * MINUTE);
    const history = await sim.history({ symbol: 'ACME', interval: '1m' });
    expect(history).toHaveLength(23);
    expect(history.at(-1)?.time).toBe(OPEN + 2 * MINUTE);
    expect(await sim.history({ symbol: 'ACME', interval: '1m', limit: 2 })).toEqual(history.slice(-2));
    expect(await sim.history({ symbol: 'ACME', interval: '1m', from: epochMs(OPEN), to: epochMs(OPEN + MINUTE) })).toEqual(history.slice(20, 22));
    expect(await sim.history({ symbol: 'ACME', interval: '1d' })).toEqual([]);
  });

  it('skips nights and weekends: the bar after Friday 20:59 is Monday 14:30', () => {
    const friday = Date.UTC(2024, 0, 5, 20, 59);
    const fridayClock = new ManualClock(friday);
    const weekend = new MarketSimulator({ seed: 1, interval: '1m', clock: fridayClock, historyBars: 0 });
    const seen = record(weekend);
    weekend.subscribe(['ACME'], '1m');
    weekend.start();
    fridayClock.advanceBy(2 * MINUTE);
    expect(seen.bars.map((b) => b.time)).toEqual([friday, Date.UTC(2024, 0, 8, 14, 30)]);
    expect(seen.bars[1]?.open).not.toBe(seen.bars[0]?.close);
  });

  it('emits only subscribed symbols and stops emitting an unsubscribed one', () => {
    const { sim, clock } = simulator();
    const seen = record(sim);
    sim.start();
    clock.advanceBy(MINUTE);
    expect(seen.bars).toHaveLength(0);
    sim.subscribe(['DYNA', 'EMBR'], '1m');
    clock.advanceBy(MINUTE);
    sim.unsubscribe(['DYNA']);
    clock.advanceBy(MINUTE);
    expect(seen.bars.map((b) => b.symbol)).toEqual(['DYNA', 'EMBR', 'EMBR']);
  });

  it('reports connected on start and disconnected on stop, and stop cancels every timer', () => {
    const { sim, clock } = simulator();
    const seen = record(sim);
    expect(sim.status().state).toBe('disconnected');
    sim.subscribe(['ACME'], '1m');
    sim.start();
    sim.start();
    expect(clock.pendingCount()).toBe(1);
    expect(sim.status()).toEqual({ state: 'connected', at: OPEN, reason: 'simulated market running' });
    clock.advanceBy(2 * MINUTE);
    sim.stop();
    sim.stop();
    expect(clock.pendingCount()).toBe(0);
    clock.advanceBy(10 * MINUTE);
    expect(seen.bars).toHaveLength(2);
    expect(seen.statuses.map((s) => s.state)).toEqual(['connected', 'disconnected']);
    expect(sim.status().reason).toBe('stopped');
  });

  it('resumes after stop with the next bar one interval later, not a burst of missed bars', () => {
    const { sim, clock } = simulator();
    const seen = record(sim);
    sim.subscribe(['ACME'], '1m');
    sim.start();
    clock.advanceBy(2 * MINUTE);
    sim.stop();
    clock.advanceBy(30 * MINUTE);
    sim.start();
    clock.advanceBy(MINUTE);
    expect(seen.bars.map((b) => b.time)).toEqual([OPEN, OPEN + MINUTE, OPEN + 2 * MINUTE]);
  });

  it('keeps emitting when a listener throws', () => {
    const { sim, clock } = simulator();
    const seen = record(sim);
    sim.on('bar', () => {
      throw new Error('listener bug');
    });
    sim.subscribe(['ACME'], '1m');
    sim.start();
    clock.advanceBy(3 * MINUTE);
    expect(seen.bars).toHaveLength(3);
  });
});

describe('MarketSimulator as a news source', () => {
  it('emits news before the bar it moves, serves it from recent(), and onNews covers every symbol', () => {
    const dayClock = new ManualClock(Date.UTC(2024, 0, 2));
    const daily = new MarketSimulator({ seed: 3, interval: '1d', clock: dayClock, historyBars: 0 });
    const order: string[] = [];
    const all: NewsItem[] = [];
    daily.on('news', (n) => order.push(`news:${n.symbols[0] ?? ''}:${n.time}`));
    daily.on('bar', (b) => order.push(`bar:${b.symbol}:${b.time}`));
    const off = daily.onNews((n) => all.push(n));
    daily.onNews(() => {
      throw new Error('consumer bug');
    });
    daily.subscribe(['ACME'], '1d');
    daily.start();
    dayClock.advanceBy(400 * 86_400_000);
    const acmeNews = all.filter((n) => n.symbols.includes('ACME'));
    expect(acmeNews.length).toBeGreaterThan(3);
    expect(new Set(all.map((n) => n.symbols[0])).size).toBeGreaterThan(3);
    for (const item of acmeNews) {
      const newsAt = order.indexOf(`news:ACME:${item.time}`);
      const dayStart = item.time - (item.time % 86_400_000);
      expect(newsAt).toBeGreaterThanOrEqual(0);
      expect(order.indexOf(`bar:ACME:${dayStart}`)).toBeGreaterThan(newsAt);
      expect(Math.abs(item.sentiment)).toBeLessThanOrEqual(1);
      expect(item.impact).toBeGreaterThan(0);
      expect(item.impact).toBeLessThanOrEqual(1);
    }
    const first = acmeNews[0];
    if (first === undefined) throw new Error('news expected');
    expect(daily.recent('ACME', first.time, first.time)).toEqual([first]);
    // Market time ran ahead of the clock (weekends are skipped), so news is queried in market time.
    expect(daily.marketTime()).toBeGreaterThan(dayClock.now());
    expect(daily.recent('ACME', epochMs(0), daily.marketTime())).toEqual(acmeNews);
    expect(daily.recent('NOPE', epochMs(0), daily.marketTime())).toEqual([]);
    off();
    const before = all.length;
    dayClock.advanceBy(100 * 86_400_000);
    expect(all.length).toBe(before);
    expect(daily.episodes('ACME').every((e) => e.symbol === 'ACME')).toBe(true);
  });
});

describe('MarketSimulator input checks', () => {
  it('rejects a subscription to another interval or an unknown symbol, naming what it has', () => {
    const { sim } = simulator();
    expect(() => sim.subscribe(['ACME'], '5m')).toThrow(/makes 1m bars only; asked for 5m/);
    expect(() => sim.subscribe(['ACME', 'ZZZ'], '1m')).toThrow(/does not simulate ZZZ; it has ACME, BOLT/);
  });

  it('rejects history for an unknown symbol', async () => {
    await expect(simulator().sim.history({ symbol: 'ZZZ', interval: '1m' })).rejects.toThrow(/has no symbol ZZZ/);
  });

  it.each([
    [{ speed: 0 }, /speed must be a positive finite number/],
    [{ speed: Infinity }, /speed must be a positive finite number/],
    [{ historyBars: -1 }, /historyBars must be an integer/],
    [{ historyBars: 1.5 }, /historyBars must be an integer/],
    [{ seed: Number.NaN }, /seed must be a finite number/],
    [{ symbols: [] }, /at least one symbol spec/],
    [{ symbols: [{ symbol: 'X', startPrice: -1, annualVol: 0.2, avgDailyVolume: 1 }] }, /#0 \("X"\): startPrice must be a positive/],
    [{ symbols: [{ symbol: ' ', startPrice: 1, annualVol: 0.2, avgDailyVolume: 1 }] }, /symbol must not be empty/],
    [{ symbols: [{ symbol: 'X', startPrice: 1, annualVol: 30, avgDailyVolume: 1 }] }, /annualVol 30 is above 3/],
    [{ symbols: [{ symbol: 'X', startPrice: 1, annualVol: 0.3, avgDailyVolume: 1, annualDrift: 5 }] }, /annualDrift must be between -1 and 1/],
    [
      {
        symbols: [
          { symbol: 'X', startPrice: 1, annualVol: 0.3, avgDailyVolume: 1 },
          { symbol: 'X', startPrice: 2, annualVol: 0.3, avgDailyVolume: 1 },
        ],
      },
      /#1 \("X"\): symbol appears twice/,
    ],
  ] as const)('rejects bad options %j', (overrides, message) => {
    expect(() => simulator(overrides as Partial<MarketSimulatorOptions>)).toThrow(message);
  });

  it('honours a custom tick size and name', async () => {
    const { sim } = simulator({ name: 'sim-b', symbols: [{ symbol: 'PENNY', startPrice: 0.5, annualVol: 0.4, avgDailyVolume: 1e6, tickSize: 0.0001 }] });
    expect(sim.name).toBe('sim-b');
    const bars = await sim.history({ symbol: 'PENNY', interval: '1m' });
    for (const b of bars) expect(Math.abs(b.close * 1e4 - Math.round(b.close * 1e4))).toBeLessThan(1e-6);
  });
});
