import { describe, expect, it } from 'vitest';
import { decimalsFor, extent, fmtFigure, linePath, linearScale, niceTicks } from '../../renderer/src/chart/plot-scale.js';

describe('plot scales of the SVG plots (models dashboard, backtest view)', () => {
  it('maps a domain onto a range, inverted for SVG y', () => {
    const y = linearScale([0, 1], [100, 0]);
    expect([y(0), y(0.25), y(1)]).toEqual([100, 75, 0]);
    expect(y.domain).toEqual([0, 1]);
  });

  it('puts a flat domain in the middle of the range instead of dividing by zero', () => {
    expect(linearScale([0.4, 0.4], [0, 200])(0.4)).toBe(100);
  });

  it('picks round ticks of 1, 2 or 5 times a power of ten without float noise', () => {
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.12, 0.31, 4)).toEqual([0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(0.3, 0.3)).toEqual([0.3]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });

  it('gives tick labels just enough decimals to differ, whatever the range', () => {
    expect([decimalsFor(5), decimalsFor(1), decimalsFor(0.5), decimalsFor(0.02), decimalsFor(0.001)]).toEqual([0, 0, 1, 2, 3]);
    expect([decimalsFor(0), decimalsFor(Number.NaN), decimalsFor(1e-12)]).toEqual([1, 1, 6]);
    // A drawdown axis of a few hundredths of a percent: every tick its own label.
    for (const [lo, hi] of [[-0.0004, 0], [-0.03, 0], [-0.6, 0], [97.3, 97.34], [0, 120_000]] as const) {
      const ticks = niceTicks(lo * 100, hi * 100, 4);
      const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
      const labels = ticks.map((t) => t.toFixed(decimalsFor(step)));
      expect(new Set(labels).size).toBe(ticks.length);
    }
  });

  it('pads the extent of finite values and ignores nulls', () => {
    expect(extent([null, 0.2, 0.4, Number.NaN], 0.1)).toEqual([0.18, 0.42000000000000004]);
    expect(extent([null])).toBeUndefined();
    const flat = extent([0.5]);
    expect(flat?.[0]).toBeLessThan(0.5);
    expect(flat?.[1]).toBeGreaterThan(0.5);
  });

  it('breaks the line at a missing value rather than drawing through it', () => {
    expect(linePath([{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: null }, { x: 3, y: 4 }])).toBe('M0.0,1.0L1.0,2.0M3.0,4.0');
  });

  it('formats a missing figure as a dash', () => {
    expect([fmtFigure(null), fmtFigure(undefined), fmtFigure(Number.NaN), fmtFigure(0.12345)]).toEqual(['—', '—', '—', '0.123']);
  });
});
