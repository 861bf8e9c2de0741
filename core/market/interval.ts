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
