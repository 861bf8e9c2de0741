import type { EpochMs, Price } from '../../market/units.js';
import type { OrderSide, OrderType } from '../order.js';

export type ProposalStatus = 'pending' | 'confirmed' | 'rejected' | 'expired';
export type DecidedBy = 'trader' | 'automation' | 'system';
/** A breakout signal to trade with a bracket, a reduce-only rebalancing trade, or the risk sizer's change to an open position (stop, target, size cut). */
export type ProposalKind = 'signal' | 'rebalance' | 'adjustment';

/** Quantity, stop and target before and after one trader edit. */
export interface ProposalEdit {
  readonly at: EpochMs;
  readonly before: { readonly quantity: number; readonly stopLoss?: number; readonly takeProfit?: number };
  readonly after: { readonly quantity: number; readonly stopLoss?: number; readonly takeProfit?: number };
}

/** A suggested order waiting for (or past) the trader's decision. */
export interface Proposal {
  readonly id: string;
  readonly kind: ProposalKind;
  readonly createdAt: EpochMs;
  readonly expiresAt: EpochMs;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly entryType: OrderType;
  readonly reduceOnly: boolean;
  /** Signal proposals always carry both; rebalance proposals none. */
  readonly stopLoss?: Price;
  readonly takeProfit?: Price;
  readonly signalId: string;
  readonly modelId: string;
  readonly predictionId?: string;
  /** What was predicted (direction, confidence, reference entry …), as stored. */
  readonly prediction: Readonly<Record<string, unknown>>;
  readonly reasons: readonly string[];
  /** The numbers behind the quantity (the sizer's output, or the rebalance arithmetic). */
  readonly sizing: Readonly<Record<string, unknown>>;
  readonly status: ProposalStatus;
  readonly decidedAt?: EpochMs;
  readonly decidedBy?: DecidedBy;
  readonly decisionReason?: string;
  readonly edits: readonly ProposalEdit[];
  /** The order a confirmation created. */
  readonly clientOrderId?: string;
}

/** The confidence a proposal was made with (0 when it has none, e.g. a rebalance). */
export function proposalConfidence(p: Proposal): number {
  const c = p.prediction['confidence'];
  return typeof c === 'number' && Number.isFinite(c) ? c : 0;
}

/** The price the proposal was sized at. */
export function proposalEntry(p: Proposal): number | undefined {
  const e = p.prediction['entry'];
  return typeof e === 'number' && Number.isFinite(e) ? e : undefined;
}
