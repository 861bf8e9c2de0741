import { epochMs, type EpochMs } from '../market/units.js';
import type { Cancel, Clock } from './clock.js';

/** setTimeout fires at once for delays above 2^31-1 ms, so longer waits are chained in steps. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The wall clock: the one place in core/ that may read the machine's time. */
export class SystemClock implements Clock {
  now(): EpochMs {
    return epochMs(Date.now());
  }

  schedule(delayMs: number, callback: () => void): Cancel {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const due = Date.now() + delay;
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = (wait: number): void => {
      handle = setTimeout(() => {
        const left = due - Date.now();
        if (left > 0) arm(left);
        else {
          handle = undefined;
          callback();
        }
      }, Math.min(wait, MAX_TIMEOUT_MS));
    };
    arm(delay);
    return () => {
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    };
  }
}
