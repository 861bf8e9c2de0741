import type { Bar } from '../../market/bar.js';
import type { EpochMs } from '../../market/units.js';
import type { BreakoutDirection } from './breakout-event.js';
import type { LabelSpec } from './label-spec.js';

/** Where the outcome is measured from: the event bar's time, close and ATR, and the breakout side. */
export interface BarrierEntry {
  readonly time: EpochMs;
  readonly direction: BreakoutDirection;
  readonly close: number;
  readonly atr: number;
}

/** Which barrier ended the trade: the target, the stop, or the horizon (neither was reached). */
export type ExitReason = 'target' | 'stop' | 'timeout';

/** The triple-barrier outcome of one event. Moves are signed in the breakout direction (+ = favourable). */
export interface BarrierOutcome {
  /** 1 = target reached first (success); 0 = stop first or timeout. */
  readonly label: 0 | 1;
  readonly exitReason: ExitReason;
  readonly targetPrice: number;
  readonly stopPrice: number;
  /** The barrier price, the open when the bar gapped through it, or the last close on a timeout. */
  readonly exitPrice: number;
  /** Open time of the bar that exited. */
  readonly exitTime: EpochMs;
  /** Bars after the event bar until the exit, 1..horizonBars. */
  readonly barsToExit: number;
  /** Realised move (exitPrice - entry) in the breakout direction, in ATR at the event. */
  readonly moveAtr: number;
  /** The same move in percent of the entry close. */
  readonly movePct: number;
  /** Best and worst excursion over the bars up to and including the exit bar, in ATR (>= 0). */
  readonly maxFavourableAtr: number;
  readonly maxAdverseAtr: number;
}

/**
 * Labels one event by triple barrier. `after` are the bars following the event bar, oldest first; only the
 * first `horizonBars` of them are read, i.e. exactly the bars (t, t+H]. Returns undefined (PENDING, not a
 * failure) when fewer than `horizonBars` bars follow: the outcome is then not final, and an event is labelled
 * once, from a full horizon, so a stored label never changes as data arrives.
 *
 * Each bar is walked in order; within a bar:
 * - the open gapping through a barrier exits at the open (better than the target, or worse than the stop);
 * - a bar whose range touches both barriers counts as the STOP (conservative: daily bars do not say which
 *   came first);
 * - otherwise high/low reaching a barrier exits at that barrier.
 * If neither is reached in H bars the exit is a TIMEOUT at the H-th bar's close, labelled 0 (the breakout did
 * not pay off in time) and recorded as such, so a later session may drop or re-weight timeouts.
 *
 * @throws RangeError when a bar is not after the event, since that would be look-ahead of another kind.
 */
export function labelOutcome(entry: BarrierEntry, after: readonly Bar[], spec: LabelSpec): BarrierOutcome | undefined {
  const h = spec.horizonBars;
  if (after.length < h) return undefined;
  const sign = entry.direction === 'up' ? 1 : -1;
  const { close: entryPrice, atr } = entry;
  const targetPrice = entryPrice + sign * spec.targetAtr * atr;
  const stopPrice = entryPrice - sign * spec.stopAtr * atr;
  const target = spec.targetAtr * atr;
  const stop = -spec.stopAtr * atr;
  let best = 0;
  let worst = 0;
  const result = (reason: ExitReason, exitPrice: number, bar: Bar, barsToExit: number): BarrierOutcome => {
    const move = sign * (exitPrice - entryPrice);
    return {
      label: reason === 'target' ? 1 : 0,
      exitReason: reason,
      targetPrice,
      stopPrice,
      exitPrice,
      exitTime: bar.time,
      barsToExit,
      moveAtr: move / atr,
      movePct: (100 * move) / entryPrice,
      maxFavourableAtr: best / atr,
      maxAdverseAtr: -worst / atr,
    };
  };
  for (let i = 0; i < h; i++) {
    const bar = after[i] as Bar;
    if (!(bar.time > entry.time)) throw new RangeError(`bar at ${bar.time} is not after the event bar at ${entry.time}`);
    // Distances from the entry in the breakout direction, so both directions share one walk.
    const open = sign * (bar.open - entryPrice);
    const favourable = sign > 0 ? bar.high - entryPrice : entryPrice - bar.low;
    const adverse = sign > 0 ? bar.low - entryPrice : entryPrice - bar.high;
    best = Math.max(best, favourable);
    worst = Math.min(worst, adverse);
    if (open >= target) return result('target', bar.open, bar, i + 1);
    if (open <= stop) return result('stop', bar.open, bar, i + 1);
    if (adverse <= stop) return result('stop', stopPrice, bar, i + 1);
    if (favourable >= target) return result('target', targetPrice, bar, i + 1);
  }
  const last = after[h - 1] as Bar;
  return result('timeout', last.close, last, h);
}
