import type { Cancel, Clock } from '../time/clock.js';

/**
 * At most one `run` per `ms` of `clock` time, the latest state always going out: a request when `ms` has passed
 * since the last run runs at once; one inside the window schedules a single trailing run at its end, which later
 * requests in the window join. What the desk's pushes (portfolio, model figures) share.
 */
export class ClockThrottle {
  readonly #clock: Clock;
  readonly #ms: number;
  readonly #run: () => void;
  #last = Number.NEGATIVE_INFINITY;
  #trailing: Cancel | undefined;

  constructor(clock: Clock, ms: number, run: () => void) {
    this.#clock = clock;
    this.#ms = ms;
    this.#run = run;
  }

  request(): void {
    if (this.#trailing !== undefined) return;
    const wait = this.#last + this.#ms - this.#clock.now();
    if (wait <= 0) {
      this.#fire();
      return;
    }
    this.#trailing = this.#clock.schedule(wait, () => {
      this.#trailing = undefined;
      this.#fire();
    });
  }

  /** Drops a pending trailing run; requests after this one stay joined to it, so nothing more runs from them. */
  cancel(): void {
    this.#trailing?.();
  }

  #fire(): void {
    this.#last = this.#clock.now();
    this.#run();
  }
}
