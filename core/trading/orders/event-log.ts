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

/** Events per chunk of columns: a power of two, so an index splits into chunk and offset by a shift and a mask. */
const CHUNK_BITS = 10;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const OFFSET_MASK = CHUNK_SIZE - 1;

/** The columns of {@link CHUNK_SIZE} consecutive events, allocated whole when the first of them is written. */
interface Chunk {
  readonly clientOrderId: string[];
  readonly time: Float64Array;
  readonly kind: string[];
  readonly status: OrderStatus[];
  /** The detail text, or the report it is made from; undefined for none. */
  readonly detail: (EventDetail | undefined)[];
  /** Index of the same order's next event, or -1. */
  readonly next: Int32Array;
}

function newChunk(): Chunk {
  return {
    clientOrderId: new Array<string>(CHUNK_SIZE),
    time: new Float64Array(CHUNK_SIZE),
    kind: new Array<string>(CHUNK_SIZE),
    status: new Array<OrderStatus>(CHUNK_SIZE),
    detail: new Array<EventDetail | undefined>(CHUNK_SIZE),
    next: new Int32Array(CHUNK_SIZE),
  };
}

/**
 * The audit trail of the in-memory journal, in columns: an event is one entry in each, with its seq its index + 1,
 * and each order's events are linked through `next`, so writing one allocates nothing of its own. A backtest writes
 * three events per order and reads them only if it keeps its trail, so `JournalEvent` objects are made on reading,
 * and a fill's or an acceptance's detail text is made from its report the first time it is read. The columns come
 * in fixed chunks: arrays grown by push were copied into a larger store every ~1.5x, several MB of copies per run
 * of the crossover backtest's ~33k events for ~1.6 MB kept (heap sampling: ~4.5 MB less allocated). Times are
 * stored as doubles and links as int32 (event times are integral epoch ms, exact in a double).
 */
export class EventLog {
  readonly #chunks: Chunk[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** Appends an event to `chain`'s order; `detail` null or undefined means none, as the SQLite journal's NULL. */
  append(chain: EventChain, clientOrderId: string, time: EpochMs, kind: string, status: OrderStatus, detail: EventDetail | null | undefined): void {
    const index = this.#length;
    const offset = index & OFFSET_MASK;
    let chunk: Chunk;
    if (offset === 0) {
      chunk = newChunk();
      this.#chunks.push(chunk);
    } else chunk = this.#chunkOf(index);
    chunk.clientOrderId[offset] = clientOrderId;
    chunk.time[offset] = time;
    chunk.kind[offset] = kind;
    chunk.status[offset] = status;
    chunk.detail[offset] = detail ?? undefined;
    chunk.next[offset] = -1;
    const last = chain.lastEvent;
    if (last < 0) chain.firstEvent = index;
    else this.#chunkOf(last).next[last & OFFSET_MASK] = index;
    chain.lastEvent = index;
    this.#length = index + 1;
  }

  /** The event at `index` (its seq is index + 1), as the journal reports it. */
  at(index: number): JournalEvent {
    if (!(Number.isInteger(index) && index >= 0 && index < this.#length)) throw new RangeError(`no event at index ${index} of ${this.#length}`);
    const seq = index + 1;
    const chunk = this.#chunkOf(index);
    const offset = index & OFFSET_MASK;
    const clientOrderId = chunk.clientOrderId[offset] as string;
    const time = chunk.time[offset] as EpochMs;
    const kind = chunk.kind[offset] as string;
    const status = chunk.status[offset] as OrderStatus;
    const detail = detailAt(chunk, offset);
    return detail === undefined ? { seq, clientOrderId, time, kind, status } : { seq, clientOrderId, time, kind, status, detail };
  }

  /** One order's events in the order they were written. */
  of(chain: EventChain): JournalEvent[] {
    const events: JournalEvent[] = [];
    for (let i = chain.firstEvent; i >= 0; i = this.#chunkOf(i).next[i & OFFSET_MASK] as number) events.push(this.at(i));
    return events;
  }

  #chunkOf(index: number): Chunk {
    return this.#chunks[index >>> CHUNK_BITS] as Chunk;
  }
}

function detailAt(chunk: Chunk, offset: number): string | undefined {
  const detail = chunk.detail[offset];
  if (typeof detail !== 'object') return detail;
  // Keep the text (none for an acceptance without a broker id) so a second read gives it without formatting again.
  const text = reportDetail(detail) ?? undefined;
  chunk.detail[offset] = text;
  return text;
}
