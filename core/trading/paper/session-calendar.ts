import type { Bar } from '../../market/bar.js';
import { intervalMs } from '../../market/interval.js';

/** Where trading sessions begin and end, as far as day orders are concerned. */
export interface SessionCalendar {
  /** A number that identifies the session a bar belongs to and grows from one session to the next. */
  sessionOf(bar: Bar): number;
  /** True when no later bar of the same session will come: working day orders expire after it. */
  isLastBarOfSession(bar: Bar): boolean;
}

const DAY_MS = 86_400_000;

/**
 * The default: one session per UTC date. A daily bar is a whole session; an intraday bar is the last of its
 * session when it closes at UTC midnight. This suits the simulator's round-the-clock bars; for exchange hours
 * pass a calendar whose last bar is the one closing at the exchange's close (see {@link sessionClosingAtUtc}).
 */
export const UTC_DAY_SESSIONS: SessionCalendar = {
  sessionOf: (bar) => Math.floor(bar.time / DAY_MS),
  isLastBarOfSession: (bar) => bar.interval === '1d' || (bar.time + intervalMs(bar.interval)) % DAY_MS === 0,
};

/**
 * Sessions that end each UTC date at `closeMinuteUtc` minutes after midnight (e.g. 20 × 60 for the US cash close
 * under daylight saving). An intraday bar closing at or after that minute ends its session; bars later that
 * date belong to the next session.
 */
export function sessionClosingAtUtc(closeMinuteUtc: number): SessionCalendar {
  if (!(Number.isInteger(closeMinuteUtc) && closeMinuteUtc > 0 && closeMinuteUtc <= 1440)) {
    throw new RangeError(`session close must be a whole minute in (0, 1440] after UTC midnight, got ${closeMinuteUtc}`);
  }
  const closeMs = closeMinuteUtc * 60_000;
  // Shifting time so the close lands on a date boundary turns "after the close" into "the next date".
  const shift = DAY_MS - closeMs;
  return {
    sessionOf: (bar) => (bar.interval === '1d' ? Math.floor(bar.time / DAY_MS) : Math.floor((bar.time + shift) / DAY_MS)),
    isLastBarOfSession: (bar) => {
      if (bar.interval === '1d') return true;
      const closesAt = bar.time + intervalMs(bar.interval);
      const day = Math.floor(bar.time / DAY_MS) * DAY_MS;
      return bar.time < day + closeMs && closesAt >= day + closeMs;
    },
  };
}
