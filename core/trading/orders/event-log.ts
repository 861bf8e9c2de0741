import type { EpochMs } from '../../market/units.js';
import type { ExecutionReport } from '../broker.js';
import type { OrderStatus } from '../order.js';
import type { JournalEvent } from './order-journal.js';
import { reportDetail } from './order-row.js';

type FillReport = Extract<ExecutionReport, { readonly kind: 'fill' }>;
type AcceptedReport = Extract<ExecutionReport, { readonly kind: 'accepted' }>;

/** An event's detail: its text, or the fill or acceptance report its text is made from when first read. */
export type EventDetail = string | FillReport | AcceptedReport;

/** Where one order's events lie in an {@link EventLog}: its first and last index, -1 while it has none. */
export interface EventChain {
  firstEvent: number;
  lastEvent: number;
}

/**
 * The audit trail of the in-memory journal, in columns: an event is one entry in each, with its seq its index + 1,
 * and each order's events are linked through `next`, so writing one allocates nothing of its own. A backtest writes
 * three events per order and reads them only if it keeps its trail, so `JournalEvent` objects are made on reading,
 * and a fill's detail text (two numbers to format) is made from its report the first time it is read.
 */
export class EventLog {
  readonly #clientOrderId: string[] = [];
  readonly #time: EpochMs[] = [];
  readonly #kind: string[] = [];
  readonly #status: OrderStatus[] = [];
  /** The detail text, or the fill report it is made from; undefined for none. */
  readonly #detail: (EventDetail | undefined)[] = [];
  /** Index of the same order's next event, or -1. */
  readonly #next: number[] = [];

  get length(): number {
    return this.#time.length;
  }

  /** Appends an event to `chain`'s order; `detail` null or undefined means none, as the SQLite journal's NULL. */
  append(chain: EventChain, clientOrderId: string, time: EpochMs, kind: string, status: OrderStatus, detail: EventDetail | null | undefined): void {
    const index = this.#time.length;
    this.#clientOrderId.push(clientOrderId);
    this.#time.push(time);
    this.#kind.push(kind);
    this.#status.push(status);
    this.#detail.push(detail ?? undefined);
    this.#next.push(-1);
    if (chain.lastEvent < 0) chain.firstEvent = index;
    else this.#next[chain.lastEvent] = index;
    chain.lastEvent = index;
  }

  /** The event at `index` (its seq is index + 1), as the journal reports it. */
  at(index: number): JournalEvent {
    const seq = index + 1;
    const clientOrderId = this.#clientOrderId[index] as string;
    const time = this.#time[index] as EpochMs;
    const kind = this.#kind[index] as string;
    const status = this.#status[index] as OrderStatus;
    const detail = this.#detailAt(index);
    return detail === undefined ? { seq, clientOrderId, time, kind, status } : { seq, clientOrderId, time, kind, status, detail };
  }

  /** One order's events in the order they were written. */
  of(chain: EventChain): JournalEvent[] {
    const events: JournalEvent[] = [];
    for (let i = chain.firstEvent; i >= 0; i = this.#next[i] as number) events.push(this.at(i));
    return events;
  }

  #detailAt(index: number): string | undefined {
    const detail = this.#detail[index];
    if (typeof detail !== 'object') return detail;
    // Keep the text (none for an acceptance without a broker id) so a second read gives it without formatting again.
    const text = reportDetail(detail) ?? undefined;
    this.#detail[index] = text;
    return text;
  }
}
