import type { RiskAdvisor } from '../../ml/risk/risk-advisor.js';
import { epochMs, price, quantity } from '../../market/units.js';
import type { Cancel, Clock } from '../../time/clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { OrderRequest, OrderSide } from '../order.js';
import type { RebalanceSuggestion } from '../portfolio/rebalance.js';
import type { MarketView, PortfolioView } from '../portfolio-view.js';
import { DEFAULT_SIZER_SETTINGS, sizePosition, type SizerSettings } from '../sizing/rule-based-sizer.js';
import { AUTOMATION_OFF, automationDecision, type AutomationPolicy } from './automation.js';
import type { BreakoutSignal } from './breakout-signal.js';
import { checkEdit, type ProposalChanges } from './proposal-edit.js';
import type { ProposalRecords } from './proposal-records.js';
import { withDecision, type DecisionRecord } from './proposal-store.js';
import { proposalConfidence, proposalEntry, type DecidedBy, type Proposal } from './proposal.js';
import { adjustmentFor, sizeFromAdvice, type Adjustment } from './risk-proposal.js';

/**
 * Hands a confirmed order to the order path (the OrderManager's submit): the client order id it journalled,
 * or the reason it was refused (pre-trade check, validation).
 */
export type SubmitOrder = (request: OrderRequest) => Result<string, string> | Promise<Result<string, string>>;

export interface ProposalDeskOptions {
  readonly store: ProposalRecords;
  readonly clock: Clock;
  readonly portfolio: PortfolioView;
  readonly market: MarketView;
  readonly submit: SubmitOrder;
  readonly sizer?: SizerSettings;
  /** How long a proposal waits for a decision. */
  readonly ttlMs?: number;
  readonly automation?: AutomationPolicy;
  /**
   * The risk model (or its baseline) that sizes signals and re-evaluates open positions. Without it signals
   * are sized by the rule-based sizer alone and no adjustments are proposed (the decision-path unit tests).
   */
  readonly risk?: RiskAdvisor;
  /** The working bracket of the position in `symbol` opened by `entrySide` entries; undefined when it has none. */
  readonly bracketOf?: (symbol: string, entrySide: OrderSide) => { readonly stopLoss: number; readonly takeProfit: number } | undefined;
  /** Moves the working stop and target of that position; the id of the amended entry, or why not. */
  readonly amendBracket?: (symbol: string, entrySide: OrderSide, bracket: { readonly stopLoss: number; readonly takeProfit: number }) => Result<string, string>;
}

/** What happened to a proposal, for the UI and the session driver. */
export type ProposalEvent =
  | { readonly kind: 'proposed'; readonly proposal: Proposal }
  | { readonly kind: 'decided'; readonly proposal: Proposal }
  | { readonly kind: 'edited'; readonly proposal: Proposal }
  | { readonly kind: 'confirm-refused'; readonly proposal: Proposal; readonly reason: string };

const DEFAULT_TTL_MS = 30 * 60_000;

/**
 * Proposals and the trader's decisions on them: a signal (or a rebalancing suggestion) becomes a sized,
 * persisted proposal; the trader confirms (→ an order through the same submit path as everything else),
 * edits (re-checked), or rejects it with a reason; unanswered ones expire on the injected clock. Each is
 * decided once: the store's conditional update makes a second decision a refusal, and a confirmation in
 * flight blocks another.
 */
export class ProposalDesk {
  readonly #o: ProposalDeskOptions;
  readonly #sizer: SizerSettings;
  readonly #ttl: number;
  #automation: AutomationPolicy;
  readonly #inFlight = new Set<string>();
  readonly #timers = new Map<string, Cancel>();
  readonly #attempts = new Map<string, number>();
  readonly #listeners = new Set<(e: ProposalEvent) => void>();
  readonly #lastAdjustment = new Map<string, Adjustment['after']>();
  /** The last adjustment proposed per symbol; it blocks another while its id is in `#undecided`. */
  readonly #pendingAdjustment = new Map<string, string>();
  /**
   * Proposals this desk made that are not decided yet, as last stored: every decision and edit of them goes
   * through this desk, so confirming, expiring or checking one needs no store read (three per proposal before).
   */
  readonly #undecided = new Map<string, Proposal>();

  constructor(options: ProposalDeskOptions) {
    this.#o = options;
    this.#sizer = options.sizer ?? DEFAULT_SIZER_SETTINGS;
    this.#ttl = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#automation = options.automation ?? AUTOMATION_OFF;
  }

