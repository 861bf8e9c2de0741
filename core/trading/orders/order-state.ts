import { price, quantity, type EpochMs, type Price, type Quantity } from '../../market/units.js';
import type { ExecutionReport } from '../broker.js';
import { TERMINAL_STATUSES, type Fill, type Order, type OrderStatus } from '../order.js';
import type { Writable } from './writable.js';

/** An order plus the ids of the fills already applied to it, so a duplicated fill report counts once. */
export interface OrderState {
  readonly order: Order;
  readonly fillIds: ReadonlySet<string>;
}

/**
 * What applying one execution report did. `ignored` is normal traffic (a duplicate, or a stale report
 * that arrived after a later one); `refused` means the report contradicts the order and is not applied.
 */
export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly state: OrderState; readonly fill?: Fill }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** Quantities are floats (fractional shares); a sum of fills within this of the order quantity is complete. */
const QUANTITY_EPSILON = 1e-9;

/** True once nothing but a late fill can change the order. */
export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Quantity still working at the broker. */
export function remainingQuantity(order: Order): number {
  return isTerminal(order.status) ? 0 : Math.max(0, order.quantity - order.filledQuantity);
}

/** The state of an order that was just journalled and has no reports yet. */
export function initialState(order: Order): OrderState {
  return { order, fillIds: new Set() };
}

/**
 * Applies one execution report to an order, purely. Reports may come duplicated or out of order, so:
 * - status only moves forward (new → accepted → partially_filled → terminal) and terminal states absorb
 *   every later status report;
 * - a fill on `new` implies the broker accepted the order;
 * - a fill is applied once per fill id, and is applied even after a cancelled/expired report, because a
 *   fill is a trade that happened (its report can lose the race with the cancel's) and the ledger must
 *   hold it; an order whose fills reach its quantity is `filled` whatever else was reported;
 * - a fill that would exceed the order quantity, or that names another order/symbol/side, is refused.
 * `updatedAt` is the latest report time seen, so any arrival order of the same reports ends equal.
 */
export function applyReport(state: OrderState, report: ExecutionReport): ApplyOutcome {
  const { order } = state;
  if (report.clientOrderId !== order.clientOrderId) {
    return { kind: 'refused', reason: `report for ${report.clientOrderId} applied to order ${order.clientOrderId}` };
  }
  const updatedAt = Math.max(order.updatedAt, report.time) as EpochMs;
  switch (report.kind) {
    case 'accepted': {
      if (order.status === 'new') {
        const brokerOrderId = report.brokerOrderId ?? order.brokerOrderId;
        // Every order has status and updatedAt, so they keep their places and a new brokerOrderId goes last, as
        // `{ ...order, status, ...(brokerOrderId && { brokerOrderId }), updatedAt }` would put them.
        const next = copyOf(order);
        next.status = 'accepted';
        next.updatedAt = updatedAt;
        if (brokerOrderId !== undefined) next.brokerOrderId = brokerOrderId;
        return applied(state, next);
      }
      // A late acknowledgement still tells us the broker's id for the order.
      if (order.brokerOrderId === undefined && report.brokerOrderId !== undefined) {
        const next = copyOf(order);
        next.brokerOrderId = report.brokerOrderId;
        next.updatedAt = updatedAt;
        return applied(state, next);
      }
      return { kind: 'ignored', reason: `already ${order.status}: acceptance is stale` };
    }
    case 'fill':
      return applyFill(state, report.fill, updatedAt);
    case 'cancelled':
    case 'expired':
    case 'rejected': {
      if (isTerminal(order.status)) return { kind: 'ignored', reason: `already ${order.status}: ${report.kind} report absorbed` };
      if (report.kind === 'rejected' && order.filledQuantity > 0) {
        return { kind: 'refused', reason: `rejected report for ${order.clientOrderId}, which already has fills of ${order.filledQuantity}` };
      }
      const next = copyOf(order);
      next.status = report.kind;
      next.reason = report.reason;
      next.updatedAt = updatedAt;
      return applied(state, next);
    }
  }
}

function applyFill(state: OrderState, fill: Fill, updatedAt: EpochMs): ApplyOutcome {
  const { order } = state;
  if (state.fillIds.has(fill.id)) return { kind: 'ignored', reason: `fill ${fill.id} already applied` };
  const mismatch = fillMismatch(order, fill);
  if (mismatch !== undefined) return { kind: 'refused', reason: mismatch };
  if (order.status === 'rejected') return { kind: 'refused', reason: `fill ${fill.id} for ${order.clientOrderId}, which the broker rejected` };
  const total = order.filledQuantity + fill.quantity;
  if (total > order.quantity + QUANTITY_EPSILON) {
    return {
      kind: 'refused',
      reason: `over-fill: fill ${fill.id} of ${fill.quantity} would bring ${order.clientOrderId} to ${total}, above its quantity ${order.quantity}`,
    };
  }
  const complete = total >= order.quantity - QUANTITY_EPSILON;
  const filledQuantity = complete ? order.quantity : quantity(total);
  const avgFillPrice = price(((order.avgFillPrice ?? 0) * order.filledQuantity + fill.price * fill.quantity) / total);
  const status: OrderStatus = complete ? 'filled' : isTerminal(order.status) ? order.status : 'partially_filled';
  return { kind: 'applied', state: { order: filledOrder(order, status, filledQuantity, avgFillPrice, updatedAt, complete), fillIds: withId(state.fillIds, fill.id) }, fill };
}

