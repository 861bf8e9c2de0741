import type { EpochMs } from '../../market/units.js';

/** US equities trade on New York time: a trading day starts at midnight there, not in UTC. */
const NEW_YORK = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });

// The gate asks at every bar close, many symbols share a close, and Intl formatting costs about a microsecond.
let lastTime = Number.NaN;
let lastDay = '';

/** The New York calendar date of `time`, as YYYY-MM-DD. */
export function tradingDayOf(time: EpochMs): string {
  if (time !== lastTime) {
    lastDay = NEW_YORK.format(time);
    lastTime = time;
  }
  return lastDay;
}

/** Mon-Fri; exchange holidays are not known here, so the window may reach one business day further back. */
function isBusinessDay(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The `count` most recent business days up to and including the day of `now` (if `now` falls on a weekend,
 * the window is the `count` business days before it).
 */
export function businessDaysEndingAt(now: EpochMs, count: number): ReadonlySet<string> {
  const days = new Set<string>();
  let day = tradingDayOf(now);
  while (days.size < count) {
    if (isBusinessDay(day)) days.add(day);
    day = previousDay(day);
  }
  return days;
}
