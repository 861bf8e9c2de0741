import { FeatureEngine } from '../core/features/feature-engine.js';
import { detectBreakout } from '../core/ml/labels/breakout-event.js';
import { DEFAULT_LABEL_SPEC } from '../core/ml/labels/label-spec.js';
import { breakoutSeries } from '../core/ml/labels/testing/breakout-series.js';
import { WilderAtr } from '../core/ml/labels/wilder-atr.js';

/** The inputs of one breakout prediction: the features, close and ATR at the event bar. */
export interface BreakoutEvent {
  readonly features: Float64Array;
  readonly close: number;
  readonly atr: number;
}

/** Up to `max` breakout events from at most `maxSeries` seeded random walks of 1,500 daily bars. */
export function breakoutEvents(max: number, maxSeries: number): BreakoutEvent[] {
  const out: BreakoutEvent[] = [];
  for (let s = 0; out.length < max && s < maxSeries; s++) {
    const engine = new FeatureEngine({ symbol: `S${s}`, interval: '1d' });
    const atr = new WilderAtr(DEFAULT_LABEL_SPEC.atrPeriod);
    for (const bar of breakoutSeries(100 + s, 1500, `S${s}`)) {
      if (!engine.onBar(bar).ok) continue;
      const a = atr.push(bar.high, bar.low, bar.close);
      if (engine.warm && a > 0 && detectBreakout(bar.close, engine.values, a, DEFAULT_LABEL_SPEC) !== undefined) {
        out.push({ features: engine.values.slice(), close: bar.close, atr: a });
      }
    }
  }
  return out;
}
