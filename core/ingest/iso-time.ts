const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); month 1-12. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

function ymdToMs(year: number, month: number, day: number): number {
  // NaN from a non-digit fails every comparison, so it lands here too.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  return daysFromCivil(year, month, day) * MS_PER_DAY;
}

/**
 * `YYYY-MM-DD` in `text[start, end)` as epoch ms at 00:00 UTC, or NaN when it is not a real calendar
 * date in exactly that form. Read from char codes: daily imports parse a million of these per second.
 */
export function parseIsoDate(text: string, start: number, end: number): number {
  if (end - start !== 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return Number.NaN;
  const year = digit(text, start) * 1000 + digit(text, start + 1) * 100 + digit(text, start + 2) * 10 + digit(text, start + 3);
  const month = digit(text, start + 5) * 10 + digit(text, start + 6);
  const day = digit(text, start + 8) * 10 + digit(text, start + 9);
  return ymdToMs(year, month, day);
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO 8601 date-time (`T` or a space between date and time; seconds and fraction optional) as epoch ms.
 * A trailing `Z` or `±HH[:MM]` offset is honoured; WITHOUT a zone the time is taken as UTC, because the
 * file gives nothing better and the machine's own zone would make the same file import differently on
 * different desks. NaN when malformed or out of range.
 */
export function parseIsoDateTime(cell: string): number {
  const m = DATE_TIME.exec(cell);
  if (m === null) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = s === undefined ? 0 : Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return Number.NaN;
  const day = ymdToMs(Number(y), Number(mo), Number(d));
  // Milliseconds are the finest unit stored; finer digits are truncated.
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  return day + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}
