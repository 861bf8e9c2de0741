import type { DeskHandlers } from '../contract/desk-api.js';
import { DeskFailure, deskError, orderDenied } from '../contract/errors.js';
import { PAPER_PORTFOLIO_ID } from '../contract/requests.js';
import type { AutomationPolicyDto, AutomationState, KillSwitchState, PortfolioSummaryDto, ProposalEventDto } from '../contract/trading-schemas.js';
import type { SymbolGate } from '../adapters/symbol-gate.js';
import type { Bar } from '../market/bar.js';
import { intervalMs, type Interval } from '../market/interval.js';
import { price, type EpochMs, type Price } from '../market/units.js';
import type { BreakoutServing } from '../ml/inference/breakout-serving.js';
import type { NewsItem } from '../news/news-item.js';
import type { Db } from '../storage/open-database.js';
import type { Clock } from '../time/clock.js';
import { ManualClock } from '../time/manual-clock.js';
import { err, ok, type Result } from '../util/result.js';
import type { Broker } from '../trading/broker.js';
import type { OrderDenied } from '../trading/pre-trade.js';
import { maxDrawdown } from '../trading/portfolio/equity-curve.js';
import type { AutomationPolicy } from '../trading/proposals/automation.js';
import { servingModelId } from '../trading/proposals/breakout-signal.js';
import type { ProposalEvent } from '../trading/proposals/proposal-desk.js';
import type { Proposal } from '../trading/proposals/proposal.js';
import { ProposalStore } from '../trading/proposals/proposal-store.js';
import { PaperSession } from '../trading/session/paper-session.js';
import { ClockThrottle } from './clock-throttle.js';
import { MlView } from './ml-view.js';
import type { StreamHub } from './stream-hub.js';
import { deniedDto, fillDto, orderDto, positionDto, proposalDto } from './trading-dto.js';
import type { RiskServing } from './risk-serving.js';
import { riskModelsEntry, riskOptimization } from './risk-view.js';

/** Bars a proposal waits for the trader: 30 one-minute bars = half an hour of market time. */
export const DEFAULT_PROPOSAL_TTL_BARS = 30;
/** Fewest wall-clock (desk clock) milliseconds between two `portfolio` stream events. */
export const PORTFOLIO_THROTTLE_MS = 250;
/** Equity points a summary carries (the newest). */
export const MAX_EQUITY_POINTS = 2_000;
const DEFAULT_LIST_LIMIT = 50;

export interface TradingDeskOptions {
  readonly db: Db;
  readonly hub: StreamHub;
  /** The desk's clock (system time in production): only paces the portfolio stream. */
  readonly deskClock: Clock;
  readonly interval: Interval;
  readonly symbols: readonly string[];
  readonly predictor: BreakoutServing;
  /** Close time of the newest history bar: where market time starts. */
  readonly marketStart: EpochMs;
  /** The session's market clock, when model operations share it; default a new one at `marketStart`. */
  readonly marketClock?: ManualClock;
  readonly startingCash?: number;
  readonly proposalTtlBars?: number;
  /** What sizes proposals: the risk model and its baseline (`chooseRiskSizer`); default the baseline alone. */
  readonly risk?: RiskServing;
  /** The feed's per-symbol gate (a broker feed's gaps, stale quotes, halts): held symbols get no new entry. */
  readonly gate?: SymbolGate;
  /** Where confirmed orders go instead of the session's PaperBroker (the Alpaca account the trader chose). */
  readonly orderBroker?: Broker;
}

type TradingHandlers = Pick<DeskHandlers,
  | 'proposals.list' | 'proposals.confirm' | 'proposals.edit' | 'proposals.reject' | 'orders.list' | 'orders.cancel'
  | 'portfolio.summary' | 'risk.killSwitch.get' | 'risk.killSwitch.set' | 'risk.limits.get' | 'risk.limits.update'
  | 'automation.get' | 'automation.set' | 'ml.health' | 'ml.models' | 'ml.breakout' | 'ml.batchBreakout' | 'ml.sentiment' | 'ml.risk'>;

const fail = (code: 'not-found' | 'conflict' | 'invalid-params', message: string): DeskFailure => new DeskFailure(deskError(code, message));

/**
 * The live paper-trading desk: the feed's closed bars drive a PaperSession (features → shipped model or
 * baseline → proposals that wait for the trader → pre-trade checks → paper broker → ledger portfolio), and
 * its events become the contract's streams.
 *
 * Clock: the session runs on its own ManualClock in MARKET time, moved to each bar's close by the session.
 * The simulator runs faster than real time (default 10×), and the engine's time-based rules — proposal TTL,
 * order-rate window, stop-out cooldown, the trading day of the loss limit — are about the market, so they must
 * count simulated minutes, not wall-clock ones; stamping orders with system time would also put fills
 * (bar time) and orders on two timelines. Between bars a trader's action is stamped at the latest close,
 * which is when the decision is taken in market terms: the order fills on the next bar. The desk's own clock
 * only throttles the portfolio stream, which is about the screen, not the market.
 *
 * TTL: a proposal lives `proposalTtlBars` bars of market time (default 30 one-minute bars: three wall-clock
 * minutes at the default speed 10, thirty seconds at 60×), long enough for a trader to read and decide.
 */
