import fc from 'fast-check';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';
import type { LabelledEvent } from '../../core/ml/labels/series-labeler.js';

/** True when two vectors hold the same bits in every slot (NaN payloads and -0 included). */
export function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** The events whose bar opened at or before `time`. */
export function eventsUpTo(events: readonly LabelledEvent[], time: number): LabelledEvent[] {
  return events.filter((e) => e.time <= time);
}

const DAY = 86_400_000;

const step = fc.record({
  move: fc.oneof(fc.constant(0), fc.double({ min: -0.12, max: 0.12, noNaN: true })),
  gap: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  wickUp: fc.double({ min: 0, max: 0.04, noNaN: true }),
  wickDown: fc.double({ min: 0, max: 0.04, noNaN: true }),
  volume: fc.oneof(fc.integer({ min: 1000, max: 2000 }), fc.integer({ min: 0, max: 20_000 })),
  days: fc.integer({ min: 1, max: 3 }),
});

/**
 * Random valid daily series long enough to warm up (60..maxLength bars): gapped opens, flat bars, zero and
 * spiking volume, uneven time steps.
 */
export function randomSeries(maxLength: number, symbol = 'RND'): fc.Arbitrary<Bar[]> {
  return fc.tuple(fc.double({ min: 1, max: 500, noNaN: true }), fc.array(step, { minLength: 60, maxLength, size: 'max' })).map(([start, steps]) => {
    const bars: Bar[] = [];
    let close = start;
    let time = Date.UTC(2010, 0, 4);
    for (const s of steps) {
      const open = Math.max(0.01, close * (1 + s.gap));
      close = Math.max(0.01, open * (1 + s.move));
      time += s.days * DAY;
      bars.push({
        symbol, interval: '1d', time: epochMs(time), open: price(open), high: price(Math.max(open, close) * (1 + s.wickUp)),
        low: price(Math.min(open, close) * (1 - s.wickDown)), close: price(close), volume: quantity(s.volume),
      });
    }
    return bars;
  });
}
