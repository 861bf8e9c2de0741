import type { Bar } from '../../market/bar.js';
import { closeOffsetMs } from '../../market/interval.js';
import { epochMs, type EpochMs, type Price } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import type { ManualClock } from '../../time/manual-clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { Broker, SimulatedBroker } from '../broker.js';
import type { Fill } from '../order.js';
import type { MemoryOrderJournal } from '../orders/memory-order-journal.js';
import { OrderManager } from '../orders/order-manager.js';
import { PaperBroker } from '../paper/paper-broker.js';
import type { PaperBrokerConfigInput } from '../paper/paper-broker-config.js';
import type { EquityPoint } from '../portfolio/equity-curve.js';
import type { CashMovement, LedgerSource } from '../portfolio/ledger.js';
import { MarkBoard, type MarkSlot } from '../portfolio/mark-board.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { SqliteLedger } from '../portfolio/sqlite-ledger.js';
import type { MarketView } from '../portfolio-view.js';
import type { OrderDenied } from '../pre-trade.js';
import { PreTradeChecks } from '../risk/pre-trade-checks.js';

/**
 * What reacts to closed bars: the breakout pipeline (features → predictor → proposals), a crossover, any
 * rule. It trades only through `engine.orders` (or a ProposalDesk that submits there), so every order meets
 * the same validation, pre-trade checks, journal and broker.
 */
export interface EngineStrategy {
  /** A history bar before trading starts: prime indicators, place nothing. */
  warmUp?(bar: Bar): void;
  /**
   * One closed bar, after the broker has matched working orders against it. Return a promise only when there
   * is asynchronous work (a proposal to store and decide); the engine then waits for it before the bar's
   * mark-to-market, and otherwise stays synchronous.
   */
  onBar(bar: Bar): void | Promise<void>;
}

export interface TradingEngineOptions {
  /** A migrated desk database: journal, risk state and the fill ledger live here. */
  readonly db: Db;
  /** Moved to each bar's close before anything reacts to the bar. */
  readonly clock: ManualClock;
  /** Recorded as the first cash movement when the ledger has none. */
  readonly startingCash: number;
  readonly broker?: PaperBrokerConfigInput;
  /**
   * Where orders go instead of a new PaperBroker (`broker` is then ignored): a real account such as the Alpaca
   * paper account. A broker that fills from bars (a `SimulatedBroker`) is fed each bar; any other gets no bars,
   * its fills come from the venue.
   */
  readonly orderBroker?: Broker;
  /**
   * A backtest's order journal, kept in memory (its paper broker dies with the run, so a crash leaves nothing to
   * reconcile); the durable SQLite journal on `db` when absent. The ledger then reads its fills from it.
   */
  readonly journal?: MemoryOrderJournal;
}

/**
 * The engine every session runs, whatever trades: feed bars → paper broker matching → strategy → order
 * manager (validation, pre-trade checks, durable journal) → paper broker → ledger portfolio, with the
 * daily-loss check and an equity point at each close. A backtest, a paper session and the live desk differ
 * only in the feed, the clock and the strategy's decision policy.
 *
 * The per-bar path does not touch SQLite unless an order event happened: orders and fills are journalled
 * durably when they occur (rare), and the portfolio re-reads the ledger only after one. The gate's daily-loss
 * check runs at a close unless nothing it reads (day, equity, limits, orders) changed since its last run.
 */
export class TradingEngine {
  readonly orders: OrderManager;
  readonly portfolio: Portfolio;
  readonly gate: PreTradeChecks;
  readonly broker: Broker;
  readonly clock: ManualClock;
  /** The latest close per symbol: what orders are validated and positions marked against. */
  readonly market: MarketView;
  readonly #marks = new MarkBoard();
  /** What the portfolio folds: a symbol's held flag, cached on its mark slot, stands until a fill of the symbol. */
  readonly #ledger: CachedLedger;
  /** How many ledger fills have had their symbol's held flag dropped: fills past this count are new. */
  #fillsSeen = 0;
  readonly #denials: OrderDenied[] = [];
  readonly #unsubscribe: (() => void)[] = [];
  /** The broker again when it fills from bars; undefined for a venue that fills on its own. */
  readonly #simulated: SimulatedBroker | undefined;
  #strategy: EngineStrategy | undefined;
  #bars = 0;
  /**
   * The account's cash and marked equity at the last close, valid until a fill or the mark of a held symbol
   * changes: most bars move a symbol the book does not hold, and re-valuing every position for them would give
   * the same figures bit for bit.
   */
  #valued = false;
  #cashNow = 0;
  #equityNow = 0;
  // The equity curve in flat arrays: one point per distinct close, no object per bar.
  #times = new Float64Array(1024);
  #cash = new Float64Array(1024);
  #equity = new Float64Array(1024);
  #points = 0;