export class TradingDesk {
  readonly session: PaperSession;
  readonly ml: MlView;
  readonly marketClock: ManualClock;
  readonly #o: TradingDeskOptions;
  readonly #ttlMs: number;
  /** Read side only: lists; every decision goes through the session's ProposalDesk. */
  readonly #store: ProposalStore;
  readonly #off: (() => void)[] = [];
  #policy: AutomationPolicy = {};
  #chain: Promise<void> = Promise.resolve();
  #barErrors = 0;
  /** Throttled on the desk clock: at most one event per PORTFOLIO_THROTTLE_MS, the latest state always sent. */
  readonly #portfolioPush: ClockThrottle;

  private constructor(o: TradingDeskOptions, session: PaperSession, clock: ManualClock, ttlMs: number) {
    this.#o = o;
    this.session = session;
    this.marketClock = clock;
    this.#ttlMs = ttlMs;
    this.#policy = session.automationSettings.current;
    this.#store = new ProposalStore(o.db);
    this.ml = new MlView(o.predictor, o.symbols);
    this.#portfolioPush = new ClockThrottle(o.deskClock, PORTFOLIO_THROTTLE_MS, () => o.hub.emit('portfolio', this.portfolio()));
    const { hub } = o;
    const events = session.orders.events;
    this.#off.push(
      events.on('order-updated', (order) => hub.emit('order', orderDto(order))),
      events.on('fill', (fill) => {
        hub.emit('fill', fillDto(fill));
        this.#portfolioChanged();
      }),
      events.on('denied', (denied) => hub.emit('denied', deniedDto(denied))),
      session.proposals.onEvent((e) => hub.emit('proposal', proposalEvent(e))),
    );
  }

  /**
   * Opens the session on `db` with the stored automation policy (off when none is stored, or off with a risk
   * event when the stored one is invalid); an error when the stored limits or settings are invalid.
   */
  static open(o: TradingDeskOptions): Result<TradingDesk, string> {
    const ttlBars = o.proposalTtlBars ?? DEFAULT_PROPOSAL_TTL_BARS;
    if (!(Number.isInteger(ttlBars) && ttlBars > 0)) return err(`proposalTtlBars must be a positive whole number, got ${ttlBars}`);
    const ttlMs = ttlBars * intervalMs(o.interval);
    const clock = o.marketClock ?? new ManualClock(o.marketStart);
    const opened = PaperSession.open({
      db: o.db, clock, interval: o.interval, startingCash: o.startingCash ?? 100_000, predictor: o.predictor, proposalTtlMs: ttlMs,
      ...(o.risk === undefined ? {} : { risk: o.risk }),
      ...(o.gate === undefined ? {} : { gate: o.gate }),
      ...(o.orderBroker === undefined ? {} : { orderBroker: o.orderBroker }),
    });
    if (!opened.ok) return opened;
    const store = new ProposalStore(o.db);
    // A proposal left pending by an earlier run was sized on that run's bars and prices (a simulator run
    // even has its own timeline), so it expires rather than wait to be confirmed at prices it never saw.
    for (const p of store.pending()) {
      store.decide(p.id, { status: 'expired', at: clock.now(), by: 'system', reason: 'left pending when the desk last stopped' });
    }
    return ok(new TradingDesk(o, opened.value, clock, ttlMs));
  }

  /**
   * Restart: the paper broker's book lived in memory, so working orders journalled by an earlier run are
   * reconciled against the new (empty) broker — cancelled with the reason, unsent ones re-sent once — and
   * bracket exits of held positions are re-armed. Returns how many orders were touched.
   */
  async recover(): Promise<number> {
    const r = await this.session.orders.recover();
    return r.resent.length + r.rejected.length + r.cancelled.length + r.reconciled.length;
  }

  /** History bars, oldest first: features, ATR and marks only; no signals, no fills. */
  warmUp(bars: readonly Bar[]): void {
    for (const bar of bars) {
      this.session.warmUp(bar);
      this.ml.onBar(bar);
    }
  }

  /**
   * A scored news story: to the session's features (what proposals are made from) and the ML view's (what
   * `ml.sentiment` and `ml.breakout` answer from), for the symbols this desk trades.
   */
  onNews(item: NewsItem): void {
    const symbols = item.symbols.filter((s) => this.#o.symbols.includes(s));
    if (symbols.length === 0) return;
    const mine = symbols.length === item.symbols.length ? item : { ...item, symbols };
    this.session.onNews(mine);
    this.ml.onNews(mine);
  }

  /** A live closed bar; bars are processed one at a time in arrival order. */
  onBar(bar: Bar): void {
    this.#chain = this.#chain.then(() => this.#process(bar)).catch(() => {
      // A bar the session cannot take must not stop the next ones; counted for the status.
      this.#barErrors++;
    });
  }

  /** Resolves when every bar handed to `onBar` so far has been processed (tests, shutdown). */
  idle(): Promise<void> {
    return this.#chain;
  }

  get barErrors(): number {
    return this.#barErrors;
  }

  close(): void {
    this.#portfolioPush.cancel();
    for (const off of this.#off.splice(0)) off();
    this.session.close();
  }

  get handlers(): TradingHandlers {
    const s = this.session;
    return {
      'proposals.list': ({ limit }) => ({
        pending: this.#store.pending().map(proposalDto),
        recent: this.#recentProposals(limit ?? DEFAULT_LIST_LIMIT).map(proposalDto),
      }),
      'proposals.confirm': async ({ proposalId }) => proposalDto(await this.#confirm(proposalId)),
      'proposals.edit': ({ proposalId, quantity, stopLoss, takeProfit }) => {
        this.#requireProposal(proposalId);
        const r = s.proposals.edit(proposalId, {
          ...(quantity === undefined ? {} : { quantity }),
          ...(stopLoss === undefined ? {} : { stopLoss }),
          ...(takeProfit === undefined ? {} : { takeProfit }),
        });
        if (!r.ok) throw fail('conflict', r.error);
        return proposalDto(r.value);
      },
      'proposals.reject': ({ proposalId, reason }) => {
        this.#requireProposal(proposalId);
        const r = s.proposals.reject(proposalId, reason);
        if (!r.ok) throw fail('conflict', r.error);
        return proposalDto(r.value);
      },
      'orders.list': ({ limit }) => ({
        open: s.orders.openOrders().map(orderDto),
        recent: this.#recentOrderIds(limit ?? DEFAULT_LIST_LIMIT).flatMap((id) => {
          const order = s.orders.order(id);
          return order === undefined ? [] : [orderDto(order)];
        }),
      }),
      'orders.cancel': ({ clientOrderId }) => {
        if (s.orders.order(clientOrderId) === undefined) throw fail('not-found', `No order ${clientOrderId}; orders.list shows the journal.`);
        const r = s.orders.cancel(clientOrderId);
        if (!r.ok) throw fail('conflict', r.error);
        const order = s.orders.order(clientOrderId);
        if (order === undefined) throw fail('not-found', `order ${clientOrderId} vanished from the journal`);
        return orderDto(order);
      },
      'portfolio.summary': () => this.portfolio(),
      'risk.killSwitch.get': () => this.#killSwitch(),
      'risk.killSwitch.set': ({ on, reason }) => {
        s.gate.setKillSwitch(on, { actor: 'trader', reason });
        return this.#killSwitch();
      },
      'risk.limits.get': () => s.gate.limits,
      'risk.limits.update': ({ patch, reason }) => {
        const r = s.gate.updateLimits(patch, 'trader', reason ?? 'changed from the desk');
        if (!r.ok) throw fail('invalid-params', `Limits not changed: ${r.error}`);
        return r.value;
      },
      'automation.get': () => this.#automation(),
      'automation.set': ({ policy, reason }) => {
        const r = s.automationSettings.set(toPolicy(policy), 'trader', reason ?? 'changed from the desk');
        if (!r.ok) throw fail('invalid-params', r.error);
        this.#policy = r.value;
        s.proposals.setAutomation(this.#policy);
        return this.#automation();
      },
      // Health is about the process, so it is stamped on the desk's clock like desk.status.
      'ml.health': () => this.ml.health(this.#o.deskClock.now()),
      'ml.models': () => this.ml.models(this.#o.deskClock.now(), riskModelsEntry(s.risk)),
      'ml.breakout': ({ symbol }) => this.ml.breakout(symbol.toUpperCase()),
      'ml.batchBreakout': ({ symbols }) => symbols.map((symbol) => this.ml.breakout(symbol.toUpperCase())),
      'ml.sentiment': ({ symbol }) => this.ml.sentiment(symbol.toUpperCase()),
      'ml.risk': ({ portfolioId, symbol }) => {
        if (portfolioId !== PAPER_PORTFOLIO_ID) throw fail('not-found', `No portfolio ${portfolioId}; this desk runs one paper account, '${PAPER_PORTFOLIO_ID}'.`);
        const sym = symbol.toUpperCase();
        // An open position is sized on its own side; otherwise on the side of the latest breakout call.
        const held = s.portfolio.position(sym);
        const direction = held !== 0 ? Math.sign(held) : this.ml.breakout(sym).prediction?.direction === 'DOWN' ? -1 : 1;
        return riskOptimization(s.risk, portfolioId, sym, direction < 0 ? -1 : 1);
      },
    };
  }

  /** The account marked at the latest closes, with this run's equity curve. */
  portfolio(): PortfolioSummaryDto {
    const mark = (x: string): Price | undefined => this.#mark(x);
    const report = this.session.report();
    const curve = report.equityCurve.slice(-MAX_EQUITY_POINTS);
    return {
      at: this.marketClock.now(),
      cash: report.summary.cash,
      equity: report.summary.equity,
      marketValue: report.summary.marketValue,
      realisedPnl: report.summary.realisedPnl,
      unrealisedPnl: report.summary.unrealisedPnl,
      commissions: report.summary.commissions,
      positions: this.session.portfolio.positions().filter((p) => p.quantity !== 0).map((p) => positionDto(p, mark(p.symbol))),
      equityCurve: curve.map((p) => ({ time: p.time, cash: p.cash, equity: p.equity })),
      maxDrawdown: maxDrawdown(report.equityCurve),
    };
  }

  async #process(bar: Bar): Promise<void> {
    const prediction = this.ml.onBar(bar, this.#o.gate?.check(bar.symbol));
    if (prediction !== undefined) this.#o.hub.emit('prediction', prediction);
    await this.session.onBar(bar);
    this.#portfolioChanged();
  }

  async #confirm(id: string): Promise<Proposal> {
    this.#requireProposal(id);
    const denials: OrderDenied[] = [];
    const off = this.session.orders.events.on('denied', (d) => denials.push(d));
    let r;
    try {
      r = await this.session.proposals.confirm(id);
    } finally {
      off();
    }
    if (r.ok) return r.value;
    const denied = denials.find((d) => d.clientOrderId.startsWith(`${id}#`));
    if (denied !== undefined) {
      throw new DeskFailure(orderDenied(`Order refused by ${denied.ruleId}: ${denied.reason}`, { ruleId: denied.ruleId, reason: denied.reason }));
    }
    throw fail('conflict', r.error);
  }

  #requireProposal(id: string): void {
    if (this.session.proposals.get(id) === undefined) throw fail('not-found', `No proposal ${id}; proposals.list shows the pending ones.`);
  }

  #recentProposals(limit: number): Proposal[] {
    const rows = this.#o.db
      .prepare<[number], { id: string }>("SELECT proposal_id AS id FROM proposals WHERE status <> 'pending' ORDER BY decided_at DESC, rowid DESC LIMIT ?")
      .all(limit);
    return rows.flatMap((row) => {
      const p = this.session.proposals.get(row.id);
      return p === undefined ? [] : [p];
    });
  }

  #recentOrderIds(limit: number): string[] {
    return this.#o.db
      .prepare<[number], { id: string }>('SELECT client_order_id AS id FROM orders ORDER BY updated_at DESC, rowid DESC LIMIT ?')
      .all(limit)
      .map((row) => row.id);
  }

  #killSwitch(): KillSwitchState {
    const scopes = this.session.gate.activeKillSwitches();
    return { on: scopes.includes('global'), scopes: [...scopes], at: this.marketClock.now() };
  }

  #automation(): AutomationState {
    return { policy: fromPolicy(this.#policy), servingModelId: servingModelId(this.#o.predictor.source), proposalTtlMs: this.#ttlMs };
  }

  #mark(symbol: string): Price | undefined {
    const close = this.ml.mark(symbol);
    return close === undefined ? undefined : price(close);
  }

  #portfolioChanged(): void {
    this.#portfolioPush.request();
  }
}

function proposalEvent(e: ProposalEvent): ProposalEventDto {
  const proposal = proposalDto(e.proposal);
  switch (e.kind) {
    case 'proposed': return { kind: 'created', proposal, reason: null };
    case 'decided': return { kind: e.proposal.status === 'expired' ? 'expired' : 'decided', proposal, reason: null };
    case 'edited': return { kind: 'edited', proposal, reason: null };
    case 'confirm-refused': return { kind: 'confirm-refused', proposal, reason: e.reason };
  }
}

/** The wire policy (optional keys may arrive as undefined) → the engine's, without undefined keys. */
function toPolicy(p: AutomationPolicyDto): AutomationPolicy {
  return { ...(p.bySymbol === undefined ? {} : { bySymbol: p.bySymbol }), ...(p.byModel === undefined ? {} : { byModel: p.byModel }) };
}

function fromPolicy(p: AutomationPolicy): AutomationPolicyDto {
  return { ...(p.bySymbol === undefined ? {} : { bySymbol: { ...p.bySymbol } }), ...(p.byModel === undefined ? {} : { byModel: { ...p.byModel } }) };
}

