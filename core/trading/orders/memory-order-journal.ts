import type { EpochMs } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import { err, ok, type Result } from '../../util/result.js';
import type { ExecutionReport } from '../broker.js';
import type { BracketSpec, Fill, Order, OrderStatus } from '../order.js';
import type { JournalEvent } from './order-journal.js';
import { applyReport, isTerminal, type ApplyOutcome, type OrderState } from './order-state.js';
import { fillToRow, ORDER_COLUMNS, orderToRow, reportDetail } from './order-row.js';
import type { OrderStore } from './order-store.js';
import { EventLog, type EventChain, type EventDetail } from './event-log.js';

interface Slot extends EventChain {
  /**
   * The order and its fill ids, as `applyReport` takes and returns them: kept whole, so applying a report builds no
   * state object. Replaced, never mutated: each fill gets a new set, so answers may share it.
   */
  state: OrderState;
  /** Insertion rank: the SQLite journal's rowid, the tie-break of every "oldest first". */
  readonly rank: number;
  /** Shares the empty {@link NONE} until the order's first fill. */
  fills: Fill[];
  /** Shares the empty {@link NONE} until a bracket's first exit: most orders never have one. */
  children: Slot[];
  /** In the open list: journalled not terminal, and no report since made it terminal (that never undoes itself). */
  open: boolean;
  /** Neighbours in the open list, in insertion order (see `#openHead`). */
  prevOpen: Slot | undefined;
  nextOpen: Slot | undefined;
}

/** The fill ids of every order without fills: one shared set, as a slot's set is replaced and never mutated. */
const NO_FILL_IDS: ReadonlySet<string> = new Set();
/** The fills and exits of every slot that has none yet: replaced on the first, never pushed to (frozen, so a slip throws). */
const NONE = Object.freeze([]) as never[];

const OPEN_EXPOSURE = 1e-9;
const byCreated = (a: Slot, b: Slot): number => a.state.order.createdAt - b.state.order.createdAt || a.rank - b.rank;

/**
 * The order journal of a backtest, in memory: the same answers as the SQLite `OrderJournal` to the same calls
 * (order-store.contract.test.ts runs both), including its refusals: a reused client order id, an unknown parent
 * or a non-positive quantity or price refuses the whole batch, and a fill id another order already has refuses
 * the report. What it does not do is write each change to disk before returning; `persistTo` writes the whole
 * trail (orders as they ended, events, fills, each in the order they happened) into a run's file in one
 * transaction. A SQLite journal costs ~25 µs of statements per order even uncommitted, and a crossover backtest
 * places one order per ~26 bars, so the file would set the pace of a run no crash can leave anything to recover.
 */
export class MemoryOrderJournal implements OrderStore {
  readonly #slots = new Map<string, Slot>();
  /**
   * Open orders, in insertion order, as a list linked through their slots: an order leaves it once, when a report
   * makes it terminal. Not a Map: its deletes shrank and rehashed its table as orders came and went (about one of
   * each per order of a backtest), and every iteration (one per submit) made an iterator.
   */
  #openHead: Slot | undefined;
  #openTail: Slot | undefined;
  /** Bracket entries per symbol not yet known closed out (terminal and exits filled: that never undoes itself). */
  readonly #liveEntries = new Map<string, Slot[]>();
  /** Reduce-only orders outside any bracket, per side then symbol: no key string built per order. */
  readonly #reduceOnly = new Map<string, Map<string, Slot[]>>();
  readonly #fills: Fill[] = [];
  /** Every journalled fill id: the fills table's key across all orders. */
  readonly #fillIds = new Set<string>();
  #fillsSorted = true;
  readonly #events = new EventLog();
  #rank = 0;
  /** An id `has` found missing, with no insert since: see `has`. */
  #missing: string | undefined;

