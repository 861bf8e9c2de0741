import type { Db } from '../../storage/open-database.js';
import type { EpochMs } from '../../market/units.js';
import { err, ok, type Result } from '../../util/result.js';
import type { ExecutionReport } from '../broker.js';
import type { BracketSpec, Fill, Order, OrderStatus } from '../order.js';
import { applyReport, isTerminal, type ApplyOutcome } from './order-state.js';
import { fillFromRow, fillToRow, ORDER_COLUMNS, orderFromRow, orderToRow, reportDetail, type FillRow, type OrderRow } from './order-row.js';
import type { OrderStore } from './order-store.js';

/** One line of an order's audit trail. */
export interface JournalEvent {
  readonly seq: number;
  readonly clientOrderId: string;
  readonly time: EpochMs;
  readonly kind: string;
  readonly status: OrderStatus;
  readonly detail?: string;
}

interface EventRow {
  seq: number;
  client_order_id: string;
  time: number;
  kind: string;
  status: string;
  detail: string | null;
}

const OPEN = "('new', 'accepted', 'partially_filled')";

/**
 * Journal writes per connection, shared by every journal on it: the orders table is written only through a
 * journal, so with this count, the newest rowid (another writer's insert) and data_version (another
 * connection's commit) unchanged, no order row has changed.
 */
const journalWrites = new WeakMap<Db, { count: number }>();

/**
 * The order journal over the 0003 tables: orders, their events and fills. Every write is one transaction
 * committed with `synchronous = FULL`. The database otherwise runs WAL + NORMAL, which survives a killed
 * process but may drop the last commits on a power loss or OS crash; that is fine for bars we can re-import,
 * not for an order row: an order the broker holds that our journal lost is an unknown position. FULL fsyncs
 * the WAL at every commit, so `insert` returning means the row is on disk before anything goes to the broker.
 * Orders and fills are few, so the extra fsync per write is affordable here.
 */
export class OrderJournal implements OrderStore {
  private readonly insertOrder;
  private readonly updateOrder;
  private readonly insertEvent;
  private readonly insertFill;
  private readonly selectOrder;
  private readonly selectFillIds;
  private readonly openEntries;
  private readonly openEntriesOf;
  private readonly newestOpenEntryOf;
  private readonly exitsFilled;
  /**
   * Entries that are terminal and closed out by their exits' fills. That never undoes itself (a terminal entry's
   * fill no longer grows, exits' fills never shrink), so their exits need not be summed again.
   */
  private readonly closedEntries = new Set<string>();
  private readonly writes: { count: number };
  private readonly maxRowid;
  /** The newest open entry per side and symbol, while the orders table is as it was when it was read. */
  private readonly newest = new Map<string, Order | undefined>();
  private newestKey = '';
  private readonly selectOpen;
  private readonly sumReduceOnly;
  private readonly totalChanges;
  private readonly dataVersion;
  /** Open-exposure entries per symbol (NUL + 'all' for every symbol), valid while the database is as it was when they were read. */
  private readonly exposure = new Map<string, readonly Order[]>();
  private exposureChanges = -1;
  private exposureVersion = -1;
  private readonly selectChildren;
  private readonly updateBracket;
  /** `durably`'s transaction, made once: better-sqlite3 builds a wrapper (and its savepoint names) per `transaction()` call. */
  private readonly inTransaction;

