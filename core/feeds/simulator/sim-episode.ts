import type { EpochMs, Price } from '../../market/units.js';

/** Bars after the breakout bar within which a close back inside the range marks the breakout as failed. */
export const RESOLUTION_BARS = 5;

/**
 * Ground truth of one consolidation that ended in a breakout, as the simulator made it. The outcome is
 * also what the bars show: `failed` iff a close within RESOLUTION_BARS bars after the breakout bar is back
 * inside [rangeLow, rangeHigh].
 */
export interface SimEpisode {
  readonly symbol: string;
  /** Open time of the first bar of the consolidation range. */
  readonly start: EpochMs;
  /** Open time of the last bar inside the range. */
  readonly end: EpochMs;
  /** Open time of the bar that closed outside the range. */
  readonly breakout: EpochMs;
  /** Open time of the bar at which the outcome became known. */
  readonly resolved: EpochMs;
  readonly direction: 'up' | 'down';
  readonly outcome: 'follow-through' | 'failed';
  /** Highest high and lowest low of the range bars. */
  readonly rangeHigh: Price;
  readonly rangeLow: Price;
}
