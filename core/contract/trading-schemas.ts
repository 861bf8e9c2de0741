import { z } from 'zod';
import { automationPolicySchema, automationRuleSchema } from '../trading/proposals/automation-schema.js';
import { riskLimitsSchema } from '../trading/risk/risk-limits.js';
import { proposalRiskSchema } from './risk-schemas.js';

// Trading wire shapes: proposals, orders, fills, the portfolio and the risk controls, as the UI sees them.
// Optional engine fields travel as `null` so a JSON reply always has every key the UI renders.

const finite = z.number().finite();
const nullableFinite = finite.nullable();

export const orderSideSchema = z.enum(['buy', 'sell']);
export const proposalStatusSchema = z.enum(['pending', 'confirmed', 'rejected', 'expired']);

/** One proposal: a sized order suggestion waiting for (or past) the trader's decision. */
export const proposalSchema = z.object({
  id: z.string(),
  kind: z.enum(['signal', 'rebalance', 'adjustment']),
  createdAt: finite,
  expiresAt: finite,
  symbol: z.string(),
  side: orderSideSchema,
  quantity: finite,
  entryType: z.enum(['market', 'limit', 'stop', 'stop_limit']),
  reduceOnly: z.boolean(),
  stopLoss: nullableFinite,
  takeProfit: nullableFinite,
  modelId: z.string(),
  predictionId: z.string().nullable(),
  /** The prediction's direction, calibrated probability and confidence; null for a rebalance. */
  direction: z.enum(['UP', 'DOWN']).nullable(),
  probability: nullableFinite,
  confidence: nullableFinite,
  /** Price the quantity was sized at. */
  entry: nullableFinite,
  reasons: z.array(z.string()),
  status: proposalStatusSchema,
  decidedAt: nullableFinite,
  decidedBy: z.enum(['trader', 'automation', 'system']).nullable(),
  decisionReason: z.string().nullable(),
  clientOrderId: z.string().nullable(),
  edits: z.number().int(),
  /** The risk model's and the baseline's numbers side by side; null when the risk model did not size it. */
  risk: proposalRiskSchema.nullable(),
});
export type ProposalDto = z.infer<typeof proposalSchema>;

export const orderStatusSchema = z.enum(['new', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired']);

export const orderSchema = z.object({
  clientOrderId: z.string(),
  symbol: z.string(),
  side: orderSideSchema,
  type: z.enum(['market', 'limit', 'stop', 'stop_limit']),
  quantity: finite,
  limitPrice: nullableFinite,
  stopPrice: nullableFinite,
  timeInForce: z.enum(['day', 'gtc']),
  status: orderStatusSchema,
  leg: z.enum(['single', 'entry', 'stop_loss', 'take_profit']),
  parentId: z.string().nullable(),
  filledQuantity: finite,
  avgFillPrice: nullableFinite,
  createdAt: finite,
  updatedAt: finite,
  /** Why the order was rejected, cancelled or expired. */
  reason: z.string().nullable(),
  proposalId: z.string().nullable(),
  modelId: z.string().nullable(),
});
export type OrderDto = z.infer<typeof orderSchema>;

export const fillSchema = z.object({
  id: z.string(),
  clientOrderId: z.string(),
  symbol: z.string(),
  side: orderSideSchema,
  quantity: finite,
  price: finite,
  commission: finite,
  time: finite,
});
export type FillDto = z.infer<typeof fillSchema>;

/** A refused order: the pre-trade rule that refused it and a reason the trader can act on. */
export const deniedSchema = z.object({
  clientOrderId: z.string(),
  ruleId: z.string(),
  reason: z.string(),
  time: finite,
});
export type DeniedDto = z.infer<typeof deniedSchema>;

export const positionSchema = z.object({
  symbol: z.string(),
  /** Signed: negative is short. */
  quantity: finite,
  avgPrice: finite,
  openedAt: finite,
  /** Latest close the desk has seen; null before any bar of the symbol. */
  mark: nullableFinite,
  marketValue: finite,
  unrealisedPnl: finite,
});
export type PositionDto = z.infer<typeof positionSchema>;

export const equityPointSchema = z.object({ time: finite, cash: finite, equity: finite });
export type EquityPointDto = z.infer<typeof equityPointSchema>;

/** The paper account marked at the latest closes. */
export const portfolioSummarySchema = z.object({
  at: finite,
  cash: finite,
  equity: finite,
  marketValue: finite,
  realisedPnl: finite,
  unrealisedPnl: finite,
  commissions: finite,
  positions: z.array(positionSchema),
  /** One point per bar close of this run (at most the latest `MAX_EQUITY_POINTS`). */
  equityCurve: z.array(equityPointSchema),
  maxDrawdown: finite,
});
export type PortfolioSummaryDto = z.infer<typeof portfolioSummarySchema>;

/** The global kill switch (per-model switches listed in `scopes`). */
export const killSwitchStateSchema = z.object({
  on: z.boolean(),
  /** Every active scope: 'global' and/or 'model:<id>'. */
  scopes: z.array(z.string()),
  at: finite,
});
export type KillSwitchState = z.infer<typeof killSwitchStateSchema>;

export { riskLimitsSchema };
export type RiskLimitsDto = z.infer<typeof riskLimitsSchema>;

/** A change to some limits: any subset of the limit fields; the merged whole is validated again. */
export const riskLimitsPatchSchema = z.strictObject(riskLimitsSchema.shape).partial();

// One definition for the wire and the settings table, so a policy the desk accepts is one it can reload.
export { automationPolicySchema, automationRuleSchema };
export type AutomationPolicyDto = z.infer<typeof automationPolicySchema>;

export const automationStateSchema = z.object({
  policy: automationPolicySchema,
  /** The model id proposals carry now (a model version or 'baseline'), for a `byModel` rule. */
  servingModelId: z.string(),
  /** How long a proposal waits for a decision, in market time. */
  proposalTtlMs: finite,
});
export type AutomationState = z.infer<typeof automationStateSchema>;

/** What happened to a proposal. */
export const proposalEventSchema = z.object({
  kind: z.enum(['created', 'decided', 'edited', 'expired', 'confirm-refused']),
  proposal: proposalSchema,
  /** Why a confirmation was refused (rule id and reason inside), else null. */
  reason: z.string().nullable(),
});
export type ProposalEventDto = z.infer<typeof proposalEventSchema>;
