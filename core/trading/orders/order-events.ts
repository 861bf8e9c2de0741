import type { ExecutionReport } from '../broker.js';
import type { Fill, Order } from '../order.js';
import type { OrderDenied } from '../pre-trade.js';

/** What the order path tells the UI and the contract. */
export interface OrderEventMap {
  /** An order was journalled or changed state. */
  'order-updated': Order;
  fill: Fill;
  denied: OrderDenied;
  /** A broker report that contradicts the journal (over-fill, unknown order): kept, not applied. */
  'report-refused': { readonly report: ExecutionReport; readonly reason: string };
}

type Listener<T> = (payload: T) => void;

/** A small typed emitter: `on` returns its own unsubscribe, and a throwing listener cannot break the order path. */
export class OrderEvents {
  private readonly listeners: { [K in keyof OrderEventMap]: Set<Listener<OrderEventMap[K]>> } = {
    'order-updated': new Set(),
    fill: new Set(),
    denied: new Set(),
    'report-refused': new Set(),
  };

  on<K extends keyof OrderEventMap>(name: K, listener: Listener<OrderEventMap[K]>): () => void {
    const set = this.listeners[name] as Set<Listener<OrderEventMap[K]>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof OrderEventMap>(name: K, payload: OrderEventMap[K]): void {
    const listeners = this.listeners[name] as Set<Listener<OrderEventMap[K]>>;
    // A backtest listens to few of these: an event nobody hears makes no iterator (two per order otherwise).
    if (listeners.size === 0) return;
    for (const listener of listeners) {
      try {
        listener(payload);
      } catch {
        // A UI listener's bug must not stop the journal from applying the next report.
      }
    }
  }
}
