/** Exponential backoff settings; all durations in ms of the injected clock. */
export interface BackoffOptions {
  /** Cap of the first retry's delay. Default 1,000. */
  readonly baseMs?: number;
  /** No delay exceeds this. Default 60,000. */
  readonly maxMs?: number;
  /** Uniform [0, 1) source; inject a seeded one (core/util/seeded-random.ts) for replayable runs. */
  readonly random: () => number;
}

/**
 * "Full jitter" backoff: the n-th retry waits a uniform draw in [0, min(max, base·2^n)). Spreading retries
 * over the whole window keeps many clients that dropped together from reconnecting together.
 */
export class FullJitterBackoff {
  readonly #base: number;
  readonly #max: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions) {
    const base = options.baseMs ?? 1_000;
    const max = options.maxMs ?? 60_000;
    if (!(base > 0) || !(max >= base)) throw new RangeError(`backoff needs 0 < baseMs <= maxMs, got baseMs=${base} maxMs=${max}`);
    this.#base = base;
    this.#max = max;
    this.#random = options.random;
  }

  /** The delay before the next attempt; each call widens the window until {@link reset}. */
  next(): number {
    const cap = Math.min(this.#max, this.#base * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.floor(this.#random() * cap);
  }

  /** Retries since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** After a session that worked, the next failure starts from the smallest window again. */
  reset(): void {
    this.#attempt = 0;
  }
}
