import fc from 'fast-check';
import type { Bar } from '../../market/bar.js';
import { intervalMs, type Interval } from '../../market/interval.js';
import { epochMs, price, quantity } from '../../market/units.js';
import type { NewsPoint } from '../batch-features.js';

const T0 = 1_600_000_000_000;

const step = fc.record({
  // 0 often: flat stretches, where variances and directional movement vanish.
  move: fc.oneof(fc.constant(0), fc.double({ min: -0.25, max: 0.25, noNaN: true })),
  flatBar: fc.boolean(),
  wickUp: fc.double({ min: 0, max: 0.05, noNaN: true }),
  wickDown: fc.double({ min: 0, max: 0.05, noNaN: true }),
  // 0: zero volume (vendor gaps), 1: same as before (flat baseline), 2: fresh value.
  volumeKind: fc.constantFrom(0, 1, 2, 2),
  volume: fc.integer({ min: 0, max: 50_000_000 }),
  gap: fc.integer({ min: 1, max: 4 }),
});

/** Valid bar series with flat stretches, zero and repeated volumes and time gaps. */
export function barSeries(symbol: string, interval: Interval, maxLength: number): fc.Arbitrary<Bar[]> {
  return fc
    .tuple(fc.double({ min: 0.5, max: 2000, noNaN: true }), fc.array(step, { maxLength }))
    .map(([start, steps]) => {
      const bars: Bar[] = [];
      let close = start;
      let volume = 1000;
      let time = T0;
      for (const s of steps) {
        const open = close;
        close = Math.max(1e-3, close * (1 + s.move));
        const flat = s.flatBar || s.move === 0;
        const high = flat ? Math.max(open, close) : Math.max(open, close) * (1 + s.wickUp);
        const low = flat ? Math.min(open, close) : Math.min(open, close) * (1 - s.wickDown);
        volume = s.volumeKind === 0 ? 0 : s.volumeKind === 1 ? volume : s.volume;
        time += s.gap * intervalMs(interval);
        bars.push({
          symbol,
          interval,
          time: epochMs(time),
          open: price(open),
          high: price(high),
          low: price(low),
          close: price(close),
          volume: quantity(volume),
        });
      }
      return bars;
    });
}

/** News items in time order spread over (and a little beyond) the series' time range. */
export function newsPoints(interval: Interval, maxBars: number): fc.Arbitrary<NewsPoint[]> {
  const span = maxBars * 4 * intervalMs(interval);
  return fc
    .array(
      fc.record({
        time: fc.integer({ min: T0 - intervalMs(interval), max: T0 + span }),
        sentiment: fc.double({ min: -1, max: 1, noNaN: true }),
        impact: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { maxLength: 40 },
    )
    .map((items) => items.sort((a, b) => a.time - b.time));
}
