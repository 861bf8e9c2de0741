import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import { epochMs } from '../../market/units.js';
import { ManualClock } from '../../time/manual-clock.js';
import { MarketSimulator } from './market-simulator.js';
import { SeededRandom } from './seeded-random.js';
import { RESOLUTION_BARS } from './sim-episode.js';

const START = Date.UTC(2024, 0, 2);

async function generated(seed: number, interval: Interval, bars: number): Promise<{ sim: MarketSimulator; series: Map<string, readonly Bar[]> }> {
  const sim = new MarketSimulator({ seed, interval, clock: new ManualClock(START), historyBars: bars });
  const series = new Map<string, readonly Bar[]>();
  for (const symbol of sim.symbols()) series.set(symbol, await sim.history({ symbol, interval }));
  return { sim, series };
}

function logReturns(bars: readonly Bar[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < bars.length; i++) {
    const prev = bars[i - 1];
    const bar = bars[i];
    if (prev !== undefined && bar !== undefined) out.push(Math.log(bar.close / prev.close));
  }
  return out;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function autocorrelation(xs: readonly number[], lag: number): number {
  const m = mean(xs);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] ?? m) - m;
    den += d * d;
    if (i >= lag) num += d * ((xs[i - lag] ?? m) - m);
  }
  return num / den;
}

function excessKurtosis(xs: readonly number[]): number {
  const m = mean(xs);
  const v = mean(xs.map((x) => (x - m) ** 2));
  return mean(xs.map((x) => (x - m) ** 4)) / (v * v) - 3;
}

const daily = await generated(11, '1d', 3000);
const dailyReturns = [...daily.series.values()].map(logReturns);

describe('simulated returns look like a market', () => {
  it('clusters volatility: |return| autocorrelation at lags 1..5 is clearly positive', () => {
    for (let lag = 1; lag <= 5; lag++) {
      const perSymbol = dailyReturns.map((r) => autocorrelation(r.map(Math.abs), lag));
      expect(mean(perSymbol), `lag ${lag}`).toBeGreaterThan(0.1);
      for (const value of perSymbol) expect(value, `lag ${lag}`).toBeGreaterThan(0.05);
    }
  });

  it('keeps raw returns nearly uncorrelated at lags 1..5', () => {
    for (let lag = 1; lag <= 5; lag++) {
      const perSymbol = dailyReturns.map((r) => autocorrelation(r, lag));
      expect(Math.abs(mean(perSymbol)), `lag ${lag}`).toBeLessThan(0.05);
      for (const value of perSymbol) expect(Math.abs(value), `lag ${lag}`).toBeLessThan(0.1);
    }
  });

  it('uses measures that tell i.i.d. normal returns apart (so the checks above can fail)', () => {
    const random = new SeededRandom(1);
    const noise = Array.from({ length: 3000 }, () => 0.01 * random.normal());
    for (let lag = 1; lag <= 5; lag++) expect(Math.abs(autocorrelation(noise.map(Math.abs), lag))).toBeLessThan(0.05);
    expect(Math.abs(excessKurtosis(noise))).toBeLessThan(0.5);
  });

  it('has fat tails: excess kurtosis well above a normal distribution', () => {
    for (const r of dailyReturns) expect(excessKurtosis(r)).toBeGreaterThan(2);
  });

  it('gaps daily opens away from the previous close', () => {
    for (const bars of daily.series.values()) {
      let gapped = 0;
      for (let i = 1; i < bars.length; i++) {
        const prev = bars[i - 1];
        const bar = bars[i];
        if (prev !== undefined && bar !== undefined && bar.open !== prev.close) gapped++;
      }
      expect(gapped / (bars.length - 1)).toBeGreaterThan(0.5);
    }
  });
});

