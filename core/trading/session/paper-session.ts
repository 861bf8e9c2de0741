import type { SymbolGate } from '../../adapters/symbol-gate.js';
import { FeatureEngine } from '../../features/feature-engine.js';
import type { NewsItem } from '../../news/news-item.js';
import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import { BreakoutPredictor, type ServingSource } from '../../ml/inference/breakout-predictor.js';
import type { BreakoutServing } from '../../ml/inference/breakout-serving.js';
import { WilderAtr } from '../../ml/labels/wilder-atr.js';
import { RiskAdvisor, type RiskAdvisorOptions, type RiskServingSource } from '../../ml/risk/risk-advisor.js';
import { volTargetAtrSizer } from '../../ml/risk/baselines/vol-target-sizer.js';
import type { Db } from '../../storage/open-database.js';
import type { ManualClock } from '../../time/manual-clock.js';
import { err, ok, type Result } from '../../util/result.js';
import { price } from '../../market/units.js';
import type { Fill } from '../order.js';
import type { OrderManager } from '../orders/order-manager.js';
import type { Broker } from '../broker.js';
import type { PaperBrokerConfigInput } from '../paper/paper-broker-config.js';
import { maxDrawdown, type EquityPoint } from '../portfolio/equity-curve.js';
import type { Portfolio, PortfolioSummary } from '../portfolio/portfolio.js';
import { rebalanceSuggestions, type RebalancePolicy } from '../portfolio/rebalance.js';
import type { PositionView } from '../portfolio-view.js';
import type { OrderDenied } from '../pre-trade.js';
import type { AutomationPolicy } from '../proposals/automation.js';
import { AutomationSettingsStore } from '../proposals/automation-settings-store.js';
import { breakoutSignal, servingModelId, type BreakoutSignal } from '../proposals/breakout-signal.js';
import { ProposalDesk, type ReviewOutcome } from '../proposals/proposal-desk.js';
import type { Proposal, ProposalStatus } from '../proposals/proposal.js';
import type { ProposalRecords } from '../proposals/proposal-records.js';
import { ProposalStore } from '../proposals/proposal-store.js';
import type { PreTradeChecks } from '../risk/pre-trade-checks.js';
import { SettingsTable } from '../risk/settings-table.js';
import { DEFAULT_SIZER_SETTINGS, type SizerSettings } from '../sizing/rule-based-sizer.js';
import type { MemoryOrderJournal } from '../orders/memory-order-journal.js';
import { TradingEngine } from './trading-engine.js';

/** What the trader (or a script standing in for one) does with a new pending proposal. */
export type TraderDecision = { readonly action: 'confirm' } | { readonly action: 'reject'; readonly reason: string } | { readonly action: 'wait' };

export interface PaperSessionOptions {
  /** A migrated desk database: journal, proposals, risk state and the fill ledger all live here. */
  readonly db: Db;
  /**
   * The trading engine's clock. The session moves it to each bar's close before anything reacts to the
   * bar, so orders, proposals and risk checks are stamped in market time, whatever drives the feed.
   */
  readonly clock: ManualClock;
  readonly interval: Interval;
  /** Recorded as the first cash movement when the ledger has none. */
  readonly startingCash: number;
  /**
   * This run's automation, overriding the stored one without changing it (`desk paper --auto`). Omitted: the
   * policy stored in the settings table ('automation'), off when none is stored or the stored one is invalid.
   */
  readonly automation?: AutomationPolicy;
  readonly sizer?: SizerSettings;
  /**
   * Answers for each breakout event: a verified model (`BreakoutPredictor.fromModelsRoot`) or the baseline.
   * Default: the baseline alone. Its interval must be the session's.
   */
  readonly predictor?: BreakoutServing;
  readonly broker?: PaperBrokerConfigInput;
  /** Where orders go instead of the session's own PaperBroker (the Alpaca paper account); see `TradingEngineOptions`. */
  readonly orderBroker?: Broker;
  /** A backtest's in-memory order journal; see `TradingEngineOptions`. */
  readonly journal?: MemoryOrderJournal;
  /** Where proposals are kept: a backtest's in-memory store; the desk's SQLite table on `db` when absent. */
  readonly proposals?: ProposalRecords;
  readonly proposalTtlMs?: number;
  /** Trims and cash-floor sales are proposed on this policy; none when omitted. */
  readonly rebalance?: RebalancePolicy;
  /** Asked once per new pending proposal; without it, pending proposals wait until they expire. */
  readonly decide?: (proposal: Proposal) => TraderDecision;
  /**
   * What sizes proposals and re-evaluates open positions: the risk model and the baseline beside it.
   * Default: the volatility-targeted baseline alone, with the reason that no model was given.
   */
  readonly risk?: Pick<RiskAdvisorOptions, 'serving' | 'baseline' | 'fallbackReason'>;
  /**
   * A broker feed's per-symbol gate (core/adapters/symbol-gate.ts): while it is closed (bars behind, stale quote,
   * halt) the symbol gets no prediction and no new entry; exits and adjustments go on. None: never gated.
   */
  readonly gate?: SymbolGate;
}

