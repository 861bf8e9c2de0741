import { z } from 'zod';

// ML wire shapes: the ticket's breakout prediction, sentiment features, the sizer's risk answer and the
// serving state of the models.

const finite = z.number().finite();

/** The ticket's (S27) BreakoutPrediction. */
export const breakoutPredictionSchema = z.object({
  probability: finite,
  direction: z.enum(['UP', 'DOWN']),
  confidence: finite,
  targetPrice: finite,
  timeHorizon: finite,
  riskScore: finite,
});
export type BreakoutPredictionDto = z.infer<typeof breakoutPredictionSchema>;

/** One symbol's latest breakout prediction, or null with the reason there is none. */
export const symbolBreakoutSchema = z.object({
  symbol: z.string(),
  /** The latest bar: a breakout event, a quiet bar, still warming up, or a symbol the desk does not trade. */
  status: z.enum(['breakout', 'quiet', 'warming', 'unknown-symbol']),
  /** The most recent breakout prediction of this run (not necessarily on the latest bar). */
  prediction: breakoutPredictionSchema.nullable(),
  /** Open time of the bar the prediction is for. */
  time: finite.nullable(),
  /** Model version or 'baseline'. */
  model: z.string(),
  /** Why `prediction` is null. */
  reason: z.string().nullable(),
});
export type SymbolBreakout = z.infer<typeof symbolBreakoutSchema>;

/** A breakout prediction as it is made, streamed. */
export const predictionEventSchema = z.object({
  symbol: z.string(),
  time: finite,
  model: z.string(),
  prediction: breakoutPredictionSchema,
});
export type PredictionEvent = z.infer<typeof predictionEventSchema>;

export const sentimentSchema = z.object({
  symbol: z.string(),
  /** Close time of the bar the features are for; null before the symbol's features are warm. */
  time: finite.nullable(),
  overallSentiment: finite.nullable(),
  newsCount: finite.nullable(),
  impactScore: finite.nullable(),
  /** 'news' when news items reached the features; 'none' when the figures are the no-news defaults. */
  sentimentSource: z.enum(['news', 'none']),
  reason: z.string().nullable(),
});
export type SentimentDto = z.infer<typeof sentimentSchema>;

/** The ticket's RiskOptimization shape, answered today by the rule-based sizer. */
export const riskOptimizationSchema = z.object({
  portfolioId: z.string(),
  symbol: z.string(),
  /** Recommended position as a percent of equity (0..100). */
  recommendedPosition: finite,
  quantity: finite,
  stopLoss: finite.nullable(),
  takeProfit: finite.nullable(),
  /** Loss at the stop as a percent of equity. */
  maxDrawdown: finite,
  /** Multiplier the volatility regime applied to the risk budget (1 = reference volatility). */
  volatilityAdjustment: finite,
  method: z.literal('rule-based'),
  note: z.string(),
  reason: z.string().nullable(),
});
export type RiskOptimization = z.infer<typeof riskOptimizationSchema>;

/** Which models serve and why a fallback stands in. */
export const mlModelsSchema = z.object({
  at: finite,
  breakout: z.object({
    /** Model version or 'baseline'. */
    version: z.string(),
    source: z.enum(['model', 'baseline']),
    interval: z.string(),
    health: z.enum(['ok', 'fallback']),
    fallbackReason: z.string().nullable(),
    predictions: z.number().int(),
  }),
  sentiment: z.object({ source: z.literal('features'), note: z.string() }),
  risk: z.object({ source: z.literal('rule-based'), note: z.string() }),
});
export type MlModels = z.infer<typeof mlModelsSchema>;
