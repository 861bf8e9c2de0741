import { describe, expect, it } from 'vitest';
import { F, FEATURE_COUNT } from '../../features/feature-vector.js';
import { detectBreakout } from './breakout-event.js';
import { DEFAULT_LABEL_SPEC } from './label-spec.js';

function vector(support: number, resistance: number, relativeVolume: number): Float64Array {
  const v = new Float64Array(FEATURE_COUNT);
  v[F.support] = support;
  v[F.resistance] = resistance;
  v[F.relativeVolume] = relativeVolume;
  return v;
}

const spec = DEFAULT_LABEL_SPEC; // 0.25 ATR beyond the level, relative volume >= 1.5

describe('detectBreakout', () => {
  it('fires UP on a close at least minBreakoutAtr ATR above resistance on enough volume', () => {
    expect(detectBreakout(100.5, vector(90, 100, 2), 2, spec)).toEqual({ direction: 'up', level: 100, beyondAtr: 0.25 });
  });

  it('fires DOWN on a close at least minBreakoutAtr ATR below support', () => {
    expect(detectBreakout(89, vector(90, 100, 1.5), 2, spec)).toEqual({ direction: 'down', level: 90, beyondAtr: 0.5 });
  });

  it('ignores a close beyond the level by less than minBreakoutAtr, or inside the range', () => {
    expect(detectBreakout(100.4, vector(90, 100, 3), 2, spec)).toBeUndefined();
    expect(detectBreakout(95, vector(90, 100, 3), 2, spec)).toBeUndefined();
  });

  it('ignores a breakout on ordinary volume, or when the volume baseline is undefined', () => {
    expect(detectBreakout(110, vector(90, 100, 1.49), 2, spec)).toBeUndefined();
    expect(detectBreakout(110, vector(90, 100, Number.NaN), 2, spec)).toBeUndefined();
  });

  it('ignores bars whose ATR is zero, NaN or infinite', () => {
    for (const atr of [0, Number.NaN, Number.POSITIVE_INFINITY]) expect(detectBreakout(110, vector(90, 100, 3), atr, spec)).toBeUndefined();
  });

  it('with minBreakoutAtr 0 needs a close strictly beyond the level', () => {
    const any = { ...spec, minBreakoutAtr: 0 };
    expect(detectBreakout(100, vector(90, 100, 3), 2, any)).toBeUndefined();
    expect(detectBreakout(100.01, vector(90, 100, 3), 2, any)?.direction).toBe('up');
  });
});
