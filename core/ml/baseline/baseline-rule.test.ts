import { describe, expect, it } from 'vitest';
import { F, FEATURE_COUNT } from '../../features/feature-vector.js';
import { detectBreakout } from '../labels/breakout-event.js';
import { DEFAULT_LABEL_SPEC, labelSpecHash } from '../labels/label-spec.js';
import { baselineBreakout, baselineJson, baselineScores, DEFAULT_BASELINE, fitBaseline } from './baseline-rule.js';

const features = (relativeVolume: number): Float64Array => {
  const f = new Float64Array(FEATURE_COUNT);
  f[F.support] = 95;
  f[F.resistance] = 105;
  f[F.relativeVolume] = relativeVolume;
  return f;
};

describe('rule-based breakout baseline', () => {
  it('fires on exactly the label spec event: beyond the level by 0.25 ATR on 1.5x volume', () => {
    expect(baselineBreakout(106, features(2), 2)?.direction).toBe('up');
    expect(baselineBreakout(105.4, features(2), 2)).toBeUndefined();
    expect(baselineBreakout(106, features(1.4), 2)).toBeUndefined();
    expect(baselineBreakout(94, features(1.5), 2)?.direction).toBe('down');
    for (const close of [90, 94.6, 100, 105.6, 110]) expect(baselineBreakout(close, features(2), 2)).toEqual(detectBreakout(close, features(2), 2, DEFAULT_LABEL_SPEC));
  });
  it('fits its fixed estimate as the training base rate and gives it to every event', () => {
    const b = fitBaseline([1, 0, 0, 1, 0], DEFAULT_LABEL_SPEC, 'test');
    expect(b.successEstimate).toBe(0.4);
    expect([...baselineScores(3, b)]).toEqual([0.4, 0.4, 0.4]);
    expect(() => fitBaseline([], DEFAULT_LABEL_SPEC, 'x')).toThrow(/no training events/);
    expect(JSON.parse(baselineJson(b))).toEqual({ labelSpecHash: labelSpecHash(DEFAULT_LABEL_SPEC), successEstimate: 0.4, source: 'test' });
  });
  it('ships the measured base rate of the shared daily data as its default', () => {
    expect(DEFAULT_BASELINE.successEstimate).toBe(0.278);
  });
});
