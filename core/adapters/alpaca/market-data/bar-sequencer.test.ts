import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../market/bar.js';
import { epochMs, price, quantity } from '../../../market/units.js';
import { BarSequencer } from './bar-sequencer.js';

const M = 60_000;
function bar(minute: number, close = 10): Bar {
  return { symbol: 'X', interval: '1m', time: epochMs(minute * M), open: price(10), high: price(12), low: price(9), close: price(close), volume: quantity(5) };
}
const minutes = (bars: readonly Bar[]): number[] => bars.map((b) => b.time / M);
const write = (): void => undefined;

describe('BarSequencer', () => {
  it('holds live bars until the first backfill lands, then stores history without emitting it', () => {
    const s = new BarSequencer(M);
    expect(s.onLive(bar(5))).toBe('buffer');
    s.requestSent();
    const r = s.complete([bar(3), bar(4)], 2 * M, write);
    expect(minutes(r.store)).toEqual([3, 4, 5]);
    expect(r.emit).toEqual([]);
    expect(r.again).toBe(false);
    expect(s.gap).toBe(false);
    expect(s.lastEmitted).toBe(5 * M);
  });

  it('emits the next bar, opens a gap on a jump, and emits the filled hole in order', () => {
    const s = new BarSequencer(M);
    s.requestSent();
    s.complete([bar(1)], undefined, write);
    expect(s.onLive(bar(2))).toBe('emit');
    expect(s.onLive(bar(5))).toBe('gap');
    expect(s.gap).toBe(true);
    s.requestSent();
    const r = s.complete([bar(3), bar(4), bar(5, 11)], 2 * M, write);
    // REST wins where both have the bar.
    expect(r.store.map((b) => b.close)).toEqual([10, 10, 11]);
    expect(minutes(r.emit)).toEqual([3, 4, 5]);
  });

  it('tells duplicates from out-of-order bars, also while a gap is open', () => {
    const s = new BarSequencer(M);
    s.requestSent();
    s.complete([bar(1)], undefined, write);
    expect(s.onLive(bar(1))).toBe('duplicate');
    expect(s.onLive(bar(1, 11))).toBe('out-of-order');
    expect(s.onLive(bar(0))).toBe('out-of-order');
    expect(s.onLive(bar(4))).toBe('gap');
    expect(s.onLive(bar(4))).toBe('duplicate');
    expect(s.onLive(bar(3))).toBe('out-of-order');
  });

  it('keeps held bars after a jump that arrived after the request, and asks for another round', () => {
    const s = new BarSequencer(M);
    s.requestSent();
    s.complete([bar(1)], undefined, write);
    expect(s.onLive(bar(3))).toBe('gap');
    s.requestSent();
    expect(s.onLive(bar(4))).toBe('buffer');
    expect(s.onLive(bar(7))).toBe('buffer');
    const first = s.complete([bar(2), bar(3)], M, write);
    expect(minutes(first.store)).toEqual([2, 3, 4]);
    expect(first.again).toBe(true);
    expect(minutes(s.pending)).toEqual([7]);
    s.requestSent();
    const second = s.complete([bar(5), bar(6), bar(7)], 4 * M, write);
    expect(minutes(second.store)).toEqual([5, 6, 7]);
    expect(second.again).toBe(false);
  });

  it('a drop marks a gap; live bars are then held', () => {
    const s = new BarSequencer(M);
    s.requestSent();
    s.complete([], undefined, write);
    expect(s.onLive(bar(1))).toBe('emit');
    s.markGap();
    expect(s.onLive(bar(2))).toBe('buffer');
  });

  it('changes nothing when the write fails, so the same backfill can be tried again', () => {
    const s = new BarSequencer(M);
    s.requestSent();
    s.complete([bar(1)], undefined, write);
    expect(s.onLive(bar(3))).toBe('gap');
    s.requestSent();
    expect(() => s.complete([bar(2)], M, () => {
      throw new Error('disk full');
    })).toThrow('disk full');
    expect(s.gap).toBe(true);
    expect(s.lastEmitted).toBe(M);
    expect(minutes(s.pending)).toEqual([3]);
    s.requestSent();
    expect(minutes(s.complete([bar(2)], M, write).emit)).toEqual([2, 3]);
  });
});
