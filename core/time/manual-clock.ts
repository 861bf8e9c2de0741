import { epochMs, type EpochMs } from '../market/units.js';
import type { Cancel, Clock } from './clock.js';

interface Timer {
  readonly due: number;
  /** Breaks ties between timers due at the same instant: first scheduled runs first. */
  readonly order: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when told to. Tests and backtests drive it with `advanceBy`/`advanceTo`, which
 * run every callback that falls due, in time order, with `now()` reading each callback's own due time —
 * so a run is deterministic and independent of how fast the machine is.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextOrder = 0;
  /** Kept sorted by (due, order); the number of pending timers in a feed is small. */
  private timers: Timer[] = [];

  constructor(start: EpochMs | number = 0) {
    this.current = start;
  }

  now(): EpochMs {
    return epochMs(this.current);
  }

  /** A negative or non-finite delay would move a timer into the past; it runs at `now` instead. */
  schedule(delayMs: number, callback: () => void): Cancel {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: Timer = { due: this.current + delay, order: this.nextOrder++, callback };
    const at = this.timers.findIndex((t) => t.due > timer.due);
    if (at === -1) this.timers.push(timer);
    else this.timers.splice(at, 0, timer);
    return () => {
      const index = this.timers.indexOf(timer);
      if (index !== -1) this.timers.splice(index, 1);
    };
  }

  /** Moves time forward by `ms`, running due callbacks (including ones they schedule) on the way. */
  advanceBy(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advanceBy needs a non-negative number of ms, got ${ms}`);
    this.advanceTo(this.current + ms);
  }

  /** Moves time forward to `time`; moving backwards is refused because timers already ran. */
  advanceTo(time: EpochMs | number): void {
    if (!(time >= this.current)) {
      throw new RangeError(`ManualClock cannot move backwards: now is ${this.current}, asked for ${time}`);
    }
    for (;;) {
      const next = this.timers[0];
      if (next === undefined || next.due > time) break;
      this.timers.shift();
      this.current = next.due;
      next.callback();
    }
    this.current = time;
  }

  /** How many callbacks are scheduled and not yet run or cancelled. */
  pendingCount(): number {
    return this.timers.length;
  }

  /** Due time of the earliest pending callback, if any: lets a driver jump straight to the next event. */
  nextDue(): EpochMs | undefined {
    const next = this.timers[0];
    return next === undefined ? undefined : epochMs(next.due);
  }
}
