import { F } from '../../features/feature-vector.js';
import type { LabelSpec } from './label-spec.js';

/** Which side of the range the close broke out of. */
export type BreakoutDirection = 'up' | 'down';

/** A bar whose close broke out of the range, with what the barriers are measured from. */
export interface BreakoutSignal {
  readonly direction: BreakoutDirection;
  /** The level broken: resistance for 'up', support for 'down'. */
  readonly level: number;
  /** How far the close is beyond the level, in ATR (>= spec.minBreakoutAtr). */
  readonly beyondAtr: number;
}

/**
 * The breakout EVENT. At a bar's close, with `features` the warm feature vector at that bar (support and
 * resistance are the lowest low and highest high of the 20 bars BEFORE it, relative volume is its volume over
 * the mean of those bars) and `atr` the Wilder ATR at that close:
 *
 * - UP when close > resistance and close - resistance >= minBreakoutAtr * ATR,
 * - DOWN when close < support and support - close >= minBreakoutAtr * ATR,
 *
 * and in both cases relativeVolume >= minRelativeVolume. Every input is known at the bar's close, so the
 * event never looks ahead. Support <= resistance, so at most one direction fires. Returns undefined for no
 * event, and when the ATR or a field it needs is not a finite positive number (the bar is not warm).
 */
export function detectBreakout(close: number, features: ArrayLike<number>, atr: number, spec: LabelSpec): BreakoutSignal | undefined {
  if (!(atr > 0 && atr < Number.POSITIVE_INFINITY)) return undefined;
  const relativeVolume = features[F.relativeVolume] ?? Number.NaN;
  // NaN fails the comparison, so a cold volume baseline is never an event.
  if (!(relativeVolume >= spec.minRelativeVolume)) return undefined;
  const resistance = features[F.resistance] ?? Number.NaN;
  const support = features[F.support] ?? Number.NaN;
  const up = (close - resistance) / atr;
  if (close > resistance && up >= spec.minBreakoutAtr) return { direction: 'up', level: resistance, beyondAtr: up };
  const down = (support - close) / atr;
  if (close < support && down >= spec.minBreakoutAtr) return { direction: 'down', level: support, beyondAtr: down };
  return undefined;
}
