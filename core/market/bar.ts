import type { Interval } from './interval.js';
import type { EpochMs, Price, Quantity } from './units.js';

/** One OHLCV bar. `time` is the bar's open time (for daily bars: midnight UTC of the trading date). */
export interface Bar {
  readonly symbol: string;
  readonly interval: Interval;
  readonly time: EpochMs;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
}
