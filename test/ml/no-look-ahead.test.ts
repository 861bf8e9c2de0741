import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price } from '../../core/market/units.js';
import { labelOutcome } from '../../core/ml/labels/barrier-outcome.js';
import { DEFAULT_LABEL_SPEC, type LabelSpec } from '../../core/ml/labels/label-spec.js';
import { labelSeries, type LabelledEvent } from '../../core/ml/labels/series-labeler.js';
import { breakoutSeries } from '../../core/ml/labels/testing/breakout-series.js';
import { bitsEqual, eventsUpTo, randomSeries } from './look-ahead-checks.js';

// Looser than the default so random series have many events to check.
const LOOSE: LabelSpec = { ...DEFAULT_LABEL_SPEC, minBreakoutAtr: 0, minRelativeVolume: 1 };

describe('no look-ahead in the features of a sample', () => {
  it('gives bit-identical events (features, ATR, level, direction) at or before a random cut when every later bar is removed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 80, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, length, where) => {
        const bars = breakoutSeries(seed, length);
        const cut = Math.min(length - 1, Math.floor(where * length));
        const full = labelSeries(bars, DEFAULT_LABEL_SPEC).events;
        const cutRun = labelSeries(bars.slice(0, cut + 1), DEFAULT_LABEL_SPEC).events;
        const before = eventsUpTo(full, bars[cut]?.time ?? 0);
        expect(cutRun.map((e) => e.time)).toEqual(before.map((e) => e.time));
        before.forEach((e, i) => {
          const c = cutRun[i] as LabelledEvent;
          expect(bitsEqual(c.features, e.features)).toBe(true);
          expect([c.direction, c.close, c.level]).toEqual([e.direction, e.close, e.level]);
          expect(Object.is(c.atr, e.atr) && Object.is(c.beyondAtr, e.beyondAtr)).toBe(true);
          // A label is final only once its whole horizon is in the data, and then it is the same label.
          if (e.barIndex + DEFAULT_LABEL_SPEC.horizonBars <= cut) expect(c.outcome).toEqual(e.outcome);
          else expect(c.outcome).toBeUndefined();
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('no look-ahead in the outcome: it uses only the bars (t, t+H]', () => {
  const arbitrary = fc.tuple(randomSeries(260), randomSeries(80), fc.integer({ min: 1, max: 15 }));

  it('equals the barrier walk over exactly bars t+1..t+H, exits inside them, and ignores whatever comes after t+H', () => {
    let checked = 0;
    fc.assert(
      fc.property(arbitrary, ([bars, other, horizonBars]) => {
        const spec = { ...LOOSE, horizonBars };
        for (const e of labelSeries(bars, spec).events) {
          const t = e.barIndex;
          if (e.outcome === undefined) {
            expect(t + horizonBars).toBeGreaterThan(bars.length - 1);
            continue;
          }
          checked++;
          const window = bars.slice(t + 1, t + 1 + horizonBars);
          expect(e.outcome).toEqual(labelOutcome(e, window, spec));
          expect(e.outcome.exitTime).toBeGreaterThan(e.time);
          expect(e.outcome.exitTime).toBeLessThanOrEqual((bars[t + horizonBars] as Bar).time);
          // A different future after t+H: same event, same features, same outcome.
          const last = (bars[t + horizonBars] as Bar).time;
          const shift = last - ((other[0]?.time ?? 0) - 86_400_000);
          const changed = [...bars.slice(0, t + horizonBars + 1), ...other.map((b) => ({ ...b, time: epochMs(b.time + shift) }))];
          const again = labelSeries(changed, spec).events.find((x) => x.time === e.time);
          expect(again?.outcome).toEqual(e.outcome);
          expect(again !== undefined && bitsEqual(again.features, e.features)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('does read the last bar of the horizon: a timeout becomes a success when bar t+H gaps beyond the target', () => {
    let flipped = 0;
    fc.assert(
      fc.property(arbitrary, ([bars, , horizonBars]) => {
        const spec = { ...LOOSE, horizonBars };
        for (const e of labelSeries(bars, spec).events) {
          if (e.outcome?.exitReason !== 'timeout') continue;
          const i = e.barIndex + horizonBars;
          const bar = bars[i] as Bar;
          const gap = e.outcome.targetPrice + (e.direction === 'up' ? 1 : -1) * e.atr;
          const moved = bars.map((b, j) => (j === i ? { ...bar, open: price(gap), high: price(Math.max(bar.high, gap)), low: price(Math.min(bar.low, gap)) } : b));
          if (gap <= 0) continue;
          expect(labelSeries(moved, spec).events.find((x) => x.time === e.time)?.outcome?.exitReason).toBe('target');
          flipped++;
        }
      }),
      { numRuns: 40 },
    );
    expect(flipped).toBeGreaterThan(0);
  });
});
