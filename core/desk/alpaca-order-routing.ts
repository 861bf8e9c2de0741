import type { AlpacaEndpoints } from '../adapters/alpaca/endpoints.js';
import { AlpacaBroker } from '../adapters/alpaca/trading/alpaca-broker.js';
import { reconcileOnce, reconcileOnResume, type ResumeReconciler } from '../adapters/alpaca/trading/reconcile-on-resume.js';
import type { FeedConfig } from '../contract/feed-schemas.js';
import type { BrokerAccount } from '../contract/requests/broker-requests.js';
import type { Clock } from '../time/clock.js';
import type { Broker, BrokerOrderState, BrokerPosition, ExecutionReport } from '../trading/broker.js';
import { price } from '../market/units.js';
import type { Order } from '../trading/order.js';
import type { RecoveryReport } from '../trading/orders/order-manager.js';
import { seededUniform } from '../util/seeded-random.js';
import { vaultCredentials } from './alpaca-desk-feed.js';
import type { CredentialVault } from './credential-vault.js';

export interface AlpacaOrderRoutingOptions {
  readonly vault: CredentialVault;
  /** Whose keys sign the orders; the live account's orders also need `liveArmed`. */
  readonly account: BrokerAccount;
  /** Only `tradingBase` is used: the account's own, or the replica in tests. */
  readonly endpoints: Pick<AlpacaEndpoints, 'tradingBase'>;
  /** The desk's (wall-clock) time: retries, the stream's heartbeat and backoff run on it. */
  readonly clock: Clock;
  readonly seed: number;
  /** True once the trader armed live trading for this session (the desk's `LiveArming`). */
  readonly liveArmed: () => boolean;
}

/** Why a live order route may not start here: fixed, or asked at each check (the desktop engine: while not armed). */
export type LiveRoutingRefusal = string | (() => string | undefined);

/**
 * Why `config` cannot run in this process, or undefined: a feed that routes orders to the live account is refused
 * with `refusal` (the desktop engine gives one that holds while the app has not armed the session). Checked before
 * the running feed stops.
 */
export function liveRoutingProblem(config: FeedConfig, refusal: LiveRoutingRefusal | undefined): string | undefined {
  if (!(config.kind === 'alpaca' && config.broker === 'alpaca' && config.account === 'live')) return undefined;
  return typeof refusal === 'function' ? refusal() : refusal;
}

/**
 * The desk's orders routed to an Alpaca account: the `AlpacaBroker` the trading session is opened with, and
 * its start and stop around the session. `start` reconciles once before the desk serves anything (fill catch-up
 * first, so missed executions come in one journal row each, then the order manager's recovery) and then opens
 * `trade_updates`, whose every new session reconciles again (Alpaca replays nothing).
 */
export class AlpacaOrderRouting {
  /** The adapter itself: stream, reconciliation, counters. */
  readonly alpaca: AlpacaBroker;
  /** What the session sends orders to: the adapter behind `AlpacaDeskBroker` (tick, live arming). */
  readonly broker: Broker;
  #reconciler: ResumeReconciler | undefined;
  /** Why the reconciliation at start failed (Alpaca unreachable), if it did; the stream's first session retries. */
  startError: string | undefined;

  constructor(options: AlpacaOrderRoutingOptions) {
    this.alpaca = new AlpacaBroker({
      endpoints: options.endpoints,
      credentials: vaultCredentials(options.vault, options.account),
      clock: options.clock,
      random: seededUniform(options.seed),
      liveArmed: options.liveArmed,
    });
    this.broker = new AlpacaDeskBroker(this.alpaca, options.account === 'live' ? options.liveArmed : undefined, options.clock);
  }

