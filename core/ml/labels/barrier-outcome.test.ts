import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { labelOutcome, type BarrierEntry } from './barrier-outcome.js';
import { DEFAULT_LABEL_SPEC, type LabelSpec } from './label-spec.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 6);
const spec: LabelSpec = { ...DEFAULT_LABEL_SPEC, targetAtr: 2, stopAtr: 1, horizonBars: 3 };

/** Bars after the event: [open, high, low, close] each, one day apart. */
function after(rows: readonly (readonly [number, number, number, number])[]): Bar[] {
  return rows.map(([o, h, l, c], i) => ({
    symbol: 'T', interval: '1d', time: epochMs(T0 + (i + 1) * DAY), open: price(o), high: price(h), low: price(l), close: price(c), volume: quantity(1),
  }));
}

// Entry 100, ATR 5: UP target 110, stop 95; DOWN target 90, stop 105.
const up: BarrierEntry = { time: epochMs(T0), direction: 'up', close: 100, atr: 5 };
const down: BarrierEntry = { ...up, direction: 'down' };

describe('labelOutcome (triple barrier)', () => {
  it('labels success when the target is reached before the stop, exiting at the target', () => {
    const o = labelOutcome(up, after([[100, 104, 97, 103], [103, 111, 101, 109], [109, 109, 80, 85]]), spec);
    expect(o).toMatchObject({ label: 1, exitReason: 'target', targetPrice: 110, stopPrice: 95, exitPrice: 110, barsToExit: 2, exitTime: T0 + 2 * DAY, moveAtr: 2, movePct: 10 });
    expect(o?.maxFavourableAtr).toBeCloseTo(2.2, 12);
    expect(o?.maxAdverseAtr).toBeCloseTo(0.6, 12);
  });

  it('labels failure when the stop is hit first', () => {
    expect(labelOutcome(up, after([[100, 101, 94, 96], [96, 120, 96, 119], [119, 119, 119, 119]]), spec)).toMatchObject({ label: 0, exitReason: 'stop', exitPrice: 95, barsToExit: 1, moveAtr: -1, movePct: -5 });
  });

  it('counts a bar touching both barriers as the stop (conservative)', () => {
    expect(labelOutcome(up, after([[100, 111, 94, 100], [100, 100, 100, 100], [100, 100, 100, 100]]), spec)).toMatchObject({ label: 0, exitReason: 'stop', exitPrice: 95 });
  });

  it('exits at the open when the bar gaps through a barrier', () => {
    expect(labelOutcome(up, after([[112, 113, 94, 96], [96, 96, 96, 96], [96, 96, 96, 96]]), spec)).toMatchObject({ label: 1, exitReason: 'target', exitPrice: 112, moveAtr: 2.4 });
    expect(labelOutcome(up, after([[90, 120, 89, 119], [119, 119, 119, 119], [119, 119, 119, 119]]), spec)).toMatchObject({ label: 0, exitReason: 'stop', exitPrice: 90, moveAtr: -2 });
  });

  it('labels a horizon without either barrier a timeout: label 0, exit at the last close, move recorded', () => {
    const o = labelOutcome(up, after([[100, 104, 97, 103], [103, 108, 99, 107], [107, 109, 106, 108], [108, 200, 108, 200]]), spec);
    expect(o).toMatchObject({ label: 0, exitReason: 'timeout', exitPrice: 108, barsToExit: 3, exitTime: T0 + 3 * DAY });
    expect(o?.moveAtr).toBeCloseTo(1.6, 12);
  });

  it('mirrors the barriers for a DOWN breakout', () => {
    expect(labelOutcome(down, after([[100, 103, 99, 100], [100, 101, 89, 90], [90, 90, 90, 90]]), spec)).toMatchObject({ label: 1, exitReason: 'target', targetPrice: 90, stopPrice: 105, exitPrice: 90, moveAtr: 2, movePct: 10 });
    expect(labelOutcome(down, after([[100, 106, 99, 100], [100, 100, 100, 100], [100, 100, 100, 100]]), spec)).toMatchObject({ label: 0, exitReason: 'stop', exitPrice: 105, moveAtr: -1 });
    expect(labelOutcome(down, after([[86, 87, 85, 86], [86, 86, 86, 86], [86, 86, 86, 86]]), spec)).toMatchObject({ label: 1, exitPrice: 86 });
  });

  it('is pending (undefined), not a failure, while fewer than horizonBars bars follow', () => {
    expect(labelOutcome(up, after([[100, 111, 100, 110], [110, 110, 110, 110]]), spec)).toBeUndefined();
  });

  it('refuses a bar that is not after the event bar', () => {
    const early = after([[100, 101, 99, 100], [100, 101, 99, 100], [100, 101, 99, 100]]).map((b) => ({ ...b, time: epochMs(T0) }));
    expect(() => labelOutcome(up, early, spec)).toThrow(/not after the event bar/);
  });
});
