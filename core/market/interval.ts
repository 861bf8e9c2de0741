/** Bar intervals the desk stores and computes features on. */
export const INTERVALS = ['1m', '5m', '15m', '1h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];

const INTERVAL_MS: Readonly<Record<Interval, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

/** Nominal length of one bar; daily bars skip weekends and holidays, so this is not the gap between them. */
export function intervalMs(interval: Interval): number {
  return INTERVAL_MS[interval];
}

export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}

/**
 * Daily bars are stamped 00:00 UTC of the trading date. Their information cut-off is 20:00 UTC: the US cash
 * close is 20:00 UTC under daylight saving and 21:00 UTC in winter, so 20:00 is never after the close and a
 * headline from the evening of the same date cannot leak into that day's features.
 */
const DAILY_CLOSE_OFFSET_MS = 20 * 3_600_000;

/**
 * Milliseconds from a bar's open time to the instant its information is complete (its close): the interval
 * length for intraday bars; 20:00 UTC of the date for daily bars (see above).
 */
export function closeOffsetMs(interval: Interval): number {
  return interval === '1d' ? DAILY_CLOSE_OFFSET_MS : INTERVAL_MS[interval];
}
