import type { Clock } from '../../../time/clock.js';
import type { Broker, BrokerOrderState, BrokerPosition, ExecutionReport } from '../../../trading/broker.js';
import type { Order } from '../../../trading/order.js';
import { ALPACA_LIVE, tradeStreamUrl, type AlpacaCredentialsSource, type AlpacaEndpoints } from '../endpoints.js';
import { FullJitterBackoff } from '../backoff.js';
import { formatRfc3339, parseRfc3339 } from '../rfc3339.js';
import { epochMs, price, quantity } from '../../../market/units.js';
import { ClientOrderIds } from './client-order-ids.js';
import { ocoRequestBody, pairExits, stopLegIdOf, type ExitPair } from './oco-exits.js';
import { brokerOrderState, brokerPosition, fillId, orderRequestBody, reportFromTradeUpdate } from './order-mapping.js';
import { TradeUpdatesStream, type TradeStreamState, type TradeUpdatesStreamOptions } from './trade-updates-stream.js';
import { alpacaOrderSchema, type AlpacaOrder, type TradeUpdate } from './trading-messages.js';
import { apiMessage, TradingRest, TransportError, type FetchLike, type RestAnswer } from './trading-rest.js';

export interface AlpacaBrokerOptions {
  readonly endpoints: Pick<AlpacaEndpoints, 'tradingBase'>;
  readonly credentials: AlpacaCredentialsSource;
  readonly clock: Clock;
  /** Uniform [0, 1) for retry and reconnect jitter; seeded in tests. */
  readonly random: () => number;
  readonly fetch?: FetchLike;
  /** Default 10,000 ms. */
  readonly requestTimeoutMs?: number;
  /** Defaults to `tradingBase` with a ws scheme and `/stream` (protocol note D). */
  readonly streamUrl?: string;
  /** POSTs of one order before it is left to the next reconciliation. Default 4. */
  readonly maxSubmitAttempts?: number;
  /** 429s one request may meet before it gives up. Default 5. */
  readonly maxRateLimitWaits?: number;
  /** Full-jitter window of the first re-submit. Default 500 ms. */
  readonly retryBaseMs?: number;
  /** How many of the newest orders reconciliation reads (Alpaca's maximum page). Default 500. */
  readonly reconcileLimit?: number;
  readonly stream?: Omit<Partial<TradeUpdatesStreamOptions>, 'url' | 'credentials' | 'clock' | 'random'>;
  /**
   * How long a bracket exit waits for its sibling before going out alone. Default 1,000 ms. The desk re-makes
   * both exits together, or one after the other as Alpaca's cancel of one OCO order cancels the other.
   */
  readonly exitPairWaitMs?: number;
  /**
   * Asked before every order to the live endpoint: true once the trader armed live trading for this session (the
   * desk's `LiveArming`). Without it, or while it says false, live orders are rejected unsent. Paper ignores it.
   */
  readonly liveArmed?: () => boolean;
  /** How far back the first fill catch-up of a process reads executions. Default 7 days. */
  readonly fillLookbackMs?: number;
}

/** What the adapter counted; all of it is normal traffic except `malformedEvents` and `unresolvedSubmits`. */
export interface AlpacaBrokerCounters {
  /** Order POSTs sent, re-sends included. */
  posts: number;
  /** Lookups by client order id after a submit whose answer was lost or a 5xx. */
  lookups: number;
  /** Orders found by that lookup: accepted even though their POST answer never came. */
  foundAfterLostResponse: number;
  /** Orders refused by Alpaca (403, 422, …) and reported rejected without a retry. */
  rejected: number;
  /** 429 answers waited out. */
  rateLimited: number;
  /** Orders still unresolved after every attempt: left as `new` for the next reconciliation. */
  unresolvedSubmits: number;
  /** Stream messages that failed validation. */
  malformedEvents: number;
  /** Stream fills already counted by a reconciliation (their cumulative quantity was in the REST view). */
  staleFills: number;
  /** Stream events that change nothing for the desk (done_for_day, pending_cancel, …). */
  ignoredEvents: number;
  /** Cancels Alpaca refused or that could not be sent. */
  cancelFailures: number;
  /** Executions brought in from REST fill activities by a catch-up (duplicates of stream fills included). */
  caughtUpFills: number;
}

