import { z } from 'zod';
import { riskDecisionSchema, riskStateSchema } from './risk-schemas.js';

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
  /**
   * The latest bar: a breakout event, a quiet bar, still warming up, a symbol the desk does not trade, or `held`: the
   * broker feed holds the symbol (gap, stale quote, halt), so its latest bar was not predicted on (`reason` says why).
   */
  status: z.enum(['breakout', 'quiet', 'warming', 'unknown-symbol', 'held']),
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

/**
 * The ticket's RiskOptimization for one symbol, answered by the risk sizer that serves (the DQN when one is
 * loaded, verified and enabled, else the volatility-targeted baseline), with the baseline's answer beside it.
 * `method` 'rule-based' is kept for answers from before the risk model (no producer sends it any more).
 */
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
  /** Size multiplier from the volatility regime (1 = none; below 1 = cut for high volatility). */
  volatilityAdjustment: finite,
  /** 'model' when the risk model answered, 'baseline' when its fallback did. */
  method: z.enum(['rule-based', 'model', 'baseline']),
  /** The sizer that answered: `risk:<version>` or a baseline id. */
  sizer: z.string(),
  /** Why the baseline serves instead of a model; null when the model serves. */
  fallbackReason: z.string().nullable(),
  /** The baseline's answer to the same state, for comparison; null when there is no answer. */
  baseline: riskDecisionSchema.nullable(),
  /** The ticket's RiskState the answer was computed from; null when there is none yet. */
  state: riskStateSchema.nullable(),
  note: z.string(),
  /** Why there is no answer (quantity 0), e.g. too few bars for an ATR; null otherwise. */
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
  /** Which risk sizer serves and why: the model's version, or the baseline and the reason no model does. */
  risk: z.object({
    source: z.enum(['rule-based', 'model', 'baseline']),
    sizer: z.string(),
    fallbackReason: z.string().nullable(),
    note: z.string(),
  }),
});
export type MlModels = z.infer<typeof mlModelsSchema>;
