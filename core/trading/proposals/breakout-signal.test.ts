import { describe, expect, it } from 'vitest';
import { FeatureEngine } from '../../features/feature-engine.js';
import { F, FEATURE_COUNT } from '../../features/feature-vector.js';
import { DEFAULT_BASELINE } from '../../ml/baseline/baseline-rule.js';
import { BreakoutPredictor } from '../../ml/inference/breakout-predictor.js';
import { labelSeries } from '../../ml/labels/series-labeler.js';
import { breakoutSeries } from '../../ml/labels/testing/breakout-series.js';
import { WilderAtr } from '../../ml/labels/wilder-atr.js';
import { DAY0, makeBar } from '../../storage/testing/bar-fixtures.js';
import { breakoutSignal, servingModelId, type BreakoutSignal } from './breakout-signal.js';

const features = (over: { resistance?: number; support?: number; relativeVolume?: number } = {}): Float64Array => {
  const v = new Float64Array(FEATURE_COUNT).fill(1);
  v[F.resistance] = over.resistance ?? 100.4;
  v[F.support] = over.support ?? 95;
  v[F.relativeVolume] = over.relativeVolume ?? 2.3;
  return v;
};
const baseline = BreakoutPredictor.baselineOnly('no model in this test');

describe('breakoutSignal', () => {
  it('calls UP on the label spec event, with stop 1 ATR and target 2 ATR and the baseline fixed estimate', () => {
    const s = breakoutSignal(makeBar({ close: 101.2, high: 101.5 }), features(), 2, baseline);
    expect(s).toMatchObject({ direction: 'up', entry: 101.2, stop: 99.2, target: 105.2, volatility: 2, confidence: 0, modelId: 'baseline', symbol: 'AAPL' });
    expect(s?.id).toBe(`baseline:AAPL:1d:${DAY0}`);
    expect(s?.prediction).toMatchObject({ probability: DEFAULT_BASELINE.successEstimate, direction: 'UP', targetPrice: 105.2, timeHorizon: 65 });
    expect(s?.servedBy).toEqual({ kind: 'baseline', reason: 'no model in this test' });
    expect(s?.reasons[0]).toBe('close 101.2 above 20-bar resistance 100.4 by 0.4 ATR');
    expect(s?.reasons[1]).toBe('volume 2.3× its 20-bar mean');
    expect(s?.reasons[2]).toBe('baseline fixed estimate 0.278 (no model serving: no model in this test)');
  });

  it('calls DOWN on a close at least 0.25 ATR below support', () => {
    const s = breakoutSignal(makeBar({ close: 94, low: 93.5, open: 96, high: 96 }), features(), 2, baseline);
    expect(s).toMatchObject({ direction: 'down', stop: 96, target: 90 });
    expect(s?.reasons[0]).toBe('close 94 below 20-bar support 95 by 0.5 ATR');
  });

  it('stays silent inside the range, within 0.25 ATR of the level, on thin volume, before the ATR is warm, or when the stop is not a price', () => {
    expect(breakoutSignal(makeBar({ close: 100 }), features(), 2, baseline)).toBeUndefined();
    expect(breakoutSignal(makeBar({ close: 100.8, high: 101 }), features(), 2, baseline)).toBeUndefined();
    expect(breakoutSignal(makeBar({ close: 101.2, high: 102 }), features({ relativeVolume: 1.2 }), 2, baseline)).toBeUndefined();
    expect(breakoutSignal(makeBar({ close: 101.2, high: 102 }), features(), Number.NaN, baseline)).toBeUndefined();
    expect(breakoutSignal(makeBar({ close: 2, low: 1.9, open: 3, high: 3 }), features({ support: 3 }), 2.5, baseline)).toBeUndefined();
  });

  it('names a model source by its version and the baseline as baseline', () => {
    expect(servingModelId({ kind: 'model', version: 'v1-abc', dir: '/m' })).toBe('breakout:v1-abc');
    expect(servingModelId({ kind: 'baseline', reason: 'x' })).toBe('baseline');
  });

  it('fires on exactly the events core/ml labels, bar for bar, in both directions (one rule)', () => {
    let events = 0;
    for (const seed of [3, 17, 29]) {
      const bars = breakoutSeries(seed, 800, 'ACME');
      const labelled = labelSeries(bars, DEFAULT_BASELINE.spec).events.map((e) => ({ time: e.time, direction: e.direction }));
      const engine = new FeatureEngine({ symbol: 'ACME', interval: '1d' });
      const atr = new WilderAtr(DEFAULT_BASELINE.spec.atrPeriod);
      const signals: BreakoutSignal[] = [];
      for (const bar of bars) {
        if (!engine.onBar(bar).ok) continue;
        atr.push(bar.high, bar.low, bar.close);
        if (!engine.warm) continue;
        const s = breakoutSignal(bar, engine.values, atr.value, baseline);
        if (s !== undefined) signals.push(s);
      }
      expect(signals.map((s) => ({ time: s.barTime, direction: s.direction }))).toEqual(labelled);
      expect(new Set(labelled.map((e) => e.direction))).toEqual(new Set(['up', 'down']));
      events += labelled.length;
    }
    expect(events).toBeGreaterThan(20);
  });
});
