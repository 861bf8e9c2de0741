import type { BarDto } from '../../../core/contract/index.js';

/** Bars the breakout features look back over for support and resistance (core's levelPeriod default). */
export const LEVEL_PERIOD = 20;

export interface Levels {
  readonly support: number;
  readonly resistance: number;
}

/**
 * Support and resistance as the breakout rule sees them at the next bar: the lowest low and highest high
 * of the last LEVEL_PERIOD closed bars, so a close beyond a drawn line is exactly what fires a breakout.
 */
export function levelsOf(bars: readonly BarDto[], period = LEVEL_PERIOD): Levels | undefined {
  if (bars.length < period) return undefined;
  let support = Infinity;
  let resistance = -Infinity;
  for (let i = bars.length - period; i < bars.length; i++) {
    const bar = bars[i];
    if (bar === undefined) continue;
    support = Math.min(support, bar.low);
    resistance = Math.max(resistance, bar.high);
  }
  return { support, resistance };
}
