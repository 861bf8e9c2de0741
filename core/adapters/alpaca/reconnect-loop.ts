import type { Cancel, Clock } from '../../time/clock.js';
import { FullJitterBackoff } from './backoff.js';
import { CONNECTION_LIMIT_WAIT_MS, MAX_CONNECTION_LIMIT_HITS } from './stream-error-codes.js';

export interface ReconnectLoopOptions {
  readonly clock: Clock;
  /** Uniform [0, 1) for the jitter; seeded in tests. */
  readonly random: () => number;
  /** Full-jitter window of the first retry and the cap. Defaults 1,000 and 60,000 ms. */
  readonly backoffBaseMs?: number | undefined;
  readonly backoffMaxMs?: number | undefined;
  /** Least wait after a connection-limit error (406). Default 30,000 ms. */
  readonly connectionLimitWaitMs?: number | undefined;
  /** 406s in a row before the client stops instead of waiting again. Default 3; `Infinity` never stops. */
  readonly maxConnectionLimitHits?: number | undefined;
}

/** What follows a session's close: another attempt after at least `minDelayMs`, or nothing. */
export type AfterClose = { readonly then: 'reconnect'; readonly minDelayMs: number } | { readonly then: 'stop' };

/** The usual reconnect: after the backoff alone. */
export const RECONNECT: AfterClose = { then: 'reconnect', minDelayMs: 0 };

/**
 * The retry half of an Alpaca WebSocket client's lifecycle, which the market-data, trade_updates and news clients
 * share: a full-jitter wait before each new socket, at least the long wait after the plan's connection limit (406)
 * and a stop once it persists, and one pending attempt at most. The clients keep their own sessions (handshakes,
 * heartbeats, phases and reasons differ); they call {@link schedule} only from a socket's close handler, which is
 * what keeps them to one socket at a time.
 */
export class ReconnectLoop {
  readonly #o: ReconnectLoopOptions;
  readonly #backoff: FullJitterBackoff;
  readonly #attempt: () => void;
  #timer: Cancel | undefined;
  #limitHits = 0;

  /** `attempt` opens the next socket; it runs from the clock's timer. */
  constructor(options: ReconnectLoopOptions, attempt: () => void) {
    this.#o = options;
    this.#attempt = attempt;
    this.#backoff = new FullJitterBackoff({ random: options.random, baseMs: options.backoffBaseMs ?? 1_000, maxMs: options.backoffMaxMs ?? 60_000 });
  }

  /** At a start, or once a session works: the next failure waits the smallest window, and 406s count from zero. */
  reset(): void {
    this.#backoff.reset();
    this.#limitHits = 0;
  }

  /** A 406: wait at least the long wait, or stop once it came `maxConnectionLimitHits` times in a row. */
  connectionLimit(): { readonly after: AfterClose; readonly hits: number } {
    const hits = ++this.#limitHits;
    if (hits >= (this.#o.maxConnectionLimitHits ?? MAX_CONNECTION_LIMIT_HITS)) return { after: { then: 'stop' }, hits };
    return { after: { then: 'reconnect', minDelayMs: this.#o.connectionLimitWaitMs ?? CONNECTION_LIMIT_WAIT_MS }, hits };
  }

  /** Arms the next attempt after the larger of `minDelayMs` and the next full-jitter draw; returns that delay. */
  schedule(minDelayMs: number): number {
    this.#timer?.();
    const delay = Math.max(minDelayMs, this.#backoff.next());
    this.#timer = this.#o.clock.schedule(delay, () => {
      this.#timer = undefined;
      this.#attempt();
    });
    return delay;
  }

  /** Drops the pending attempt, if any. */
  cancel(): void {
    this.#timer?.();
    this.#timer = undefined;
  }

  /** An attempt is armed and has not run yet. */
  get pending(): boolean {
    return this.#timer !== undefined;
  }
}
