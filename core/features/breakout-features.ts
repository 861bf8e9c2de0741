/**
 * The ticket's (S27) input contract for the breakout model. Field names and nesting are public:
 * models, the API and the UI depend on them. Exact definitions live in `feature-schema.ts`.
 */
export interface BreakoutFeatures {
  technicalIndicators: {
    rsi: number;
    macd: number;
    bollingerBands: { upper: number; middle: number; lower: number };
    movingAverages: {
      sma20: number;
      sma50: number;
      ema12: number;
      ema26: number;
    };
  };
  volumePatterns: {
    averageVolume20d: number;
    volumeSpike: number;
    relativeVolume: number;
  };
  priceAction: {
    support: number;
    resistance: number;
    trendStrength: number;
    momentum: number;
  };
  marketSentiment: {
    overallSentiment: number;
    newsCount: number;
    impactScore: number;
  };
}
