import type { BreakoutPredictionDto } from '../contract/ml-schemas.js';
import type { DeniedDto, FillDto, OrderDto, PositionDto, ProposalDto } from '../contract/trading-schemas.js';
import type { BreakoutPrediction } from '../ml/breakout-prediction.js';
import type { Fill, Order } from '../trading/order.js';
import type { PositionView } from '../trading/portfolio-view.js';
import type { OrderDenied } from '../trading/pre-trade.js';
import { proposalConfidence, proposalEntry, type Proposal } from '../trading/proposals/proposal.js';
import { proposalRiskDto } from './risk-dto.js';

// Engine objects → wire shapes. Optional fields become null so every reply carries every key.

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function proposalDto(p: Proposal): ProposalDto {
  const direction = p.prediction['direction'];
  const breakout = p.prediction['breakout'];
  const probability = typeof breakout === 'object' && breakout !== null && 'probability' in breakout ? breakout.probability : undefined;
  return {
    id: p.id,
    kind: p.kind,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    symbol: p.symbol,
    side: p.side,
    quantity: p.quantity,
    entryType: p.entryType,
    reduceOnly: p.reduceOnly,
    stopLoss: p.stopLoss ?? null,
    takeProfit: p.takeProfit ?? null,
    modelId: p.modelId,
    predictionId: p.predictionId ?? null,
    // Stored in the signal's lower-case form; the wire uses the prediction's UP/DOWN.
    direction: direction === 'up' ? 'UP' : direction === 'down' ? 'DOWN' : null,
    probability: num(probability),
    confidence: p.kind === 'signal' ? proposalConfidence(p) : null,
    entry: proposalEntry(p) ?? null,
    reasons: [...p.reasons],
    status: p.status,
    decidedAt: p.decidedAt ?? null,
    decidedBy: p.decidedBy ?? null,
    decisionReason: p.decisionReason ?? null,
    clientOrderId: p.clientOrderId ?? null,
    edits: p.edits.length,
    risk: proposalRiskDto(p),
  };
}

export function orderDto(o: Order): OrderDto {
  return {
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    quantity: o.quantity,
    limitPrice: o.limitPrice ?? null,
    stopPrice: o.stopPrice ?? null,
    timeInForce: o.timeInForce,
    status: o.status,
    leg: o.leg,
    parentId: o.parentId ?? null,
    filledQuantity: o.filledQuantity,
    avgFillPrice: o.avgFillPrice ?? null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    reason: o.reason ?? null,
    proposalId: o.origin.proposalId ?? null,
    modelId: o.origin.modelId ?? null,
  };
}

export function fillDto(f: Fill): FillDto {
  return { id: f.id, clientOrderId: f.clientOrderId, symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price, commission: f.commission, time: f.time };
}

export function deniedDto(d: OrderDenied): DeniedDto {
  return { clientOrderId: d.clientOrderId, ruleId: d.ruleId, reason: d.reason, time: d.time };
}

/** A position marked at `mark` (its average price when the desk has seen no bar of it yet). */
export function positionDto(p: PositionView, mark: number | undefined): PositionDto {
  const at = mark ?? p.avgPrice;
  return {
    symbol: p.symbol,
    quantity: p.quantity,
    avgPrice: p.avgPrice,
    openedAt: p.openedAt,
    mark: mark ?? null,
    marketValue: p.quantity * at,
    unrealisedPnl: p.quantity * (at - p.avgPrice),
  };
}

export function predictionDto(p: BreakoutPrediction): BreakoutPredictionDto {
  return { probability: p.probability, direction: p.direction, confidence: p.confidence, targetPrice: p.targetPrice, timeHorizon: p.timeHorizon, riskScore: p.riskScore };
}