  /**
   * Reconciles with the account, then keeps listening. A failure here (Alpaca unreachable) does not stop the
   * desk: it is kept in `startError`, and the stream's first session reconciles again. `openOrderIds` (the journal's
   * open orders) lets the adapter map Alpaca's shortened client ids back to desk ids after a restart.
   */
  async start(recover: () => Promise<RecoveryReport>, openOrderIds?: () => Iterable<string>): Promise<void> {
    if (openOrderIds !== undefined) this.alpaca.resolveIdsFrom(openOrderIds);
    const { catchUpError, recoverError } = await reconcileOnce(this.alpaca, recover);
    const problems: string[] = [];
    if (catchUpError !== undefined) problems.push(`fill catch-up failed: ${catchUpError}`);
    if (recoverError !== undefined) problems.push(`reconciliation failed: ${recoverError}`);
    this.startError = problems.length === 0 ? undefined : problems.join('; ');
    this.#reconciler = reconcileOnResume(this.alpaca, recover);
    this.alpaca.start();
  }

  /** Resolves when no reconciliation is running and every order request sent so far has its answer. */
  async settled(): Promise<void> {
    await this.#reconciler?.settled();
    await this.alpaca.idle();
  }

  /** Stops reconciling and closes the stream; requests in flight finish (await `settled` before closing the database). */
  stop(): void {
    this.#reconciler?.stop();
    this.alpaca.stop();
  }
}

/**
 * A price moved onto Alpaca's tick (2 decimals at or above $1, 4 below; protocol note C.1) in the direction that is
 * never worse than the plan: a sell up (a stop triggers sooner, a limit asks more), a buy down. The desk sizes
 * stops and targets from the ATR, to many decimals; the adapter refuses off-tick prices rather than move them, which
 * would leave a filled entry without its exits. The move is under one tick.
 */
export function onAlpacaTick(value: number, side: 'buy' | 'sell'): number {
  const factor = value >= 1 ? 100 : 10_000;
  const scaled = value * factor;
  // A price already on the tick but a float hair off (110.00000000001) stays where it is.
  const rounded = Math.abs(scaled - Math.round(scaled)) < 1e-6 ? Math.round(scaled) : side === 'sell' ? Math.ceil(scaled) : Math.floor(scaled);
  return rounded / factor;
}

/**
 * What the session sends orders to when they go to Alpaca: prices put on Alpaca's tick (`onAlpacaTick`), and on the
 * live account nothing passes while the session is not armed. The adapter refuses live orders too, but only when
 * its URL is Alpaca's live host; this guard goes by the account the trader chose, so no endpoint override can
 * bypass arming.
 */
class AlpacaDeskBroker implements Broker {
  readonly name: string;
  readonly #inner: AlpacaBroker;
  readonly #armed: (() => boolean) | undefined;
  readonly #clock: Clock;
  readonly #listeners = new Set<(report: ExecutionReport) => void>();

  /** `armed` is given for the live account only. */
  constructor(inner: AlpacaBroker, armed: (() => boolean) | undefined, clock: Clock) {
    this.name = inner.name;
    this.#inner = inner;
    this.#armed = armed;
    this.#clock = clock;
  }

  submit(order: Order): void {
    if (this.#armed !== undefined && !this.#armed()) {
      const report: ExecutionReport = {
        kind: 'rejected', clientOrderId: order.clientOrderId, time: this.#clock.now(),
        reason: 'live trading is not armed for this session: arm it in Settings → Broker, or route orders to the paper account',
      };
      for (const listener of this.#listeners) listener(report);
      return;
    }
    const limit = order.limitPrice === undefined ? undefined : price(onAlpacaTick(order.limitPrice, order.side));
    const stop = order.stopPrice === undefined ? undefined : price(onAlpacaTick(order.stopPrice, order.side));
    if (limit === order.limitPrice && stop === order.stopPrice) {
      this.#inner.submit(order);
      return;
    }
    this.#inner.submit({ ...order, ...(limit === undefined ? {} : { limitPrice: limit }), ...(stop === undefined ? {} : { stopPrice: stop }) });
  }
  cancel(clientOrderId: string): void {
    this.#inner.cancel(clientOrderId);
  }

  onReport(listener: (report: ExecutionReport) => void): () => void {
    this.#listeners.add(listener);
    const off = this.#inner.onReport(listener);
    return () => {
      this.#listeners.delete(listener);
      off();
    };
  }

  openOrders(): Promise<readonly BrokerOrderState[]> {
    return this.#inner.openOrders();
  }

  positions(): Promise<readonly BrokerPosition[]> {
    return this.#inner.positions();
  }
}
