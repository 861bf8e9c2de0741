import type { Db } from '../../storage/open-database.js';
import { epochMs, quantity, type EpochMs } from '../../market/units.js';
import type { Clock } from '../../time/clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { Fill, OrderLeg, OrderRequest } from '../order.js';
import type { OrderDenied, PreTradeContext, PreTradeGate, PreTradeVerdict } from '../pre-trade.js';
import { loadGateHistory } from './gate-history-loader.js';
import { GateMemory, type GateState } from './gate-memory.js';
import { KillSwitches, modelScope, type KillSwitchScope, type KillSwitchTrip } from './kill-switches.js';
import { equityOf, isTrulyReducing } from './order-effect.js';
import { RiskEventStore } from './risk-event-store.js';
import type { RiskLimits } from './risk-limits.js';
import { RiskSettingsStore } from './risk-settings-store.js';
import { PRE_TRADE_RULES } from './rules/index.js';
import { dailyLossRule, pastDailyLossLimit } from './rules/daily-loss-rule.js';
import { CheckInput, PASS, deny } from './rules/rule.js';
import { SettingsTable } from './settings-table.js';
import { tradingDayOf } from './trading-day.js';

const DAY_START_KEY = 'risk-day-start';

interface DayStart {
  readonly day: string;
  readonly equity: number;
}

const isDayStart = (value: unknown): value is DayStart =>
  typeof value === 'object' && value !== null && typeof (value as DayStart).day === 'string' && Number.isFinite((value as DayStart).equity);

/**
 * The pre-trade gate: runs PRE_TRADE_RULES in their fixed order and reports the first refusal. Orders that
 * truly reduce a position (reduce-only, opposite side, no larger than it) skip the risk-increasing rules but
 * not the validity and duplicate checks. A daily-loss refusal trips the global kill switch.
 *
 * Kill switches, limits and the start-of-day equity live in SQLite; rate/duplicate windows, stop-outs and
 * day trades are rebuilt from the order journal on open, so a restart reopens no window.
 */
export class PreTradeChecks implements PreTradeGate {
  readonly events: RiskEventStore;
  readonly #settings: RiskSettingsStore;
  readonly #switches: KillSwitches;
  readonly #table: SettingsTable;
  readonly #memory = new GateMemory();
  #dayStart: DayStart | undefined;
  /**
   * #dayStart's equity, kept beside it in a field that may hold undefined: read from there it is already a heap
   * number, where the object's double field is unboxed and re-boxed for the loss test at every mark asked.
   */
  #dayStartEquity: number | undefined = undefined;
  /** Set by holdDayStart: day starts stay in memory until flushDayStart writes the latest. */
  #holdDayStart = false;
  /** A held day start not yet written, and the time it was fixed at (the row's updated_at). */
  #unwritten = false;
  #unwrittenAt = epochMs(0);
  /** Built once: the rules read the memory, the switches and the day start through it when they run. */
  readonly #view: GateState;
  /** The input handed to the rules, reset at each check (no object per order), and whether a check is using it. */
  readonly #input: CheckInput;
  #checking = false;