  /** Subscribes to proposal events; returns the unsubscribe. */
  onEvent(listener: (e: ProposalEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  setAutomation(policy: AutomationPolicy): void {
    this.#automation = policy;
  }

  get(id: string): Proposal | undefined {
    return this.#o.store.get(id);
  }

  /**
   * Sizes a signal and stores it as a pending proposal; if automation is on for its symbol or model and
   * the rule allows it, confirms it as 'automation'. Refused (with the reason) when the sizer cannot size
   * it, it sizes to 0 shares, or the signal was already proposed.
   */
  async proposeSignal(signal: BreakoutSignal): Promise<Result<Proposal, string>> {
    const now = this.#o.clock.now();
    const dir = signal.direction === 'up' ? 1 : -1;
    const entry = this.#o.market.lastPrice(signal.symbol) ?? signal.entry;
    const equity = this.#equity();
    const held = this.#o.portfolio.position(signal.symbol);
    const sized = this.#sizeSignal(signal, entry, equity, held, dir);
    if (!sized.ok) return sized;
    const stored = this.#o.store.insert({
      id: `proposal:${signal.id}`,
      kind: 'signal',
      createdAt: now,
      expiresAt: epochMs(now + this.#ttl),
      symbol: signal.symbol,
      side: dir > 0 ? 'buy' : 'sell',
      quantity: sized.value.quantity,
      entryType: 'market',
      reduceOnly: false,
      stopLoss: price(sized.value.stopLoss),
      takeProfit: price(sized.value.takeProfit),
      signalId: signal.id,
      modelId: signal.modelId,
      // The prediction id names the (model, bar) the prediction was made for, so orders and fills trace back to it.
      predictionId: `prediction:${signal.id}`,
      prediction: {
        direction: signal.direction, confidence: signal.confidence, entry, signalClose: signal.entry,
        volatility: signal.volatility, barTime: signal.barTime, at: signal.at, interval: signal.interval,
        breakout: { ...signal.prediction },
        servedBy: signal.servedBy.kind === 'model' ? { kind: 'model', version: signal.servedBy.version } : { ...signal.servedBy },
      },
      reasons: signal.reasons,
      sizing: sized.value.sizing,
    });
    if (!stored.ok) return stored;
    this.#track(stored.value);
    const answer = automationDecision(this.#automation, {
      symbol: signal.symbol, modelId: signal.modelId, confidence: signal.confidence,
      positionAfter: held + dir * sized.value.quantity, price: entry, equity,
    });
    if (!answer.confirm) return stored;
    const confirmed = await this.#confirm(stored.value.id, 'automation', answer.reason);
    return confirmed.ok ? confirmed : stored;
  }

