import type { EpochMs, Price, Quantity } from '../market/units.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type TimeInForce = 'day' | 'gtc';

/**
 * new → accepted → partially_filled → filled | cancelled | rejected | expired.
 * `new` means journalled but not yet acknowledged by the broker.
 */
export type OrderStatus = 'new' | 'accepted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

/** Where an order came from: the link in the audit trail from signal to fill. */
export interface OrderOrigin {
  readonly kind: 'proposal' | 'manual' | 'system';
  readonly proposalId?: string;
  readonly predictionId?: string;
  /** The model (or rule-based twin) whose signal caused the order; per-model kill switches key on it. */
  readonly modelId?: string;
}

/** Exits attached to an entry: one-cancels-other once the entry fills. */
export interface BracketSpec {
  readonly stopLoss: Price;
  readonly takeProfit: Price;
}

/** What a trader, a proposal or the system asks for. Validated at the boundary, checked before the broker. */
export interface OrderRequest {
  /** Unique per order, chosen by us; a reused id is refused as a duplicate. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: Quantity;
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
  readonly timeInForce: TimeInForce;
  readonly bracket?: BracketSpec;
  /** May only shrink an existing position; still allowed while a kill switch is on. */
  readonly reduceOnly?: boolean;
  readonly origin: OrderOrigin;
}

export type OrderLeg = 'single' | 'entry' | 'stop_loss' | 'take_profit';

/** An order as the journal holds it. Its state changes only from execution reports. */
export interface Order extends OrderRequest {
  readonly status: OrderStatus;
  readonly leg: OrderLeg;
  /** For bracket exits: the entry's client order id. */
  readonly parentId?: string;
  /** Orders sharing an OCO group: one filling cancels the others. */
  readonly ocoGroup?: string;
  readonly filledQuantity: Quantity;
  /** Volume-weighted average of fills; undefined until the first fill. */
  readonly avgFillPrice?: Price;
  readonly brokerOrderId?: string;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  /** Why it was rejected, cancelled or expired. */
  readonly reason?: string;
}

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export interface Fill {
  /** Unique per fill (broker execution id), so a duplicated report is applied once. */
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: Price;
  readonly commission: number;
  readonly time: EpochMs;
}