/** One reconciliation's read of the orders list, and the broker's order traffic count when it was asked for. */
interface ReconciliationScope {
  list: Promise<AlpacaOrder[]> | undefined;
  trafficAtRead: number;
}

/** A wait of at least this long after a 429 without a reset header. */
const RATE_LIMIT_FALLBACK_MS = 1_000;

/**
 * The Alpaca paper (or live) account as the desk's `Broker`. Orders go out over REST with our client order id;
 * their fate comes back on the `trade_updates` stream as execution reports, which the order journal applies
 * idempotently (a fill's id is Alpaca's order id + cumulative quantity, the key the stream and REST share).
 *
 * A submit whose answer is lost (reset, timeout, 5xx) is never blindly re-sent: the order is looked up by its
 * client order id first, and re-sent only if Alpaca does not have it; Alpaca refuses a reused client id, so even
 * a lookup that lies cannot make two orders. Refusals (403 buying power, 422 invalid, 401 keys) are reported
 * once, never retried. The stream replays nothing, so every new session calls the `onResync` listeners: the desk
 * then runs the fill catch-up and `OrderManager.recover()`, which reads `openOrders()` (the newest orders, open and
 * closed; one read for both steps, see `reconciling`) and `positions()` and brings the journal in line (see
 * `reconcileOnResume`).
 */
export class AlpacaBroker implements Broker {
  readonly name = 'alpaca';
  readonly counters: AlpacaBrokerCounters = {
    posts: 0, lookups: 0, foundAfterLostResponse: 0, rejected: 0, rateLimited: 0, unresolvedSubmits: 0,
    malformedEvents: 0, staleFills: 0, ignoredEvents: 0, cancelFailures: 0, caughtUpFills: 0,
  };
  /** The latest problems, newest last, for the desk's status line (at most 20). */
  readonly problems: string[] = [];
  readonly #o: AlpacaBrokerOptions;
  readonly #rest: TradingRest;
  readonly #stream: TradeUpdatesStream;
  readonly #listeners = new Set<(report: ExecutionReport) => void>();
  readonly #resyncListeners = new Set<() => void>();
  /** Alpaca order id per client order id, from answers, lookups and events. */
  readonly #alpacaIds = new Map<string, string>();
  /** Filled quantity per client order id that a reconciliation already read over REST. */
  readonly #reconciledQty = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Our client order id per Alpaca order id, for OCO stop legs (Alpaca gives them client ids of its own). */
  readonly #ourIds = new Map<string, string>();
  /** Bracket exits waiting for their sibling, per OCO group, with the timer that sends them alone. */
  readonly #pendingExits = new Map<string, { readonly orders: Order[]; readonly cancel: () => void }>();
  /** Where the next fill catch-up starts (RFC 3339); undefined until the first one. */
  #fillsSince: string | undefined;
  /** Desk ids ↔ the ≤ 48-character ids Alpaca sees; fed the journal's open orders by `resolveIdsFrom`. */
  #ids = new ClientOrderIds();
  /** The orders list the steps of the running reconciliation share (see `reconciling`); undefined outside one. */
  #reconciliation: ReconciliationScope | undefined;
  /** Order POSTs sent, their answers and stream events: any of them may tell the journal of an order a list predates. */
  #orderTraffic = 0;
  /**
   * Orders handed to `submit` whose sending has not finished (a POST waiting out a 429 or a backoff, an exit held for
   * its OCO sibling): Alpaca may not hold them yet, so no list can say they are gone (see `openOrders`).
   */
  readonly #onTheWay = new Set<string>();

