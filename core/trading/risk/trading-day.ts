import type { EpochMs } from '../../market/units.js';

/** US equities trade on New York time: a trading day starts at midnight there, not in UTC. */
const NEW_YORK = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * Since New York took standard time (noon, 18 November 1883) its offset has always been UTC−5 or UTC−4 (EST,
 * EDT, war time), up to the last year written with four digits. Inside that span, when `time − 5 h` and
 * `time − 4 h` fall on the same UTC date, that date is New York's whatever the offset was that day: plain
 * arithmetic, no Intl. Only the hour between them on each date needs the time zone rules.
 */
const ARITHMETIC_FROM = Date.UTC(1883, 10, 19);
const ARITHMETIC_TO = Date.UTC(9999, 11, 31);

// The gate asks at every bar close, many symbols share a close, and Intl formatting costs about a microsecond.
let lastTime = Number.NaN;
let lastDay = '';
let lastDayNumber = Number.NaN;
let lastDayText = '';

/** The New York calendar date of `time`, as YYYY-MM-DD. */
export function tradingDayOf(time: EpochMs): string {
  if (time === lastTime) return lastDay;
  lastTime = time;
  lastDay = arithmeticDay(time) ?? NEW_YORK.format(time);
  return lastDay;
}

function arithmeticDay(time: number): string | undefined {
  if (!(time >= ARITHMETIC_FROM && time < ARITHMETIC_TO)) return undefined;
  const day = Math.floor((time - 5 * HOUR_MS) / DAY_MS);
  if (day !== Math.floor((time - 4 * HOUR_MS) / DAY_MS)) return undefined;
  if (day !== lastDayNumber) {
    lastDayNumber = day;
    lastDayText = isoDate(day);
  }
  return lastDayText;
}

/** YYYY-MM-DD of a day count since 1970-01-01 (years 0-9999): Hinnant's civil-from-days, no Date object. */
function isoDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
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