  constructor(
    private readonly db: Db,
    private readonly brokerName: string,
  ) {
    this.insertOrder = db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map((c) => `@${c}`).join(', ')})`);
    this.updateOrder = db.prepare(
      `UPDATE orders SET status = @status, filled_quantity = @filled_quantity, avg_fill_price = @avg_fill_price,
         broker_order_id = @broker_order_id, reason = @reason, updated_at = @updated_at WHERE client_order_id = @client_order_id`,
    );
    this.insertEvent = db.prepare('INSERT INTO order_events (client_order_id, time, kind, status, detail) VALUES (?, ?, ?, ?, ?)');
    this.insertFill = db.prepare(
      'INSERT INTO fills (fill_id, client_order_id, symbol, side, quantity, price, commission, time) VALUES (@fill_id, @client_order_id, @symbol, @side, @quantity, @price, @commission, @time)',
    );
    this.selectOrder = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE client_order_id = ?');
    this.selectFillIds = db.prepare<[string], string>('SELECT fill_id FROM fills WHERE client_order_id = ?').pluck();
    const openEntries = (where: string): string =>
      `SELECT e.* FROM orders e WHERE ${where} e.leg = 'entry' AND e.filled_quantity > 0
         AND e.filled_quantity - COALESCE((SELECT SUM(x.filled_quantity) FROM orders x WHERE x.parent_id = e.client_order_id), 0) > 1e-9
       ORDER BY e.created_at, e.rowid`;
    this.openEntries = db.prepare<[], OrderRow>(openEntries(''));
    this.openEntriesOf = db.prepare<[string], OrderRow>(openEntries('e.symbol = ? AND'));
    // Newest first, without the exits' sum: `newestEntryWithOpenExposure` sums only entries not known closed.
    this.newestOpenEntryOf = db.prepare<[string, string], { client_order_id: string; status: string; filled_quantity: number }>(
      `SELECT client_order_id, status, filled_quantity FROM orders
        WHERE symbol = ? AND side = ? AND leg = 'entry' AND filled_quantity > 0 ORDER BY created_at DESC, rowid DESC`,
    );
    this.maxRowid = db.prepare<[], number>('SELECT COALESCE(MAX(rowid), 0) FROM orders').pluck();
    let writes = journalWrites.get(db);
    if (writes === undefined) {
      writes = { count: 0 };
      journalWrites.set(db, writes);
    }
    this.writes = writes;
    this.exitsFilled = db.prepare<[string], number>('SELECT COALESCE(SUM(filled_quantity), 0) FROM orders WHERE parent_id = ?').pluck();
    // Rows changed through this connection (any journal, any store on it) and commits by other connections:
    // while both stand still, nothing any query here reads can have changed.
    this.totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.sumReduceOnly = db.prepare<[string, string, number], number>(
      `SELECT COALESCE(SUM(filled_quantity), 0) FROM orders WHERE symbol = ? AND side = ? AND leg = 'single' AND reduce_only = 1 AND created_at >= ?`,
    ).pluck();
    this.selectOpen = db.prepare<[], OrderRow>(`SELECT * FROM orders WHERE status IN ${OPEN} ORDER BY created_at, rowid`);
    this.selectChildren = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE parent_id = ? ORDER BY created_at, rowid');
    this.updateBracket = db.prepare('UPDATE orders SET bracket_stop_loss = ?, bracket_take_profit = ?, updated_at = ? WHERE client_order_id = ?');
    this.inTransaction = db.transaction((work: () => unknown) => work());
  }

  /**
   * Journals new orders (a bracket's exits go in together) with a 'created' event each, all or nothing.
   * A reused client order id, or any other constraint, refuses the whole batch with the database's reason.
   */
  insert(orders: readonly Order[]): Result<void, string> {
    try {
      this.durably(() => {
        for (const order of orders) {
          this.insertOrder.run(orderToRow(order, this.brokerName));
          this.insertEvent.run(order.clientOrderId, order.createdAt, 'created', order.status, null);
        }
      });
      return ok(undefined);
    } catch (cause) {
      const ids = orders.map((o) => o.clientOrderId).join(', ');
      return err(`could not journal order ${ids}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }

  /**
   * Applies an execution report: the order row, an event and the fill row in one transaction. Duplicates
   * are ignored (nothing written); a refused report leaves a 'report-refused' event for the audit trail.
   */
  apply(report: ExecutionReport): ApplyOutcome {
    try {
      return this.durably(() => {
        const row = this.selectOrder.get(report.clientOrderId);
        if (row === undefined) return { kind: 'refused', reason: `${report.kind} report for unknown order ${report.clientOrderId}` } as const;
        const order = orderFromRow(row);
        const outcome = applyReport({ order, fillIds: new Set(this.selectFillIds.all(report.clientOrderId)) }, report);
        if (outcome.kind === 'refused') {
          this.insertEvent.run(order.clientOrderId, report.time, 'report-refused', order.status, outcome.reason);
        } else if (outcome.kind === 'applied') {
          const next = outcome.state.order;
          this.updateOrder.run(orderToRow(next, this.brokerName));
          if (outcome.fill !== undefined) this.insertFill.run(fillToRow(outcome.fill));
          this.insertEvent.run(next.clientOrderId, report.time, report.kind, next.status, reportDetail(report));
        }
        return outcome;
      });
    } catch (cause) {
      return { kind: 'refused', reason: `could not journal ${report.kind} report for ${report.clientOrderId}: ${cause instanceof Error ? cause.message : String(cause)}` };
    }
  }

  /**
   * Moves the stop and target a bracket entry's exits are made at, with a 'bracket-amended' event saying
   * from where to where and why; refused for an order that is not a bracket entry.
   */
  amendBracket(entryId: string, bracket: BracketSpec, time: EpochMs, reason: string): Result<void, string> {
    const entry = this.get(entryId);
    if (entry?.leg !== 'entry' || entry.bracket === undefined) return err(`order ${entryId} is not a bracket entry`);
    const before = entry.bracket;
    this.durably(() => {
      this.updateBracket.run(bracket.stopLoss, bracket.takeProfit, time, entryId);
      this.insertEvent.run(entryId, time, 'bracket-amended', entry.status,
        `stop ${before.stopLoss} → ${bracket.stopLoss}, target ${before.takeProfit} → ${bracket.takeProfit}: ${reason}`);
    });
    return ok(undefined);
  }

  /** Records an event that changes no state (a cancel request, a re-send at restart). */
  note(clientOrderId: string, kind: string, time: EpochMs, detail?: string): void {
    this.durably(() => {
      const row = this.selectOrder.get(clientOrderId);
      if (row !== undefined) this.insertEvent.run(clientOrderId, time, kind, row.status, detail ?? null);
    });
  }

  get(clientOrderId: string): Order | undefined {
    const row = this.selectOrder.get(clientOrderId);
    return row === undefined ? undefined : orderFromRow(row);
  }

  has(clientOrderId: string): boolean {
    return this.selectOrder.get(clientOrderId) !== undefined;
  }

  /** Orders not yet terminal, oldest first. */
  openOrders(): Order[] {
    return this.selectOpen.all().map(orderFromRow);
  }

  /** A bracket's exits, oldest first. */
  children(parentId: string): Order[] {
    return this.selectChildren.all(parentId).map(orderFromRow);
  }

  /**
   * Bracket entries whose filled quantity is not yet closed out by their exits' fills; of one symbol when given
   * (read through the symbol index: the order path asks per symbol on every bar a position is held, and a scan of
   * every entry ever filled made long backtests quadratic).
   */
  entriesWithOpenExposure(symbol?: string): Order[] {
    // Asked per held symbol on every bar (the risk review reads the working bracket), while orders change
    // rarely: the answer is kept until the database changes, which two counters tell for a few µs.
    const changes = this.totalChanges.get() ?? -1;
    const version = this.dataVersion.get() ?? -1;
    if (changes !== this.exposureChanges || version !== this.exposureVersion) {
      this.exposure.clear();
      this.exposureChanges = changes;
      this.exposureVersion = version;
    }
    const key = symbol ?? '\u0000all';
    let entries = this.exposure.get(key);
    if (entries === undefined) {
      entries = (symbol === undefined ? this.openEntries.all() : this.openEntriesOf.all(symbol)).map(orderFromRow);
      this.exposure.set(key, entries);
    }
    return [...entries];
  }

  /** The newest of `symbol`'s bracket entries on `side` whose filled quantity is not yet closed out by its exits. */
  newestEntryWithOpenExposure(symbol: string, side: string): Order | undefined {
    // Asked per held symbol on every bar by the risk review; orders change far less often.
    const state = `${this.writes.count}:${this.maxRowid.get() ?? 0}:${this.dataVersion.get() ?? 0}`;
    if (state !== this.newestKey) {
      this.newest.clear();
      this.newestKey = state;
    }
    const key = `${side}\u0000${symbol}`;
    if (this.newest.has(key)) return this.newest.get(key);
    const found = this.#newestOpen(symbol, side);
    this.newest.set(key, found);
    return found;
  }

  #newestOpen(symbol: string, side: string): Order | undefined {
    let open: string | undefined;
    // The same test as the open-entry query (fill − exits' fills > 1e-9), newest first, stopping at the first.
    for (const row of this.newestOpenEntryOf.all(symbol, side)) {
      const id = row.client_order_id;
      if (this.closedEntries.has(id)) continue;
      if (row.filled_quantity - (this.exitsFilled.get(id) ?? 0) > 1e-9) {
        open = id;
        break;
      }
      if (isTerminal(row.status as OrderStatus)) this.closedEntries.add(id);
    }
    return open === undefined ? undefined : this.get(open);
  }

  /** Shares filled by reduce-only orders outside any bracket (`leg = 'single'`) on `side` of `symbol` since `since`. */
  reduceOnlyFilled(symbol: string, side: string, since: EpochMs): number {
    return this.sumReduceOnly.get(symbol, side, since) ?? 0;
  }

  /** Every fill in time order: the ledger positions and cash are derived from. */
  fills(): Fill[] {
    return this.db.prepare<[], FillRow>('SELECT * FROM fills ORDER BY time, rowid').all().map(fillFromRow);
  }

  fillsOf(clientOrderId: string): Fill[] {
    return this.db.prepare<[string], FillRow>('SELECT * FROM fills WHERE client_order_id = ? ORDER BY time, rowid').all(clientOrderId).map(fillFromRow);
  }

  /** An order's audit trail, in the order it was written. */
  events(clientOrderId: string): JournalEvent[] {
    return this.db
      .prepare<[string], EventRow>('SELECT * FROM order_events WHERE client_order_id = ? ORDER BY seq')
      .all(clientOrderId)
      .map((row) => ({
        seq: row.seq,
        clientOrderId: row.client_order_id,
        time: row.time as EpochMs,
        kind: row.kind,
        status: row.status as OrderStatus,
        ...(row.detail === null ? {} : { detail: row.detail }),
      }));
  }

  /**
   * Runs `work` as one transaction committed with synchronous=FULL, then restores the connection's setting.
   * Inside a transaction someone else opened (a backtest commits its throwaway run file once per chunk of bars),
   * the work nests as a savepoint, all or nothing as ever, and the commit and its durability are the opener's.
   */
  private durably<T>(work: () => T): T {
    this.writes.count++;
    if (this.db.inTransaction) return this.inTransaction(work) as T;
    // Not prepared once like the rest: SQLite reads and sets `synchronous` while compiling the PRAGMA, so a
    // prepared PRAGMA statement would replay the level it was compiled with.
    const previous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = FULL');
    try {
      return this.inTransaction(work) as T;
    } finally {
      this.db.pragma(`synchronous = ${previous}`);
    }
  }
}