  constructor(options: AlpacaBrokerOptions) {
    this.#o = options;
    this.#rest = new TradingRest({
      baseUrl: options.endpoints.tradingBase,
      credentials: options.credentials,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
    });
    this.#stream = new TradeUpdatesStream(
      { ...options.stream, url: options.streamUrl ?? tradeStreamUrl(options.endpoints.tradingBase), credentials: options.credentials, clock: options.clock, random: options.random },
      {
        onUpdate: (update) => this.#onUpdate(update),
        onListening: () => {
          for (const listener of this.#resyncListeners) listener();
        },
        onMalformed: (reason) => {
          this.counters.malformedEvents++;
          this.#problem(reason);
        },
      },
    );
  }

  /**
   * Where a restarted process finds the desk ids of orders it did not send itself (the journal's open orders): a
   * desk id over 48 characters goes to Alpaca shortened, and Alpaca's lists and events carry the short form.
   */
  resolveIdsFrom(deskIds: () => Iterable<string>): void {
    this.#ids = new ClientOrderIds(deskIds);
  }

  /** Opens the `trade_updates` stream (and keeps it open). */
  start(): void {
    this.#stream.start();
  }

  /** Closes the stream for good (REST calls in flight finish). */
  stop(): void {
    this.#stream.stop();
  }

  /** Where the `trade_updates` stream is and why, for the desk's status line. */
  streamState(): TradeStreamState {
    return this.#stream.state();
  }

  /**
   * Sends an order. Bracket exits are paired: Alpaca holds shares for an open sell, so a stop and a target on the
   * same shares must be one OCO order (two simple ones get 403 "insufficient qty available"). The take-profit
   * carries our client order id, the stop leg is mapped back to ours from Alpaca's answer.
   */
  submit(order: Order): void {
    if (this.#isLive() && this.#o.liveArmed?.() !== true) {
      this.#reject(order.clientOrderId, 'live trading is not armed for this session: arm it in Settings, or switch to the paper account');
      return;
    }
    this.#ids.toBroker(order.clientOrderId);
    this.#onTheWay.add(order.clientOrderId);
    const group = order.ocoGroup;
    if (group === undefined || (order.leg !== 'stop_loss' && order.leg !== 'take_profit')) {
      this.#trackSubmit([order], this.#submit([order], () => orderRequestBody(order)));
      return;
    }
    const pending = this.#pendingExits.get(group);
    if (pending === undefined) {
      const cancel = this.#o.clock.schedule(this.#o.exitPairWaitMs ?? 1_000, () => this.#flushExits(group));
      this.#pendingExits.set(group, { orders: [order], cancel });
      return;
    }
    pending.orders.push(order);
    if (pairExits(pending.orders) !== undefined) this.#flushExits(group);
  }

  #isLive(): boolean {
    return this.#o.endpoints.tradingBase.replace(/\/+$/, '') === ALPACA_LIVE.tradingBase;
  }

  #flushExits(group: string): void {
    const pending = this.#pendingExits.get(group);
    if (pending === undefined) return;
    this.#pendingExits.delete(group);
    pending.cancel();
    const pair = pairExits(pending.orders);
    if (pair !== undefined) {
      this.#trackSubmit(pending.orders, this.#submit([pair.takeProfit, pair.stopLoss], () => ocoRequestBody(pair), pair));
      return;
    }
    for (const order of pending.orders) this.#trackSubmit([order], this.#submit([order], () => orderRequestBody(order)));
  }

  /** Asks Alpaca to cancel; the journal changes only when the `canceled` event (or a reconciliation) confirms. */
  cancel(clientOrderId: string): void {
    this.#track(this.#cancel(clientOrderId));
  }

  /** Execution reports from answers, events and catch-ups; returns the unsubscribe. */
  onReport(listener: (report: ExecutionReport) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called each time a stream session starts listening: events before it may be lost, so reconcile. */
  onResync(listener: () => void): () => void {
    this.#resyncListeners.add(listener);
    return () => this.#resyncListeners.delete(listener);
  }

  /**
   * Runs one reconciliation (the fill catch-up, then `OrderManager.recover()`) over a single read of the orders list:
   * both steps need the same newest orders (the catch-up to know whose fills they are, the recovery for statuses),
   * and the list is the largest request of a resync (up to 500 orders). The list is read before the fill activities,
   * so every fill it counts is also in the activities the catch-up reports one by one, and the recovery finds no
   * quantity missing. An order POSTed after the read is not in it, and the recovery would take a working order it
   * does not list for cancelled: so once the desk has traded since the read (a POST sent or answered, a stream event),
   * the next step reads afresh, as both did before the read was shared. A quiet reconnect reads the list once. A new
   * `reconciling` call reads afresh too, and a failed read is not kept.
   */
  async reconciling<T>(work: () => Promise<T>): Promise<T> {
    const scope: ReconciliationScope = { list: undefined, trafficAtRead: 0 };
    this.#reconciliation = scope;
    try {
      return await work();
    } finally {
      if (this.#reconciliation === scope) this.#reconciliation = undefined;
    }
  }

  /** The newest orders as Alpaca lists them: shared by the steps of one `reconciling`, else a fresh read. */
  #listOrders(): Promise<AlpacaOrder[]> {
    const read = (): Promise<AlpacaOrder[]> => this.#rest.listOrders(this.#o.reconcileLimit ?? 500);
    const scope = this.#reconciliation;
    if (scope === undefined) return read();
    if (scope.list === undefined || scope.trafficAtRead !== this.#orderTraffic) {
      scope.trafficAtRead = this.#orderTraffic;
      const list = read().catch((cause: unknown) => {
        if (scope.list === list) scope.list = undefined;
        throw cause;
      });
      scope.list = list;
    }
    return scope.list;
  }

  /**
   * The newest orders, open and closed (a working order that filled while we were away must not read as gone), and
   * as `new` each order still being sent that the list does not hold: a recovery would take it for one never sent
   * and send it again, or, already re-sent once, reject it while Alpaca goes on to accept it.
   */
  async openOrders(): Promise<readonly BrokerOrderState[]> {
    const listed = (await this.#listOrders()).map((order) => this.#ours(order));
    const orders = listed.flatMap((order) => [order, ...this.#mapLegs(order)]);
    const states = orders.map((order) => {
      this.#alpacaIds.set(order.client_order_id, order.id);
      const filled = order.filled_qty ?? 0;
      this.#reconciledQty.set(order.client_order_id, Math.max(filled, this.#reconciledQty.get(order.client_order_id) ?? 0));
      return brokerOrderState(order);
    });
    const known = new Set(states.map((state) => state.clientOrderId));
    for (const id of this.#onTheWay) if (!known.has(id)) states.push({ clientOrderId: id, status: 'new', filledQuantity: quantity(0) });
    return states;
  }

  /**
   * Reports, one per execution, the fills Alpaca lists since the last catch-up (protocol note C.3), with the same
   * fill id a stream event has (order id + cumulative quantity): after a gap the journal gets one row per missed
   * execution, and any it already has are skipped as duplicates. Run it before `OrderManager.recover()`, which then
   * finds nothing missing (`reconcileOnResume` does). Returns how many fill reports went out.
   */
  async catchUpFills(): Promise<number> {
    const since = this.#fillsSince ?? formatRfc3339(this.#o.clock.now() - (this.#o.fillLookbackMs ?? 7 * 86_400_000));
    // Whose executions they are: the newest orders by Alpaca id, OCO stop legs under our ids.
    const owner = new Map<string, string>();
    for (const [ours, alpacaId] of this.#alpacaIds) owner.set(alpacaId, ours);
    for (const listed of await this.#listOrders()) {
      const order = this.#ours(listed);
      owner.set(order.id, order.client_order_id);
      for (const leg of this.#mapLegs(order)) owner.set(leg.id, leg.client_order_id);
    }
    const activities = await this.#rest.fillActivities(since);
    let sent = 0;
    for (const activity of activities) {
      const clientOrderId = owner.get(activity.order_id);
      if (clientOrderId === undefined) continue;
      const stamped = parseRfc3339(activity.transaction_time);
      const time = Number.isFinite(stamped) ? epochMs(stamped) : this.#o.clock.now();
      this.#emit({
        kind: 'fill', clientOrderId, time,
        fill: {
          id: fillId(activity.order_id, activity.cum_qty), clientOrderId, symbol: activity.symbol, side: activity.side,
          quantity: quantity(activity.qty), price: price(activity.price), commission: 0, time,
        },
      });
      sent++;
    }
    this.counters.caughtUpFills += sent;
    const last = activities.at(-1);
    // `after` is exclusive and times may tie: start a second early next time; the fill ids make overlap harmless.
    if (last !== undefined && Number.isFinite(parseRfc3339(last.transaction_time))) this.#fillsSince = formatRfc3339(parseRfc3339(last.transaction_time) - 1_000);
    else this.#fillsSince ??= since;
    return sent;
  }

  /** The account's positions, signed (negative is short). */
  async positions(): Promise<readonly BrokerPosition[]> {
    return (await this.#rest.positions()).map(brokerPosition);
  }

  /** Resolves once every submit and cancel sent so far has its answer (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** `orders[0]` carries the client order id; an OCO's stop leg rides along as `orders[1]` (`pair`). */
  async #submit(orders: readonly Order[], makeBody: () => Record<string, unknown>, pair?: ExitPair): Promise<void> {
    const [first] = orders;
    if (first === undefined) return;
    const id = first.clientOrderId;
    const rejectAll = (reason: string): void => {
      for (const o of orders) this.#reject(o.clientOrderId, reason);
    };
    let body: Record<string, unknown>;
    try {
      body = makeBody();
    } catch (cause) {
      rejectAll(cause instanceof Error ? cause.message : String(cause));
      return;
    }
    const maxAttempts = this.#o.maxSubmitAttempts ?? 4;
    const backoff = new FullJitterBackoff({ random: this.#o.random, baseMs: this.#o.retryBaseMs ?? 500, maxMs: 30_000 });
    for (let attempt = 1; ; attempt++) {
      this.counters.posts++;
      this.#orderTraffic++;
      const answer = await this.#withRateLimit(() => this.#rest.createOrder(body));
      this.#orderTraffic++;
      if (answer?.status === 200) {
        const parsed = alpacaOrderSchema.safeParse(answer.body);
        await this.#accepted(id, parsed.success ? this.#ours(parsed.data) : undefined, pair);
        return;
      }
      if (answer !== undefined && answer.status === 422 && /client_order_id must be unique/i.test(apiMessage(answer.body))) {
        // An earlier attempt of ours got through after all (or the id was used before): the lookup says which.
        const found = await this.#lookup(id);
        if (found !== undefined) await this.#accepted(id, found, pair);
        else rejectAll(`Alpaca refused client order id ${id} as already used, and has no order with it`);
        return;
      }
      if (answer !== undefined && answer.status < 500) {
        // 401 keys, 403 buying power or shares, 422 invalid values: the same request would be refused again.
        rejectAll(`Alpaca refused the order (${answer.status}${apiMessage(answer.body) === '' ? '' : `: ${apiMessage(answer.body)}`})`);
        return;
      }
      // No answer or a 5xx: the order may exist. Ask before sending it again.
      const found = await this.#lookup(id);
      if (found !== undefined) {
        this.counters.foundAfterLostResponse++;
        await this.#accepted(id, found, pair);
        return;
      }
      if (attempt >= maxAttempts) {
        this.counters.unresolvedSubmits++;
        this.#problem(`order ${id}: no answer after ${attempt} attempts; left as new for the next reconciliation`);
        return;
      }
      await this.#sleep(backoff.next());
    }
  }

  /** A request that waits out 429s (up to a bound); undefined when no answer came at all. */
  async #withRateLimit(call: () => Promise<RestAnswer>): Promise<RestAnswer | undefined> {
    for (let waits = 0; ; waits++) {
      let answer: RestAnswer;
      try {
        answer = await call();
      } catch (cause) {
        if (cause instanceof TransportError) {
          this.#problem(cause.message);
          return undefined;
        }
        throw cause;
      }
      if (answer.status !== 429 || waits >= (this.#o.maxRateLimitWaits ?? 5)) return answer;
      this.counters.rateLimited++;
      const untilReset = answer.rateLimitReset === undefined ? 0 : answer.rateLimitReset * 1_000 - this.#o.clock.now();
      await this.#sleep(Math.max(RATE_LIMIT_FALLBACK_MS * (waits + 1), untilReset));
    }
  }

  /** Alpaca's order with this client order id, or undefined if Alpaca has none (or did not answer). */
  async #lookup(clientOrderId: string): Promise<AlpacaOrder | undefined> {
    this.counters.lookups++;
    try {
      const answer = await this.#rest.orderByClientId(this.#ids.toBroker(clientOrderId));
      const found = answer === undefined ? undefined : this.#ours(answer);
      if (found !== undefined) this.#alpacaIds.set(clientOrderId, found.id);
      return found;
    } catch (cause) {
      this.#problem(cause instanceof Error ? cause.message : String(cause));
      return undefined;
    }
  }

  async #cancel(clientOrderId: string): Promise<void> {
    const alpacaId = this.#alpacaIds.get(clientOrderId) ?? (await this.#lookup(clientOrderId))?.id;
    if (alpacaId === undefined) {
      this.counters.cancelFailures++;
      this.#problem(`cancel ${clientOrderId}: Alpaca has no such order`);
      return;
    }
    const answer = await this.#withRateLimit(() => this.#rest.cancelOrder(alpacaId));
    if (answer !== undefined && (answer.status === 204 || answer.status === 200)) return;
    // 422: already filled or cancelled; the stream or the next reconciliation brings the final state.
    this.counters.cancelFailures++;
    this.#problem(`cancel ${clientOrderId}: ${answer === undefined ? 'no answer' : `Alpaca answered ${answer.status} ${apiMessage(answer.body)}`}`);
  }

  #onUpdate(raw: TradeUpdate): void {
    this.#orderTraffic++;
    const id = this.#ourIds.get(raw.order.id) ?? this.#ids.toDesk(raw.order.client_order_id);
    const update = id === raw.order.client_order_id ? raw : { ...raw, order: { ...raw.order, client_order_id: id } };
    this.#alpacaIds.set(id, update.order.id);
    const report = reportFromTradeUpdate(update, this.#o.clock.now());
    if (report === undefined) {
      this.counters.ignoredEvents++;
      return;
    }
    if (report.kind === 'fill' && (update.order.filled_qty ?? 0) <= (this.#reconciledQty.get(id) ?? 0) + 1e-9) {
      // A reconciliation already brought this quantity into the journal as one fill; applying it again would double it.
      this.counters.staleFills++;
      return;
    }
    this.#emit(report);
  }

  async #accepted(clientOrderId: string, order: AlpacaOrder | undefined, pair?: ExitPair): Promise<void> {
    const alpacaId = order?.id;
    if (alpacaId !== undefined) this.#alpacaIds.set(clientOrderId, alpacaId);
    this.#emit({ kind: 'accepted', clientOrderId, time: this.#o.clock.now(), ...(alpacaId === undefined ? {} : { brokerOrderId: alpacaId }) });
    if (pair === undefined) return;
    let leg = order === undefined ? undefined : this.#mapLegs(order)[0];
    if (leg === undefined && alpacaId !== undefined) {
      // The docs show legs only on nested queries: ask for the OCO with its leg, or the stop leg's events stay unknown.
      try {
        leg = this.#mapLegs(this.#ours(await this.#rest.orderById(alpacaId)))[0];
      } catch (cause) {
        this.#problem(`OCO ${clientOrderId}: its stop leg could not be read (${cause instanceof Error ? cause.message : String(cause)}); the next reconciliation maps it`);
      }
    }
    this.#emit({ kind: 'accepted', clientOrderId: pair.stopLoss.clientOrderId, time: this.#o.clock.now(), ...(leg === undefined ? {} : { brokerOrderId: leg.id }) });
  }

  /** `order` under the desk's client order id (Alpaca's may be the shortened form). */
  #ours(order: AlpacaOrder): AlpacaOrder {
    const id = this.#ids.toDesk(order.client_order_id);
    return id === order.client_order_id ? order : { ...order, client_order_id: id };
  }

  /** Records our client order id for each OCO stop leg of `order`; returns the legs. */
  #mapLegs(order: AlpacaOrder): AlpacaOrder[] {
    const ours = stopLegIdOf(order.client_order_id);
    const legs: AlpacaOrder[] = [];
    for (const raw of order.legs ?? []) {
      const leg = alpacaOrderSchema.safeParse(raw);
      if (!leg.success || ours === undefined) continue;
      this.#ourIds.set(leg.data.id, ours);
      this.#alpacaIds.set(ours, leg.data.id);
      legs.push({ ...leg.data, client_order_id: ours });
    }
    return legs;
  }

  #reject(clientOrderId: string, reason: string): void {
    this.counters.rejected++;
    this.#problem(`order ${clientOrderId}: ${reason}`);
    this.#emit({ kind: 'rejected', clientOrderId, time: this.#o.clock.now(), reason });
  }

  #emit(report: ExecutionReport): void {
    for (const listener of this.#listeners) {
      try {
        listener(report);
      } catch (cause) {
        this.#problem(`a report listener failed: ${cause instanceof Error ? cause.message : String(cause)}`);
      }
    }
  }

  #problem(reason: string): void {
    this.problems.push(reason);
    if (this.problems.length > 20) this.problems.shift();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#o.clock.schedule(ms, resolve));
  }

  /** `#track`, and `orders` count as on the way until `work` settles. */
  #trackSubmit(orders: readonly Order[], work: Promise<void>): void {
    this.#track(work.finally(() => {
      for (const o of orders) this.#onTheWay.delete(o.clientOrderId);
    }));
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((cause: unknown) => this.#problem(cause instanceof Error ? cause.message : String(cause)));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }
}
