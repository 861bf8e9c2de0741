import { z } from 'zod';

// Risk-model wire shapes: the ticket's RiskOptimization answer of one sizer, which sizer serves and why, and
// the model-vs-baseline comparison a proposal carries.

const finite = z.number().finite();

/** One sizer's answer (core/ml/risk/risk-sizer.ts RiskDecision): percentages of equity, absolute prices. */
export const riskDecisionSchema = z.object({
  /** Position to hold as a percent of equity (0..100). */
  recommendedPosition: finite,
  quantity: finite,
  stopLoss: finite,
  takeProfit: finite,
  /** Loss at the stop as a percent of equity. */
  maxDrawdown: finite,
  /** Size multiplier from the volatility regime (1 = none, below 1 = cut). */
  volatilityAdjustment: finite,
  /** `risk:<version>` or a baseline id. */
  sizer: z.string(),
  note: z.string(),
});
export type RiskDecisionDto = z.infer<typeof riskDecisionSchema>;

/** The ticket's RiskState (core/ml/risk/risk-sizer.ts defines every field). */
export const riskStateSchema = z.object({
  portfolioMetrics: z.object({ totalValue: finite, cashPosition: finite, concentration: finite, correlationRisk: finite }),
  marketConditions: z.object({ volatility: finite, trendDirection: z.enum(['up', 'down', 'flat']), liquidityIndex: finite }),
  positionDetails: z.object({ symbol: z.string(), currentWeight: finite, unrealizedPnL: finite, holdingPeriod: finite }),
});

/** What sizes trades now: the model, or the baseline and the reason no model does. */
export const riskServingSchema = z.object({
  kind: z.enum(['model', 'baseline']),
  id: z.string(),
  reason: z.string().nullable(),
});

const positionSnapshot = z.object({ quantity: finite, stopLoss: finite.nullable(), takeProfit: finite.nullable() });

/** The risk numbers of a proposal: the serving sizer's and the baseline's side by side, and what clipped the order. */
export const proposalRiskSchema = z.object({
  servedBy: riskServingSchema,
  serving: riskDecisionSchema,
  baseline: riskDecisionSchema,
  /** The position limit that cut the quantity, or null. */
  clippedBy: z.string().nullable(),
  limitNote: z.string().nullable(),
  /** For an adjustment of an open position: what changes, and the position before and after. */
  adjustment: z.object({
    changes: z.array(z.enum(['stop', 'target', 'size'])),
    sizeCut: finite,
    before: positionSnapshot,
    after: positionSnapshot,
  }).nullable(),
});
export type ProposalRiskDto = z.infer<typeof proposalRiskSchema>;
