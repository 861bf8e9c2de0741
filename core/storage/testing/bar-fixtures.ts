import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import { epochMs, price, quantity } from '../../market/units.js';

/** 2024-01-02T00:00:00Z, a Tuesday: a plain trading day to start fixtures from. */
export const DAY0 = 1_704_153_600_000;
const DAY_MS = 86_400_000;

/** A valid bar with overridable fields; prices are plain numbers here to keep tests short. */
export function makeBar(overrides: Partial<Record<keyof Bar, unknown>> = {}): Bar {
  return {
    symbol: 'AAPL',
    interval: '1d',
    time: epochMs(DAY0),
    open: price(100),
    high: price(102),
    low: price(99),
    close: price(101),
    volume: quantity(1_000),
    ...overrides,
  } as Bar;
}

/** `count` consecutive daily (or `stepMs`-spaced) bars with distinct, deterministic prices. */
export function makeBars(count: number, symbol = 'AAPL', interval: Interval = '1d', stepMs = DAY_MS, start = DAY0): Bar[] {
  return Array.from({ length: count }, (_, i) => {
    const base = 100 + i * 0.25;
    return makeBar({
      symbol,
      interval,
      time: epochMs(start + i * stepMs),
      open: price(base),
      high: price(base + 1.5),
      low: price(base - 1.25),
      close: price(base + 0.5),
      volume: quantity(1_000 + i),
    });
  });
}