  #sizeSignal(signal: BreakoutSignal, entry: number, equity: number, held: number, dir: 1 | -1): Result<SignalSizing, string> {
    const risk = this.#o.risk;
    if (risk !== undefined) {
      const advice = risk.advise(signal.symbol, dir, entry);
      if (!advice.ok) return err(`${signal.id} not proposed: ${advice.error}`);
      const r = sizeFromAdvice(advice.value, risk.source, held, this.#sizer);
      if (r.quantity <= 0) return err(`${signal.id} not proposed: sized to 0 shares (${String(r.sizing['limitNote'])}; ${advice.value.serving.note})`);
      return ok(r);
    }
    const sized = sizePosition({ equity, entry, stop: signal.stop, volatility: signal.volatility, held, direction: dir }, this.#sizer);
    if (!sized.ok) return err(`${signal.id} not proposed: ${sized.error}`);
    if (sized.value.quantity <= 0) return err(`${signal.id} not proposed: sized to 0 shares (binding limit: ${sized.value.bindingLimit})`);
    return ok({ quantity: sized.value.quantity, stopLoss: signal.stop, takeProfit: signal.target, sizing: { ...sized.value } });
  }

  /**
   * Re-evaluates the open position in `symbol` at the latest close: when the risk sizer asks for a material
   * change (a tighter stop, a moved target, a size cut; see `adjustmentFor`), stores an 'adjustment'
   * proposal on the same decision path, auto-confirmed only when automation is on for the symbol or the
   * risk sizer. One pending adjustment per position: none is made while one waits.
   * The answer itself when nothing is proposed or the proposal waits for the trader, a promise only while an
   * automatic confirmation goes through the order path: the session reviews every held symbol at every close,
   * and almost every review proposes nothing.
   * @returns the proposal, undefined when there is nothing to propose, or why the position could not be re-evaluated.
   */
  review(symbol: string): ReviewOutcome | Promise<ReviewOutcome> {
    const risk = this.#o.risk;
    const held = this.#o.portfolio.position(symbol);
    if (risk === undefined || held === 0) return NOTHING;
    // One pending adjustment per position, known without a store read: only this desk decides its proposals.
    const waiting = this.#pendingAdjustment.get(symbol);
    if (waiting !== undefined && this.#undecided.has(waiting)) return NOTHING;
    const dir = held > 0 ? 1 : -1;
    // The state is built only when there is something to propose (see `reviewAdvice`).
    const advice = risk.reviewAdvice(symbol, dir);
    if (!advice.ok) return err(`${symbol} not re-evaluated: ${advice.error}`);
    const bracket = this.#o.bracketOf?.(symbol, dir > 0 ? 'buy' : 'sell');
    const position = bracket === undefined ? { held } : { held, stopLoss: bracket.stopLoss, takeProfit: bracket.takeProfit };
    const a = adjustmentFor(advice.value, position, this.#lastAdjustment.get(symbol));
    if (a === undefined) return NOTHING;
    // Built now, before anything moves: the state the sizers answered in, as advise would have built it.
    const built = risk.state(symbol);
    if (!built.ok) return err(`${symbol} not re-evaluated: ${built.error}`);
    const state = built.value;
    const now = this.#o.clock.now();
    const signalId = `adjust:${symbol}:${now}`;
    const v = advice.value;
    const stored = this.#o.store.insert({
      id: `proposal:${signalId}`,
      kind: 'adjustment',
      createdAt: now,
      expiresAt: epochMs(now + this.#ttl),
      symbol,
      side: dir > 0 ? 'sell' : 'buy',
      // The shares sold back, or (stop/target only) the shares the moved bracket protects.
      quantity: a.sizeCut > 0 ? a.sizeCut : Math.abs(held),
      entryType: 'market',
      reduceOnly: true,
      stopLoss: price(a.stopLoss),
      takeProfit: price(a.takeProfit),
      signalId,
      modelId: risk.source.id,
      prediction: { kind: 'risk-review', entry: v.entry, atr: v.atr, confidence: 1 },
      reasons: [`${risk.source.id} re-evaluated ${symbol}: ${a.changes.join(', ')} (${v.serving.note})`],
      sizing: {
        method: 'risk-adjustment', servedBy: { ...risk.source }, changes: a.changes, sizeCut: a.sizeCut,
        before: a.before, after: a.after, equity: state.portfolioMetrics.totalValue, entry: v.entry, atr: v.atr,
        serving: { ...v.serving }, baseline: { ...v.baseline }, state: { ...state },
      },
    });
    if (!stored.ok) return stored;
    this.#lastAdjustment.set(symbol, a.after);
    this.#pendingAdjustment.set(symbol, stored.value.id);
    this.#track(stored.value);
    // An adjustment only protects or shrinks a position: the rule's confidence threshold and weight cap bound
    // new exposure and do not apply (a position that grew past the cap must still get its tighter stop);
    // whether automation is on for the symbol or the risk sizer does.
    const answer = automationDecision(this.#automation, {
      symbol, modelId: risk.source.id, confidence: 1, positionAfter: 0, price: v.entry, equity: state.portfolioMetrics.totalValue,
    });
    if (!answer.confirm) return stored;
    return this.#confirm(stored.value.id, 'automation', answer.reason).then((confirmed) => (confirmed.ok ? confirmed : stored));
  }

  /** Stores a rebalancing suggestion as a reduce-only proposal on the same decision path. */
  proposeRebalance(s: RebalanceSuggestion): Result<Proposal, string> {
    const now = this.#o.clock.now();
    const signalId = `rebalance:${s.kind}:${s.symbol}:${now}`;
    const stored = this.#o.store.insert({
      id: `proposal:${signalId}`,
      kind: 'rebalance',
      createdAt: now,
      expiresAt: epochMs(now + this.#ttl),
      symbol: s.symbol,
      side: s.side,
      quantity: s.quantity,
      entryType: 'market',
      reduceOnly: true,
      signalId,
      modelId: 'rule-based-rebalancer',
      prediction: { kind: s.kind, mark: s.mark },
      reasons: [s.reason],
      sizing: { method: s.kind, quantity: s.quantity, mark: s.mark, equity: this.#equity(), held: this.#o.portfolio.position(s.symbol) },
    });
    if (stored.ok) this.#track(stored.value);
    return stored;
  }

  /** The trader confirms: the order goes to the order path and its client order id is linked. */
  confirm(id: string): Promise<Result<Proposal, string>> {
    return this.#confirm(id, 'trader', 'confirmed by the trader');
  }

  /** The trader rejects, with a reason the audit trail keeps. */
  reject(id: string, reason: string): Result<Proposal, string> {
    if (reason.trim() === '') return err('a rejection needs a reason');
    const open = this.#open(id);
    if (!open.ok) return open;
    return this.#decide(id, { status: 'rejected', at: this.#o.clock.now(), by: 'trader', reason });
  }

  /** The trader edits quantity, stop or target; refused with the reason when the result breaks geometry or limits. */
  edit(id: string, changes: ProposalChanges): Result<Proposal, string> {
    const open = this.#open(id);
    if (!open.ok) return open;
    const p = open.value;
    if (p.kind === 'adjustment') return err(`edit of ${id} refused: an adjustment is confirmed or rejected as the risk sizer proposed it`);
    const checked = checkEdit(p, changes, {
      equity: this.#equity(),
      held: this.#o.portfolio.position(p.symbol),
      reference: this.#o.market.lastPrice(p.symbol) ?? proposalEntry(p) ?? Number.NaN,
      sizer: this.#sizer,
    });
    if (!checked.ok) return err(`edit of ${id} refused: ${checked.error}`);
    const c = checked.value;
    const changed = this.#o.store.edit(id, {
      quantity: c.quantity,
      ...(c.stopLoss === undefined ? {} : { stopLoss: c.stopLoss }),
      ...(c.takeProfit === undefined ? {} : { takeProfit: c.takeProfit }),
      sizing: c.sizing,
      edit: {
        at: this.#o.clock.now(),
        before: bracketOf(p.quantity, p.stopLoss, p.takeProfit),
        after: bracketOf(c.quantity, c.stopLoss, c.takeProfit),
      },
    });
    if (!changed) return err(`proposal ${id} was decided meanwhile`);
    const edited = this.#o.store.get(id);
    if (edited === undefined) return err(`proposal ${id} not found`);
    if (this.#undecided.has(id)) this.#undecided.set(id, edited);
    this.#emit({ kind: 'edited', proposal: edited });
    return ok(edited);
  }

