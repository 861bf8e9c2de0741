import { epochMs, price, quantity, type Price } from '../../../market/units.js';
import type { Clock } from '../../../time/clock.js';
import type { Broker, BrokerOrderState, BrokerPosition, ExecutionReport } from '../../broker.js';
import type { Order, OrderStatus } from '../../order.js';

interface Held {
  readonly order: Order;
  status: OrderStatus;
  filled: number;
  notional: number;
}

/**
 * A hand-written broker for order-path tests: records every submit and cancel, acknowledges and cancels
 * synchronously (switchable), refuses a reused client id like a real broker, and fills only when told.
 */
export class SpyBroker implements Broker {
  readonly name = 'spy';
  readonly submitted: Order[] = [];
  readonly cancels: string[] = [];
  autoAccept = true;
  autoCancel = true;
  /** Runs at the start of every submit, before the spy records anything (to look at the journal, or to throw). */
  onSubmit: ((order: Order) => void) | undefined;
  private readonly held = new Map<string, Held>();
  private readonly listeners = new Set<(report: ExecutionReport) => void>();
  private fillSeq = 0;

  constructor(private readonly clock: Clock) {}

  submit(order: Order): void {
    this.onSubmit?.(order);
    this.submitted.push(order);
    if (this.held.has(order.clientOrderId)) {
      this.emit({ kind: 'rejected', clientOrderId: order.clientOrderId, time: this.clock.now(), reason: `duplicate client order id ${order.clientOrderId}` });
      return;
    }
    this.held.set(order.clientOrderId, { order, status: 'new', filled: 0, notional: 0 });
    if (this.autoAccept) this.accept(order.clientOrderId);
  }

  accept(clientOrderId: string): void {
    const held = this.get(clientOrderId);
    if (held.status === 'new') held.status = 'accepted';
    this.emit({ kind: 'accepted', clientOrderId, time: this.clock.now(), brokerOrderId: `B-${clientOrderId}` });
  }

  cancel(clientOrderId: string): void {
    this.cancels.push(clientOrderId);
    const held = this.held.get(clientOrderId);
    if (!this.autoCancel || held === undefined || ['filled', 'cancelled', 'rejected', 'expired'].includes(held.status)) return;
    held.status = 'cancelled';
    this.emit({ kind: 'cancelled', clientOrderId, time: this.clock.now(), reason: 'cancelled at the broker' });
  }

  /** Executes `qty` of a held order at `px` and reports it. */
  fill(clientOrderId: string, qty: number, px: number): void {
    const held = this.get(clientOrderId);
    held.filled += qty;
    held.notional += qty * px;
    if (held.filled >= held.order.quantity) held.status = 'filled';
    else if (held.status !== 'cancelled') held.status = 'partially_filled';
    const time = this.clock.now();
    const { symbol, side } = held.order;
    this.emit({
      kind: 'fill',
      clientOrderId,
      time,
      fill: { id: `x${++this.fillSeq}`, clientOrderId, symbol, side, quantity: quantity(qty), price: price(px), commission: 0, time: epochMs(time) },
    });
  }

  emit(report: ExecutionReport): void {
    for (const listener of this.listeners) listener(report);
  }

  onReport(listener: (report: ExecutionReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets everything, like a paper broker that restarted. */
  forget(): void {
    this.held.clear();
  }

  /** Every order it holds, terminal ones included: a broker "knows" the orders of the session. */
  openOrders(): Promise<readonly BrokerOrderState[]> {
    return Promise.resolve(
      [...this.held.values()].map((h) => ({
        clientOrderId: h.order.clientOrderId,
        status: h.status,
        filledQuantity: quantity(h.filled),
        ...(h.filled > 0 ? { avgFillPrice: price(h.notional / h.filled) } : {}),
      })),
    );
  }

  positions(): Promise<readonly BrokerPosition[]> {
    const bySymbol = new Map<string, { qty: number; cost: number }>();
    for (const h of this.held.values()) {
      const p = bySymbol.get(h.order.symbol) ?? { qty: 0, cost: 0 };
      const sign = h.order.side === 'buy' ? 1 : -1;
      p.qty += sign * h.filled;
      p.cost += sign * h.notional;
      bySymbol.set(h.order.symbol, p);
    }
    return Promise.resolve(
      [...bySymbol].filter(([, p]) => p.qty !== 0).map(([symbol, p]): BrokerPosition => ({ symbol, quantity: p.qty, avgPrice: price(p.cost / p.qty) as Price })),
    );
  }

  /** Client ids submitted more than once. */
  duplicateSubmits(): string[] {
    const seen = new Set<string>();
    return this.submitted.map((o) => o.clientOrderId).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  }

  private get(clientOrderId: string): Held {
    const held = this.held.get(clientOrderId);
    if (held === undefined) throw new Error(`spy broker holds no order ${clientOrderId}`);
    return held;
  }
}
