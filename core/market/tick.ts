import type { EpochMs, Price, Quantity } from './units.js';

/** One trade print. */
export interface Tick {
  readonly symbol: string;
  readonly time: EpochMs;
  readonly price: Price;
  readonly size: Quantity;
}
