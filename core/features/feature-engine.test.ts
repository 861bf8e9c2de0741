import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../market/bar.js';
import { closeOffsetMs, intervalMs } from '../market/interval.js';
import { epochMs, price, quantity } from '../market/units.js';
import { computeFeaturesBatch, type NewsPoint } from './batch-features.js';
import { FeatureEngine } from './feature-engine.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from './feature-params.js';
import { F, FEATURE_COUNT, FEATURE_NAMES } from './feature-vector.js';
import { barsToColumns, newsItem, streamFeatures } from './testing/feature-fixtures.js';
import { barSeries, newsPoints } from './testing/series-arbitrary.js';

const SMALL: FeatureParams = {
  ...DEFAULT_FEATURE_PARAMS,
  rsiPeriod: 3,
  emaFast: 2,
  emaSlow: 5,
  smaShort: 4,
  smaLong: 7,
  bollingerPeriod: 4,
  volumePeriod: 3,
  levelPeriod: 5,
  adxPeriod: 3,
  rocPeriod: 2,
  newsHalfLifeMs: 3 * 3_600_000,
  newsWindowMs: 2 * 86_400_000,
};

/** First mismatch between two row-major feature matrices, compared bit for bit (NaN equals NaN). */
function firstMismatch(a: Float64Array, b: Float64Array): string | undefined {
  if (a.length !== b.length) return `lengths ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return `row ${Math.floor(i / FEATURE_COUNT)} ${FEATURE_NAMES[i % FEATURE_COUNT]}: ${a[i]} vs ${b[i]}`;
  }
  return undefined;
}

function bar(time: number, close: number, overrides: Partial<Bar> = {}): Bar {
  return {
    symbol: 'AAA',
    interval: '1d',
    time: epochMs(time),
    open: price(close),
    high: price(close * 1.01),
    low: price(close * 0.99),
    close: price(close),
    volume: quantity(1000 + (time % 7) * 100),
    ...overrides,
  };
}

const DAY = 86_400_000;
/** Daily bars close at 20:00 UTC of their date (see closeOffsetMs). */
const DAILY_CLOSE = closeOffsetMs('1d');
const series = (n: number): Bar[] => Array.from({ length: n }, (_, i) => bar(i * DAY, 100 + 10 * Math.sin(i / 5) + i * 0.1));

describe('FeatureEngine equals the column-wise batch computation', () => {
  for (const [label, params] of [['default', DEFAULT_FEATURE_PARAMS], ['short', SMALL]] as const) {
    it(`matches every field at every bar bit for bit, NaN warm-up included (${label} periods)`, () => {
      fc.assert(
        fc.property(barSeries('AAA', '1h', 130), newsPoints('1h', 130), (bars, news) => {
          const streamed = streamFeatures(bars, news, params);
          const batch = computeFeaturesBatch(barsToColumns(bars), news, '1h', params);
          if (!batch.ok) throw new Error(batch.error);
          expect(firstMismatch(streamed.values, batch.value.values)).toBeUndefined();
          expect(Array.from(streamed.warm)).toEqual(Array.from(batch.value.warm));
          expect(streamed.sources.map((s) => (s === 'news' ? 1 : 0))).toEqual(Array.from(batch.value.hasNews));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('gives the same features whether news is added up front or just in time', () => {
    fc.assert(
      fc.property(barSeries('AAA', '1d', 60), newsPoints('1d', 60), (bars, news) => {
        expect(firstMismatch(streamFeatures(bars, news, SMALL).values, streamFeatures(bars, news, SMALL, true).values)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});

describe('FeatureEngine never looks ahead', () => {
  it('computes the same row at bar t when every later bar and later news are removed', () => {
    fc.assert(
      fc.property(barSeries('AAA', '1d', 90), newsPoints('1d', 90), fc.nat(), (bars, news, cut) => {
        fc.pre(bars.length > 0);
        const t = cut % bars.length;
        const closeT = (bars[t] as Bar).time + DAILY_CLOSE;
        const full = streamFeatures(bars, news, SMALL);
        const past = streamFeatures(bars.slice(0, t + 1), news.filter((n) => n.time <= closeT), SMALL);
        const row = (v: Float64Array, j: number): number[] => Array.from(v.subarray(j * FEATURE_COUNT, (j + 1) * FEATURE_COUNT));
        expect(row(past.values, t)).toEqual(row(full.values, t));
      }),
      { numRuns: 100 },
    );
  });

  it('ignores a news item one millisecond after the close and uses one exactly at the close', () => {
    const bars = series(3);
    const close0 = (bars[0] as Bar).time + DAILY_CLOSE;
    const at = (news: NewsPoint[]): number[] => Array.from(streamFeatures(bars.slice(0, 1), news).values.subarray(F.overallSentiment));
    expect(at([{ time: close0 + 1, sentiment: 1, impact: 1 }])).toEqual([0, 0, 0]);
    expect(at([{ time: close0, sentiment: 1, impact: 1 }])).toEqual([1, 1, 1]);
  });

  it("keeps a headline from the evening of a daily bar's date (after the US close) out of that bar", () => {
    const bars = series(2);
    const day0 = (bars[0] as Bar).time;
    const evening = { time: day0 + 21 * 3_600_000, sentiment: -1, impact: 1 };
    const afternoon = { time: day0 + 15 * 3_600_000, sentiment: -1, impact: 1 };
    expect(streamFeatures(bars.slice(0, 1), [evening]).values[F.newsCount]).toBe(0);
    expect(streamFeatures(bars.slice(0, 1), [afternoon]).values[F.newsCount]).toBe(1);
    expect(streamFeatures(bars, [evening]).values[FEATURE_COUNT + F.newsCount]).toBe(1);
  });
});

describe('FeatureEngine warm-up and sentiment source', () => {
  it('is warm exactly when every field is finite, from bar 50 on for the default periods', () => {
    const engine = new FeatureEngine({ symbol: 'AAA', interval: '1d' });
    const bars = series(60);
    bars.forEach((b, i) => {
      expect(engine.onBar(b).ok).toBe(true);
      expect(engine.warm).toBe(engine.values.every(Number.isFinite));
      expect(engine.warm).toBe(i >= 49);
    });
    expect(engine.warmUpBars).toBe(50);
  });

  it('reports sentiment as absent, not neutral, until a news item has been applied', () => {
    const engine = new FeatureEngine({ symbol: 'AAA', interval: '1d' });
    const bars = series(3);
    engine.onBar(bars[0] as Bar);
    expect(engine.sentimentSource).toBe('none');
    expect(engine.features().marketSentiment).toEqual({ overallSentiment: 0, newsCount: 0, impactScore: 0 });
    expect(engine.addNews(newsItem('AAA', { time: (bars[1] as Bar).time + 1, sentiment: 0, impact: 0.5 })).ok).toBe(true);
    engine.onBar(bars[1] as Bar);
    const snap = engine.snapshot();
    expect(snap.sentimentSource).toBe('news');
    // A neutral item: sentiment 0 as before, but now backed by news.
    expect(snap.values[F.overallSentiment]).toBe(0);
    expect(snap.values[F.newsCount]).toBe(1);
    expect(snap.values[F.impactScore]).toBeCloseTo(0.5 * 2 ** (-(DAILY_CLOSE - 1) / DEFAULT_FEATURE_PARAMS.newsHalfLifeMs), 12);
    expect(snap.barIndex).toBe(1);
    expect(snap.time).toBe((bars[1] as Bar).time);
  });

  it('decays sentiment by half per half-life and shrinks it while the weight is below one item', () => {
    const p = { ...DEFAULT_FEATURE_PARAMS, newsHalfLifeMs: DAY };
    const bars = series(3);
    const news = [{ time: (bars[0] as Bar).time + DAILY_CLOSE, sentiment: -0.8, impact: 1 }];
    const s = streamFeatures(bars, news, p).values;
    expect(s[F.overallSentiment]).toBe(-0.8);
    expect(s[FEATURE_COUNT + F.overallSentiment]).toBeCloseTo(-0.4, 12);
    expect(s[2 * FEATURE_COUNT + F.impactScore]).toBeCloseTo(0.25, 12);
  });

  it('keeps counting correctly across thousands of items (the item store slides and grows)', () => {
    const bars = Array.from({ length: 400 }, (_, i) => bar(i * 3_600_000, 50, { interval: '1h' }));
    const news = Array.from({ length: 4000 }, (_, i) => ({ time: i * 360_000, sentiment: 0.1, impact: 0.1 }));
    const streamed = streamFeatures(bars, news, DEFAULT_FEATURE_PARAMS, true);
    const batch = computeFeaturesBatch(barsToColumns(bars), news, '1h');
    if (!batch.ok) throw new Error(batch.error);
    expect(firstMismatch(streamed.values, batch.value.values)).toBeUndefined();
    // 24 h window of items every 6 min: 240 items.
    expect(streamed.values[300 * FEATURE_COUNT + F.newsCount]).toBe(240);
  });
});

describe('FeatureEngine refuses bad input without changing state', () => {
  const badBars: [string, Partial<Bar>][] = [
    ['a high below its close', { high: price(90) }],
    ['a zero price', { low: price(0) }],
    ['a NaN close', { close: price(Number.NaN) }],
    ['a negative volume', { volume: quantity(-1) }],
    ['an infinite volume', { volume: quantity(Number.POSITIVE_INFINITY) }],
  ];
  for (const [what, overrides] of badBars) {
    it(`rejects a bar with ${what} and leaves the vector as it was`, () => {
      const engine = new FeatureEngine({ symbol: 'AAA', interval: '1d' });
      series(55).forEach((b) => engine.onBar(b));
      const before = engine.values.slice();
      const r = engine.onBar(bar(56 * DAY, 100, overrides));
      expect(r.ok).toBe(false);
      expect(engine.values).toEqual(before);
      expect(engine.barCount).toBe(55);
      expect(engine.rejectedBars).toBe(1);
    });
  }

  it('rejects a repeated or older bar time, and a bar of another series', () => {
    const engine = new FeatureEngine({ symbol: 'AAA', interval: '1d' });
    engine.onBar(bar(DAY, 100));
    const repeated = engine.onBar(bar(DAY, 101));
    expect(repeated.ok ? '' : repeated.error).toMatch(/not after the previous accepted bar/);
    expect(engine.onBar(bar(0, 101)).ok).toBe(false);
    const other = engine.onBar(bar(2 * DAY, 101, { symbol: 'BBB' }));
    expect(other.ok ? '' : other.error).toMatch(/BBB 1d fed to the AAA 1d engine/);
    expect(engine.onBar(bar(2 * DAY, 101, { interval: '1h' })).ok).toBe(false);
    expect(engine.rejectedBars).toBe(4);
    expect(engine.barCount).toBe(1);
  });

  it('rejects news for another symbol, out of range, non-finite or out of order, and counts them', () => {
    const engine = new FeatureEngine({ symbol: 'AAA', interval: '1d' });
    const good = newsItem('AAA', { time: 10 * DAY, sentiment: 0.2, impact: 0.2 });
    expect(engine.addNews(good).ok).toBe(true);
    const cases: [Parameters<FeatureEngine['addNews']>[0], RegExp][] = [
      [{ ...good, symbols: ['BBB'] }, /about BBB, not AAA/],
      [{ ...good, symbols: [] }, /about no symbol/],
      [{ ...good, sentiment: 1.5 }, /sentiment 1.5 is outside/],
      [{ ...good, impact: -0.1 }, /impact -0.1 is outside/],
      [{ ...good, time: epochMs(Number.NaN) }, /not a finite/],
      [{ ...good, time: epochMs(9 * DAY) }, /before the previous item/],
    ];
    for (const [item, reason] of cases) {
      const r = engine.addNews(item);
      expect(r.ok ? '' : r.error).toMatch(reason);
    }
    expect(engine.rejectedNews).toBe(cases.length);
  });

  it('refuses unusable parameters with every problem named', () => {
    expect(() => new FeatureEngine({ symbol: 'A', interval: '1d', params: { ...DEFAULT_FEATURE_PARAMS, rsiPeriod: 0, emaFast: 30, newsHalfLifeMs: -1 } }))
      .toThrow(/rsiPeriod must be .*emaFast \(30\) must be shorter.*newsHalfLifeMs must be/);
  });
});

describe('computeFeaturesBatch input checks', () => {
  it('names the first row that is not a valid bar, and unordered rows and news', () => {
    const cols = barsToColumns(series(5));
    cols.high[3] = 1;
    const r = computeFeaturesBatch(cols, [], '1d');
    expect(r.ok ? '' : r.error).toMatch(/^row 3: not a valid bar/);
    const c2 = barsToColumns(series(5));
    c2.time[2] = 0;
    const r2 = computeFeaturesBatch(c2, [], '1d');
    expect(r2.ok ? '' : r2.error).toMatch(/^row 2: time 0 is not after/);
    const r3 = computeFeaturesBatch(barsToColumns(series(5)), [{ time: 5, sentiment: 0, impact: 0 }, { time: 1, sentiment: 0, impact: 0 }], '1d');
    expect(r3.ok ? '' : r3.error).toMatch(/news item 1: not in time order/);
    const c4 = { ...barsToColumns(series(5)), volume: new Float64Array(4) };
    const r4 = computeFeaturesBatch(c4, [], '1d');
    expect(r4.ok ? '' : r4.error).toMatch(/column volume has 4 rows, time has 5/);
  });

  it('returns all-NaN technical rows for series shorter than every look-back', () => {
    const r = computeFeaturesBatch(barsToColumns(series(1)), [], '1d');
    if (!r.ok) throw new Error(r.error);
    expect(Array.from(r.value.values.subarray(0, F.overallSentiment)).every(Number.isNaN)).toBe(true);
    expect(r.value.warm[0]).toBe(0);
    expect(intervalMs('1d')).toBe(DAY);
  });
});