/**
 * The order after a fill. A complete order drops the reason of a cancel that lost the race, so arrival order cannot
 * show through; a kept reason moves last. Most orders have no reason key at all: they take {@link copyOf}'s copy,
 * without the rest-destructuring (a runtime copy that excludes a key) and the spread literal the rare rest needs.
 */
function filledOrder(order: Order, status: OrderStatus, filledQuantity: Quantity, avgFillPrice: Price, updatedAt: EpochMs, complete: boolean): Order {
  if (!('reason' in order)) {
    const next = copyOf(order);
    next.status = status;
    next.filledQuantity = filledQuantity;
    next.avgFillPrice = avgFillPrice;
    next.updatedAt = updatedAt;
    return next;
  }
  const { reason, ...rest } = order;
  return { ...rest, status, filledQuantity, avgFillPrice, updatedAt, ...(complete || reason === undefined ? {} : { reason }) };
}

/**
 * A copy of `order` to set fields on: its own keys in its order, as `{ ...order }` (a set key keeps its place, a new
 * one goes last). A spread literal naming a key the order lacks (a first brokerOrderId, avgFillPrice or reason) makes
 * V8 build a hidden class per copy on Node 20: ~800 B and ~0.5 µs per report. Object.assign follows the order's
 * shared transitions instead, onto a {@link PlainOrderCopy}: ~250 B and ~0.1 µs (node micro, 1e5 orders). Orders
 * hold no setters or `__proto__` key, so the assign defines what the spread would.
 */
function copyOf(order: Order): Writable<Order> {
  return Object.assign(new PlainOrderCopy(), order);
}

/**
 * Makes empty plain objects: their prototype is Object.prototype, as a literal's, so a copy is a plain object like
 * any other. Made by a constructor rather than as `{}` because V8 then sizes the object for the fields its first
 * instances were given (slack tracking): an order's fields are stored in the object itself, where an empty literal
 * holds 4 and grows a separate property array by 3 slots at a time, reallocating it ~4 times per copy.
 */
const PlainOrderCopy = function PlainOrderCopy(): void {
  // Nothing to set: Object.assign fills the copy.
} as unknown as new () => object;
PlainOrderCopy.prototype = Object.prototype;

/** A new set: the caller's may be shared by earlier answers, which must not change. */
function withId(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (ids.size === 0) return new OneFillId(id);
  const next = new Set(ids);
  next.add(id);
  return next;
}

function fillMismatch(order: Order, fill: Fill): string | undefined {
  if (fill.clientOrderId !== order.clientOrderId) return `fill ${fill.id} names order ${fill.clientOrderId}, not ${order.clientOrderId}`;
  if (fill.symbol !== order.symbol) return `fill ${fill.id} is for ${fill.symbol}, order ${order.clientOrderId} is for ${order.symbol}`;
  if (fill.side !== order.side) return `fill ${fill.id} is a ${fill.side}, order ${order.clientOrderId} is a ${order.side}`;
  if (!(Number.isFinite(fill.quantity) && fill.quantity > 0)) return `fill ${fill.id} has quantity ${fill.quantity}; it must be a positive number`;
  if (!(Number.isFinite(fill.price) && fill.price > 0)) return `fill ${fill.id} has price ${fill.price}; it must be a positive number`;
  if (!(Number.isFinite(fill.commission) && fill.commission >= 0)) return `fill ${fill.id} has commission ${fill.commission}; it must be zero or more`;
  return undefined;
}

function applied(state: OrderState, order: Order): ApplyOutcome {
  return { kind: 'applied', state: { order, fillIds: state.fillIds } };
}

/**
 * The fill ids of an order with one fill, which is nearly every order: a read-only set of one id in one small object.
 * A `Set` (its hash table) per first fill was ~150 B, plus an iterator and its results to copy the empty set it grew
 * from; the rarely asked iterators are a real set's.
 */
class OneFillId implements ReadonlySet<string> {
  readonly #id: string;

  constructor(id: string) {
    this.#id = id;
  }

  get size(): number {
    return 1;
  }

  has(value: string): boolean {
    return value === this.#id;
  }

  forEach(callback: (value: string, value2: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    callback.call(thisArg, this.#id, this.#id, this);
  }

  entries(): SetIterator<[string, string]> {
    return new Set([this.#id]).entries();
  }

  keys(): SetIterator<string> {
    return new Set([this.#id]).keys();
  }

  values(): SetIterator<string> {
    return new Set([this.#id]).values();
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }
}