  /** Expires every pending proposal due by now; returns how many. Also runs on the clock's timers. */
  expireDue(): number {
    let n = 0;
    for (const p of this.#o.store.due(this.#o.clock.now())) if (this.#expire(p.id)) n++;
    return n;
  }

  /** Stops the expiry timers (the proposals stay pending in the store; `expireDue` catches them up). */
  close(): void {
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  async #confirm(id: string, by: DecidedBy, reason: string): Promise<Result<Proposal, string>> {
    const open = this.#open(id);
    if (!open.ok) return open;
    if (this.#inFlight.has(id)) return err(`proposal ${id} is already being confirmed`);
    const p = open.value;
    const attempt = (this.#attempts.get(id) ?? 0) + 1;
    this.#attempts.set(id, attempt);
    this.#inFlight.add(id);
    let done: Result<ConfirmedAction, string>;
    try {
      done = p.kind === 'adjustment' ? await this.#applyAdjustment(p, attempt) : sent(await this.#o.submit(orderRequestFor(p, attempt)));
    } finally {
      this.#inFlight.delete(id);
    }
    if (!done.ok) {
      // The proposal stays pending: the trader may edit it and try again, or reject it.
      this.#emit({ kind: 'confirm-refused', proposal: p, reason: done.error });
      return err(`order for ${id} refused: ${done.error}`);
    }
    const confidence = proposalConfidence(p);
    const why = by === 'automation' ? reason : `${reason} (confidence ${confidence})`;
    return this.#decide(id, {
      status: 'confirmed', at: this.#o.clock.now(), by,
      ...(done.value.orderId === undefined ? {} : { clientOrderId: done.value.orderId }),
      reason: done.value.note === undefined ? why : `${why}; ${done.value.note}`,
    });
  }

  /**
   * Cuts the size (a reduce-only order) and then moves the bracket; refused as a whole when the order is.
   * A move alone creates no order: the decision names the entry whose bracket moved instead.
   */
  async #applyAdjustment(p: Proposal, attempt: number): Promise<Result<ConfirmedAction, string>> {
    const changes = Array.isArray(p.sizing['changes']) ? p.sizing['changes'] : [];
    const moves = changes.includes('stop') || changes.includes('target');
    if (moves && this.#o.amendBracket === undefined) return err('this desk cannot move a working bracket');
    let orderId: string | undefined;
    if (changes.includes('size')) {
      const cut = await this.#o.submit(orderRequestFor(p, attempt));
      if (!cut.ok) return cut;
      orderId = cut.value;
    }
    if (!moves || this.#o.amendBracket === undefined || p.stopLoss === undefined || p.takeProfit === undefined) return ok({ ...(orderId === undefined ? {} : { orderId }) });
    // An adjustment sells back what the entry bought: the position's entries are on the other side.
    const amended = this.#o.amendBracket(p.symbol, p.side === 'sell' ? 'buy' : 'sell', { stopLoss: p.stopLoss, takeProfit: p.takeProfit });
    // The size cut already went out: the confirmation stands, and says the bracket did not move.
    if (!amended.ok) return orderId === undefined ? amended : ok({ orderId, note: `bracket not moved: ${amended.error}` });
    return ok({ ...(orderId === undefined ? {} : { orderId }), note: `bracket of ${amended.value} moved to stop ${p.stopLoss}, target ${p.takeProfit}` });
  }

  #open(id: string): Result<Proposal, string> {
    const p = this.#undecided.get(id) ?? this.#o.store.get(id);
    if (p === undefined) return err(`no proposal ${id}`);
    if (p.status === 'pending' && p.expiresAt <= this.#o.clock.now()) {
      this.#expire(id);
      return err(`proposal ${id} expired at ${new Date(p.expiresAt).toISOString()}`);
    }
    if (p.status !== 'pending') return err(`proposal ${id} was already ${p.status}${p.decidedBy === undefined ? '' : ` by ${p.decidedBy}`}: a proposal is decided once`);
    return ok(p);
  }

  #expire(id: string): boolean {
    const r = this.#decide(id, { status: 'expired', at: this.#o.clock.now(), by: 'system', reason: 'no decision before the proposal expired' });
    return r.ok;
  }

