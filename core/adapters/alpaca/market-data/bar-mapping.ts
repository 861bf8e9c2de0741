import type { Bar } from '../../../market/bar.js';
import type { Interval } from '../../../market/interval.js';
import { epochMs, price, quantity } from '../../../market/units.js';

/** The OHLCV fields Alpaca bars carry, stream and REST alike, with `t` already in epoch ms. */
export interface AlpacaBarFields {
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  readonly t: number;
}

const DAY_MS = 86_400_000;
const HALF_DAY_MS = 43_200_000;

/** Alpaca's REST timeframe for each interval the desk stores. */
export const TIMEFRAME: Readonly<Record<Interval, string>> = { '1m': '1Min', '5m': '5Min', '15m': '15Min', '1h': '1Hour', '1d': '1Day' };

/**
 * A core bar from an Alpaca bar. Alpaca stamps daily bars at New York midnight (04:00 or 05:00 UTC); the desk
 * stamps them 00:00 UTC of the trading date (core/market/bar.ts), so those are moved to the date's UTC midnight.
 */
export function toBar(symbol: string, interval: Interval, b: AlpacaBarFields): Bar {
  const time = interval === '1d' ? Math.floor((b.t + HALF_DAY_MS) / DAY_MS) * DAY_MS : b.t;
  return {
    symbol,
    interval,
    time: epochMs(time),
    open: price(b.o),
    high: price(b.h),
    low: price(b.l),
    close: price(b.c),
    volume: quantity(b.v),
  };
}