/** The outcome of a session, for `desk paper` and tests. */
export interface PaperSessionReport {
  /** What served the predictions: a model version, or the baseline and why no model did. */
  readonly servedBy: ServingSource;
  /** The model id on every signal proposal of the session. */
  readonly modelId: string;
  /** What sized the proposals: the risk model, or the baseline and why no model did. */
  readonly riskSizer: RiskServingSource;
  readonly bars: number;
  readonly signals: number;
  readonly proposals: Readonly<Record<ProposalStatus, number>>;
  /** Why signals did not become proposals (sizing), and why confirmations were refused (pre-trade checks). */
  readonly notProposed: number;
  readonly denials: readonly OrderDenied[];
  readonly fills: readonly Fill[];
  readonly positions: readonly PositionView[];
  readonly summary: PortfolioSummary;
  readonly equityCurve: readonly EquityPoint[];
  readonly maxDrawdown: number;
  /** Fills that closed (part of) a position: a bracket exit or a rebalance sale. */
  readonly trades: number;
  /** Share of those with a positive realised P&L net of commission; undefined with no trades. */
  readonly winRate?: number;
}

/**
 * One paper-trading session: bars → per-symbol FeatureEngine + ATR → the label spec's breakout event, with
 * the predictor's BreakoutPrediction (model, or baseline) → sized proposal
 * → automation or the trader's decision → OrderManager (validation, pre-trade checks, durable journal) →
 * PaperBroker, which fills on later bars. The same objects a live desk uses; only the broker (paper), the
 * feed and the clock are the session's. Feed it bars in time order with `onBar` (any feed: the simulator,
 * a replay of stored bars); `warmUp` primes the features with history first.
 */
export class PaperSession {
  readonly orders: OrderManager;
  readonly proposals: ProposalDesk;
  readonly portfolio: Portfolio;
  readonly gate: PreTradeChecks;
  readonly broker: Broker;
  /** The persisted automation policy: change it here so the change survives a restart and is audited. */
  readonly automationSettings: AutomationSettingsStore;
  /** The engine under the session: the same one a backtest drives with another strategy or policy. */
  readonly engine: TradingEngine;
  readonly #o: PaperSessionOptions;
  readonly #engines = new Map<string, { readonly features: FeatureEngine; readonly atr: WilderAtr }>();
  readonly predictor: BreakoutServing;
  /** The risk sizing proposals are made with (and `ml.risk` answers from). */
  readonly risk: RiskAdvisor;
  #signals = 0;
  #notProposed = 0;

