import { describe, expect, it } from 'vitest';
import type { BreakoutFeatures } from '../../features/breakout-features.js';
import { DAY0, makeBar } from '../../storage/testing/bar-fixtures.js';
import { baselineSignal } from './breakout-signal.js';

const features = (over: { resistance?: number; support?: number; relativeVolume?: number; upper?: number; lower?: number } = {}): BreakoutFeatures => ({
  technicalIndicators: {
    rsi: 60, macd: 0.1,
    bollingerBands: { upper: over.upper ?? 104, middle: 100, lower: over.lower ?? 96 },
    movingAverages: { sma20: 100, sma50: 99, ema12: 100, ema26: 99.5 },
  },
  volumePatterns: { averageVolume20d: 1000, volumeSpike: 3, relativeVolume: over.relativeVolume ?? 2.3 },
  priceAction: { support: over.support ?? 95, resistance: over.resistance ?? 100.4, trendStrength: 25, momentum: 2 },
  marketSentiment: { overallSentiment: 0, newsCount: 0, impactScore: 0 },
});

describe('baselineSignal', () => {
  it('calls UP on a close above resistance with volume, stop and target in close-σ from the Bollinger band', () => {
    const bar = makeBar({ close: 101.2, high: 101.5 });
    const s = baselineSignal(bar, features());
    // σ = (104 − 96) / (2 × 2) = 2; stop 1.5σ below, target 3σ above
    expect(s).toMatchObject({ direction: 'up', entry: 101.2, volatility: 2, confidence: 0.35, symbol: 'AAPL' });
    expect(s?.stop).toBeCloseTo(98.2, 10);
    expect(s?.target).toBeCloseTo(107.2, 10);
    expect(s?.id).toBe(`baseline-breakout-v1:AAPL:1d:${DAY0}`);
    expect(s?.reasons[0]).toBe('close 101.2 above 20-bar resistance 100.4 (0.80%)');
    expect(s?.reasons[1]).toBe('volume 2.3× its 20-bar mean');
  });

  it('calls DOWN on a close below support with volume', () => {
    const s = baselineSignal(makeBar({ close: 94, low: 93.5, open: 96, high: 96 }), features());
    expect(s?.direction).toBe('down');
    expect(s?.stop).toBeCloseTo(97, 10);
    expect(s?.target).toBeCloseTo(88, 10);
  });

  it('stays silent inside the range, on thin volume, during warm-up, or when the stop would not be positive', () => {
    expect(baselineSignal(makeBar({ close: 100 }), features())).toBeUndefined();
    expect(baselineSignal(makeBar({ close: 101.2, high: 102 }), features({ relativeVolume: 1.2 }))).toBeUndefined();
    expect(baselineSignal(makeBar({ close: 101.2, high: 102 }), features({ resistance: Number.NaN }))).toBeUndefined();
    expect(baselineSignal(makeBar({ close: 101.2, high: 102 }), features({ upper: 500, lower: -300 }))).toBeUndefined();
  });
});
