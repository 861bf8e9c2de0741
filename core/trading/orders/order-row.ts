import { epochMs, price, quantity } from '../../market/units.js';
import type { ExecutionReport } from '../broker.js';
import type { Fill, Order, OrderLeg, OrderOrigin, OrderSide, OrderStatus, OrderType, TimeInForce } from '../order.js';

/** One `orders` row as better-sqlite3 returns it. */
export interface OrderRow {
  client_order_id: string;
  broker: string;
  broker_order_id: string | null;
  parent_id: string | null;
  leg: string;
  oco_group: string | null;
  symbol: string;
  side: string;
  type: string;
  quantity: number;
  limit_price: number | null;
  stop_price: number | null;
  time_in_force: string;
  reduce_only: number;
  bracket_stop_loss: number | null;
  bracket_take_profit: number | null;
  status: string;
  filled_quantity: number;
  avg_fill_price: number | null;
  origin_kind: string;
  proposal_id: string | null;
  prediction_id: string | null;
  model_id: string | null;
  reason: string | null;
  created_at: number;
  updated_at: number;
}

/** One `fills` row. */
export interface FillRow {
  fill_id: string;
  client_order_id: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  commission: number;
  time: number;
}

/** Spreads `{ key: value }` only when the value is present, for exactOptionalPropertyTypes. */
const opt = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** The column CHECKs guarantee the enum columns, so the casts below only narrow what SQLite already enforced. */
export function orderFromRow(row: OrderRow): Order {
  const origin: OrderOrigin = {
    kind: row.origin_kind as OrderOrigin['kind'],
    ...opt('proposalId', row.proposal_id),
    ...opt('predictionId', row.prediction_id),
    ...opt('modelId', row.model_id),
  };
  return {
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side as OrderSide,
    type: row.type as OrderType,
    quantity: quantity(row.quantity),
    ...opt('limitPrice', row.limit_price === null ? null : price(row.limit_price)),
    ...opt('stopPrice', row.stop_price === null ? null : price(row.stop_price)),
    timeInForce: row.time_in_force as TimeInForce,
    ...(row.bracket_stop_loss !== null && row.bracket_take_profit !== null
      ? { bracket: { stopLoss: price(row.bracket_stop_loss), takeProfit: price(row.bracket_take_profit) } }
      : {}),
    ...(row.reduce_only === 1 ? { reduceOnly: true } : {}),
    origin,
    status: row.status as OrderStatus,
    leg: row.leg as OrderLeg,
    ...opt('parentId', row.parent_id),
    ...opt('ocoGroup', row.oco_group),
    filledQuantity: quantity(row.filled_quantity),
    ...opt('avgFillPrice', row.avg_fill_price === null ? null : price(row.avg_fill_price)),
    ...opt('brokerOrderId', row.broker_order_id),
    createdAt: epochMs(row.created_at),
    updatedAt: epochMs(row.updated_at),
    ...opt('reason', row.reason),
  };
}

export function orderToRow(order: Order, broker: string): OrderRow {
  return {
    client_order_id: order.clientOrderId,
    broker,
    broker_order_id: order.brokerOrderId ?? null,
    parent_id: order.parentId ?? null,
    leg: order.leg,
    oco_group: order.ocoGroup ?? null,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    limit_price: order.limitPrice ?? null,
    stop_price: order.stopPrice ?? null,
    time_in_force: order.timeInForce,
    reduce_only: order.reduceOnly === true ? 1 : 0,
    bracket_stop_loss: order.bracket?.stopLoss ?? null,
    bracket_take_profit: order.bracket?.takeProfit ?? null,
    status: order.status,
    filled_quantity: order.filledQuantity,
    avg_fill_price: order.avgFillPrice ?? null,
    origin_kind: order.origin.kind,
    proposal_id: order.origin.proposalId ?? null,
    prediction_id: order.origin.predictionId ?? null,
    model_id: order.origin.modelId ?? null,
    reason: order.reason ?? null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

export function fillFromRow(row: FillRow): Fill {
  return {
    id: row.fill_id,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side as OrderSide,
    quantity: quantity(row.quantity),
    price: price(row.price),
    commission: row.commission,
    time: epochMs(row.time),
  };
}

export function fillToRow(fill: Fill): FillRow {
  return {
    fill_id: fill.id,
    client_order_id: fill.clientOrderId,
    symbol: fill.symbol,
    side: fill.side,
    quantity: fill.quantity,
    price: fill.price,
    commission: fill.commission,
    time: fill.time,
  };
}

/** The `orders` columns, in the order `orderToRow` gives them (computed from a placeholder: only its keys count). */
export const ORDER_COLUMNS: readonly string[] = Object.keys(
  orderToRow({
    clientOrderId: '', symbol: '', side: 'buy', type: 'market', quantity: quantity(1), timeInForce: 'gtc', origin: { kind: 'manual' },
    status: 'new', leg: 'single', filledQuantity: quantity(0), createdAt: epochMs(0), updatedAt: epochMs(0),
  }, ''),
);

/** The `detail` of the event an applied execution report leaves in the audit trail. */
export function reportDetail(report: ExecutionReport): string | null {
  switch (report.kind) {
    case 'fill':
      return `fill ${report.fill.id}: ${report.fill.quantity} @ ${report.fill.price}`;
    case 'accepted':
      return report.brokerOrderId === undefined ? null : `broker order ${report.brokerOrderId}`;
    default:
      return report.reason;
  }
}
