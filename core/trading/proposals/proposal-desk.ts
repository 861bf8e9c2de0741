import { epochMs, price, quantity } from '../../market/units.js';
import type { Cancel, Clock } from '../../time/clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { OrderRequest } from '../order.js';
import type { RebalanceSuggestion } from '../portfolio/rebalance.js';
import type { MarketView, PortfolioView } from '../portfolio-view.js';
import { DEFAULT_SIZER_SETTINGS, sizePosition, type SizerSettings } from '../sizing/rule-based-sizer.js';
import { AUTOMATION_OFF, automationDecision, type AutomationPolicy } from './automation.js';
import type { BreakoutSignal } from './breakout-signal.js';
import { checkEdit, type ProposalChanges } from './proposal-edit.js';
import type { ProposalStore } from './proposal-store.js';
import { proposalConfidence, proposalEntry, type DecidedBy, type Proposal } from './proposal.js';

/**
 * Hands a confirmed order to the order path (the OrderManager's submit): the client order id it journalled,
 * or the reason it was refused (pre-trade check, validation).
 */
export type SubmitOrder = (request: OrderRequest) => Result<string, string> | Promise<Result<string, string>>;

export interface ProposalDeskOptions {
  readonly store: ProposalStore;
  readonly clock: Clock;
  readonly portfolio: PortfolioView;
  readonly market: MarketView;
  readonly submit: SubmitOrder;
  readonly sizer?: SizerSettings;
  /** How long a proposal waits for a decision. */
  readonly ttlMs?: number;
  readonly automation?: AutomationPolicy;
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
    const sized = sizePosition({ equity, entry, stop: signal.stop, volatility: signal.volatility, held, direction: dir }, this.#sizer);
    if (!sized.ok) return err(`${signal.id} not proposed: ${sized.error}`);
    if (sized.value.quantity <= 0) return err(`${signal.id} not proposed: sized to 0 shares (binding limit: ${sized.value.bindingLimit})`);
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
      stopLoss: signal.stop,
      takeProfit: signal.target,
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
      sizing: { ...sized.value },
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
    let submitted: Result<string, string>;
    try {
      submitted = await this.#o.submit(orderRequestFor(p, attempt));
    } finally {
      this.#inFlight.delete(id);
    }
    if (!submitted.ok) {
      // The proposal stays pending: the trader may edit it and try again, or reject it.
      this.#emit({ kind: 'confirm-refused', proposal: p, reason: submitted.error });
      return err(`order for ${id} refused: ${submitted.error}`);
    }
    const confidence = proposalConfidence(p);
    return this.#decide(id, {
      status: 'confirmed', at: this.#o.clock.now(), by, clientOrderId: submitted.value,
      reason: by === 'automation' ? reason : `${reason} (confidence ${confidence})`,
    });
  }

  #open(id: string): Result<Proposal, string> {
    const p = this.#o.store.get(id);
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

  #decide(id: string, d: Parameters<ProposalStore['decide']>[1]): Result<Proposal, string> {
    if (!this.#o.store.decide(id, d)) return err(`proposal ${id} was already decided: a proposal is decided once`);
    this.#timers.get(id)?.();
    this.#timers.delete(id);
    const decided = this.#o.store.get(id);
    if (decided === undefined) return err(`proposal ${id} not found`);
    this.#emit({ kind: 'decided', proposal: decided });
    return ok(decided);
  }

  #track(p: Proposal): void {
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