  private constructor(o: PaperSessionOptions, engine: TradingEngine, automation: AutomationSettingsStore) {
    this.#o = o;
    this.engine = engine;
    this.gate = engine.gate;
    this.broker = engine.broker;
    this.orders = engine.orders;
    this.portfolio = engine.portfolio;
    this.automationSettings = automation;
    this.predictor = o.predictor ?? BreakoutPredictor.baselineOnly('no model given to the session', { interval: o.interval });
    const gate = engine.gate;
    const baseline = volTargetAtrSizer();
    this.risk = new RiskAdvisor({
      serving: baseline, baseline, fallbackReason: 'no risk model was given to the session', ...o.risk,
      portfolio: this.portfolio, mark: engine.mark,
    });
    this.proposals = new ProposalDesk({
      store: o.proposals ?? new ProposalStore(o.db), clock: o.clock, portfolio: this.portfolio, market: engine.market,
      submit: (request) => {
        const r = this.orders.submit(request);
        if (r.ok) return ok(r.value.clientOrderId);
        return err(r.error.kind === 'denied' ? `${r.error.denied.ruleId}: ${r.error.denied.reason}` : r.error.reason);
      },
      automation: o.automation ?? automation.current,
      // Sized inside the per-order limits in force at open, so a proposal is not made to be refused.
      sizer: { maxOrderQuantity: gate.limits.maxOrderQuantity, maxOrderNotional: gate.limits.maxOrderNotional, ...(o.sizer ?? DEFAULT_SIZER_SETTINGS) },
      ...(o.proposalTtlMs === undefined ? {} : { ttlMs: o.proposalTtlMs }),
      risk: this.risk,
      bracketOf: (symbol, side) => this.orders.workingBracket(symbol, side),
      amendBracket: (symbol, side, b) => this.orders.amendBracket(symbol, side, { stopLoss: price(b.stopLoss), takeProfit: price(b.takeProfit) }, 'risk adjustment confirmed'),
    });
    engine.use({ warmUp: (bar: Bar) => this.#warmUp(bar), onBar: (bar: Bar) => this.#decide(bar) });
  }

  /** Assembles the session on `db`; an error if the stored limits or the broker settings are invalid. */
  static open(options: PaperSessionOptions): Result<PaperSession, string> {
    if (options.predictor !== undefined && options.predictor.interval !== options.interval) {
      return err(`the predictor serves ${options.predictor.interval} bars but the session trades ${options.interval} bars`);
    }
    const engine = TradingEngine.open({
      db: options.db, clock: options.clock, startingCash: options.startingCash,
      ...(options.broker === undefined ? {} : { broker: options.broker }),
      ...(options.orderBroker === undefined ? {} : { orderBroker: options.orderBroker }),
      ...(options.journal === undefined ? {} : { journal: options.journal }),
    });
    if (!engine.ok) return engine;
    const automation = AutomationSettingsStore.open(new SettingsTable(options.db), engine.value.gate.events, options.clock);
    return ok(new PaperSession(options, engine.value, automation));
  }

  /** Feeds a history bar to the features and the marks only: no signals, no fills. */
  warmUp(bar: Bar): void {
    this.engine.warmUp(bar);
  }

  /**
   * One closed bar. Order matters: the broker matches working orders against it first (orders placed at
   * an earlier close), then its features and signal are computed and any new order waits for a later bar —
   * no decision ever trades on the bar it was taken from.
   */
  async onBar(bar: Bar): Promise<void> {
    await this.engine.step(bar);
  }

  /**
   * A scored news story: it reaches the features of every symbol it names (the caller picks the session's
   * symbols). A symbol's stories must come in time order; FeatureEngine refuses and counts an older one.
   */
  onNews(item: NewsItem): void {
    for (const symbol of item.symbols) this.#series(symbol).features.addNews(item);
  }

  #warmUp(bar: Bar): void {
    this.risk.onBar(bar);
    const s = this.#series(bar.symbol);
    if (s.features.onBar(bar).ok) s.atr.push(bar.high, bar.low, bar.close);
  }

  /** The breakout pipeline's reaction to a closed bar: a promise only when a proposal or rebalance is in play. */
  #decide(bar: Bar): Promise<void> | undefined {
    this.risk.onBar(bar);
    const s = this.#series(bar.symbol);
    const accepted = s.features.onBar(bar);
    // The ATR only sees bars the features accepted, so both describe the same series.
    if (accepted.ok) s.atr.push(bar.high, bar.low, bar.close);
    const gated = this.#o.gate?.check(bar.symbol).open === false;
    const signal = accepted.ok && s.features.warm && !gated ? breakoutSignal(bar, s.features.values, s.atr.value, this.predictor) : undefined;
    const held = this.portfolio.position(bar.symbol) !== 0;
    if (signal === undefined && this.#o.rebalance === undefined && !held) return undefined;
    // An open position is re-evaluated before any new signal on its symbol adds to it. Most reviews propose
    // nothing and finish here, without a promise for the engine to wait on.
    const reviewed = held ? this.proposals.review(bar.symbol) : undefined;
    const adjusted = reviewed instanceof Promise || (reviewed?.ok === true && reviewed.value !== undefined) ? reviewed : undefined;
    if (adjusted === undefined && signal === undefined && this.#o.rebalance === undefined) return undefined;
    return this.#act(bar, adjusted, signal);
  }

  async #act(bar: Bar, review: ReviewOutcome | Promise<ReviewOutcome> | undefined, signal: BreakoutSignal | undefined): Promise<void> {
    const adjusted = await review;
    if (adjusted?.ok === true && adjusted.value !== undefined) await this.#ask(adjusted.value);
    if (signal !== undefined) {
      this.#signals++;
      const proposed = await this.proposals.proposeSignal(signal);
      if (proposed.ok) await this.#ask(proposed.value);
      else this.#notProposed++;
    }
    if (this.#o.rebalance !== undefined) {
      for (const s of rebalanceSuggestions(this.portfolio, this.engine.mark, this.#o.rebalance)) {
        if (s.symbol !== bar.symbol) continue;
        const proposed = this.proposals.proposeRebalance(s);
        if (proposed.ok) await this.#ask(proposed.value);
      }
    }
  }

  /** Figures so far, marked at the latest closes. */
  report(): PaperSessionReport {
    const summary = this.portfolio.summary(this.engine.mark);
    const counts: Record<ProposalStatus, number> = { pending: 0, confirmed: 0, rejected: 0, expired: 0 };
    const rows = this.#o.db.prepare<[], { status: ProposalStatus; n: number }>('SELECT status, count(*) AS n FROM proposals GROUP BY status').all();
    for (const r of rows) counts[r.status] = r.n;
    const curve = this.engine.equityCurve();
    return {
      servedBy: this.predictor.source,
      modelId: servingModelId(this.predictor.source),
      riskSizer: this.risk.source,
      bars: this.engine.bars,
      signals: this.#signals,
      proposals: counts,
      notProposed: this.#notProposed,
      denials: [...this.engine.denials],
      fills: this.orders.ledger.fills(),
      positions: this.portfolio.positions(),
      summary,
      equityCurve: curve,
      maxDrawdown: maxDrawdown(curve),
      trades: summary.closingFills,
      ...(summary.closingFills === 0 ? {} : { winRate: summary.winningFills / summary.closingFills }),
    };
  }

  close(): void {
    this.proposals.close();
    this.engine.close();
  }

  async #ask(p: Proposal): Promise<void> {
    if (p.status !== 'pending' || this.#o.decide === undefined) return;
    const decision = this.#o.decide(p);
    // A refused confirmation leaves the proposal pending; the refusal is already in the denials.
    if (decision.action === 'confirm') await this.proposals.confirm(p.id);
    else if (decision.action === 'reject') this.proposals.reject(p.id, decision.reason);
  }

  #series(symbol: string): { readonly features: FeatureEngine; readonly atr: WilderAtr } {
    let s = this.#engines.get(symbol);
    if (s === undefined) {
      // Default feature parameters: the label spec (and any model) pins the feature schema they define.
      s = { features: new FeatureEngine({ symbol, interval: this.#o.interval }), atr: new WilderAtr(this.predictor.baseline.spec.atrPeriod) };
      this.#engines.set(symbol, s);
    }
    return s;
  }
}
