import type { EpochMs } from '../../market/units.js';
import type { Result } from '../../util/result.js';
import type { ExecutionReport } from '../broker.js';
import type { BracketSpec, Fill, Order } from '../order.js';
import type { ApplyOutcome } from './order-state.js';
import type { JournalEvent } from './order-journal.js';

/**
 * Where the order path keeps orders, their audit trail and fills. `OrderJournal` (SQLite, every write durable
 * before it returns) is the one a desk runs on: a live broker outlives a crash of the desk, so the journal must.
 * `MemoryOrderJournal` is the one a backtest runs on: its paper broker dies with the run, so there is nothing to
 * reconcile after a crash, and the trail is written to the run's file in one go when the run keeps it. Both give
 * the same answers to the same calls (test: order-store.contract.test.ts), so the order path above them is one.
 */
export interface OrderStore {
  /** New orders (a bracket's exits go in together) with a 'created' event each, all or nothing. */
  insert(orders: readonly Order[]): Result<void, string>;
  /** An execution report: the order, an event and the fill together; duplicates ignored, contradictions refused. */
  apply(report: ExecutionReport): ApplyOutcome;
  /** Moves the stop and target a bracket entry's exits are made at, with a 'bracket-amended' event. */
  amendBracket(entryId: string, bracket: BracketSpec, time: EpochMs, reason: string): Result<void, string>;
  /** An event that changes no state (a cancel request, a re-send at restart). */
  note(clientOrderId: string, kind: string, time: EpochMs, detail?: string): void;
  get(clientOrderId: string): Order | undefined;
  has(clientOrderId: string): boolean;
  /** Orders not yet terminal, oldest first. */
  openOrders(): Order[];
  /** A bracket's exits, oldest first. */
  children(parentId: string): Order[];
  /** Bracket entries whose filled quantity is not yet closed out by their exits' fills (of one symbol when given), oldest first. */
  entriesWithOpenExposure(symbol?: string): Order[];
  /** The newest of `symbol`'s bracket entries on `side` whose filled quantity is not yet closed out. */
  newestEntryWithOpenExposure(symbol: string, side: string): Order | undefined;
  /** Shares filled by reduce-only orders outside any bracket on `side` of `symbol` since `since`. */
  reduceOnlyFilled(symbol: string, side: string, since: EpochMs): number;
  /** Every fill in time order. */
  fills(): Fill[];
  fillsOf(clientOrderId: string): Fill[];
  /** An order's audit trail, in the order it was written. */
  events(clientOrderId: string): JournalEvent[];
}
