import type { Interval } from '../../market/interval.js';
import type { EpochMs } from '../../market/units.js';
import type { BarrierOutcome } from '../labels/barrier-outcome.js';
import type { BreakoutDirection } from '../labels/breakout-event.js';

/**
 * One labelled breakout: the features at the event bar (inputs) and its final triple-barrier outcome
 * (target). Only final outcomes become samples; pending events are never stored.
 */
export interface TrainingSample {
  readonly symbol: string;
  readonly interval: Interval;
  /** Open time of the event bar. */
  readonly time: EpochMs;
  /** Feature schema the vector is under. */
  readonly schemaHash: string;
  readonly labelSpecHash: string;
  /** Feature vector at the event bar, in schema order. */
  readonly features: Float64Array;
  readonly direction: BreakoutDirection;
  /** Event close: the entry the barriers are measured from. */
  readonly entryPrice: number;
  /** Wilder ATR at the event close. */
  readonly atr: number;
  /** Level broken (resistance for up, support for down) and how far beyond it the close was, in ATR. */
  readonly level: number;
  readonly beyondAtr: number;
  readonly outcome: BarrierOutcome;
}
