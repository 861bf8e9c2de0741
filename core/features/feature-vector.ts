import type { BreakoutFeatures } from './breakout-features.js';

/**
 * The flat, ordered layout of a feature vector: one slot per leaf of `BreakoutFeatures`, named by its
 * path. The order is part of the schema hash; append, never reorder.
 */
export const FEATURE_NAMES = [
  'technicalIndicators.rsi',
  'technicalIndicators.macd',
  'technicalIndicators.bollingerBands.upper',
  'technicalIndicators.bollingerBands.middle',
  'technicalIndicators.bollingerBands.lower',
  'technicalIndicators.movingAverages.sma20',
  'technicalIndicators.movingAverages.sma50',
  'technicalIndicators.movingAverages.ema12',
  'technicalIndicators.movingAverages.ema26',
  'volumePatterns.averageVolume20d',
  'volumePatterns.volumeSpike',
  'volumePatterns.relativeVolume',
  'priceAction.support',
  'priceAction.resistance',
  'priceAction.trendStrength',
  'priceAction.momentum',
  'marketSentiment.overallSentiment',
  'marketSentiment.newsCount',
  'marketSentiment.impactScore',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Number of slots in a feature vector. */
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Slot of each field in the vector, for hot loops that must not look names up. */
export const F = {
  rsi: 0,
  macd: 1,
  bbUpper: 2,
  bbMiddle: 3,
  bbLower: 4,
  sma20: 5,
  sma50: 6,
  ema12: 7,
  ema26: 8,
  averageVolume20d: 9,
  volumeSpike: 10,
  relativeVolume: 11,
  support: 12,
  resistance: 13,
  trendStrength: 14,
  momentum: 15,
  overallSentiment: 16,
  newsCount: 17,
  impactScore: 18,
} as const;

const at = (v: ArrayLike<number>, i: number): number => {
  const x = v[i];
  if (x === undefined) throw new RangeError(`feature vector has ${v.length} slots, expected ${FEATURE_COUNT}`);
  return x;
};

/**
 * Materialises the ticket's nested object from a flat vector (e.g. `engine.values` or a stored row).
 * Allocates, so call it on request, not per bar in a hot loop.
 * @throws RangeError when the vector is shorter than the schema.
 */
export function toBreakoutFeatures(v: ArrayLike<number>): BreakoutFeatures {
  at(v, FEATURE_COUNT - 1);
  return {
    technicalIndicators: {
      rsi: at(v, F.rsi),
      macd: at(v, F.macd),
      bollingerBands: { upper: at(v, F.bbUpper), middle: at(v, F.bbMiddle), lower: at(v, F.bbLower) },
      movingAverages: { sma20: at(v, F.sma20), sma50: at(v, F.sma50), ema12: at(v, F.ema12), ema26: at(v, F.ema26) },
    },
    volumePatterns: {
      averageVolume20d: at(v, F.averageVolume20d),
      volumeSpike: at(v, F.volumeSpike),
      relativeVolume: at(v, F.relativeVolume),
    },
    priceAction: {
      support: at(v, F.support),
      resistance: at(v, F.resistance),
      trendStrength: at(v, F.trendStrength),
      momentum: at(v, F.momentum),
    },
    marketSentiment: {
      overallSentiment: at(v, F.overallSentiment),
      newsCount: at(v, F.newsCount),
      impactScore: at(v, F.impactScore),
    },
  };
}

/** The inverse of `toBreakoutFeatures`, in schema order. */
export function fromBreakoutFeatures(f: BreakoutFeatures): Float64Array {
  const { technicalIndicators: t, volumePatterns: vp, priceAction: pa, marketSentiment: ms } = f;
  return Float64Array.of(
    t.rsi, t.macd, t.bollingerBands.upper, t.bollingerBands.middle, t.bollingerBands.lower,
    t.movingAverages.sma20, t.movingAverages.sma50, t.movingAverages.ema12, t.movingAverages.ema26,
    vp.averageVolume20d, vp.volumeSpike, vp.relativeVolume,
    pa.support, pa.resistance, pa.trendStrength, pa.momentum,
    ms.overallSentiment, ms.newsCount, ms.impactScore,
  );
}
