import type { Bar } from '../market/bar.js';
import type { EpochMs, Price, Quantity } from '../market/units.js';
import type { Fill, Order, OrderStatus } from './order.js';

/** What a broker says happened to an order. Reports may arrive duplicated or reordered: apply idempotently. */
export type ExecutionReport =
  | { readonly kind: 'accepted'; readonly clientOrderId: string; readonly time: EpochMs; readonly brokerOrderId?: string }
  | { readonly kind: 'rejected'; readonly clientOrderId: string; readonly time: EpochMs; readonly reason: string }
  | { readonly kind: 'fill'; readonly clientOrderId: string; readonly time: EpochMs; readonly fill: Fill }
  | { readonly kind: 'cancelled'; readonly clientOrderId: string; readonly time: EpochMs; readonly reason: string }
  | { readonly kind: 'expired'; readonly clientOrderId: string; readonly time: EpochMs; readonly reason: string };

/** The broker's view of one order, for reconciliation after a restart or a stream gap. */
export interface BrokerOrderState {
  readonly clientOrderId: string;
  readonly status: OrderStatus;
  readonly filledQuantity: Quantity;
  readonly avgFillPrice?: Price;
}

export interface BrokerPosition {
  readonly symbol: string;
  /** Signed: negative is short. */
  readonly quantity: number;
  readonly avgPrice: Price;
}

/**
 * The broker edge (paper now, Alpaca later). Nothing reaches it without passing the pre-trade checks and
 * being journalled first. Orders carry bracket legs as separate orders linked by parentId/ocoGroup.
 */
export interface Broker {
  readonly name: string;
  /** Sends an order; the answer comes as execution reports. */
  submit(order: Order): void;
  cancel(clientOrderId: string): void;
  onReport(listener: (report: ExecutionReport) => void): () => void;
  /** Orders the broker still knows about (for reconciliation). */
  openOrders(): Promise<readonly BrokerOrderState[]>;
  positions(): Promise<readonly BrokerPosition[]>;
}

/** A broker that fills from the market data it is fed: the local paper broker, in backtests and paper trading. */
export interface SimulatedBroker extends Broker {
  /** Matches working orders against a bar that has just closed. */
  onBar(bar: Bar): void;
}