  private constructor(o: TradingEngineOptions, gate: PreTradeChecks, broker: Broker) {
    this.gate = gate;
    this.broker = broker;
    this.#simulated = isSimulated(broker) ? broker : undefined;
    this.clock = o.clock;
    const ledger = new CachedLedger(new SqliteLedger(o.db), o.journal);
    this.#ledger = ledger;
    if (ledger.cashMovements().length === 0) ledger.recordCash(o.clock.now(), o.startingCash, 'starting cash of the paper session');
    this.portfolio = new Portfolio(ledger);
    this.market = this.#marks;
    this.orders = new OrderManager({
      db: o.db, broker, gate, clock: o.clock, market: this.market, portfolio: () => this.portfolio,
      ...(o.journal === undefined ? {} : { journal: o.journal }),
      onDenied: (denied) => {
        this.#denials.push(denied);
        gate.recordDenied(denied);
      },
    });
    // Fills reach the ledger only through the order path's reports (journalled before the event), so a fill
    // event is the one moment the ledger grows.
    this.#unsubscribe.push(this.orders.events.on('fill', () => {
      ledger.invalidate();
      this.#valued = false;
    }));
    this.#unsubscribe.push(gate.onTrip((trip) => {
      this.orders.onKillSwitchTripped(trip.scope.startsWith('model:') ? trip.scope.slice('model:'.length) : undefined);
    }));
  }

  /** Assembles the engine on `db`; an error if the stored limits or the broker settings are invalid. */
  static open(options: TradingEngineOptions): Result<TradingEngine, string> {
    const gate = PreTradeChecks.open(options.db, options.clock);
    if (!gate.ok) return err(`pre-trade limits: ${gate.error}`);
    if (options.orderBroker !== undefined) return ok(new TradingEngine(options, gate.value, options.orderBroker));
    const broker = PaperBroker.create({ clock: options.clock, ...(options.broker === undefined ? {} : { config: options.broker }) });
    if (!broker.ok) return err(`paper broker: ${broker.error}`);
    return ok(new TradingEngine(options, gate.value, broker.value));
  }

  /** Sets what reacts to bars (once, before the first bar). */
  use(strategy: EngineStrategy): void {
    this.#strategy = strategy;
  }

  /** Feeds a history bar to the strategy's indicators and the marks only: no orders, no fills. */
  warmUp(bar: Bar): void {
    this.#strategy?.warmUp?.(bar);
    this.#marks.set(this.#marks.slot(bar.symbol), bar.close);
    this.#valued = false;
  }

  /**
   * One closed bar. Order matters: the broker matches working orders against it first (orders placed at an
   * earlier close), then the strategy decides, and any new order waits for a later bar — no decision ever
   * trades on the bar it was taken from. Synchronous unless the strategy returned a promise.
   */
  step(bar: Bar): void | Promise<void> {
    const closeAt = bar.time + closeOffsetMs(bar.interval);
    if (closeAt > this.clock.now()) this.clock.advanceTo(closeAt);
    this.#bars++;
    const slot = this.#marks.next(bar.symbol);
    if (this.#marks.set(slot, bar.close) && this.#valued && this.#holds(slot)) this.#valued = false;
    this.#simulated?.onBar(bar);
    const pending = this.#strategy?.onBar(bar);
    if (pending !== undefined) return pending.then(() => this.#afterBar(closeAt));
    this.#afterBar(closeAt);
    return undefined;
  }

  /** Bars stepped (warm-up excluded). */
  get bars(): number {
    return this.#bars;
  }

  /** Refusals of the order path so far, in order. */
  get denials(): readonly OrderDenied[] {
    return this.#denials;
  }

  /** The equity curve so far: one point per distinct bar close, the latest bar's figures at each. */
  equityCurve(): EquityPoint[] {
    const points: EquityPoint[] = [];
    for (let i = 0; i < this.#points; i++) points.push({ time: epochMs(this.#times[i] ?? 0), cash: this.#cash[i] ?? 0, equity: this.#equity[i] ?? 0 });
    return points;
  }

  /** The marking function over the latest closes, for summaries and reports. */
  get mark(): (symbol: string) => Price | undefined {
    return this.#marks.lastPrice;
  }

  close(): void {
    for (const off of this.#unsubscribe) off();
    this.orders.close();
  }

  #afterBar(closeAt: number): void {
    if (!this.#valued) {
      const cash = this.portfolio.cash();
      this.#cashNow = cash;
      // equity() is (deposits + trading cash) + market value, the very sum cash() + market value: one fold, same bits.
      this.#equityNow = cash + this.portfolio.marketValueAt(this.#marks);
      this.#valued = true;
    }
    const cash = this.#cashNow;
    const equity = this.#equityNow;
    // The gate judges the account at every close, but most closes give it nothing to do (same trading day, loss
    // within the limit or the switch already on): it says so in O(1), and only then is the mark skipped.
    if (this.gate.markDue(equity, this.clock.now())) this.orders.markToMarket();
    this.#point(closeAt, cash, equity);
  }

  /**
   * portfolio.holds(symbol), asked again only after a fill of the symbol reached the ledger the portfolio folds:
   * nothing else changes whether the book holds it.
   */
  #holds(slot: MarkSlot): boolean {
    const fills = this.#ledger.fills();
    if (fills.length !== this.#fillsSeen) this.#dropHeld(fills);
    if (!slot.heldKnown) {
      slot.held = this.portfolio.holds(slot.symbol);
      slot.heldKnown = true;
    }
    return slot.held;
  }

  /** A fill moves only its own symbol's position: only the symbols of fills not seen yet are asked again. */
  #dropHeld(fills: readonly Fill[]): void {
    if (fills.length < this.#fillsSeen) {
      // Not the list seen so far (the ledgers only grow): every flag is asked again.
      for (const slot of this.#marks.slots()) slot.heldKnown = false;
    } else {
      for (let i = this.#fillsSeen; i < fills.length; i++) {
        const fill = fills[i];
        if (fill !== undefined) this.#marks.slot(fill.symbol).heldKnown = false;
      }
    }
    this.#fillsSeen = fills.length;
  }

  #point(at: number, cash: number, equity: number): void {
    let i = this.#points;
    if (i > 0 && this.#times[i - 1] === at) i--;
    else if (i === this.#times.length) this.#grow();
    this.#times[i] = at;
    this.#cash[i] = cash;
    this.#equity[i] = equity;
    this.#points = i + 1;
  }

  #grow(): void {
    const size = this.#times.length * 2;
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.#times = grow(this.#times);
    this.#cash = grow(this.#cash);
    this.#equity = grow(this.#equity);
  }
}

function isSimulated(broker: Broker): broker is SimulatedBroker {
  return 'onBar' in broker && typeof broker.onBar === 'function';
}

/**
 * The SQLite ledger read again only when it can have grown: fills after the order path reported one, cash
 * movements after one recorded here. The portfolio is consulted at every bar close, and a query per bar would
 * dominate a backtest while adding nothing between fills. Each read fetches only rows past the last one read.
 */
class CachedLedger implements LedgerSource {
  readonly #inner: SqliteLedger;
  #fills: readonly Fill[] = [];
  #cash: readonly CashMovement[] = [];
  #fillsStale = true;
  #cashStale = true;

  readonly #journal: MemoryOrderJournal | undefined;

  constructor(inner: SqliteLedger, journal: MemoryOrderJournal | undefined) {
    this.#inner = inner;
    this.#journal = journal;
  }

  /** A fill was journalled. */
  invalidate(): void {
    this.#fillsStale = true;
  }

  recordCash(time: EpochMs, amount: number, note: string): void {
    this.#inner.recordCash(time, amount, note);
    this.#cashStale = true;
  }

  fills(): readonly Fill[] {
    if (this.#fillsStale) {
      this.#fills = this.#journal?.journalledFills() ?? this.#inner.fills();
      this.#fillsStale = false;
    }
    return this.#fills;
  }

  cashMovements(): readonly CashMovement[] {
    if (this.#cashStale) {
      this.#cash = this.#inner.cashMovements();
      this.#cashStale = false;
    }
    return this.#cash;
  }
}
