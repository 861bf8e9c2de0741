import { describe, expect, it } from 'vitest';
import { hoursPerBar, toPrediction } from './breakout-prediction.js';
import { DEFAULT_LABEL_SPEC } from './labels/label-spec.js';

const out = { probability: 0.8, nnProbability: 0.7, svmProbability: 0.9, support: 1 };
const up = { direction: 'up', close: 100, atr: 2, interval: '1d' } as const;

describe('toPrediction', () => {
  it('fills every field of an UP breakout on daily bars from the label spec', () => {
    expect(toPrediction(out, up, DEFAULT_LABEL_SPEC)).toEqual({
      probability: 0.8,
      direction: 'UP',
      confidence: expect.closeTo(0.8 * 0.6 * 1, 12),
      targetPrice: 104,
      timeHorizon: 65,
      riskScore: 0.5,
    });
  });

  it('puts a DOWN target below the close and scales the horizon by intraday bar length', () => {
    const p = toPrediction(out, { ...up, direction: 'down', interval: '15m' }, DEFAULT_LABEL_SPEC);
    expect(p.direction).toBe('DOWN');
    expect(p.targetPrice).toBe(96);
    expect(p.timeHorizon).toBe(2.5);
    expect(hoursPerBar('1h')).toBe(1);
  });

  it('has zero confidence at a coin flip and less where members disagree or support is thin', () => {
    expect(toPrediction({ ...out, probability: 0.5 }, up, DEFAULT_LABEL_SPEC).confidence).toBe(0);
    const agree = toPrediction({ ...out, nnProbability: 0.8, svmProbability: 0.8 }, up, DEFAULT_LABEL_SPEC).confidence;
    expect(toPrediction(out, up, DEFAULT_LABEL_SPEC).confidence).toBeLessThan(agree);
    expect(toPrediction({ ...out, support: 0.1 }, up, DEFAULT_LABEL_SPEC).confidence).toBeCloseTo(0.1 * 0.8 * 0.6, 12);
  });

  it('rates a wider stop (higher volatility) as riskier', () => {
    expect(toPrediction(out, { ...up, atr: 6 }, DEFAULT_LABEL_SPEC).riskScore).toBeCloseTo(0.75, 12);
    expect(toPrediction(out, { ...up, atr: 0.5 }, DEFAULT_LABEL_SPEC).riskScore).toBeCloseTo(0.2, 12);
  });

  it('rejects a non-positive close, a missing ATR and a probability outside 0..1', () => {
    expect(() => toPrediction(out, { ...up, close: 0 }, DEFAULT_LABEL_SPEC)).toThrow(/close must be a finite price > 0, got 0/);
    expect(() => toPrediction(out, { ...up, atr: Number.NaN }, DEFAULT_LABEL_SPEC)).toThrow(/ATR must be finite and > 0, got NaN/);
    expect(() => toPrediction({ ...out, probability: 1.2 }, up, DEFAULT_LABEL_SPEC)).toThrow(/probability must be within 0..1, got 1.2/);
  });
});