  private constructor(table: SettingsTable, events: RiskEventStore, settings: RiskSettingsStore, switches: KillSwitches) {
    this.#table = table;
    this.events = events;
    this.#settings = settings;
    this.#switches = switches;
    const stored = table.get(DAY_START_KEY);
    this.#dayStart = isDayStart(stored) ? stored : undefined;
    this.#dayStartEquity = this.#dayStart?.equity;
    this.#view = this.#memory.view(
      { global: () => switches.isOn('global'), model: (id) => switches.isOn(modelScope(id)) },
      () => this.#dayStart?.equity,
    );
    this.#input = new CheckInput(PROBE, EMPTY_CONTEXT, settings.current, this.#view, false);
  }

  /** Opens the gate on a migrated desk database; an error if the stored limits are invalid. */
  static open(db: Db, clock: Clock): Result<PreTradeChecks> {
    const table = new SettingsTable(db);
    const events = new RiskEventStore(db);
    const settings = RiskSettingsStore.open(table, events, clock);
    if (!settings.ok) return err(settings.error);
    const gate = new PreTradeChecks(table, events, settings.value, new KillSwitches(table, events, clock));
    loadGateHistory(db, gate.#memory, clock.now());
    return ok(gate);
  }

  check(request: OrderRequest, context: PreTradeContext): PreTradeVerdict {
    this.#memory.prune(context.now);
    const state = this.#state(context);
    const reducing = isTrulyReducing(request, context.portfolio.position(request.symbol));
    // One input serves every check; a check started inside another (say, from a trip listener) gets its own.
    const reused = !this.#checking;
    const input = reused ? this.#input.reset(request, context, this.#settings.current, state, reducing) : new CheckInput(request, context, this.#settings.current, state, reducing);
    if (reused) this.#checking = true;
    try {
      for (const rule of PRE_TRADE_RULES) {
        if (reducing && rule.skipsReducing) continue;
        let verdict: PreTradeVerdict;
        try {
          verdict = rule.check(input);
        } catch (error) {
          // Fail closed: an order that cannot be checked does not go out.
          verdict = deny(rule.id, `the ${rule.id} check could not be completed (${error instanceof Error ? error.message : String(error)}): order not sent`);
        }
        if (!verdict.ok) {
          if (verdict.ruleId === 'daily-loss-limit') this.#switches.set('global', true, 'system:daily-loss-limit', verdict.reason);
          return verdict;
        }
      }
      return PASS;
    } finally {
      if (reused) this.#checking = false;
    }
  }

  onSubmitted(request: OrderRequest, context: PreTradeContext): void {
    this.#memory.recordSubmission(request, context.now);
  }

  isKillSwitchOn(modelId?: string): boolean {
    return this.#switches.isOn('global') || (modelId !== undefined && this.#switches.isOn(modelScope(modelId)));
  }

  /** Tell the gate about every fill (with its order's leg): stop-outs start cooldowns, fills count day trades. */
  recordFill(fill: Fill, leg: OrderLeg): void {
    this.#memory.recordFill(fill, leg);
  }

  onFill(fill: Fill, leg: OrderLeg): void {
    this.recordFill(fill, leg);
  }

  onMark(context: PreTradeContext): void {
    this.evaluateDailyLoss(context);
  }

  /** Persists a refusal the order path reports (the listener the order manager hands OrderDenied to). */
  recordDenied(denied: OrderDenied): void {
    this.events.recordDenied(denied);
  }

  get limits(): RiskLimits {
    return this.#settings.current;
  }

  /** Changes some limits; refused whole, with a reason, if the result is invalid. */
  updateLimits(patch: unknown, actor: string, reason: string): Result<RiskLimits> {
    return this.#settings.update(patch, actor, reason);
  }

  /**
   * Turns the global switch (no modelId) or a model's switch on or off; false if it already was. Turning
   * one on calls the trip listeners.
   */
  setKillSwitch(on: boolean, who: { readonly actor: string; readonly reason: string; readonly modelId?: string }): boolean {
    const scope: KillSwitchScope = who.modelId === undefined ? 'global' : modelScope(who.modelId);
    return this.#switches.set(scope, on, who.actor, who.reason);
  }

  activeKillSwitches(): KillSwitchScope[] {
    return this.#switches.active();
  }

  /** The order manager registers here to cancel working orders that add risk when a switch trips. */
  onTrip(listener: (trip: KillSwitchTrip) => void): () => void {
    return this.#switches.onTrip(listener);
  }

  /**
   * Fixes the start-of-day equity for the trading day of `time` (call at the session open). Without it the
   * gate takes the equity it first sees that day, which misses losses made before the first order.
   */
  startDay(equity: number, time: EpochMs): void {
    this.#dayStart = { day: tradingDayOf(time), equity };
    this.#dayStartEquity = equity;
    if (this.#holdDayStart) {
      this.#unwritten = true;
      this.#unwrittenAt = time;
      return;
    }
    this.#table.put(DAY_START_KEY, this.#dayStart, time);
  }

  /**
   * From now on the start-of-day equity is kept in memory and written only by `flushDayStart`, for a database
   * that is itself committed in chunks (a backtest's run file, committed every so many bars): the gate reads its
   * own copy, and the file is only read after a commit, so writing once per commit instead of once per trading
   * day (an upsert per simulated day) leaves every commit holding what a write per day would have. The desk never
   * holds: a restart must find the day it crashed in.
   */
  holdDayStart(): void {
    this.#holdDayStart = true;
  }

  /** Writes the held day start, as startDay would have, if one was fixed since the last write; else nothing. */
  flushDayStart(): void {
    if (!this.#unwritten || this.#dayStart === undefined) return;
    this.#table.put(DAY_START_KEY, this.#dayStart, this.#unwrittenAt);
    this.#unwritten = false;
  }

  /**
   * Whether a mark at `now` with the account at `equity` has anything to do: fix the start of a new trading day,
   * or trip the global switch on a daily loss past the limit. O(1) and allocation-free, so an engine can ask at
   * every close and mark only when told; a mark it skips would have changed nothing.
   */
  markDue(equity: number, now: EpochMs): boolean {
    if (this.#dayStart?.day !== tradingDayOf(now)) return true;
    return !this.#switches.isOn('global') && pastDailyLossLimit(this.#dayStartEquity, equity, this.#settings.current.dailyLossLimitPct);
  }

  /** Checks the daily loss now (e.g. on every bar) and trips the global switch if it is past the limit. */
  evaluateDailyLoss(context: PreTradeContext): boolean {
    const equity = equityOf(context);
    if (this.#dayStart?.day !== tradingDayOf(context.now)) this.startDay(equity, context.now);
    // The rule runs only to word its refusal: the same test, without building its input at every mark.
    if (!pastDailyLossLimit(this.#dayStart?.equity, equity, this.#settings.current.dailyLossLimitPct)) return false;
    const verdict = dailyLossRule.check({ request: PROBE, context, limits: this.#settings.current, state: this.#view, reducing: false });
    if (verdict.ok) return false;
    return this.#switches.set('global', true, 'system:daily-loss-limit', verdict.reason);
  }

  #state(context: PreTradeContext): GateState {
    if (this.#dayStart?.day !== tradingDayOf(context.now)) this.startDay(equityOf(context), context.now);
    return this.#view;
  }
}

/** The daily-loss rule ignores the order; evaluateDailyLoss needs a request only to fill the input. */
const PROBE: OrderRequest = {
  clientOrderId: 'daily-loss-probe',
  symbol: '',
  side: 'buy',
  type: 'market',
  quantity: quantity(0),
  timeInForce: 'day',
  origin: { kind: 'system' },
};

/** What the reused check input holds before its first check; never read. */
const EMPTY_CONTEXT: PreTradeContext = {
  now: epochMs(0),
  market: { lastPrice: () => undefined },
  portfolio: { cash: () => 0, position: () => 0, positions: () => [], equity: () => 0, realisedPnlSince: () => 0 },
  openOrders: [],
  hasClientOrderId: () => false,
};