describe('consolidation and breakout episodes', () => {
  const episodes = daily.sim.episodes();

  it('produces episodes with both outcomes', () => {
    expect(episodes.length).toBeGreaterThan(100);
    const failed = episodes.filter((e) => e.outcome === 'failed').length;
    expect(failed).toBeGreaterThan(episodes.length * 0.25);
    expect(failed).toBeLessThan(episodes.length * 0.75);
    expect(new Set(episodes.map((e) => e.direction))).toEqual(new Set(['up', 'down']));
  });

  it('labels agree with the bars: contained range, breakout close outside, failure = close back inside', () => {
    for (const e of episodes) {
      const bars = daily.series.get(e.symbol) ?? [];
      const range = bars.filter((b) => b.time >= e.start && b.time <= e.end);
      expect(range.length).toBeGreaterThanOrEqual(14);
      for (const b of range) {
        expect(b.high).toBeLessThanOrEqual(e.rangeHigh);
        expect(b.low).toBeGreaterThanOrEqual(e.rangeLow);
      }
      const at = bars.findIndex((b) => b.time === e.breakout);
      const breakout = bars[at];
      if (breakout === undefined) throw new Error(`breakout bar of ${e.symbol} at ${e.breakout} missing`);
      const outside = (b: Bar): boolean => (e.direction === 'up' ? b.close > e.rangeHigh : b.close < e.rangeLow);
      expect(outside(breakout)).toBe(true);
      const after = bars.slice(at + 1, at + 1 + RESOLUTION_BARS);
      expect(after.some((b) => !outside(b))).toBe(e.outcome === 'failed');
    }
  });

  it('holds price in a band narrower than free-running stretches of the same length', () => {
    const ratios = episodes.map((e) => {
      const bars = daily.series.get(e.symbol) ?? [];
      const first = bars.findIndex((b) => b.time === e.start);
      const length = bars.findIndex((b) => b.time === e.end) - first + 1;
      // The same number of bars just before the range: trending or drifting, not consolidating.
      const before = bars.slice(Math.max(0, first - length), first);
      const span = (xs: readonly Bar[]): number => Math.log(Math.max(...xs.map((b) => b.high)) / Math.min(...xs.map((b) => b.low)));
      return before.length === length ? span(bars.slice(first, first + length)) / span(before) : Number.NaN;
    });
    const measured = ratios.filter((r) => !Number.isNaN(r));
    expect(measured.length).toBeGreaterThan(100);
    expect(median(measured)).toBeLessThan(0.75);
  });

  it('surges volume on the breakout bar to several times the range median', () => {
    const ratios = episodes.map((e) => {
      const bars = daily.series.get(e.symbol) ?? [];
      const range = bars.filter((b) => b.time >= e.start && b.time <= e.end).map((b) => b.volume);
      const breakout = bars.find((b) => b.time === e.breakout);
      return (breakout?.volume ?? 0) / median(range);
    });
    expect(median(ratios)).toBeGreaterThan(4);
    expect(ratios.filter((r) => r >= 2.5).length / ratios.length).toBeGreaterThan(0.9);
  });

  it('dries up volatility and volume inside ranges', () => {
    const inRange = new Set(episodes.map((e) => e.symbol));
    expect(inRange.size).toBe(daily.series.size);
    for (const [symbol, bars] of daily.series) {
      const mine = episodes.filter((e) => e.symbol === symbol);
      const isRange = (b: Bar): boolean => mine.some((e) => b.time >= e.start && b.time <= e.end);
      const spread = (b: Bar): number => Math.log(b.high / b.low);
      const rangeBars = bars.filter(isRange);
      const otherBars = bars.filter((b) => !isRange(b));
      expect(median(rangeBars.map(spread))).toBeLessThan(0.8 * median(otherBars.map(spread)));
      expect(median(rangeBars.map((b) => b.volume))).toBeLessThan(0.8 * median(otherBars.map((b) => b.volume)));
    }
  });
});

describe('news', () => {
  it('moves price in the direction of its sentiment on average, with heavier volume', () => {
    const moves: number[] = [];
    const volumeRatios: number[] = [];
    for (const [symbol, bars] of daily.series) {
      const typicalVolume = median(bars.map((b) => b.volume));
      for (const item of daily.sim.recent(symbol, epochMs(0), epochMs(START))) {
        const at = bars.findIndex((b) => b.time <= item.time && item.time < b.time + 86_400_000);
        const bar = bars[at];
        const prev = bars[at - 1];
        if (bar === undefined || prev === undefined) continue;
        moves.push(Math.sign(item.sentiment) * Math.log(bar.close / prev.close));
        volumeRatios.push(bar.volume / typicalVolume);
      }
    }
    expect(moves.length).toBeGreaterThan(300);
    const m = mean(moves);
    const sd = Math.sqrt(mean(moves.map((x) => (x - m) ** 2)));
    expect(m / (sd / Math.sqrt(moves.length))).toBeGreaterThan(5);
    expect(median(volumeRatios)).toBeGreaterThan(2);
  });
});

describe('bar validity', () => {
  it.each(['1d', '1m', '1h'] as const)('every %s bar satisfies the OHLC invariants and the calendar', async (interval) => {
    const { series } = await generated(5, interval, interval === '1d' ? 3000 : 6000);
    for (const bars of series.values()) {
      let previousTime = -Infinity;
      for (const b of bars) {
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.low).toBeGreaterThan(0);
        expect(Number.isInteger(b.volume) && b.volume >= 0).toBe(true);
        expect(b.time).toBeGreaterThan(previousTime);
        const weekday = new Date(b.time).getUTCDay();
        expect(weekday === 0 || weekday === 6).toBe(false);
        previousTime = b.time;
      }
    }
  });

  it('gaps intraday bars only where a session opens', async () => {
    const { series } = await generated(9, '5m', 78 * 40);
    for (const bars of series.values()) {
      let opens = 0;
      let gappedOpens = 0;
      for (let i = 1; i < bars.length; i++) {
        const prev = bars[i - 1];
        const bar = bars[i];
        if (prev === undefined || bar === undefined) continue;
        const sessionOpen = new Date(bar.time).getUTCHours() === 14 && new Date(bar.time).getUTCMinutes() === 30;
        if (sessionOpen) {
          opens++;
          if (bar.open !== prev.close) gappedOpens++;
        } else {
          expect(bar.open).toBe(prev.close);
        }
      }
      expect(opens).toBeGreaterThanOrEqual(39);
      expect(gappedOpens / opens).toBeGreaterThan(0.8);
    }
  });
});
