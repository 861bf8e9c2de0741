import { describe, expect, it } from 'vitest';
import { FeatureEngine } from '../../features/feature-engine.js';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { DEFAULT_LABEL_SPEC } from './label-spec.js';
import { labelSeries } from './series-labeler.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

/** 70 bars oscillating in 99..101 on volume ~1000, then a close at 104 on 3x volume, then `tail` closes. */
function rangeThenBreakout(tail: readonly number[], symbol = 'ACME'): Bar[] {
  const closes = [...Array.from({ length: 70 }, (_, i) => 100 + Math.sin(i)), 104, ...tail];
  return closes.map((c, i) => {
    const prev = i === 0 ? c : (closes[i - 1] as number);
    return {
      symbol, interval: '1d', time: epochMs(T0 + i * DAY),
      open: price(prev), high: price(Math.max(prev, c) + 0.2), low: price(Math.min(prev, c) - 0.2), close: price(c),
      volume: quantity(i === 70 ? 3000 : 1000 + (i % 3) * 50),
    };
  });
}

describe('labelSeries', () => {
  it('finds the breakout bar, keeps its warm features as the engine computed them, and labels it', () => {
    const bars = rangeThenBreakout([105, 106, 108, 109, 110, 111, 112, 113, 114, 115]);
    const r = labelSeries(bars, DEFAULT_LABEL_SPEC);
    expect(r.events).toHaveLength(1);
    const e = r.events[0];
    expect(e).toMatchObject({ time: T0 + 70 * DAY, barIndex: 70, direction: 'up', close: 104 });
    const engine = new FeatureEngine({ symbol: 'ACME', interval: '1d' });
    for (const b of bars.slice(0, 71)) engine.onBar(b);
    expect(e?.features).toEqual(engine.values);
    expect(e?.outcome?.exitReason).toBe('target');
    expect(e?.outcome?.label).toBe(1);
    expect(r.barsRead).toBe(81);
    expect(r.rejected).toBe(0);
  });

  it('leaves an event whose horizon runs past the data end pending, not failed', () => {
    const r = labelSeries(rangeThenBreakout([104, 104]), DEFAULT_LABEL_SPEC);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]?.outcome).toBeUndefined();
  });

  it('skips events before `from` while still warming up on their bars', () => {
    const bars = rangeThenBreakout(Array.from({ length: 12 }, () => 104));
    expect(labelSeries(bars, DEFAULT_LABEL_SPEC, { from: epochMs(T0 + 71 * DAY) }).events).toHaveLength(0);
    const r = labelSeries(bars, DEFAULT_LABEL_SPEC, { from: epochMs(T0 + 70 * DAY) });
    expect(r.events).toHaveLength(1);
    expect(r.warmBars).toBe(13);
  });

  it('skips bars the feature engine refuses and says why', () => {
    const bars = rangeThenBreakout(Array.from({ length: 12 }, () => 104));
    const broken = bars.map((b, i) => (i === 30 ? { ...b, high: price(b.low - 1) } : b));
    const r = labelSeries(broken, DEFAULT_LABEL_SPEC);
    expect(r.rejected).toBe(1);
    expect(r.firstRejection).toMatch(/bar at/);
    expect(r.events).toHaveLength(1);
  });

  it('returns nothing for no bars, and refuses an invalid spec', () => {
    expect(labelSeries([], DEFAULT_LABEL_SPEC)).toEqual({ events: [], barsRead: 0, warmBars: 0, rejected: 0 });
    expect(() => labelSeries([], { ...DEFAULT_LABEL_SPEC, horizonBars: 0 })).toThrow(/horizonBars/);
  });
});
