import { intervalMs, type Interval } from '../../market/interval.js';
import { epochMs, type EpochMs } from '../../market/units.js';

const DAY_MS = 86_400_000;
/** The simulated exchange trades 14:30–21:00 UTC (US regular hours, daylight-saving ignored). */
const SESSION_OPEN_MS = 14.5 * 3_600_000;
const SESSION_LENGTH_MS = 6.5 * 3_600_000;

/** Bar open times of the simulated market: weekdays only; intraday bars inside the session only. */
export interface TradingCalendar {
  /** Bars per trading day (1 for daily bars). */
  readonly barsPerSession: number;
  /** The first bar open time at or after `time`. */
  atOrAfter(time: number): EpochMs;
  /** The bar open time after the bar opening at `slot`. */
  next(slot: EpochMs): EpochMs;
  /** The bar open time before the bar opening at `slot`. */
  previous(slot: EpochMs): EpochMs;
  /** Position of the bar within its session, 0 for the bar that opens it. */
  indexInSession(slot: EpochMs): number;
}

/** 1970-01-01 was a Thursday: day 0 has weekday 4 (0 = Sunday). */
function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

function nextWeekday(day: number): number {
  let d = day + 1;
  while (isWeekend(d)) d++;
  return d;
}

function previousWeekday(day: number): number {
  let d = day - 1;
  while (isWeekend(d)) d--;
  return d;
}

class DailyCalendar implements TradingCalendar {
  readonly barsPerSession = 1;

  atOrAfter(time: number): EpochMs {
    let day = Math.ceil(time / DAY_MS);
    while (isWeekend(day)) day++;
    return epochMs(day * DAY_MS);
  }

  next(slot: EpochMs): EpochMs {
    return epochMs(nextWeekday(Math.floor(slot / DAY_MS)) * DAY_MS);
  }

  previous(slot: EpochMs): EpochMs {
    return epochMs(previousWeekday(Math.floor(slot / DAY_MS)) * DAY_MS);
  }

  indexInSession(): number {
    return 0;
  }
}

class IntradayCalendar implements TradingCalendar {
  readonly barsPerSession: number;

  constructor(private readonly stepMs: number) {
    this.barsPerSession = Math.ceil(SESSION_LENGTH_MS / stepMs);
  }

  private slot(day: number, index: number): EpochMs {
    return epochMs(day * DAY_MS + SESSION_OPEN_MS + index * this.stepMs);
  }

  atOrAfter(time: number): EpochMs {
    const day = Math.floor(time / DAY_MS);
    if (!isWeekend(day)) {
      const index = Math.max(0, Math.ceil((time - day * DAY_MS - SESSION_OPEN_MS) / this.stepMs));
      if (index < this.barsPerSession) return this.slot(day, index);
    }
    return this.slot(nextWeekday(day), 0);
  }

  next(slot: EpochMs): EpochMs {
    return this.atOrAfter(slot + 1);
  }

  previous(slot: EpochMs): EpochMs {
    const day = Math.floor(slot / DAY_MS);
    const index = this.indexInSession(slot);
    return index > 0 ? this.slot(day, index - 1) : this.slot(previousWeekday(day), this.barsPerSession - 1);
  }

  indexInSession(slot: EpochMs): number {
    return Math.round((slot - Math.floor(slot / DAY_MS) * DAY_MS - SESSION_OPEN_MS) / this.stepMs);
  }
}

/** The calendar whose bars have the given interval. */
export function tradingCalendar(interval: Interval): TradingCalendar {
  return interval === '1d' ? new DailyCalendar() : new IntradayCalendar(intervalMs(interval));
}
