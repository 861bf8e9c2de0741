import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from './bar.js';
import { BarColumns } from './bar-columns.js';
import { BarColumnValidator } from './bar-column-validator.js';
import { validateBars, type BarValidation } from './bar-validator.js';
import type { EpochMs, Price, Quantity } from './units.js';

const DAY = 86_400_000;

function bar(time: number, o: number, h: number, l: number, c: number, v: number): Bar {
  return { symbol: 'T', interval: '1d', time: time as EpochMs, open: o as Price, high: h as Price, low: l as Price, close: c as Price, volume: v as Quantity };
}

/** Runs the columnar validator over `bars` in chunks of `size`, as the importer does. */
function validateInChunks(bars: readonly Bar[], lines: readonly number[], size: number, jumpFactor?: number): BarValidation {
  const validator = new BarColumnValidator('T', '1d', jumpFactor === undefined ? {} : { jumpFactor });
  const chunk = new BarColumns(size);
  const out = new BarColumns(size);
  const accepted: Bar[] = [];
  const drain = (): void => {
    for (let i = 0; i < out.length; i++) accepted.push(out.barAt(i, 'T', '1d'));
    out.clear();
  };
  bars.forEach((b, i) => {
    chunk.push(b.time, b.open, b.high, b.low, b.close, b.volume, lines[i] as number);
    if (chunk.full) {
      validator.push(chunk, out);
      chunk.clear();
      drain();
    }
  });
  validator.push(chunk, out);
  drain();
  validator.finish(out);
  drain();
  return { accepted, rejected: validator.rejected };
}

/** Mostly plausible daily bars with every kind of fault mixed in: NaN, 0, negatives, 10x shifts, repeats, going back. */
const messyBar = fc
  .record({
    step: fc.constantFrom(1, 1, 1, 1, 0, -2),
    base: fc.double({ min: 5, max: 50, noNaN: true }),
    spread: fc.double({ min: 0, max: 0.1, noNaN: true }),
    fault: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'nan', 'zero', 'neg', 'x10', 'div10', 'hilo', 'inf', 'negvol'),
    volume: fc.integer({ min: 0, max: 1_000_000 }),
  });

function buildSeries(specs: readonly { step: number; base: number; spread: number; fault: string; volume: number }[]): Bar[] {
  let day = 0;
  return specs.map((s) => {
    day += s.step;
    let o = s.base;
    let c = s.base * (1 + s.spread / 2);
    let h = Math.max(o, c) * (1 + s.spread);
    let l = Math.min(o, c) * (1 - s.spread);
    let v = s.volume;
    if (s.fault === 'nan') c = Number.NaN;
    else if (s.fault === 'zero') l = 0;
    else if (s.fault === 'neg') o = -o;
    else if (s.fault === 'x10') [o, h, l, c] = [o * 10, h * 10, l * 10, c * 10];
    else if (s.fault === 'div10') [o, h, l, c] = [o / 10, h / 10, l / 10, c / 10];
    else if (s.fault === 'hilo') [h, l] = [l, h];
    else if (s.fault === 'inf') h = Number.POSITIVE_INFINITY;
    else if (s.fault === 'negvol') v = -1;
    return bar(day * DAY, o, h, l, c, v);
  });
}

describe('BarColumnValidator', () => {
  it('gives exactly validateBars’ verdicts, lines and messages for any chunk size', () => {
    fc.assert(
      fc.property(fc.array(messyBar, { maxLength: 120 }), fc.integer({ min: 1, max: 9 }), (specs, size) => {
        const bars = buildSeries(specs);
        const lines = bars.map((_, i) => i * 2 + 3);
        expect(validateInChunks(bars, lines, size)).toEqual(validateBars(bars, lines));
      }),
      { numRuns: 400 },
    );
  });

  it('judges a jump at a chunk boundary by the first bar of the next chunk', () => {
    // A genuine level change: the 10x bar agrees with what follows, so it passes; the one before a
    // return to the old level is an outlier and is refused. Chunks of 2 put each jump last in its chunk.
    const level = [bar(0, 10, 10, 10, 10, 1), bar(DAY, 100, 100, 100, 100, 1), bar(2 * DAY, 101, 101, 101, 101, 1)];
    const outlier = [bar(0, 10, 10, 10, 10, 1), bar(DAY, 100, 100, 100, 100, 1), bar(2 * DAY, 10, 10, 10, 10, 1)];
    expect(validateInChunks(level, [2, 3, 4], 2).rejected).toEqual([]);
    expect(validateInChunks(outlier, [2, 3, 4], 2).rejected.map((r) => [r.line, r.issues.map((i) => i.code)])).toEqual([[3, ['price-jump']]]);
  });

  it('honours the jump factor option', () => {
    const bars = [bar(0, 10, 10, 10, 10, 1), bar(DAY, 20, 20, 20, 20, 1), bar(2 * DAY, 10, 10, 10, 10, 1)];
    expect(validateInChunks(bars, [1, 2, 3], 4, 1.5).rejected).toHaveLength(1);
  });

  it('refuses an output chunk without room instead of dropping rows', () => {
    const validator = new BarColumnValidator('T', '1d');
    const chunk = BarColumns.from([bar(0, 10, 10, 10, 10, 1), bar(DAY, 10, 10, 10, 10, 1)]);
    expect(() => validator.push(chunk, new BarColumns(1))).toThrow(RangeError);
    const out = new BarColumns(2);
    validator.push(chunk, out);
    out.push(0, 1, 1, 1, 1, 1, 1);
    expect(() => validator.finish(out)).toThrow(RangeError);
  });
});

describe('BarColumns', () => {
  it('round-trips bars with their lines and refuses a row past its capacity', () => {
    const bars = [bar(0, 10, 11, 9, 10.5, 5), bar(DAY, 10.5, 11, 10, 10.8, 6)];
    const cols = BarColumns.from(bars, [4, 9]);
    expect([cols.barAt(0, 'T', '1d'), cols.barAt(1, 'T', '1d')]).toEqual(bars);
    expect(Array.from(cols.line)).toEqual([4, 9]);
    expect(cols.full).toBe(true);
    expect(() => cols.push(0, 0, 0, 0, 0, 0, 0)).toThrow(RangeError);
    expect(() => new BarColumns(0)).toThrow(RangeError);
  });
});