  #decide(id: string, d: DecisionRecord): Result<Proposal, string> {
    const known = this.#undecided.get(id);
    // Decided now, or already decided elsewhere: pending no more either way.
    this.#undecided.delete(id);
    if (!this.#o.store.decide(id, d)) return err(`proposal ${id} was already decided: a proposal is decided once`);
    this.#timers.get(id)?.();
    this.#timers.delete(id);
    const decided = known === undefined ? this.#o.store.get(id) : withDecision(known, d);
    if (decided === undefined) return err(`proposal ${id} not found`);
    this.#emit({ kind: 'decided', proposal: decided });
    return ok(decided);
  }

  #track(p: Proposal): void {
    this.#undecided.set(p.id, p);
    this.#timers.set(p.id, this.#o.clock.schedule(p.expiresAt - this.#o.clock.now(), () => this.#expire(p.id)));
    this.#emit({ kind: 'proposed', proposal: p });
  }

  #equity(): number {
    return this.#o.portfolio.equity((s) => this.#o.market.lastPrice(s));
  }

  #emit(e: ProposalEvent): void {
    for (const listener of this.#listeners) listener(e);
  }
}

/** What a review of an open position came to: the proposal, nothing to propose, or why it could not be made. */
export type ReviewOutcome = Result<Proposal | undefined, string>;

const NOTHING: ReviewOutcome = ok(undefined);

/** What a confirmation did: the order it created (none when an adjustment only moved a bracket) and a note. */
interface ConfirmedAction {
  readonly orderId?: string;
  readonly note?: string;
}

const sent = (r: Result<string, string>): Result<ConfirmedAction, string> => (r.ok ? ok({ orderId: r.value }) : r);

/** A signal's quantity, bracket and the numbers behind them. */
interface SignalSizing {
  readonly quantity: number;
  readonly stopLoss: number;
  readonly takeProfit: number;
  readonly sizing: Readonly<Record<string, unknown>>;
}

function bracketOf(q: number, stop: number | undefined, target: number | undefined): { quantity: number; stopLoss?: number; takeProfit?: number } {
  return { quantity: q, ...(stop === undefined ? {} : { stopLoss: stop }), ...(target === undefined ? {} : { takeProfit: target }) };
}

/**
 * The order a confirmation sends: a market entry with the bracket (signal) or a reduce-only market order
 * (rebalance), GTC so an entry decided after the close waits for the next session instead of expiring.
 * The client order id carries the attempt, so a retry after a refusal is not a reused id.
 */
export function orderRequestFor(p: Proposal, attempt = 1): OrderRequest {
  const base = {
    clientOrderId: `${p.id}#${attempt}`,
    symbol: p.symbol,
    side: p.side,
    type: 'market' as const,
    quantity: quantity(p.quantity),
    timeInForce: 'gtc' as const,
    origin: { kind: 'proposal' as const, proposalId: p.id, modelId: p.modelId, ...(p.predictionId === undefined ? {} : { predictionId: p.predictionId }) },
  };
  if (p.reduceOnly || p.stopLoss === undefined || p.takeProfit === undefined) return { ...base, reduceOnly: true };
  return { ...base, bracket: { stopLoss: price(p.stopLoss), takeProfit: price(p.takeProfit) } };
}