  insert(orders: readonly Order[]): Result<void, string> {
    this.#missing = undefined;
    const problem = this.#refusal(orders);
    if (problem !== undefined) return err(`could not journal order ${orders.map(idOf).join(', ')}: ${problem}`);
    for (const order of orders) {
      const slot: Slot = {
        state: { order, fillIds: NO_FILL_IDS },
        rank: ++this.#rank,
        fills: NONE,
        children: NONE,
        firstEvent: -1,
        lastEvent: -1,
        open: false,
        prevOpen: undefined,
        nextOpen: undefined,
      };
      this.#slots.set(order.clientOrderId, slot);
      if (!isTerminal(order.status)) this.#linkOpen(slot);
      if (order.parentId !== undefined) {
        const parent = this.#slots.get(order.parentId);
        if (parent?.children === NONE) parent.children = [slot];
        else parent?.children.push(slot);
      }
      if (order.leg === 'entry') push(this.#liveEntries, order.symbol, slot);
      if (order.leg === 'single' && order.reduceOnly === true) push(this.#reduceOnlyOn(order.side), order.symbol, slot);
      this.#event(slot, order.createdAt, 'created', order.status, undefined);
    }
    return OK;
  }

  apply(report: ExecutionReport): ApplyOutcome {
    const slot = this.#slots.get(report.clientOrderId);
    if (slot === undefined) return { kind: 'refused', reason: `${report.kind} report for unknown order ${report.clientOrderId}` };
    const order = slot.state.order;
    const outcome = applyReport(slot.state, report);
    if (outcome.kind === 'refused') {
      this.#event(slot, report.time, 'report-refused', order.status, outcome.reason);
      return outcome;
    }
    if (outcome.kind !== 'applied') return outcome;
    const fill = outcome.fill;
    // The fills table is keyed by fill id across all orders: the SQLite journal's insert fails and nothing is written.
    if (fill !== undefined && this.#fillIds.has(fill.id)) {
      return { kind: 'refused', reason: `could not journal fill report for ${report.clientOrderId}: UNIQUE constraint failed: fills.fill_id` };
    }
    const next = outcome.state.order;
    slot.state = outcome.state;
    if (slot.open && isTerminal(next.status)) this.#unlinkOpen(slot);
    if (fill !== undefined) {
      if (slot.fills === NONE) slot.fills = [fill];
      else slot.fills.push(fill);
      const last = this.#fills.at(-1);
      if (last !== undefined && fill.time < last.time) this.#fillsSorted = false;
      this.#fills.push(fill);
      this.#fillIds.add(fill.id);
    }
    // A fill's or an acceptance's detail (~2 per order) is formatted only if the event is read (see EventLog).
    const detail = report.kind === 'fill' || report.kind === 'accepted' ? report : reportDetail(report);
    this.#event(slot, report.time, report.kind, next.status, detail);
    return outcome;
  }

  amendBracket(entryId: string, bracket: BracketSpec, time: EpochMs, reason: string): Result<void, string> {
    const slot = this.#slots.get(entryId);
    const entry = slot?.state.order;
    if (slot === undefined || entry?.leg !== 'entry' || entry.bracket === undefined) return err(`order ${entryId} is not a bracket entry`);
    if (!(bracket.stopLoss > 0 && bracket.takeProfit > 0)) return err(`could not amend ${entryId}: CHECK constraint failed: bracket prices must be positive`);
    const before = entry.bracket;
    slot.state = { order: { ...entry, bracket: { stopLoss: bracket.stopLoss, takeProfit: bracket.takeProfit }, updatedAt: time }, fillIds: slot.state.fillIds };
    this.#event(slot, time, 'bracket-amended', entry.status,
      `stop ${before.stopLoss} → ${bracket.stopLoss}, target ${before.takeProfit} → ${bracket.takeProfit}: ${reason}`);
    return OK;
  }

  note(clientOrderId: string, kind: string, time: EpochMs, detail?: string): void {
    const slot = this.#slots.get(clientOrderId);
    if (slot !== undefined) this.#event(slot, time, kind, slot.state.order.status, detail);
  }

  get(clientOrderId: string): Order | undefined {
    return this.#slots.get(clientOrderId)?.state.order;
  }

  has(clientOrderId: string): boolean {
    // The order path asks about a new id up to three times before journalling it (making it, checking it, the
    // duplicate rule): the last id found missing stays missing until an insert, which forgets it.
    if (clientOrderId === this.#missing) return false;
    if (this.#slots.has(clientOrderId)) return true;
    this.#missing = clientOrderId;
    return false;
  }

  openOrders(): Order[] {
    // One pass builds the answer: the pre-trade context asks at every submit, and the list (insertion order) is
    // nearly always in creation order too; an order journalled out of it falls back to a sort.
    const orders: Order[] = [];
    let previous: Slot | undefined;
    for (let slot = this.#openHead; slot !== undefined; slot = slot.nextOpen) {
      if (previous !== undefined && byCreated(previous, slot) > 0) return this.#openSlots().sort(byCreated).map(orderOf);
      orders.push(slot.state.order);
      previous = slot;
    }
    return orders;
  }

  children(parentId: string): Order[] {
    return inCreatedOrder([...(this.#slots.get(parentId)?.children ?? NONE)]).map(orderOf);
  }

  entriesWithOpenExposure(symbol?: string): Order[] {
    // Asked at every reduce-only fill, nearly always for a symbol with no live entry: no list of symbols, no copies.
    let open: Slot[] | undefined;
    if (symbol !== undefined) open = this.#collectOpen(symbol, open);
    else for (const s of this.#liveEntries.keys()) open = this.#collectOpen(s, open);
    return open === undefined ? [] : inCreatedOrder(open).map(orderOf);
  }

  newestEntryWithOpenExposure(symbol: string, side: string): Order | undefined {
    let newest: Slot | undefined;
    for (const slot of this.#live(symbol)) {
      if (slot.state.order.side !== side || exposure(slot) <= OPEN_EXPOSURE) continue;
      if (newest === undefined || byCreated(slot, newest) > 0) newest = slot;
    }
    return newest?.state.order;
  }

  reduceOnlyFilled(symbol: string, side: string, since: EpochMs): number {
    let sum = 0;
    for (const slot of inCreatedOrder([...(this.#reduceOnly.get(side)?.get(symbol) ?? NONE)])) {
      if (slot.state.order.createdAt >= since) sum += slot.state.order.filledQuantity;
    }
    return sum;
  }

  fills(): Fill[] {
    return this.#fillsSorted ? [...this.#fills] : inTimeOrder(this.#fills);
  }

  /** Every fill in the order it was journalled (the SQLite ledger's rowid order), without a copy: the ledger reads it per fill. */
  journalledFills(): readonly Fill[] {
    return this.#fills;
  }

  fillsOf(clientOrderId: string): Fill[] {
    return inTimeOrder(this.#slots.get(clientOrderId)?.fills ?? []);
  }

  events(clientOrderId: string): JournalEvent[] {
    const slot = this.#slots.get(clientOrderId);
    return slot === undefined ? [] : this.#events.of(slot);
  }

  /** Orders, events and fills journalled so far. */
  get size(): { readonly orders: number; readonly events: number; readonly fills: number } {
    return { orders: this.#slots.size, events: this.#events.length, fills: this.#fills.length };
  }

  /**
   * Writes the trail into `db`'s journal tables in one transaction, each table in the order things happened, so
   * the SQLite `OrderJournal` reads back what this one answers. For a run's own file, which holds no orders yet.
   */
  persistTo(db: Db, broker: string): Result<{ readonly orders: number; readonly events: number; readonly fills: number }, string> {
    const existing = db.prepare<[], number>('SELECT count(*) FROM orders').pluck().get() ?? 0;
    if (existing > 0) return err(`the database already journals ${existing} orders: a backtest's trail goes into its own new run file`);
    const insertOrder = db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map((c) => `@${c}`).join(', ')})`);
    const insertEvent = db.prepare('INSERT INTO order_events (seq, client_order_id, time, kind, status, detail) VALUES (?, ?, ?, ?, ?, ?)');
    const insertFill = db.prepare(
      'INSERT INTO fills (fill_id, client_order_id, symbol, side, quantity, price, commission, time) VALUES (@fill_id, @client_order_id, @symbol, @side, @quantity, @price, @commission, @time)',
    );
    try {
      db.transaction(() => {
        for (const slot of this.#slots.values()) insertOrder.run(orderToRow(slot.state.order, broker));
        for (let i = 0; i < this.#events.length; i++) {
          const e = this.#events.at(i);
          insertEvent.run(e.seq, e.clientOrderId, e.time, e.kind, e.status, e.detail ?? null);
        }
        for (const f of this.#fills) insertFill.run(fillToRow(f));
      })();
    } catch (cause) {
      return err(`could not write the backtest's order journal: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    return ok(this.size);
  }

  #linkOpen(slot: Slot): void {
    slot.open = true;
    slot.prevOpen = this.#openTail;
    if (this.#openTail === undefined) this.#openHead = slot;
    else this.#openTail.nextOpen = slot;
    this.#openTail = slot;
  }

  #unlinkOpen(slot: Slot): void {
    slot.open = false;
    const { prevOpen, nextOpen } = slot;
    if (prevOpen === undefined) this.#openHead = nextOpen;
    else prevOpen.nextOpen = nextOpen;
    if (nextOpen === undefined) this.#openTail = prevOpen;
    else nextOpen.prevOpen = prevOpen;
    // A finished slot stays journalled: it must not keep the open list's other slots reachable through it.
    slot.prevOpen = undefined;
    slot.nextOpen = undefined;
  }

  /** The open slots in insertion order, in a new array. */
  #openSlots(): Slot[] {
    const slots: Slot[] = [];
    for (let slot = this.#openHead; slot !== undefined; slot = slot.nextOpen) slots.push(slot);
    return slots;
  }

  #reduceOnlyOn(side: string): Map<string, Slot[]> {
    let bySymbol = this.#reduceOnly.get(side);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      this.#reduceOnly.set(side, bySymbol);
    }
    return bySymbol;
  }

  /**
   * Adds the symbol's entries with open exposure to `open`, made at the first one; returns it. Only drops closed-out
   * entries from lists, never a map key.
   */
  #collectOpen(symbol: string, open: Slot[] | undefined): Slot[] | undefined {
    const live = this.#live(symbol);
    for (let i = 0; i < live.length; i++) {
      const slot = live[i] as Slot;
      if (exposure(slot) > OPEN_EXPOSURE) (open ??= []).push(slot);
    }
    return open;
  }

  /** The symbol's entries not known closed out, oldest first; drops those that are now (terminal, exits filled). */
  #live(symbol: string): readonly Slot[] {
    const list = this.#liveEntries.get(symbol);
    if (list === undefined) return NONE;
    let kept = 0;
    for (const slot of list) {
      // Only 'filled' is for good: a cancelled or expired entry can still take a late fill.
      const closedOut = slot.state.order.status === 'filled' && exposure(slot) <= OPEN_EXPOSURE;
      if (!closedOut) list[kept++] = slot;
    }
    list.length = kept;
    return list;
  }

  #refusal(orders: readonly Order[]): string | undefined {
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i] as Order;
      if (o.clientOrderId.length === 0) return 'CHECK constraint failed: length(client_order_id) > 0';
      if (this.#slots.has(o.clientOrderId) || inBatch(orders, o.clientOrderId, i)) return 'UNIQUE constraint failed: orders.client_order_id';
      if (o.parentId !== undefined && !this.#slots.has(o.parentId) && !inBatch(orders, o.parentId, i)) return 'FOREIGN KEY constraint failed';
      if (!(o.quantity > 0)) return 'CHECK constraint failed: quantity > 0';
      if (!(o.filledQuantity >= 0 && o.filledQuantity <= o.quantity)) return 'CHECK constraint failed: filled_quantity >= 0 AND filled_quantity <= quantity';
      if (!positiveOrAbsent(o.limitPrice) || !positiveOrAbsent(o.stopPrice) || !positiveOrAbsent(o.bracket?.stopLoss) || !positiveOrAbsent(o.bracket?.takeProfit)) {
        return 'CHECK constraint failed: prices must be positive';
      }
    }
    return undefined;
  }

  #event(slot: Slot, time: EpochMs, kind: string, status: OrderStatus, detail: EventDetail | null | undefined): void {
    this.#events.append(slot, slot.state.order.clientOrderId, time, kind, status, detail);
  }
}

const positiveOrAbsent = (p: number | undefined): boolean => p === undefined || p > 0;
const orderOf = (slot: Slot): Order => slot.state.order;
const idOf = (order: Order): string => order.clientOrderId;
/** Results are read-only, so every successful write can answer with the same one. */
const OK: Result<void, never> = ok(undefined);

/** Whether an order before index `before` in the batch has `id`: those count as journalled (a bracket's exits name their entry). */
function inBatch(orders: readonly Order[], id: string, before: number): boolean {
  for (let k = 0; k < before; k++) if ((orders[k] as Order).clientOrderId === id) return true;
  return false;
}

/** What an entry bought that its exits have not sold: the SQLite journal's `filled − SUM(exits' filled)`. */
function exposure(slot: Slot): number {
  const filled = slot.state.order.filledQuantity;
  if (!(filled > 0)) return 0;
  let exited = 0;
  for (const child of slot.children) exited += child.state.order.filledQuantity;
  return filled - exited;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Oldest first by creation time, then insertion; lists are almost always in that order already. */
function inCreatedOrder(slots: Slot[]): Slot[] {
  for (let i = 1; i < slots.length; i++) if (byCreated(slots[i - 1] as Slot, slots[i] as Slot) > 0) return slots.sort(byCreated);
  return slots;
}

function inTimeOrder(fills: readonly Fill[]): Fill[] {
  // Array sort is stable: equal times keep the journalled order, the SQLite journal's rowid tie-break.
  return [...fills].sort((a, b) => a.time - b.time);
}
